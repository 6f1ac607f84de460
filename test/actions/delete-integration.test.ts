import { describe, expect, it } from "vitest";
import action from "../../actions/delete-integration/delete-integration";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const integrationId = "itgr_cintegr00001";
const props = { workspaceId, integrationId, confirm: integrationId };
const path = `/v1/integrations/${integrationId}`;

describe("delete-integration", () => {
  it("deletes the integration after its ID is confirmed", async () => {
    api().delete(path).reply(204);

    const { result, summary } = await runAction(action, props);

    expect(result).toEqual({ deleted: true, integrationId });
    expect(summary).toBe(`Deleted integration ${integrationId}; its access tokens are revoked`);
  });

  it("works without a workspace when the ID is entered directly", async () => {
    api().delete(path).reply(204);
    const { result } = await runAction(action, { integrationId, confirm: integrationId });
    expect(result).toEqual({ deleted: true, integrationId });
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().delete(path).reply(404, errorBody("resource-not-found", "Integration not found", "List the workspace's integrations"));

    const error = await runActionError(action, props);

    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Integration not found. Hint: List the workspace's integrations.");
    expect(error.status).toBe(404);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "itgr_cintegr00002", "delete", workspaceId])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { ...props, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${integrationId}"`);
  });

  it.each([
    [{ integrationId: "integration 1", confirm: "integration 1" }, /Integration ID "integration 1" is not a valid Prisma integration ID/],
    [{ integrationId: undefined }, /Integration ID is required/],
    [{ workspaceId: "wksp main" }, /Workspace ID "wksp main" is not a valid Prisma workspace ID/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
