import { describe, expect, it } from "vitest";
import action from "../../actions/get-connection-string/get-connection-string";
import { SECRETS, SECRET_PASSWORD, connection } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const connectionId = "con_cdefault0001";

describe("get-connection-string", () => {
  it("returns the connection's metadata without the deprecated password", async () => {
    api().get(`/v1/connections/${connectionId}`).reply(200, { data: connection(connectionId, "db_corders000001") });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { connectionId });

    expect(result).toMatchObject({
      id: connectionId,
      name: "default",
      kind: "postgres",
      endpoints: { direct: { host: "db.prisma.io", port: 5432 }, pooled: { host: "pooled.db.prisma.io", port: 5432 } },
      database: { id: "db_corders000001" },
      directConnection: { host: "db.prisma.io:5432", user: "user_abc" },
    });
    expect(result.directConnection).not.toHaveProperty("pass");
    expect(summary).toBe(`Found connection "default" (${connectionId}) of database db_corders000001, kind postgres`);
    expect(everything(result, exports)).not.toContain(SECRET_PASSWORD);
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("sends only the connection ID: the database and project props just fill dropdowns", async () => {
    api().get(`/v1/connections/${connectionId}`).reply(200, { data: connection(connectionId) });
    const { result } = await runAction<Record<string, unknown>>(action, { projectId: "proj_corders00001", databaseId: "db_corders000001", connectionId });
    expect(result.id).toBe(connectionId);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(`/v1/connections/${connectionId}`)
      .reply(404, errorBody("resource-not-found", `connection with id ${connectionId} not found`, "List the database's connections"));
    const error = await runActionError(action, { connectionId });
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): connection with id ${connectionId} not found. Hint: List the database's connections.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [undefined, /Connection ID is required/],
    ["", /Connection ID is required/],
    ["con-123", /Connection ID "con-123" is not a valid Prisma connection ID/],
    ["db_corders000001", /not a valid Prisma connection ID/],
  ])("rejects connection ID %j before any request", async (bad, message) => {
    const error = await runActionError(action, { connectionId: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("returns nothing, and says nothing changed, when the connection belongs to another database", async () => {
    api().get(`/v1/connections/${connectionId}`).reply(200, { data: connection(connectionId, "db_cbilling00001") });

    const error = await runActionError(action, { databaseId: "db_corders000001", connectionId });

    expect(error.message).toBe(
      `Connection ${connectionId} ("default") belongs to database db_cbilling00001 ("orders"), not to database db_corders000001. Nothing was changed. ` +
      "Check `databaseId` and `connectionId`: pick the connection from the dropdown of the right database, or leave `databaseId` empty.",
    );
    expect(error.exports).toEqual({});
    expect(everything(error)).not.toContain(SECRET_PASSWORD);
  });

  it("has no projectId: no connection in Prisma's answer names its project", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "connectionId"]);
  });
});
