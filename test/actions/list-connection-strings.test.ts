import { describe, expect, it } from "vitest";
import action from "../../actions/list-connection-strings/list-connection-strings";
import { SECRETS, connection, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";
const path = `/v1/databases/${databaseId}/connections`;

describe("list-connection-strings", () => {
  it("follows every page to the end and returns the connections without passwords", async () => {
    api().get(path).query({ limit: "100" })
      .reply(200, page([connection("con_cdefault0001", databaseId), connection("con_capi00000001", databaseId, { name: "api" })], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "100" })
      .reply(200, page([connection("con_caccel000001", databaseId, { name: "edge", kind: "accelerate" })]));

    const { result, summary, exports } = await runAction<Record<string, unknown>[]>(action, { databaseId });

    expect(result.map((c) => c.id)).toEqual(["con_cdefault0001", "con_capi00000001", "con_caccel000001"]);
    expect(result[2]).toMatchObject({ name: "edge", kind: "accelerate", database: { id: databaseId } });
    expect(result[0].directConnection).toEqual({ host: "db.prisma.io:5432", user: "user_abc" });
    expect(summary).toBe(`Found 3 connections for database ${databaseId}`);
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("honours Max Results, asking only for what is still missing", async () => {
    api().get(path).query({ limit: "2" }).reply(200, page([connection("con_cdefault0001", databaseId)], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "1" })
      .reply(200, page([connection("con_capi00000001", databaseId), connection("con_cextra000001", databaseId)], "cursor-3"));

    const { result, summary } = await runAction<{ id: string }[]>(action, { databaseId, maxResults: 2 });

    expect(result.map((c) => c.id)).toEqual(["con_cdefault0001", "con_capi00000001"]);
    expect(summary).toBe(`Found 2 connections for database ${databaseId}`);
  });

  it("passes over rows the answer shows on another database, from a filter the API ignored", async () => {
    api().get(path).query({ limit: "100" })
      .reply(200, page([connection("con_cdefault0001", databaseId), connection("con_cother0000001", "db_cother0000001")]));

    const { result, summary } = await runAction<{ id: string }[]>(action, { databaseId });

    expect(result.map((c) => c.id)).toEqual(["con_cdefault0001"]);
    expect(summary).toBe(`Found 1 connection for database ${databaseId}`);
  });

  it("uses the singular for one connection", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([connection()]));
    const { summary } = await runAction(action, { projectId: "proj_corders00001", databaseId });
    expect(summary).toBe(`Found 1 connection for database ${databaseId}`);
  });

  describe("without a database", () => {
    it("lists every connection through /v1/connections, every page, without passwords", async () => {
      api().get("/v1/connections").query({ limit: "100" })
        .reply(200, page([connection("con_cdefault0001", databaseId), connection("con_cbilling00001", "db_cbilling00001", { name: "billing" })], "cursor-2"));
      api().get("/v1/connections").query({ cursor: "cursor-2", limit: "100" })
        .reply(200, page([connection("con_caccel000001", "db_canalytics001", { name: "edge", kind: "accelerate" })]));

      const { result, summary, exports } = await runAction<Record<string, unknown>[]>(action, {});

      expect(result.map((c) => [c.id, (c.database as { id: string }).id])).toEqual([
        ["con_cdefault0001", databaseId], ["con_cbilling00001", "db_cbilling00001"], ["con_caccel000001", "db_canalytics001"],
      ]);
      expect(result.every((c) => JSON.stringify(c.directConnection) === JSON.stringify({ host: "db.prisma.io:5432", user: "user_abc" }))).toBe(true);
      expect(summary).toBe("Found 3 connections across all databases");
      for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
    });

    it("honours Max Results, asking only for what is still missing", async () => {
      api().get("/v1/connections").query({ limit: "2" }).reply(200, page([connection()], "cursor-2"));
      api().get("/v1/connections").query({ cursor: "cursor-2", limit: "1" })
        .reply(200, page([connection("con_capi00000001"), connection("con_cextra000001")], "cursor-3"));

      const { result, summary } = await runAction<{ id: string }[]>(action, { databaseId: "", maxResults: 2 });

      expect(result.map((c) => c.id)).toEqual(["con_cdefault0001", "con_capi00000001"]);
      expect(summary).toBe("Found 2 connections across all databases");
    });

    it("offers no projectId, which could only look like a filter: no connection names its project", () => {
      expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "maxResults"]);
      expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
    });
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(path).query({ limit: "100" }).reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));

    const error = await runActionError(action, { databaseId });

    expect(error).toMatchObject({ status: 401, code: "authentication-failed" });
    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Create a new service token.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ databaseId: "con_cdefault0001" }, /Database ID "con_cdefault0001" is not a valid Prisma database ID/],
    [{ databaseId: "db 1" }, /Database ID "db 1" is not a valid Prisma database ID/],
    [{ maxResults: 0 }, /Max Results must be a whole number from 1/],
    [{ maxResults: -5 }, /Max Results must be a whole number from 1/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { databaseId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
