import { describe, expect, it } from "vitest";
import action from "../../actions/delete-connection-string/delete-connection-string";
import { connection } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const connectionId = "con_capi00000001";

describe("delete-connection-string", () => {
  it("deletes the connection after the ID is confirmed", async () => {
    api().delete(`/v1/connections/${connectionId}`).reply(204);

    const { result, summary } = await runAction(action, { connectionId, confirm: connectionId });

    expect(result).toEqual({ deleted: true, connectionId });
    expect(summary).toBe(`Deleted connection ${connectionId}`);
  });

  it("with a database named, reads the connection first and deletes it when it is of that database", async () => {
    api().get(`/v1/connections/${connectionId}`).reply(200, { data: connection(connectionId, "db_corders000001") });
    api().delete(`/v1/connections/${connectionId}`).reply(204);
    const { result } = await runAction(action, { projectId: "proj_corders00001", databaseId: "db_corders000001", connectionId, confirm: connectionId });
    expect(result).toEqual({ deleted: true, connectionId });
  });

  it("with a database named, refuses a connection of another database, sending no DELETE", async () => {
    api().get(`/v1/connections/${connectionId}`).reply(200, { data: connection(connectionId, "db_cother0000001") });
    const error = await runActionError(action, { databaseId: "db_corders000001", connectionId, confirm: connectionId });
    expect(error.message).toMatch(/^Connection con_capi00000001 \("default"\) belongs to database db_cother0000001 \("orders"\), not to database db_corders000001\. Nothing was changed\. Check `databaseId` and `connectionId`/);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().delete(`/v1/connections/${connectionId}`).reply(404, errorBody("resource-not-found", "Connection not found", "It may be deleted already"));

    const error = await runActionError(action, { connectionId, confirm: connectionId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "It may be deleted already" });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Connection not found. Hint: It may be deleted already.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "con_cother0000001", "yes", "db_corders000001"])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { connectionId, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${connectionId}"`);
  });

  it.each([undefined, "con-1", "con_ a"])("rejects the connection ID %j before any request", async (bad) => {
    const error = await runActionError(action, { connectionId: bad, confirm: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Connection ID/);
  });

  it("has no projectId: Prisma's answer to a delete names nothing to check it against", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "connectionId", "confirm"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
