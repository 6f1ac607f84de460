import { describe, expect, it } from "vitest";
import source from "../../sources/new-connection-string/new-connection-string";
import { DIRECT_URL, connection, connectionWithSecrets, page } from "../fixtures";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, minute, sourceWith } from "./helpers";

const path = "/v1/connections";
const databaseId = "db_corders000001";
const conAt = (n: number) => connection(`con_cconnect${String(n).padStart(4, "0")}`, databaseId, { name: `app-${n}`, createdAt: minute(n) });
const cons = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => conAt(from + i));
const idsOf = (from: number, to: number) => cons(from, to).map((c) => c.id);

async function deployed(props: Record<string, unknown> = {}, query: Record<string, string> = {}) {
  api().get(path).query({ ...query, limit: "100" }).reply(200, page(cons(1, 7), "c2"));
  api().get(path).query({ ...query, cursor: "c2", limit: "100" }).reply(200, page(cons(8, 11)));
  const instance = sourceWith(source, props);
  const history = await instance.deploy();
  return { instance, history };
}

describe("new-connection-string", () => {
  it("on deploy emits the 10 most recent connections of the workspace as metadata only, oldest first", async () => {
    const { history } = await deployed();

    expect(ids(history)).toEqual(idsOf(2, 11));
    expect(history[9]).toEqual({
      event: {
        id: "con_cconnect0011", type: "connection", url: "https://api.prisma.io/v1/connections/con_cconnect0011", name: "app-11",
        kind: "postgres", createdAt: minute(11),
        endpoints: { direct: { host: "db.prisma.io", port: 5432 }, pooled: { host: "pooled.db.prisma.io", port: 5432 } },
        database: { id: databaseId, url: `https://api.prisma.io/v1/databases/${databaseId}`, name: "orders" },
      },
      meta: { id: "con_cconnect0011", summary: `New connection app-11 (con_cconnect0011, postgres) on database orders (${databaseId})`, ts: Date.parse(minute(11)) },
    });
    // The deprecated directConnection, with its user and password, is left out.
    expectNoSecrets(history, ["user_abc"]);
  });

  it("watches one database, with one request per run while nothing is new", async () => {
    const { instance } = await deployed({ databaseId }, { databaseId });

    api().get(path).query({ databaseId, cursor: "c2", limit: "100" }).reply(200, page(cons(8, 11)));
    expect(await instance.tick()).toEqual([]);
  });

  it("emits only the connections the answer shows on the database watched, from a list that ignored the filter", async () => {
    const query = { databaseId };
    const stray = (n: number) => connection(`con_cstray${String(n).padStart(6, "0")}`, "db_cother0000001", { name: `other-${n}`, createdAt: minute(n) });
    api().get(path).query({ ...query, limit: "100" }).reply(200, page([conAt(1), stray(2), conAt(3)]));
    const instance = sourceWith(source, { databaseId });
    expect(ids(await instance.deploy())).toEqual(["con_cconnect0001", "con_cconnect0003"]);

    api().get(path).query({ ...query, limit: "100" }).reply(200, page([conAt(1), stray(2), conAt(3), stray(4), conAt(5)]));
    expect(ids(await instance.tick())).toEqual(["con_cconnect0005"]);
  });

  it("emits each new connection once, oldest first, across pages; nothing twice after a restart", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(cons(8, 12), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(cons(13, 14)));
    expect(ids(await instance.tick())).toEqual(idsOf(12, 14));

    const restarted = sourceWith(source, {}, instance.db);
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(cons(13, 14)));
    expect(await restarted.tick()).toEqual([]);
  });

  it("after a run that fails part way, emits each connection once on the next run", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(cons(8, 12), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(401, errorBody("authentication-failed", "Invalid token."));
    await expect(instance.tick()).rejects.toMatchObject({ status: 401 });

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(cons(8, 12), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(cons(13, 13)));
    expect(ids(await instance.tick())).toEqual(["con_cconnect0013"]);
    expect(ids(instance.emitted.slice(10))).toEqual(idsOf(12, 13));
  });

  it("carries no connection string or password, even when the API sends one along", async () => {
    const { instance } = await deployed();
    const leaky = { ...connectionWithSecrets("con_cleaky0000001", databaseId), createdAt: minute(40), name: `x ${DIRECT_URL}` };

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page([...cons(8, 11), leaky]));
    const emitted = await instance.tick();

    expect(Object.keys(emitted[0].event).sort()).toEqual(["createdAt", "database", "endpoints", "id", "kind", "name", "type", "url"]);
    expect(emitted[0].event.endpoints).toEqual({
      direct: { host: "db.prisma.io", port: 5432 },
      pooled: { host: "pooled.db.prisma.io", port: 5432 },
      accelerate: { host: "accelerate.prisma-data.net", port: 443 },
    });
    expect(emitted[0].meta.summary).toContain("postgres://user_abc:[redacted]@db.prisma.io");
    expectNoSecrets(emitted);
  });

  it("refuses an invalid database ID before any request", async () => {
    await expect(sourceWith(source, { databaseId: "con_cnotadb00001" }).deploy()).rejects.toThrow(/Database ID "con_cnotadb00001" is not a valid Prisma database ID/);
  });
});
