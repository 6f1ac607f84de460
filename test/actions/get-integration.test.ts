import { describe, expect, it } from "vitest";
import action from "../../actions/get-integration/get-integration";
import { SECRETS, SECRET_API_KEY, SECRET_PASSWORD, integration } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const integrationId = "itgr_cintegr00001";
const path = `/v1/integrations/${integrationId}`;

describe("get-integration", () => {
  it("returns the integration", async () => {
    api().get(path).reply(200, { data: integration() });

    const { result, summary } = await runAction(action, { workspaceId, integrationId });

    expect(result).toEqual(integration());
    expect(summary).toBe(`Found integration ${integrationId} of "Acme Deploys" with scope workspace:admin`);
  });

  it("works without a workspace when the ID is entered directly, and counts the scopes", async () => {
    const twoScopes = { ...integration(), scopes: ["workspace:admin", "offline_access"] };
    api().get(path).reply(200, { data: twoScopes });

    const { result, summary } = await runAction(action, { integrationId: ` ${integrationId} ` });

    expect(result).toEqual(twoScopes);
    expect(summary).toBe(`Found integration ${integrationId} of "Acme Deploys" with scopes workspace:admin, offline_access`);
  });

  it("redacts credentials should the API ever send any", async () => {
    const leaky = {
      ...integration(),
      accessToken: SECRET_API_KEY,
      client: { ...integration().client, name: `postgres://app:${SECRET_PASSWORD}@db.prisma.io:5432/postgres` },
    };
    api().get(path).reply(200, { data: leaky });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { integrationId });

    expect(result).not.toHaveProperty("accessToken");
    expect(result.client).toEqual({ ...integration().client, name: "postgres://app:[redacted]@db.prisma.io:5432/postgres" });
    expect(summary).toBe(`Found integration ${integrationId} of "postgres://app:[redacted]@db.prisma.io:5432/postgres" with scope workspace:admin`);
    for (const s of SECRETS) expect(everything(result, summary, exports)).not.toContain(s);
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().get(path).reply(404, errorBody("resource-not-found", "Integration with the given ID was not found", "List the workspace's integrations"));

    const error = await runActionError(action, { workspaceId, integrationId });

    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Integration with the given ID was not found. Hint: List the workspace's integrations.");
    expect(error.status).toBe(404);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ integrationId: undefined }, /Integration ID is required/],
    [{ integrationId: "" }, /Integration ID is required/],
    [{ integrationId: "integration 1" }, /Integration ID "integration 1" is not a valid Prisma integration ID/],
    [{ integrationId: "wksp_cmain0000001" }, /not a valid Prisma integration ID/],
    [{ integrationId: "itgr_" }, /not a valid Prisma integration ID/],
    [{ workspaceId: "wksp main" }, /Workspace ID "wksp main" is not a valid Prisma workspace ID/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { workspaceId, integrationId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
