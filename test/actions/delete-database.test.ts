import { describe, expect, it } from "vitest";
import action from "../../actions/delete-database/delete-database";
import { api, errorBody, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";

describe("delete-database", () => {
  it("deletes the database after the ID is confirmed", async () => {
    api().delete(`/v1/databases/${databaseId}`).reply(204);
    const { result, summary } = await runAction(action, { databaseId, confirm: databaseId });
    expect(result).toEqual({ deleted: true, databaseId });
    expect(summary).toBe(`Deleted database ${databaseId}`);
  });

  it("explains the 403 for a default database", async () => {
    api().delete(`/v1/databases/${databaseId}`).reply(403, errorBody("permission-denied", "Cannot delete the default environment"));
    const error = await runActionError(action, { databaseId, confirm: databaseId });
    expect(error.message).toContain("Prisma API error 403 (permission-denied): Cannot delete the default environment");
    expect(error.message).toContain("default database");
    expect(error.message).toContain("**Delete Project**");
  });

  it.each([undefined, "", "db_cother0000001", "yes"])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { databaseId, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${databaseId}"`);
  });

  it("rejects a malformed ID before any request", async () => {
    const error = await runActionError(action, { databaseId: "db-123", confirm: "db-123" });
    expect(error.message).toMatch(/Database ID "db-123" is not a valid Prisma database ID/);
  });

  it("has no projectId: Prisma's answer to a delete names nothing to check it against", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "confirm"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
