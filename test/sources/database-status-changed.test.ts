import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import source from "../../sources/database-status-changed/database-status-changed";
import type { DatabaseStatus } from "../../common/types";
import { database, page } from "../fixtures";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, minute, sourceWith } from "./helpers";

const path = "/v1/databases";
const projectId = "proj_corders00001";
const DEPLOYED_AT = Date.UTC(2026, 10, 2, 12, 0);
const dbId = (n: number) => `db_cdatabase${String(n).padStart(4, "0")}`;
const dbAt = (n: number, status: DatabaseStatus) => database(dbId(n), { name: `db-${n}`, status, createdAt: minute(n), isDefault: false });

/** The workspace's databases on two pages: statuses of databases 1..6 (undefined = gone). */
function reply(statuses: (DatabaseStatus | undefined)[], query: Record<string, string> = {}) {
  const all = statuses.flatMap((status, i) => (status ? [dbAt(i + 1, status)] : []));
  api().get(path).query({ ...query, limit: "100" }).reply(200, page(all.slice(0, 3), "p2"));
  api().get(path).query({ ...query, cursor: "p2", limit: "100" }).reply(200, page(all.slice(3)));
}

const START: DatabaseStatus[] = ["provisioning", "ready", "ready", "ready", "recovering", "ready"];

async function deployed(props: Record<string, unknown> = {}) {
  reply(START);
  const instance = sourceWith(source, props);
  expect(await instance.deploy()).toEqual([]);
  return instance;
}

describe("database-status-changed", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(DEPLOYED_AT);
  });
  afterEach(() => { vi.useRealTimers(); });

  it("on deploy reads every database and records its status, emitting nothing", async () => {
    const instance = await deployed();
    expect(instance.db.get("statuses")).toEqual({
      scope: "databases project=*",
      checkedAt: DEPLOYED_AT,
      statuses: Object.fromEntries(START.map((status, i) => [dbId(i + 1), status])),
    });
  });

  it("reads every page on each run and emits nothing while no status changed", async () => {
    const instance = await deployed();
    reply(START);
    expect(await instance.tick()).toEqual([]);
  });

  it("emits each change once, with the previous status, and drops deleted databases from its state", async () => {
    const instance = await deployed();
    const now = DEPLOYED_AT + 900_000;
    vi.setSystemTime(now);

    // 1 became ready, 2 failed, 3 is restoring, 4 unchanged, 5 finished restoring, 6 was deleted;
    // 7 is new and ready, 8 is new and still provisioning.
    const statuses: (DatabaseStatus | undefined)[] = ["ready", "failure", "recovering", "ready", "ready", undefined, "ready", "provisioning"];
    reply(statuses);
    const emitted = await instance.tick();

    expect(emitted.map((e) => e.meta)).toEqual([
      { id: `${dbId(1)}-ready-${DEPLOYED_AT}`, summary: `Database db-1 (${dbId(1)}) changed from provisioning to ready`, ts: now },
      { id: `${dbId(2)}-failure-${DEPLOYED_AT}`, summary: `Database db-2 (${dbId(2)}) changed from ready to failure`, ts: now },
      { id: `${dbId(3)}-recovering-${DEPLOYED_AT}`, summary: `Database db-3 (${dbId(3)}) changed from ready to recovering`, ts: now },
      { id: `${dbId(5)}-ready-${DEPLOYED_AT}`, summary: `Database db-5 (${dbId(5)}) changed from recovering to ready`, ts: now },
      { id: `${dbId(7)}-ready-${DEPLOYED_AT}`, summary: `Database db-7 (${dbId(7)}) is ready (created since the last check)`, ts: now },
    ]);
    expect(emitted[0].event).toMatchObject({ id: dbId(1), status: "ready", previousStatus: "provisioning", project: { id: projectId } });
    expect(emitted[4].event).toMatchObject({ id: dbId(7), status: "ready", previousStatus: null });
    expect(instance.db.get("statuses")).toEqual({
      scope: "databases project=*",
      checkedAt: now,
      statuses: Object.fromEntries(statuses.flatMap((status, i) => (status ? [[dbId(i + 1), status]] : []))),
    });
    expectNoSecrets(emitted);

    reply(statuses);
    expect(await instance.tick()).toEqual([]);
  });

  it("emits a second change to the same status under a new ID", async () => {
    const instance = await deployed();
    vi.setSystemTime(DEPLOYED_AT + 1000);
    reply(["ready", ...START.slice(1)]);
    expect(ids(await instance.tick())).toEqual([`${dbId(1)}-ready-${DEPLOYED_AT}`]);
    vi.setSystemTime(DEPLOYED_AT + 2000);
    reply(["recovering", ...START.slice(1)]);
    expect(ids(await instance.tick())).toEqual([`${dbId(1)}-recovering-${DEPLOYED_AT + 1000}`]);
    vi.setSystemTime(DEPLOYED_AT + 3000);
    reply(["ready", ...START.slice(1)]);
    expect(ids(await instance.tick())).toEqual([`${dbId(1)}-ready-${DEPLOYED_AT + 2000}`]);
  });

  it("emits only changes into the chosen statuses, and watches one project when asked", async () => {
    reply(START, { projectId });
    const instance = sourceWith(source, { projectId, statuses: ["ready"] });
    await instance.deploy();

    reply(["ready", "failure", "recovering", "ready", "ready", "ready"], { projectId });
    expect(ids(await instance.tick())).toEqual([`${dbId(1)}-ready-${DEPLOYED_AT}`, `${dbId(5)}-ready-${DEPLOYED_AT}`]);
  });

  it("watching one project, emits no change of a database the answer shows in another, from a list that ignored the filter", async () => {
    const elsewhere = (status: DatabaseStatus) => database("db_cotherproj001", {
      name: "billing", status, createdAt: minute(7), isDefault: false,
      project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" },
    });
    api().get(path).query({ projectId, limit: "100" }).reply(200, page([dbAt(1, "provisioning"), elsewhere("provisioning")]));
    const instance = sourceWith(source, { projectId });
    await instance.deploy();

    api().get(path).query({ projectId, limit: "100" }).reply(200, page([dbAt(1, "ready"), elsewhere("ready")]));
    expect(ids(await instance.tick())).toEqual([`${dbId(1)}-ready-${DEPLOYED_AT}`]);
    expect(instance.db.get("statuses")).toEqual({ scope: `databases project=${projectId}`, checkedAt: DEPLOYED_AT, statuses: { [dbId(1)]: "ready" } });
  });

  it("emits nothing when a page fails, then each change once on the next run; nothing twice after a restart", async () => {
    const instance = await deployed();
    vi.setSystemTime(DEPLOYED_AT + 900_000);

    api().get(path).query({ limit: "100" }).reply(200, page([dbAt(1, "ready"), dbAt(2, "ready"), dbAt(3, "ready")], "p2"));
    api().get(path).query({ cursor: "p2", limit: "100" }).reply(403, errorBody("permission-denied", "Actor does not have access."));
    await expect(instance.tick()).rejects.toMatchObject({ status: 403 });
    expect(instance.emitted).toEqual([]);

    reply(["ready", ...START.slice(1)]);
    expect(ids(await instance.tick())).toEqual([`${dbId(1)}-ready-${DEPLOYED_AT}`]);

    const restarted = sourceWith(source, {}, instance.db);
    reply(["ready", ...START.slice(1)]);
    expect(await restarted.tick()).toEqual([]);
  });

  it("refuses an unknown status before any request", async () => {
    await expect(sourceWith(source, { statuses: ["ready", "deleted"] }).deploy())
      .rejects.toThrow('Statuses: "deleted" is not a database status. Use any of: provisioning, ready, recovering, failure.');
  });
});
