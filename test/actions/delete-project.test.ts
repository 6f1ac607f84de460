import { describe, expect, it } from "vitest";
import action from "../../actions/delete-project/delete-project";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";

describe("delete-project", () => {
  it("deletes the project after the ID is confirmed", async () => {
    api().delete(`/v1/projects/${projectId}`).reply(204);

    const { result, summary } = await runAction(action, { projectId, confirm: projectId });

    expect(result).toEqual({ deleted: true, projectId });
    expect(summary).toBe(`Deleted project ${projectId} and its databases`);
  });

  it("accepts a confirmation with surrounding spaces", async () => {
    api().delete(`/v1/projects/${projectId}`).reply(204);
    const { result } = await runAction(action, { projectId, confirm: ` ${projectId} ` });
    expect(result).toEqual({ deleted: true, projectId });
  });

  it("explains the 400 refusal when the project still has dependencies", async () => {
    api().delete(`/v1/projects/${projectId}`)
      .reply(400, errorBody("client-error", "Project cannot be deleted due to existing dependencies", "Remove its databases first"));

    const error = await runActionError(action, { projectId, confirm: projectId });

    expect(error).toMatchObject({ status: 400, code: "client-error", hint: "Remove its databases first" });
    expect(error.message).toContain("Prisma API error 400 (client-error): Project cannot be deleted due to existing dependencies. Hint: Remove its databases first.");
    expect(error.message).toContain("still has resources that depend on it");
    // Deleting a project deletes its databases: they are not what blocks it, and the advice must not say so.
    expect(error.message).toContain("Its databases are not what blocks it (deleting a project deletes them too)");
    expect(error.message).toContain("**Get Database**");
    expect(error.message).not.toContain("**Delete Database**");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("surfaces a 404 for an unknown project", async () => {
    api().delete(`/v1/projects/${projectId}`).reply(404, errorBody("resource-not-found", "Project not found"));
    const error = await runActionError(action, { projectId, confirm: projectId });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Project not found");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "proj_cother000001", "yes", "corders00001"])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { projectId, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${projectId}"`);
  });

  it("rejects a malformed ID before any request", async () => {
    const error = await runActionError(action, { projectId: "proj-123", confirm: "proj-123" });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Project ID "proj-123" is not a valid Prisma project ID/);
  });
});
