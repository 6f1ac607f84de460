import { describe, expect, it } from "vitest";
import action from "../../actions/get-workspace/get-workspace";
import { workspace } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";

describe("get-workspace", () => {
  it("returns the workspace", async () => {
    api().get(`/v1/workspaces/${workspaceId}`).reply(200, { data: workspace() });

    const { result, summary } = await runAction(action, { workspaceId });

    expect(result).toEqual(workspace());
    expect(summary).toBe(`Found workspace "Main" (${workspaceId})`);
  });

  it("trims a pasted ID", async () => {
    api().get(`/v1/workspaces/${workspaceId}`).reply(200, { data: workspace() });
    const { result } = await runAction(action, { workspaceId: `  ${workspaceId}\n` });
    expect(result).toEqual(workspace());
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().get(`/v1/workspaces/${workspaceId}`).reply(404, errorBody("resource-not-found", `workspace with id ${workspaceId} not found`, "It may have been deleted"));

    const error = await runActionError(action, { workspaceId });

    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): workspace with id ${workspaceId} not found. Hint: It may have been deleted.`);
    expect(error.status).toBe(404);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "workspace 1", "proj_corders00001", "wksp-123"])("rejects workspace ID %j before any request", async (bad) => {
    const error = await runActionError(action, { workspaceId: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Workspace ID/);
  });
});
