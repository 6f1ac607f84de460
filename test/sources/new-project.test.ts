import { describe, expect, it } from "vitest";
import source from "../../sources/new-project/new-project";
import { SECRET_PASSWORD, page, project } from "../fixtures";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, minute, sourceWith } from "./helpers";

const path = "/v1/projects";
const projectAt = (n: number) => project(`proj_cproject${String(n).padStart(4, "0")}`, `shop-${n}`, { createdAt: minute(n) });
const projects = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => projectAt(from + i));
const idsOf = (from: number, to: number) => projects(from, to).map((p) => p.id);

/** Deploys against a workspace of projects 1..13 on two pages, the second fetched with cursor "c2". */
async function deployed() {
  api().get(path).query({ limit: "100" }).reply(200, page(projects(1, 8), "c2"));
  api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 13)));
  const instance = sourceWith(source);
  const history = await instance.deploy();
  return { instance, history };
}

describe("new-project", () => {
  it("on deploy reads the list to its end and emits the 10 most recent projects, oldest first", async () => {
    const { instance, history } = await deployed();

    expect(ids(history)).toEqual(idsOf(4, 13));
    expect(history[9]).toEqual({
      event: projectAt(13),
      meta: { id: "proj_cproject0013", summary: "New project shop-13 (proj_cproject0013) in us-east-1", ts: Date.parse(minute(13)) },
    });
    // The place: the cursor of the last page and its IDs, not every ID seen.
    expect(instance.db.get("listPlace")).toEqual({
      scope: "projects", mode: "append", cursor: "c2", pageIds: idsOf(9, 13), newestAt: Date.parse(minute(13)),
      since: null, sinceIds: [], history: 0,
    });
  });

  it("emits nothing on deploy in an empty workspace, then every project created after it", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([]));
    const instance = sourceWith(source);
    expect(await instance.deploy()).toEqual([]);

    api().get(path).query({ limit: "100" }).reply(200, page(projects(1, 2)));
    expect(ids(await instance.tick())).toEqual(idsOf(1, 2));
  });

  it("sends one request per run while nothing is new, from the stored cursor, and emits nothing", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 13)));
    expect(await instance.tick()).toEqual([]);
    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 13)));
    expect(await instance.tick()).toEqual([]);
  });

  it("emits the new projects oldest first, each once, with its ID, summary and creation time", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 15)));
    const emitted = await instance.tick();

    expect(emitted).toEqual([14, 15].map((n) => ({
      event: projectAt(n),
      meta: { id: `proj_cproject00${n}`, summary: `New project shop-${n} (proj_cproject00${n}) in us-east-1`, ts: Date.parse(minute(n)) },
    })));
    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 15)));
    expect(await instance.tick()).toEqual([]);
  });

  it("emits nothing twice after a restart or a redeploy with the same db", async () => {
    const { instance } = await deployed();
    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 14)));
    expect(ids(await instance.tick())).toEqual(["proj_cproject0014"]);

    const restarted = sourceWith(source, {}, instance.db);
    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 14)));
    expect(await restarted.tick()).toEqual([]);

    // A redeploy keeps its place: it emits only what is new since, not the history again.
    const redeployed = sourceWith(source, {}, instance.db);
    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 15)));
    expect(ids(await redeployed.deploy())).toEqual(["proj_cproject0015"]);
  });

  it("follows the pages past the stored one to the end, and next time starts from the last", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 14), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(projects(15, 16)));
    expect(ids(await instance.tick())).toEqual(idsOf(14, 16));

    // Nothing before the last page is read again.
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(projects(15, 16)));
    expect(await instance.tick()).toEqual([]);
  });

  it("after a run that fails part way, emits each project once on the next run", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 14), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(403, errorBody("permission-denied", "Forbidden"));
    await expect(instance.tick()).rejects.toMatchObject({ status: 403 });
    expect(ids(instance.emitted.slice(10))).toEqual(["proj_cproject0014"]);

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(9, 14), "c3"));
    api().get(path).query({ cursor: "c3", limit: "100" }).reply(200, page(projects(15, 15)));
    expect(ids(await instance.tick())).toEqual(["proj_cproject0015"]);
    expect(new Set(ids(instance.emitted)).size).toBe(instance.emitted.length);
  });

  it("when the API refuses the stored cursor, reads from the start and emits only projects newer than the last seen", async () => {
    const { instance } = await deployed();

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(400, errorBody("client-error", "Invalid cursor."));
    api().get(path).query({ limit: "100" }).reply(200, page(projects(1, 8), "n2"));
    api().get(path).query({ cursor: "n2", limit: "100" }).reply(200, page(projects(9, 14)));
    expect(ids(await instance.tick())).toEqual(["proj_cproject0014"]);
    expect(instance.db.get("listPlace")).toMatchObject({ cursor: "n2", pageIds: idsOf(9, 14) });
  });

  it("when every project of the stored page was deleted, reads from the start and goes by creation time", async () => {
    const { instance } = await deployed();

    // Projects 9..13 are gone: the stored cursor now leads only to the new project 14.
    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page(projects(14, 14)));
    api().get(path).query({ limit: "100" }).reply(200, page([...projects(1, 8), projectAt(14)]));
    expect(ids(await instance.tick())).toEqual(["proj_cproject0014"]);

    api().get(path).query({ limit: "100" }).reply(200, page([...projects(1, 8), projectAt(14)]));
    expect(await instance.tick()).toEqual([]);
  });

  it("tells apart projects created in the same millisecond as the newest one seen", async () => {
    const { instance } = await deployed();
    const twin = project("proj_cprojecttwin", "twin", { createdAt: minute(13) });

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(400, errorBody("client-error", "Invalid cursor."));
    api().get(path).query({ limit: "100" }).reply(200, page([...projects(1, 13), twin]));
    expect(ids(await instance.tick())).toEqual(["proj_cprojecttwin"]);
  });

  it("keeps its state to one page of IDs, however many projects there are", async () => {
    const many = Array.from({ length: 250 }, (_, i) => project(`proj_cmany${String(i).padStart(6, "0")}`, `p${i}`, { createdAt: minute(i) }));
    api().get(path).query({ limit: "100" }).reply(200, page(many.slice(0, 100), "m2"));
    api().get(path).query({ cursor: "m2", limit: "100" }).reply(200, page(many.slice(100, 200), "m3"));
    api().get(path).query({ cursor: "m3", limit: "100" }).reply(200, page(many.slice(200)));
    const instance = sourceWith(source);

    expect(await instance.deploy()).toHaveLength(10);
    expect((instance.db.get("listPlace") as { pageIds: string[] }).pageIds).toHaveLength(50);
    expect(instance.db.size()).toBeLessThan(2500);
  });

  it("puts no credential in an event or summary, even one inside a project's name", async () => {
    const { instance } = await deployed();
    const leaky = project("proj_cleaky00001", `postgres://admin:${SECRET_PASSWORD}@db.prisma.io/postgres`, { createdAt: minute(20) });

    api().get(path).query({ cursor: "c2", limit: "100" }).reply(200, page([...projects(9, 13), leaky]));
    const emitted = await instance.tick();

    expect(emitted[0].meta.summary).toBe("New project postgres://admin:[redacted]@db.prisma.io/postgres (proj_cleaky00001) in us-east-1");
    expectNoSecrets(emitted);
  });
});
