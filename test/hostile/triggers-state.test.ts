// A trigger's place survives what it cannot read. A stored state whose times are damaged
// (a string that is no time, a negative number, seconds) would make every item listed "new": it
// does not validate, so the trigger starts again from the current state of the list, emitting
// nothing twice. A poll whose list answer is malformed, or shows one database twice with
// different statuses, fails clearly and changes nothing, and the next good poll emits exactly
// what is new. A usage period whose start is written another way is still the same month.
import { describe, expect, it } from "vitest";
import databaseStatusChanged from "../../sources/database-status-changed/database-status-changed";
import databaseUsage from "../../sources/database-usage-above-threshold/database-usage-above-threshold";
import newBackup from "../../sources/new-backup/new-backup";
import newDatabase from "../../sources/new-database/new-database";
import newProject from "../../sources/new-project/new-project";
import newServiceToken from "../../sources/new-service-token/new-service-token";
import { backup, database, page, project, serviceToken } from "../fixtures";
import { instantiate, MemoryDb, type SourceLike } from "../source-harness";
import { START, TOKEN, expectNoCrash, settle, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Handler } from "./server";

const servers = useHostileServers();
useHostileClock();

const workspaceId = "wksp_cstate000001";
const at = (seconds: number) => new Date(START.getTime() + seconds * 1_000).toISOString();

async function triggerOn(handler: Handler, source: SourceLike, props: Record<string, unknown>, db = new MemoryDb()) {
  const server = (await servers.start()).handle(handler);
  pointAppAt(server);
  const instance = instantiate(source, props, { api_token: TOKEN }, db);
  const poll = async () => {
    const before = instance.emitted.length;
    const error = await settle(instance.tick()).then(() => undefined, (caught: Error) => caught);
    return { error, ids: instance.emitted.slice(before).map((e) => e.meta.id) };
  };
  return { server, instance, db, poll, deploy: () => settle(instance.deploy()) };
}

describe("a stored state whose times cannot be read", () => {
  const tokens = [1, 2, 3].map((n) => ({ ...serviceToken(`itgr_cstate00000${n}`, `t${n}`), createdAt: at(-60 * n) }));

  it.each([
    ["a string that is no time", "garbage"],
    ["a negative number", -1],
    ["seconds", Math.floor(START.getTime() / 1_000)],
  ])("New Service Token with a watermark at %s starts again quietly, then emits only what is new", async (_what, createdAt) => {
    let listed = tokens;
    const db = new MemoryDb();
    db.set("watermark", { scope: `service-tokens workspace=${workspaceId}`, createdAt, ids: [] });
    const trigger = await triggerOn(() => reply.json(200, page(listed)), newServiceToken, { workspaceId }, db);

    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
    const fresh = { ...serviceToken("itgr_cstatenew001", "new"), createdAt: at(60) };
    listed = [fresh, ...tokens];
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [fresh.id] });
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
  });

  it("New Backup with a boundary that is no time starts again quietly, then emits only what is new", async () => {
    const databaseId = "db_cstate000001";
    const backups = [1, 2].map((n) => backup(`bkp_cstate00000${n}`, at(-86_400 * n)));
    let listed = backups;
    const db = new MemoryDb();
    db.set("backups", { scope: databaseId, createdAt: "garbage", ids: [] });
    const trigger = await triggerOn(() => reply.json(200, { ...page(listed), meta: { backupRetentionDays: 7 } }), newBackup, { databaseId }, db);

    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
    const fresh = backup("bkp_cstatenew001", at(60));
    listed = [fresh, ...backups];
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [fresh.id] });
  });

  it("New Project with a scan that counts from before 1970 starts again quietly", async () => {
    const projects = [1, 2, 3].map((n) => project(`proj_cstate00000${n}`, `p${n}`, { createdAt: at(-60 * (4 - n)) }));
    let listed = projects;
    const db = new MemoryDb();
    db.set("listPlace", { scope: "projects", mode: "scan", cursor: null, pageIds: [], newestAt: null, since: -5, sinceIds: [], history: 0 });
    const trigger = await triggerOn(() => reply.json(200, page(listed)), newProject, {}, db);

    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
    const fresh = project("proj_cstatenew001", "new", { createdAt: at(60) });
    listed = [...projects, fresh];
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [fresh.id] });
  });
});

describe("a poll whose list answer is malformed", () => {
  const malformed = (id: string) => reply.json(200, { data: [{ id }], pagination: { hasMore: false, nextCursor: null } });

  it.each([
    ["New Database", newDatabase, {}, (n: number) => database(`db_cstate00000${n}`, { createdAt: at(n) })],
    ["New Service Token", newServiceToken, { workspaceId }, (n: number) => ({ ...serviceToken(`itgr_cstate00000${n}`, `t${n}`), createdAt: at(n) })],
  ] as const)("%s fails clearly, keeps its place, and the next good poll emits exactly what is new", async (_name, source, props, item) => {
    let listed: { id: string }[] = [item(-600)];
    let broken = false;
    const trigger = await triggerOn(() => broken ? malformed(item(2).id) : reply.json(200, page(listed)), source, props);
    await trigger.deploy();
    const place = JSON.stringify(trigger.db.keys().map((key) => trigger.db.get(key)));
    const added = [item(1), item(2)];
    listed = source === newServiceToken ? [...added.reverse(), ...listed] : [...listed, ...added];

    broken = true;
    const failed = await trigger.poll();
    expectNoCrash(failed.error);
    expect(failed.error?.message).toMatch(/^Prisma answered GET \/\S+ with 200, but not in the shape the API documents: `data\[0\]\.name` is missing/);
    expect(failed.ids).toEqual([]);
    expect(JSON.stringify(trigger.db.keys().map((key) => trigger.db.get(key)))).toBe(place);

    broken = false;
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [item(1).id, item(2).id] });
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
  });

  it("Database Status Changed, shown one database twice with different statuses, emits once the next poll reads it whole", async () => {
    const row = database("db_cstate000001", { status: "provisioning" });
    let pages: Record<string, unknown> = { "": page([row]) };
    const trigger = await triggerOn((r) => reply.json(200, pages[r.query.cursor ?? ""]), databaseStatusChanged, {});
    await trigger.deploy();

    pages = { "": page([{ ...row, status: "ready" }], "c1"), c1: page([{ ...row, status: "failure" }]) };
    const twice = await trigger.poll();
    expectNoCrash(twice.error);
    expect((twice.error as Error & { code?: string }).code).toBe("pagination-item-changed");
    expect(twice.ids).toEqual([]);

    pages = { "": page([{ ...row, status: "ready" }]) };
    const whole = await trigger.poll();
    expect(whole.error).toBeUndefined();
    expect(whole.ids).toEqual([`db_cstate000001-ready-${START.getTime()}`]);
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
  });
});

describe("Database Usage Above Threshold when the period's start is written another way", () => {
  it("emits once per month: the same start written with or without milliseconds is one period", async () => {
    let start = "2026-11-01T00:00:00.000Z";
    let used = 0.5;
    const trigger = await triggerOn(() => reply.json(200, {
      period: { start, end: "2026-11-01T10:00:00.000Z" },
      metrics: { storage: { used, unit: "GiB" }, operations: { used: 5, unit: "ops" } },
      generatedAt: "2026-11-01T10:00:00.000Z",
    }), databaseUsage, { databaseId: "db_cstate000001", storageGibThreshold: "1" });
    await trigger.deploy();

    used = 2;
    expect(await trigger.poll()).toEqual({ error: undefined, ids: ["db_cstate000001-storage-2026-11-01T00:00:00.000Z-1"] });
    start = "2026-11-01T00:00:00Z";
    expect(await trigger.poll()).toEqual({ error: undefined, ids: [] });
    start = "2026-12-01T00:00:00Z";
    expect(await trigger.poll()).toEqual({ error: undefined, ids: ["db_cstate000001-storage-2026-12-01T00:00:00Z-1"] });
  });
});
