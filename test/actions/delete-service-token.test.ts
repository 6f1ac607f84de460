import { describe, expect, it } from "vitest";
import action from "../../actions/delete-service-token/delete-service-token";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const serviceTokenId = "itgr_ctoken000001";
const props = { workspaceId, serviceTokenId, confirm: serviceTokenId };
const path = `/v1/workspaces/${workspaceId}/service-tokens/${serviceTokenId}`;

describe("delete-service-token", () => {
  it("deletes the token after its ID is confirmed", async () => {
    api().delete(path).reply(204);

    const { result, summary } = await runAction(action, props);

    expect(result).toEqual({ deleted: true, workspaceId, serviceTokenId });
    expect(summary).toBe(`Deleted service token ${serviceTokenId} from workspace ${workspaceId}`);
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().delete(path).reply(404, errorBody("resource-not-found", "Service token not found in workspace", "List the workspace's service tokens"));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Service token not found in workspace. Hint: List the workspace's service tokens.");
    expect(error.status).toBe(404);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "itgr_ctoken000002", "yes", workspaceId])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { ...props, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${serviceTokenId}"`);
  });

  it.each([
    [{ serviceTokenId: "token-1", confirm: "token-1" }, /Service token ID "token-1" is not a valid Prisma service token ID/],
    [{ serviceTokenId: undefined }, /Service token ID is required/],
    [{ workspaceId: "wksp main" }, /Workspace ID "wksp main" is not a valid Prisma workspace ID/],
    [{ workspaceId: undefined }, /Workspace ID is required/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("warns what stops working and names the safe alternative", () => {
    expect(action.description).toContain("stops working");
    expect(action.description).toContain("first run **Create Service Token** to replace it");
  });
});
