import { describe, expect, it } from "vitest";
import source from "../../sources/new-database/new-database";
import { SECRETS, connectionWithSecrets, database, databaseCreated, page } from "../fixtures";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, minute, sourceWith } from "./helpers";

const path = "/v1/databases";
const projectId = "proj_corders00001";
const branchId = "br_cmain00000001";
const dbAt = (n: number, extra = {}) => database(`db_cdatabase${String(n).padStart(4, "0")}`, { name: `db-${n}`, createdAt: minute(n), isDefault: false, branchId, ...extra });
const dbs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => dbAt(from + i));
const idsOf = (from: number, to: number) => dbs(from, to).map((d) => d.id);
const summaryOf = (n: number, status = "ready") => `New database db-${n} (db_cdatabase${String(n).padStart(4, "0")}) in project orders (proj_corders00001), us-east-1, ${status}`;

async function deployed(props: Record<string, unknown> = {}, query: Record<string, string> = {}) {
  api().get(path).query({ ...query, limit: "100" }).reply(200, page(dbs(1, 6), "c2"));
  api().get(path).query({ ...query, cursor: "c2", limit: "100" }).reply(200, page(dbs(7, 12)));
  const instance = sourceWith(source, props);
  const history = await instance.deploy();
  return { instance, history };
}

describe("new-database", () => {
  it("on deploy emits the 10 most recent databases of the workspace, oldest first, connections without credentials", async () => {
    const { history } = await deployed();

    expect(ids(history)).toEqual(idsOf(3, 12));
    const { event, meta } = history[9];
    expect(meta).toEqual({ id: "db_cdatabase0012", summary: summaryOf(12), ts: Date.parse(minute(12)) });
    expect(event).toMatchObject({ id: "db_cdatabase0012", name: "db-12", status: "ready", project: { id: projectId }, region: { id: "us-east-1" } });
    // The deprecated directConnection (user and password) is not carried at all.
    expect(event.connections).toEqual([{
      id: "con_cdefault0001", type: "connection", url: "https://api.prisma.io/v1/connections/con_cdefault0001", name: "default",
      kind: "postgres", createdAt: "2026-11-01T10:00:00.000Z",
      endpoints: { direct: { host: "db.prisma.io", port: 5432 }, pooled: { host: "pooled.db.prisma.io", port: 5432 } },
      database: { id: "db_cdatabase0012", url: "https://api.prisma.io/v1/databases/db_cdatabase0012", name: "orders" },
    }]);
    expectNoSecrets(history);
  });

  it("watches one project and branch, sending the filters with every request", async () => {
    const query = { projectId, branchId };
    const { instance, history } = await deployed({ projectId, branchId }, query);
    expect(history).toHaveLength(10);

    api().get(path).query({ ...query, cursor: "c2", limit: "100" }).reply(200, page(dbs(7, 12)));
    expect(await instance.tick()).toEqual([]);
    api().get(path).query({ ...query, cursor: "c2", limit: "100" }).reply(200, page(dbs(7, 13)));
    expect(ids(await instance.tick())).toEqual(["db_cdatabase0013"]);
  });

  it("emits, on deploy and after, only the databases the answer shows in the project and branch watched, from a list that ignored the filters", async () => {
    const query = { projectId, branchId };
    const otherProject = { project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" } };
    const strays = (n: number) => [dbAt(n, otherProject), dbAt(n + 100, { branchId: "br_cpreview00001" })];
    api().get(path).query({ ...query, limit: "100" }).reply(200, page([...dbs(1, 2), ...strays(3)], "c2"));
    api().get(path).query({ ...query, cursor: "c2", limit: "100" }).reply(200, page([dbAt(4), ...strays(5)]));
    const instance = sourceWith(source, { projectId, branchId });
    expect(ids(await instance.deploy())).toEqual(idsOf(1, 2).concat(["db_cdatabase0004"]));

    api().get(path).query({ ...query, cursor: "c2", limit: "100" }).reply(200, page([dbAt(4), ...strays(5), ...strays(6), dbAt(7)]));
    expect(ids(await instance.tick())).toEqual(["db_cdatabase0007"]);
  });

  it("emits each new database once, oldest first, following new pages; nothing twice after a restart", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page([...dbs(7, 12), dbAt(13, { status: "provisioning" })], "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(dbs(14, 14)));
    const emitted = await instance.tick();
    expect(emitted.map((e) => e.meta)).toEqual([
      { id: "db_cdatabase0013", summary: summaryOf(13, "provisioning"), ts: Date.parse(minute(13)) },
      { id: "db_cdatabase0014", summary: summaryOf(14), ts: Date.parse(minute(14)) },
    ]);

    const restarted = sourceWith(source, {}, instance.db);
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(dbs(14, 14)));
    expect(await restarted.tick()).toEqual([]);
  });

  it("after a run that fails part way, emits each database once on the next run", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(dbs(7, 13), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(403, errorBody("permission-denied", "Actor does not have access."));
    await expect(instance.tick()).rejects.toMatchObject({ status: 403 });

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(dbs(7, 13), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(dbs(14, 15)));
    expect(ids(await instance.tick())).toEqual(idsOf(14, 15));
    expect(ids(instance.emitted.slice(10))).toEqual(idsOf(13, 15));
  });

  it("starts afresh, with that scope's history, when redeployed for another project", async () => {
    const { instance } = await deployed();

    api().get(path).query({ projectId, limit: "100" }).reply(200, page(dbs(5, 6)));
    const redeployed = sourceWith(source, { projectId }, instance.db);
    expect(ids(await redeployed.deploy())).toEqual(idsOf(5, 6));
    expect(instance.db.get("listPlace")).toMatchObject({ scope: `databases project=${projectId} branch=*`, cursor: null });
  });

  it("records quietly when its props changed without a deploy", async () => {
    const { instance } = await deployed();

    api().get(path).query({ projectId, limit: "100" }).reply(200, page(dbs(5, 6)));
    const changed = sourceWith(source, { projectId }, instance.db);
    expect(await changed.tick()).toEqual([]);
    api().get(path).query({ projectId, limit: "100" }).reply(200, page([...dbs(5, 6), dbAt(20)]));
    expect(ids(await changed.tick())).toEqual(["db_cdatabase0020"]);
  });

  it("refuses an invalid project or branch ID before any request", async () => {
    await expect(sourceWith(source, { projectId: "db_cnotaproject1" }).deploy()).rejects.toThrow(/Project ID "db_cnotaproject1" is not a valid Prisma project ID/);
    await expect(sourceWith(source, { branchId: "not a branch" }).deploy()).rejects.toThrow(/Branch ID "not a branch" is not a valid Prisma branch ID/);
  });

  it("carries no credential, even when a listed database comes with its connection strings", async () => {
    const { instance } = await deployed();
    const leaky = {
      ...databaseCreated("db_cleaky0000001"), createdAt: minute(30),
      connections: [connectionWithSecrets("con_cleaky0000001", "db_cleaky0000001")],
    };

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page([...dbs(7, 12), leaky]));
    const emitted = await instance.tick();

    expect(ids(emitted)).toEqual(["db_cleaky0000001"]);
    expect(emitted[0].event.connections).toEqual([expect.objectContaining({
      id: "con_cleaky0000001",
      endpoints: {
        direct: { host: "db.prisma.io", port: 5432 },
        pooled: { host: "pooled.db.prisma.io", port: 5432 },
        accelerate: { host: "accelerate.prisma-data.net", port: 443 },
      },
    })]);
    expectNoSecrets(emitted);
    for (const secret of SECRETS) expect(JSON.stringify(instance.db.get("listPlace"))).not.toContain(secret);
  });
});
