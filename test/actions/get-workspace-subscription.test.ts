import { describe, expect, it } from "vitest";
import action from "../../actions/get-workspace-subscription/get-workspace-subscription";
import { workspaceSubscription } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const path = `/v1/workspaces/${workspaceId}/subscription`;

describe("get-workspace-subscription", () => {
  it("returns the plan, whether usage is blocked and the upgrade URL", async () => {
    api().get(path).reply(200, { data: workspaceSubscription() });

    const { result, summary } = await runAction(action, { workspaceId });

    expect(result).toEqual({
      workspaceId,
      planName: "Pro",
      usageBlocked: false,
      upgradeUrl: "https://console.prisma.io/wksp_cmain0000001/settings/billing",
    });
    expect(summary).toBe(`Workspace ${workspaceId} is on the "Pro" plan; usage is not blocked`);
  });

  it("says so when usage is blocked", async () => {
    api().get(path).reply(200, { data: workspaceSubscription({ planName: "Free", usageBlocked: true }) });

    const { result, summary } = await runAction(action, { workspaceId });

    expect(result).toMatchObject({ workspaceId, planName: "Free", usageBlocked: true });
    expect(summary).toBe(`Workspace ${workspaceId} is on the "Free" plan; usage is blocked`);
  });

  it("trims a pasted ID and keeps an unprefixed one as given", async () => {
    api().get(path).reply(200, { data: workspaceSubscription() });
    expect((await runAction(action, { workspaceId: `  ${workspaceId}\n` })).result).toMatchObject({ workspaceId });

    api().get("/v1/workspaces/cmain0000001/subscription").reply(200, { data: workspaceSubscription() });
    expect((await runAction(action, { workspaceId: "cmain0000001" })).result).toMatchObject({ workspaceId: "cmain0000001" });
  });

  it("masks a credential should the upgrade URL ever carry one", async () => {
    const secret = "tok_s3cr3tUpgrade99";
    api().get(path).reply(200, { data: workspaceSubscription({ upgradeUrl: `https://console.prisma.io/upgrade?token=${secret}` }) });

    const { result, exports } = await runAction<{ upgradeUrl: string }>(action, { workspaceId });

    expect(result.upgradeUrl).toBe("https://console.prisma.io/upgrade?token=[redacted]");
    expect(everything(result, exports)).not.toContain(secret);
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().get(path).reply(404, errorBody("resource-not-found", `Workspace with id ${workspaceId} not found`, "Check the workspace ID"));

    const error = await runActionError(action, { workspaceId });

    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): Workspace with id ${workspaceId} not found. Hint: Check the workspace ID.`);
    expect(error.status).toBe(404);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("surfaces a 401 without the token", async () => {
    api().get(path).reply(401, errorBody("authentication-failed", "Missing or invalid authorization token."));

    const error = await runActionError(action, { workspaceId });

    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Missing or invalid authorization token.");
    expect(error.status).toBe(401);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([undefined, "", "workspace 1", "proj_corders00001", "wksp-123", "wksp_", "itgr_cintegr00001"])("rejects workspace ID %j before any request", async (bad) => {
    const error = await runActionError(action, { workspaceId: bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Workspace ID/);
  });
});
