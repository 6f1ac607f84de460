// Triggers against servers that break pagination and answers that stretch what a field may be.
// Every trigger reads its list through the one guarded `pages()`, on deploy and on each poll: a
// cursor cycle or repeat, pages that stay empty, items repeated under new cursors and a list that
// never ends all stop within a bounded number of requests (at most PAGES_PER_RUN a run), never
// emit an item twice, and fail with a PaginationError rather than loop. Stored states read
// totally: epoch-ms times, unknown or missing statuses, storage in another unit, and a state
// that does not validate all keep the trigger emitting.
import { describe, expect, it } from "vitest";
import { MAX_FRUITLESS_PAGES, PaginationError } from "../../common/pagination";
import databaseStatusChanged from "../../sources/database-status-changed/database-status-changed";
import databaseUsage from "../../sources/database-usage-above-threshold/database-usage-above-threshold";
import { PAGES_PER_RUN } from "../../sources/common/base";
import newBackup from "../../sources/new-backup/new-backup";
import newConnectionString from "../../sources/new-connection-string/new-connection-string";
import newDatabase from "../../sources/new-database/new-database";
import newProject from "../../sources/new-project/new-project";
import newServiceToken from "../../sources/new-service-token/new-service-token";
import { DIRECT_URL, SECRET_PASSWORD, backup, connection, database, project, serviceToken } from "../fixtures";
import { instantiate, MemoryDb, type Emitted, type SourceLike } from "../source-harness";
import { START, TOKEN, expectNoCrash, settle, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour, type HostileServer, type Received } from "./server";

const servers = useHostileServers();
useHostileClock();

const workspaceId = "wksp_chostile0001";

/** `START` minus `minutes`: items that existed before the deploy. */
const before = (minutes: number) => new Date(START.getTime() - minutes * 60_000).toISOString();

const pageOf = (items: unknown[], nextCursor: string | null, hasMore = nextCursor !== null): Behaviour =>
  reply.json(200, { data: items, pagination: { hasMore, nextCursor } });

interface Case {
  name: string;
  source: SourceLike;
  props: Record<string, unknown>;
  path: string;
  item: (n: number) => { id: string };
}

const n4 = (n: number) => String(n).padStart(4, "0");
const CASES: Case[] = [
  { name: "New Project", source: newProject, props: {}, path: "/v1/projects",
    item: (n) => project(`proj_cp${n4(n)}aaaaaa`, `p${n}`, { createdAt: before(10_000 - n) }) },
  { name: "New Database", source: newDatabase, props: {}, path: "/v1/databases",
    item: (n) => database(`db_cd${n4(n)}aaaaaa`, { createdAt: before(10_000 - n) }) },
  { name: "New Connection String", source: newConnectionString, props: {}, path: "/v1/connections",
    item: (n) => connection(`con_cc${n4(n)}aaaaaa`, "db_corders000001", { createdAt: before(10_000 - n) }) },
  { name: "New Service Token", source: newServiceToken, props: { workspaceId }, path: `/v1/workspaces/${workspaceId}/service-tokens`,
    item: (n) => ({ ...serviceToken(`itgr_ct${n4(n)}aaaaaa`, `t${n}`), createdAt: before(n) }) },
  { name: "Database Status Changed", source: databaseStatusChanged, props: {}, path: "/v1/databases",
    item: (n) => database(`db_cs${n4(n)}aaaaaa`, { createdAt: before(10_000 - n) }) },
];

/** A trigger instance on `server`, and its runs, each settled on the fake clock. */
function triggerOn(server: HostileServer, source: SourceLike, props: Record<string, unknown>, db = new MemoryDb()) {
  pointAppAt(server);
  const instance = instantiate(source, props, { api_token: TOKEN }, db);
  const attempt = async (run: () => Promise<Emitted[]>) => {
    const from = server.requests.length;
    const emittedBefore = instance.emitted.length;
    let error: (Error & Record<string, unknown>) | undefined;
    try {
      await settle(run());
    } catch (caught) {
      error = caught as Error & Record<string, unknown>;
    }
    return { error, emitted: instance.emitted.slice(emittedBefore), requests: server.requests.slice(from) };
  };
  return { instance, deploy: () => attempt(instance.deploy), tick: () => attempt(instance.tick) };
}

/** Breaks of pagination, each as a handler of the list's requests. */
const BREAKS: { name: string; code: string; handler: (c: Case) => (r: Received) => Behaviour }[] = [
  { name: "a cursor cycle A → B → A", code: "pagination-cursor-repeated",
    handler: (c) => (r) => ({ "": pageOf([c.item(1)], "A"), A: pageOf([c.item(2)], "B"), B: pageOf([c.item(3)], "A") })[r.query.cursor ?? ""] ?? pageOf([], null) },
  { name: "a cursor handed back unchanged", code: "pagination-cursor-repeated",
    handler: (c) => (r) => r.query.cursor ? pageOf([c.item(2)], r.query.cursor) : pageOf([c.item(1)], "A") },
  { name: "empty pages that keep promising more", code: "pagination-no-progress",
    handler: () => (r) => pageOf([], `e${Number((r.query.cursor ?? "e0").slice(1)) + 1}`) },
  { name: "the same items again under new cursors", code: "pagination-no-progress",
    handler: (c) => (r) => pageOf([c.item(1), c.item(2)], `d${Number((r.query.cursor ?? "d0").slice(1)) + 1}`) },
];

describe.each(CASES)("$name against broken pagination", (c) => {
  for (const broken of BREAKS) {
    it(`deploy and poll stop on ${broken.name}, within ${PAGES_PER_RUN} requests, emitting nothing twice`, async () => {
      const server = await servers.start();
      server.handle((r) => r.path === c.path ? broken.handler(c)(r) : reply.json(404, {}));
      const trigger = triggerOn(server, c.source, c.props);

      const deployed = await trigger.deploy();
      const polled = await trigger.tick();

      for (const run of [deployed, polled]) {
        expect(run.requests.length).toBeLessThanOrEqual(PAGES_PER_RUN);
        expect(run.requests.every((r) => r.path === c.path)).toBe(true);
        if (run.error) {
          expectNoCrash(run.error);
          expect(run.error).toBeInstanceOf(PaginationError);
          expect(run.error.code).toBe(broken.code);
        }
      }
      const emittedIds = trigger.instance.emitted.map((e) => e.meta.id);
      expect(new Set(emittedIds).size).toBe(emittedIds.length);
      // Reading the whole list (a poll of the creation-order triggers, every run of Database
      // Status Changed) meets the break and says so; a read from the top that stops early may not.
      if (c.source !== newServiceToken) expect([deployed.error, polled.error].some(Boolean)).toBe(true);
    });
  }

  it(`reads at most ${PAGES_PER_RUN} pages of a list that never ends`, async () => {
    const server = await servers.start();
    let n = 0;
    server.handle(() => pageOf([c.item(++n)], `p${n}`));
    const trigger = triggerOn(server, c.source, c.props);

    const deployed = await trigger.deploy();
    const polled = await trigger.tick();

    for (const run of [deployed, polled]) expect(run.requests.length).toBeLessThanOrEqual(PAGES_PER_RUN);
    if (c.source === databaseStatusChanged) {
      // A full read is needed to compare statuses: past the cap it fails and says how to narrow it.
      expect(deployed.error?.code).toBe("pagination-page-cap");
      expect(deployed.requests).toHaveLength(PAGES_PER_RUN);
    }
    const emittedIds = trigger.instance.emitted.map((e) => e.meta.id);
    expect(new Set(emittedIds).size).toBe(emittedIds.length);
  });
});

describe("New Service Token against new tokens repeated under new cursors", () => {
  it("stops the poll with a PaginationError after a few requests and emits no token twice", async () => {
    const server = await servers.start();
    const path = `/v1/workspaces/${workspaceId}/service-tokens`;
    const old = { ...serviceToken("itgr_ctold00000001", "old"), createdAt: before(60) };
    const fresh = [1, 2].map((n) => ({ ...serviceToken(`itgr_ctnew0000000${n}`, `new${n}`), createdAt: new Date(START.getTime() + n * 1_000).toISOString() }));
    let deployed = false;
    server.handle((r) => r.path !== path ? reply.json(404, {})
      : !deployed ? pageOf([old], null)
        : pageOf(fresh, `c${Number((r.query.cursor ?? "c0").slice(1)) + 1}`));
    const trigger = triggerOn(server, newServiceToken, { workspaceId });
    await trigger.deploy();
    deployed = true;

    const poll = await trigger.tick();

    expect(poll.error).toBeInstanceOf(PaginationError);
    expect(poll.error?.code).toBe("pagination-no-progress");
    expect(poll.requests).toHaveLength(1 + MAX_FRUITLESS_PAGES + 1);
    expect(poll.emitted).toEqual([]);
  });
});

describe("New Database on a workspace of 3,500 databases", () => {
  const all = Array.from({ length: 3_500 }, (_, i) => database(`db_cbig${n4(i)}aaaaa`, { name: `big-${i}`, createdAt: before(5_000 - i) }));
  const listed = (r: Received) => {
    const from = Number(r.query.cursor ?? 0);
    const next = from + 100 < all.length ? String(from + 100) : null;
    return pageOf(all.slice(from, from + 100), next);
  };

  it("deploys over two runs of at most 20 requests, emits the 10 most recent once, and one created meanwhile", async () => {
    const server = (await servers.start()).handle(listed);
    const trigger = triggerOn(server, newDatabase, {});

    const deployed = await trigger.deploy();
    expect(deployed.error).toBeUndefined();
    expect(deployed.requests.map((r) => r.query.cursor ?? null)).toEqual([null, ...Array.from({ length: 19 }, (_, i) => String((i + 1) * 100))]);
    expect(deployed.emitted).toEqual([]);

    // Created after the deploy: at the end of the list, newer than the deploy.
    all.push(database("db_cnewafter0001", { name: "after", createdAt: new Date(START.getTime() + 1_000).toISOString() }));
    const second = await trigger.tick();
    expect(second.error).toBeUndefined();
    // From the page it stopped on (read again: where its place is) to the end.
    expect(second.requests.map((r) => r.query.cursor)).toEqual(Array.from({ length: 17 }, (_, i) => String((i + 19) * 100)));
    expect(second.emitted.map((e) => e.meta.id)).toEqual(["db_cnewafter0001", ...all.slice(3_490, 3_500).map((d) => d.id)]);

    const third = await trigger.tick();
    expect(third.requests.map((r) => r.query.cursor)).toEqual(["3500"]);
    expect(third.emitted).toEqual([]);
  });
});

describe("triggers read their answers totally", () => {
  it("Database Status Changed reports an unknown status, keeps its state, and goes on emitting", async () => {
    const server = await servers.start();
    let status: unknown = "ready";
    server.handle(() => pageOf([{ ...database("db_cstatus000001"), status }], null));
    const trigger = triggerOn(server, databaseStatusChanged, {});
    await trigger.deploy();

    status = "paused";
    const paused = await trigger.tick();
    expect(paused.error).toBeUndefined();
    expect(paused.emitted.map((e) => [e.event.status, e.event.previousStatus, e.meta.summary])).toEqual([
      ["paused", "ready", "Database orders (db_cstatus000001) changed from ready to paused (a status this trigger does not know)"],
    ]);
    status = "ready";
    expect((await trigger.tick()).emitted.map((e) => [e.event.status, e.event.previousStatus])).toEqual([["ready", "paused"]]);
  });

  it("Database Status Changed emits nothing for a database listed without a status, poll after poll", async () => {
    const server = await servers.start();
    let status: unknown = "ready";
    server.handle(() => pageOf([{ ...database("db_cstatus000001"), status }], null));
    const trigger = triggerOn(server, databaseStatusChanged, {});
    await trigger.deploy();

    for (const missing of [undefined, null, 7, ""]) {
      status = missing;
      const run = await trigger.tick();
      expect(run.error).toBeUndefined();
      expect(run.emitted).toEqual([]);
    }
    status = "failure";
    expect((await trigger.tick()).emitted.map((e) => [e.event.status, e.event.previousStatus])).toEqual([["failure", "ready"]]);
  });

  for (const c of CASES.filter((k) => k.source === newProject || k.source === newServiceToken)) {
    it(`${c.name} follows items whose createdAt is epoch milliseconds`, async () => {
      const server = await servers.start();
      const at = (item: { id: string }, ms: number) => ({ ...item, createdAt: ms });
      let items = [at(c.item(1), START.getTime() - 60_000)];
      server.handle(() => pageOf(items, null));
      const trigger = triggerOn(server, c.source, c.props);
      expect((await trigger.deploy()).emitted.map((e) => e.meta.id)).toEqual([c.item(1).id]);

      const fresh = at(c.item(2), START.getTime() + 60_000);
      items = c.source === newServiceToken ? [fresh, ...items] : [...items, fresh];
      const polled = await trigger.tick();
      expect(polled.emitted.map((e) => [e.meta.id, e.meta.ts])).toEqual([[c.item(2).id, START.getTime() + 60_000]]);
      expect((await trigger.tick()).emitted).toEqual([]);
    });

    it(`${c.name} starts again from a safe point when its stored state does not validate`, async () => {
      const server = await servers.start();
      let items = [c.item(1)];
      server.handle(() => pageOf(items, null));
      const db = new MemoryDb();
      for (const key of ["listPlace", "watermark"]) db.set(key, { scope: 42, cursor: {}, ids: "x" });
      const trigger = triggerOn(server, c.source, c.props, db);

      const first = await trigger.tick();
      expect(first.error).toBeUndefined();
      expect(first.emitted).toEqual([]);
      const fresh = { ...c.item(2), createdAt: new Date(START.getTime() + 60_000).toISOString() };
      items = c.source === newServiceToken ? [fresh, ...items] : [...items, fresh];
      expect((await trigger.tick()).emitted.map((e) => e.meta.id)).toEqual([c.item(2).id]);
    });
  }

  it("New Backup follows backups whose createdAt is epoch milliseconds, and waits on an unknown status", async () => {
    const server = await servers.start();
    const at = (id: string, ms: number, status: unknown = "completed") => ({ ...backup(id, ""), createdAt: ms, status });
    let backups = [at("bkp-1", START.getTime() - 86_400_000)];
    server.handle(() => reply.json(200, { data: backups, pagination: { hasMore: false, nextCursor: null }, meta: { backupRetentionDays: 7 } }));
    const trigger = triggerOn(server, newBackup, { databaseId: "db_corders000001" });
    expect((await trigger.deploy()).emitted.map((e) => e.meta.id)).toEqual(["bkp-1"]);

    backups = [at("bkp-2", START.getTime() + 60_000, "archiving"), ...backups];
    expect((await trigger.tick()).emitted).toEqual([]);
    backups = [at("bkp-2", START.getTime() + 60_000), backups[1]];
    const settled = await trigger.tick();
    expect(settled.emitted.map((e) => [e.meta.id, e.meta.ts])).toEqual([["bkp-2", START.getTime() + 60_000]]);
    expect((await trigger.tick()).emitted).toEqual([]);
  });

  it("New Database and New Connection String stop with the shape error on an item listed without its project or database, emitting nothing", async () => {
    const server = await servers.start();
    server.handle((r) => r.path === "/v1/databases"
      ? pageOf([{ ...database("db_cnoproject001"), project: null, status: undefined }], null)
      : pageOf([{ ...connection("con_cnodatabase01"), database: null }], null));
    const databases = await triggerOn(server, newDatabase, {}).deploy();
    const connections = await triggerOn(server, newConnectionString, {}).deploy();

    // One shape check per endpoint serves every reader: the item lacks what the event is made of.
    expect(databases.error?.message).toMatch(/^Prisma answered GET \/databases\S* with 200, but not in the shape the API documents: `data\[0\]\.project` is null/);
    expect(databases.emitted).toEqual([]);
    expect(connections.error?.message).toMatch(/^Prisma answered GET \/connections\S* with 200, but not in the shape the API documents: `data\[0\]\.database` is null/);
    expect(connections.emitted).toEqual([]);
  });

  it("Database Usage Above Threshold converts storage reported in MiB and says GiB", async () => {
    const server = await servers.start();
    let mib = 100;
    server.handle(() => reply.json(200, {
      period: { start: "2026-11-01T00:00:00.000Z", end: "2026-11-01T10:00:00.000Z" },
      metrics: { storage: { used: mib, unit: "MiB" }, operations: { used: 5, unit: "ops" } },
      generatedAt: "2026-11-01T10:00:00.000Z",
    }));
    const trigger = triggerOn(server, databaseUsage, { databaseId: "db_corders000001", storageGibThreshold: "0.8" });
    await trigger.deploy();

    mib = 700; // 0.68 GiB: under 0.8 GiB
    expect((await trigger.tick()).emitted).toEqual([]);
    mib = 900;
    const above = await trigger.tick();
    expect(above.emitted.map((e) => [e.meta.summary, e.event.used, e.event.unit, e.event.reported])).toEqual([
      ["Database db_corders000001: storage 0.879 GiB (900 MiB) is above the threshold of 0.8 GiB", 900 / 1024, "GiB", "900 MiB"],
    ]);
  });

  it("Database Usage Above Threshold keeps its state through a reading in a unit it does not know", async () => {
    const server = await servers.start();
    let reading: { used: unknown; unit: unknown } = { used: 0.5, unit: "GiB" };
    server.handle(() => reply.json(200, {
      period: { start: "2026-11-01T00:00:00.000Z", end: "2026-11-01T10:00:00.000Z" },
      metrics: { storage: reading, operations: { used: 5, unit: "ops" } },
      generatedAt: "2026-11-01T10:00:00.000Z",
    }));
    const trigger = triggerOn(server, databaseUsage, { databaseId: "db_corders000001", storageGibThreshold: "1" });
    await trigger.deploy();

    for (const odd of [{ used: 3, unit: "furlongs" }, { used: "3", unit: "GiB" }, { used: null, unit: null }]) {
      reading = odd;
      const run = await trigger.tick();
      // A unit it does not know is skipped; a reading that is not a number is the endpoint's shape error.
      if (typeof odd.used === "number") expect(run.error).toBeUndefined();
      else expect(run.error?.message).toMatch(/^Prisma answered GET \/databases\/db_corders000001\/usage\S* with 200, but not in the shape the API documents/);
      expect(run.emitted).toEqual([]);
    }
    reading = { used: 2, unit: "GiB" };
    expect((await trigger.tick()).emitted.map((e) => e.meta.summary)).toEqual(["Database db_corders000001: storage 2 GiB is above the threshold of 1 GiB"]);
  });

  it("masks a credential in an item's name in the event and its summary", async () => {
    const server = await servers.start();
    server.handle(() => pageOf([project("proj_cleaky000001", `leak ${DIRECT_URL}`)], null));
    const run = await triggerOn(server, newProject, {}).deploy();

    expect(run.emitted).toHaveLength(1);
    expect(JSON.stringify(run.emitted)).not.toContain(SECRET_PASSWORD);
  });
});
