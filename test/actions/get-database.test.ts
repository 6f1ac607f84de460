import { describe, expect, it } from "vitest";
import action from "../../actions/get-database/get-database";
import { SECRETS, database } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";

describe("get-database", () => {
  it("returns the database without credentials", async () => {
    api().get(`/v1/databases/${databaseId}`).reply(200, { data: database(databaseId) });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { databaseId });

    const { connections, ...fields } = database(databaseId);
    expect(result).toMatchObject(fields);
    const [only] = result.connections as Record<string, unknown>[];
    expect(only).toMatchObject({ id: connections[0].id, endpoints: connections[0].endpoints, directConnection: { host: "db.prisma.io:5432", user: "user_abc" } });
    expect(only.directConnection).not.toHaveProperty("pass");
    expect(summary).toBe(`Found database "orders" (${databaseId}) in project proj_corders00001, status ready`);
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("uses the project only for the dropdown: the request is by database ID alone", async () => {
    api().get(`/v1/databases/${databaseId}`).reply(200, { data: database(databaseId, { status: "recovering" }) });
    const { summary } = await runAction(action, { projectId: "proj_corders00001", databaseId });
    expect(summary).toBe(`Found database "orders" (${databaseId}) in project proj_corders00001, status recovering`);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(`/v1/databases/${databaseId}`).reply(404, errorBody("resource-not-found", `database with id ${databaseId} not found`, "It may have been deleted"));

    const error = await runActionError(action, { databaseId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "It may have been deleted" });
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): database with id ${databaseId} not found Hint: It may have been deleted`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "db-123", "db_ x"])("rejects the database ID %j before any request", async (bad) => {
    const error = await runActionError(action, { databaseId: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Database ID/);
  });
});
