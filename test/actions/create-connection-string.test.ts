import { describe, expect, it } from "vitest";
import action from "../../actions/create-connection-string/create-connection-string";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, connectionWithSecrets } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";
const props = { databaseId, name: "app-server" };

describe("create-connection-string", () => {
  it("creates the connection and returns its strings only in the named fields", async () => {
    api().post("/v1/connections", { databaseId, name: "app-server" }).reply(201, { data: connectionWithSecrets("con_cnew00000001", databaseId) });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({
      connectionId: "con_cnew00000001",
      name: "app-server",
      databaseId,
      kind: "postgres",
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(summary).toBe(`Created connection "app-server" (con_cnew00000001) for database ${databaseId}`);
    const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
    expect(rest.connection).toMatchObject({
      id: "con_cnew00000001",
      endpoints: { direct: { host: "db.prisma.io", port: 5432 }, accelerate: { host: "accelerate.prisma-data.net", port: 443 } },
      directConnection: { host: "db.prisma.io:5432", user: "user_abc" },
    });
    const connection = rest.connection as Record<string, unknown>;
    expect(connection).not.toHaveProperty("connectionString");
    expect(connection).not.toHaveProperty("pass");
    expect((connection.endpoints as Record<string, object>).direct).not.toHaveProperty("connectionString");
    for (const secret of SECRETS) expect(everything(rest, exports)).not.toContain(secret);
  });

  it("returns null for an endpoint the API did not send", async () => {
    const minted = connectionWithSecrets("con_cnew00000001", databaseId);
    const { accelerate: _a, ...endpoints } = minted.endpoints;
    api().post("/v1/connections", { databaseId, name: "app-server" }).reply(201, { data: { ...minted, endpoints } });

    const { result } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({ directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: null });
  });

  it("trims the name and sends the project-narrowed database ID unchanged", async () => {
    api().post("/v1/connections", { databaseId, name: "app-server" }).reply(201, { data: connectionWithSecrets("con_cnew00000001", databaseId) });
    const { result } = await runAction<Record<string, unknown>>(action, { projectId: "proj_corders00001", databaseId, name: "  app-server " });
    expect(result.connectionId).toBe("con_cnew00000001");
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/connections", { databaseId, name: "app-server" })
      .reply(404, errorBody("resource-not-found", `database with id ${databaseId} not found`, "Check the database ID"));

    const error = await runActionError(action, props);

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "Check the database ID" });
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): database with id ${databaseId} not found. Hint: Check the database ID.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ databaseId: undefined }, /Database ID is required/],
    [{ databaseId: "db-1" }, /Database ID "db-1" is not a valid Prisma database ID/],
    [{ name: undefined }, /^Name is required: 3 to 65 characters\.$/],
    [{ name: "ab" }, /Name must be 3 to 65 characters long; "ab" has 2/],
    [{ name: "x".repeat(66) }, /Name must be 3 to 65 characters/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("has no projectId: the connection Prisma answers names its database, not its project", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "name"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
