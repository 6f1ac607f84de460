import { describe, expect, it } from "vitest";
import action from "../../actions/set-default-branch/set-default-branch";
import { branch } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const branchId = "br_cfeature00001";
const projectId = "proj_corders00001";
const other = { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" };
const promoted = branch(branchId, "feature/login", { isDefault: true });

describe("set-default-branch", () => {
  it("sends exactly { isDefault: true } and returns the updated branch", async () => {
    api().patch(`/v1/branches/${branchId}`, { isDefault: true }).reply(200, { data: promoted });

    const { result, summary } = await runAction(action, { branchId });

    expect(result).toEqual(promoted);
    expect(summary).toBe(`Branch "feature/login" (${branchId}) is the default of project ${projectId}`);
  });

  it("checks the answered branch against the project given, without another request", async () => {
    api().patch(`/v1/branches/${branchId}`, { isDefault: true }).reply(200, { data: promoted });
    const { result } = await runAction(action, { projectId: "corders00001", branchId });
    expect(result).toEqual(promoted);
  });

  it("fails when the branch is of another project, saying the change was already made there", async () => {
    api().patch(`/v1/branches/${branchId}`, { isDefault: true }).reply(200, { data: { ...promoted, project: other } });

    const error = await runActionError(action, { projectId, branchId });

    expect(error.message).toContain(`Branch ${branchId} ("feature/login") belongs to project proj_cother000001 ("billing"), not to project ${projectId}.`);
    expect(error.message).toContain("Prisma has already made it the default branch of project proj_cother000001");
    expect(error.message).toContain("**Set Default Branch**");
    expect(error.exports).toEqual({});
  });

  it("surfaces a 404 with the API's detail, without the token", async () => {
    api().patch(`/v1/branches/${branchId}`, { isDefault: true }).reply(404, errorBody("resource-not-found", "Branch not found"));
    const error = await runActionError(action, { branchId });
    expect(error).toMatchObject({ status: 404, code: "resource-not-found" });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Branch not found");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("is idempotent and not destructive, and offers no way to un-set the default", () => {
    expect(action.annotations).toEqual({ destructiveHint: false, openWorldHint: true, readOnlyHint: false, idempotentHint: true });
    expect(Object.keys(action.props ?? {})).toEqual(["app", "projectId", "branchId"]);
    expect(action.description).toContain("to move the default, run this step for the branch that should take it over");
  });

  it.each([
    [{ branchId: undefined }, /Branch ID is required/],
    [{ branchId: "br-1" }, /Branch ID "br-1" is not a valid Prisma branch ID/],
    [{ projectId: "proj-1" }, /Project ID "proj-1" is not a valid Prisma project ID/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { branchId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
