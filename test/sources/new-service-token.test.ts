import { describe, expect, it } from "vitest";
import source from "../../sources/new-service-token/new-service-token";
import { page, serviceToken } from "../fixtures";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, minute, sourceWith } from "./helpers";

const workspaceId = "wksp_cmain0000001";
const path = `/v1/workspaces/${workspaceId}/service-tokens`;
const TOKEN_VALUE = "prisma-sk-0123456789abcdefTOKENVALUE";
const tokenAt = (n: number) => ({ ...serviceToken(`itgr_ctoken${String(n).padStart(6, "0")}`, `token-${n}`), createdAt: minute(n) });
/** Newest first, as the API lists them. */
const newestFirst = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => tokenAt(to - i));
const idsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => tokenAt(from + i).id);

async function deployed() {
  api().get(path).query({ limit: "10" }).reply(200, page(newestFirst(3, 12), "h2"));
  const instance = sourceWith(source, { workspaceId });
  const history = await instance.deploy();
  return { instance, history };
}

describe("new-service-token", () => {
  it("on deploy asks for the 10 newest tokens in one request and emits them oldest first, without values", async () => {
    const { instance, history } = await deployed();

    expect(ids(history)).toEqual(idsOf(3, 12));
    expect(history[9]).toEqual({
      event: { id: "itgr_ctoken000012", type: "serviceToken", name: "token-12", valueHint: "…x9f2", createdAt: minute(12), expiresAt: null, workspaceId },
      meta: { id: "itgr_ctoken000012", summary: `New service token token-12 (itgr_ctoken000012) in workspace ${workspaceId}`, ts: Date.parse(minute(12)) },
    });
    expect(instance.db.get("watermark")).toEqual({ scope: `service-tokens workspace=${workspaceId}`, createdAt: Date.parse(minute(12)), ids: ["itgr_ctoken000012"] });
  });

  it("on deploy emits only the 10 newest tokens when the answer ignores the limit and lists more", async () => {
    api().get(path).query({ limit: "10" }).reply(200, page(newestFirst(1, 40), "h2"));
    const instance = sourceWith(source, { workspaceId });

    expect(ids(await instance.deploy())).toEqual(idsOf(31, 40));
    expect(instance.db.get("watermark")).toEqual({ scope: `service-tokens workspace=${workspaceId}`, createdAt: Date.parse(minute(40)), ids: ["itgr_ctoken000040"] });
  });

  it("stops at the first page that reaches a known token: one request while nothing is new", async () => {
    const { instance } = await deployed();

    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(1, 12), "n2"));
    expect(await instance.tick()).toEqual([]);
  });

  it("emits the new tokens oldest first, paging only until it reaches a known one", async () => {
    const { instance } = await deployed();

    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(14, 16), "n2"));
    api().get(path).query({ cursor: "n2", limit: "100" }).reply(200, page(newestFirst(10, 13), "n3"));
    const emitted = await instance.tick();
    expect(ids(emitted)).toEqual(idsOf(13, 16));
    expect(emitted[0].meta).toEqual({ id: "itgr_ctoken000013", summary: `New service token token-13 (itgr_ctoken000013) in workspace ${workspaceId}`, ts: Date.parse(minute(13)) });

    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(5, 16), "n2"));
    expect(await instance.tick()).toEqual([]);
  });

  it("tells apart a token created in the same millisecond as the newest one seen", async () => {
    const { instance } = await deployed();
    const twin = { ...serviceToken("itgr_ctokentwin01", "twin"), createdAt: minute(12) };

    api().get(path).query({ limit: "100" }).reply(200, page([twin, ...newestFirst(1, 12)]));
    expect(ids(await instance.tick())).toEqual(["itgr_ctokentwin01"]);
    api().get(path).query({ limit: "100" }).reply(200, page([twin, ...newestFirst(1, 12)]));
    expect(await instance.tick()).toEqual([]);
  });

  it("emits nothing after a failed run, then each token once; nothing twice after a restart", async () => {
    const { instance } = await deployed();

    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(14, 15), "n2"));
    api().get(path).query({ cursor: "n2", limit: "100" }).reply(401, errorBody("authentication-failed", "Invalid token."));
    await expect(instance.tick()).rejects.toMatchObject({ status: 401 });
    expect(instance.emitted).toHaveLength(10);

    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(11, 15), "n2"));
    expect(ids(await instance.tick())).toEqual(idsOf(13, 15));

    const restarted = sourceWith(source, { workspaceId }, instance.db);
    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(11, 15), "n2"));
    expect(await restarted.tick()).toEqual([]);
  });

  it("on a redeploy with the same db emits only tokens created since, not the history again", async () => {
    const { instance } = await deployed();
    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(10, 13)));
    expect(ids(await sourceWith(source, { workspaceId }, instance.db).deploy())).toEqual(["itgr_ctoken000013"]);

    // Another workspace is another list: it starts afresh, with its own history.
    const other = "wksp_cother000001";
    api().get(`/v1/workspaces/${other}/service-tokens`).query({ limit: "10" }).reply(200, page(newestFirst(1, 2)));
    expect(ids(await sourceWith(source, { workspaceId: other }, instance.db).deploy())).toEqual(idsOf(1, 2));
  });

  it("never carries a token's value, even if the API sent one", async () => {
    const { instance } = await deployed();

    api().get(path).query({ limit: "100" }).reply(200, page([{ ...tokenAt(13), value: TOKEN_VALUE }, ...newestFirst(1, 12)]));
    const emitted = await instance.tick();

    expect(ids(emitted)).toEqual(["itgr_ctoken000013"]);
    expect(emitted[0].event).not.toHaveProperty("value");
    expectNoSecrets(emitted, [TOKEN_VALUE]);
  });

  it("emits no history on deploy in a workspace without tokens, then each new one", async () => {
    api().get(path).query({ limit: "10" }).reply(200, page([]));
    const instance = sourceWith(source, { workspaceId });
    expect(await instance.deploy()).toEqual([]);

    api().get(path).query({ limit: "100" }).reply(200, page(newestFirst(1, 2)));
    expect(ids(await instance.tick())).toEqual(idsOf(1, 2));
  });

  it("refuses a missing or invalid workspace ID before any request", async () => {
    await expect(sourceWith(source, {}).deploy()).rejects.toThrow(/Workspace ID is required/);
    await expect(sourceWith(source, { workspaceId: "proj_cnotaworksp" }).deploy()).rejects.toThrow(/not a valid Prisma workspace ID/);
  });
});
