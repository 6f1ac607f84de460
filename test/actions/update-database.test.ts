import { describe, expect, it } from "vitest";
import action from "../../actions/update-database/update-database";
import { SECRETS, database } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";

describe("update-database", () => {
  it("renames the database with a body of exactly { name } and returns it without secrets", async () => {
    api().patch(`/v1/databases/${databaseId}`, { name: "orders-staging" })
      .reply(200, { data: database(databaseId, { name: "orders-staging" }) });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { databaseId, name: "orders-staging" });

    expect(result).toMatchObject({ id: databaseId, name: "orders-staging", status: "ready", region: { id: "us-east-1" } });
    expect(summary).toBe(`Renamed database ${databaseId} to "orders-staging"`);
    // The fixture's connection carries the deprecated directConnection.pass.
    expect((result.connections as { directConnection: object }[])[0].directConnection).toEqual({ host: "db.prisma.io:5432", user: "user_abc" });
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("trims the name and the ID before sending", async () => {
    api().patch(`/v1/databases/${databaseId}`, { name: "orders" }).reply(200, { data: database(databaseId) });
    const { result } = await runAction<Record<string, unknown>>(action, { databaseId: ` ${databaseId} `, name: "  orders  " });
    expect(result.name).toBe("orders");
  });

  describe("moving to another branch", () => {
    const branchId = "br_cfeature00001";

    it("sends exactly { branchId } when only the branch is set, and names both in the summary", async () => {
      api().patch(`/v1/databases/${databaseId}`, { branchId }).reply(200, { data: database(databaseId, { branchId }) });

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { projectId: "proj_corders00001", databaseId, branchId });

      expect(result).toMatchObject({ id: databaseId, name: "orders", branchId });
      expect(summary).toBe(`Moved database "orders" (${databaseId}) to branch ${branchId}`);
      for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
    });

    it("renames and moves in one request", async () => {
      api().patch(`/v1/databases/${databaseId}`, { name: "pr-142", branchId }).reply(200, { data: database(databaseId, { name: "pr-142", branchId }) });

      const { summary } = await runAction(action, { databaseId, name: "pr-142", branchId });

      expect(summary).toBe(`Renamed database ${databaseId} to "pr-142" and moved it to branch ${branchId}`);
    });

    it("surfaces a refusal of the move, e.g. a Logical ID already taken on that branch", async () => {
      api().patch(`/v1/databases/${databaseId}`, { branchId })
        .reply(409, errorBody("conflict", "A database with the same logicalId already exists on the branch"));
      const error = await runActionError(action, { databaseId, branchId });
      expect(error).toMatchObject({ status: 409, code: "conflict" });
      expect(error.message).toContain("Prisma API error 409 (conflict): A database with the same logicalId already exists on the branch");
    });

    it("offers no Logical ID, so a move can never carry one", () => {
      expect(Object.keys(action.props ?? {})).toEqual(["app", "projectId", "databaseId", "name", "branchId"]);
    });
  });

  it("is marked idempotent and not destructive", () => {
    expect(action.annotations).toMatchObject({ idempotentHint: true, destructiveHint: false, readOnlyHint: false });
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().patch(`/v1/databases/${databaseId}`, { name: "orders" })
      .reply(404, errorBody("resource-not-found", `database with id ${databaseId} not found`, "Check the database ID"));
    const error = await runActionError(action, { databaseId, name: "orders" });
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): database with id ${databaseId} not found. Hint: Check the database ID.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ name: "" }, /Nothing to change: set Name to rename the database, Branch to move it/],
    [{ name: undefined }, /Nothing to change/],
    // Spaces only are empty, as "" is: the optional Name was not given.
    [{ name: "   " }, /Nothing to change: set Name to rename the database/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ databaseId: undefined }, /Database ID is required/],
    [{ databaseId: "db-123" }, /Database ID "db-123" is not a valid Prisma database ID/],
    [{ branchId: "br-1" }, /Branch ID "br-1" is not a valid Prisma branch ID/],
    [{ name: "", branchId: "proj_corders00001" }, /Branch ID "proj_corders00001" is not a valid Prisma branch ID/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { databaseId, name: "orders", ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("fails after the update, saying Prisma applied it, when the database belongs to another project", async () => {
    api().patch(`/v1/databases/${databaseId}`, { name: "orders-staging" })
      .reply(200, { data: database(databaseId, { name: "orders-staging", project: { id: "proj_cbilling00001", url: "https://api.prisma.io/v1/projects/proj_cbilling00001", name: "billing" } }) });

    const error = await runActionError(action, { projectId: "proj_corders00001", databaseId, name: "orders-staging" });

    expect(error.message).toBe(
      `Database ${databaseId} ("orders-staging") belongs to project proj_cbilling00001 ("billing"), not to project proj_corders00001. ` +
      "Prisma has already applied the change to it: to undo it, run **Update Database** on it again with its previous name or branch. " +
      "Check `projectId` and `databaseId`: pick the database from the dropdown of the right project, or leave `projectId` empty.",
    );
    expect(error.exports).toEqual({});
  });
});
