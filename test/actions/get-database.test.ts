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
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): database with id ${databaseId} not found. Hint: It may have been deleted.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "db-123", "db_ x"])("rejects the database ID %j before any request", async (bad) => {
    const error = await runActionError(action, { databaseId: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Database ID/);
  });

  it("returns nothing, and says nothing changed, when the database belongs to another project", async () => {
    api().get(`/v1/databases/${databaseId}`).reply(200, { data: database(databaseId, { project: { id: "proj_cbilling00001", url: "https://api.prisma.io/v1/projects/proj_cbilling00001", name: "billing" } }) });

    const error = await runActionError(action, { projectId: "proj_corders00001", databaseId });

    expect(error.name).not.toBe("ConfigurationError");
    expect(error.message).toBe(
      `Database ${databaseId} ("orders") belongs to project proj_cbilling00001 ("billing"), not to project proj_corders00001. Nothing was changed. ` +
      "Check `projectId` and `databaseId`: pick the database from the dropdown of the right project, or leave `projectId` empty.",
    );
    expect(error.exports).toEqual({});
  });

  it("matches the project whether or not its ID carries the proj_ prefix, and refuses an answer that names no project as not the documented shape", async () => {
    api().get(`/v1/databases/${databaseId}`).reply(200, { data: database(databaseId) });
    const { summary } = await runAction(action, { projectId: "corders00001", databaseId });
    expect(summary).toBe(`Found database "orders" (${databaseId}) in project proj_corders00001, status ready`);

    api().get(`/v1/databases/${databaseId}`).reply(200, { data: { ...database(databaseId), project: null } });
    const error = await runActionError(action, { projectId: "proj_corders00001", databaseId });
    expect(error.message).toMatch(/^Prisma answered GET \/databases\/db_corders000001 with 200, but not in the shape the API documents: `data\.project` is null, not an object\. Nothing was changed\./);
    expect(error.exports).toEqual({});
  });
});
