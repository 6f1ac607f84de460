import { describe, expect, it } from "vitest";
import action from "../../actions/delete-branch/delete-branch";
import { branch, defaultBranch } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const branchId = "br_cfeature00001";
const REFUSAL = "This action deletes only a preview branch that is not the default. Nothing was deleted.";
/** The read before the delete, answered with the branch (a preview branch of proj_corders00001 by default). */
const read = (row: object = branch(branchId)) => api().get(`/v1/branches/${branchId}`).reply(200, { data: row });

describe("delete-branch", () => {
  it("reads the branch, then deletes it after the ID is confirmed", async () => {
    read();
    api().delete(`/v1/branches/${branchId}`).reply(204);
    const { result, summary } = await runAction(action, { projectId: "proj_corders00001", branchId, confirm: branchId });
    expect(result).toEqual({ deleted: true, branchId });
    expect(summary).toBe(`Deleted branch ${branchId}`);
  });

  it("explains the 409 for a branch that still has databases, naming Delete Preview Branch", async () => {
    read();
    api().delete(`/v1/branches/${branchId}`).reply(409, errorBody("conflict", "Branch still has live member resources"));
    const error = await runActionError(action, { branchId, confirm: branchId });
    expect(error).toMatchObject({ status: 409, code: "conflict" });
    expect(error.message).toContain("Prisma API error 409 (conflict): Branch still has live member resources");
    expect(error.message).toContain("still has databases");
    expect(error.message).toContain("**Delete Preview Branch**");
  });

  it("explains the 422 for the default or production branch", async () => {
    read();
    api().delete(`/v1/branches/${branchId}`).reply(422, errorBody("unprocessable", "Branch is the project's current default"));
    const error = await runActionError(action, { branchId, confirm: branchId });
    expect(error).toMatchObject({ status: 422 });
    expect(error.message).toContain("Prisma API error 422 (unprocessable): Branch is the project's current default");
    expect(error.message).toContain("Prisma does not delete a project's production branch, nor its default branch");
    // Set Default Branch helps a default preview branch only: the production branch goes with its project.
    expect(error.message).toContain("a default preview branch can be deleted once **Set Default Branch** has made another branch the default");
    expect(error.message).toContain("the production branch goes only with its project, with **Delete Project**.");
  });

  it("surfaces a 404 of the read without the token, deleting nothing", async () => {
    api().get(`/v1/branches/${branchId}`).reply(404, errorBody("resource-not-found", "Branch not found"));
    const error = await runActionError(action, { branchId, confirm: branchId });
    expect(error).toMatchObject({ status: 404, code: "resource-not-found" });
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    ["the production branch", defaultBranch(branchId), `Branch "main" (${branchId}) is the project's production branch. ${REFUSAL}`],
    ["a preview branch made the default", branch(branchId, "feature/login", { isDefault: true }), `Branch "feature/login" (${branchId}) is the project's default branch. ${REFUSAL}`],
    ["a branch without a role", branch(branchId, "feature/login", { role: undefined }), `Branch "feature/login" (${branchId}) cannot be confirmed to be a preview branch: its \`role\` in Prisma's answer is missing. ${REFUSAL}`],
  ])("refuses %s after reading it, sending no DELETE", async (_case, row, message) => {
    read(row);
    const error = await runActionError(action, { branchId, confirm: branchId });
    expect(error.message).toBe(message);
    expect(error.exports).toEqual({});
  });

  it("refuses a branch of another project than the one named, sending no DELETE", async () => {
    read();
    const error = await runActionError(action, { projectId: "proj_cother000001", branchId, confirm: branchId });
    expect(error.message).toMatch(/^Branch br_cfeature00001 \("feature\/login"\) belongs to project proj_corders00001 \("orders"\), not to project proj_cother000001\. Nothing was deleted\. Check `projectId`/);
  });

  it("is destructive and says the endpoints are experimental", () => {
    expect(action.annotations).toEqual({ destructiveHint: true, openWorldHint: true, readOnlyHint: false });
    expect(action.description).toContain("Prisma marks the branch endpoints experimental");
  });

  it.each([undefined, "", "br_cother0000001", "yes", "cfeature00001"])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { branchId, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${branchId}"`);
  });

  it.each([undefined, "br-1", "db_corders000001"])("rejects the branch ID %j before any request", async (bad) => {
    const error = await runActionError(action, { branchId: bad, confirm: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Branch ID/);
  });
});
