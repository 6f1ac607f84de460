import { describe, expect, it } from "vitest";
import { EMULATED_PLAN } from "../../emulator/render";
import { call, emulator, type Answer } from "./client";

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

function expectError(answer: Answer, status: number, code: string, message?: RegExp) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  if (message) expect(answer.body.error.message).toMatch(message);
}

describe("emulator workspace subscription", () => {
  it("answers the plan, usage not blocked, and a Console upgrade URL, with or without the ID prefix", async () => {
    const emu = await emulator();
    const expected = {
      data: { planName: "Free", usageBlocked: false, upgradeUrl: `https://console.prisma.io/${emu.workspaceId}/settings/billing` },
    };
    expect(EMULATED_PLAN).toBe("Free");
    const answer = await call(emu, "GET", `/workspaces/${emu.workspaceId}/subscription`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expected);
    expect((await call(emu, "GET", `/workspaces/${emu.workspaceId.slice("wksp_".length)}/subscription`)).body).toEqual(expected);
  });

  it("refuses another workspace (404), a malformed ID (400) and a missing token (401)", async () => {
    const emu = await emulator();
    expectError(await call(emu, "GET", "/workspaces/wksp_cother000000/subscription"), 404, "resource-not-found", /Workspace with id wksp_cother000000 not found/);
    expectError(await call(emu, "GET", "/workspaces/proj_cmain0000001/subscription"), 400, "client-error", /does not match/);
    expectError(await call(emu, "GET", `/workspaces/${emu.workspaceId}/subscription`, { token: null }), 401, "authentication-failed");
    expectError(await call(emu, "POST", `/workspaces/${emu.workspaceId}/subscription`), 404, "resource-not-found", /Route POST/);
  });
});

describe("emulator integration by ID", () => {
  it("answers one integration with the Integration shape, with or without the ID prefix", async () => {
    const emu = await emulator();
    const other = emu.seedIntegration({ clientName: "Other" });
    const seeded = emu.seedIntegration({ clientName: "Dashboard", email: "ana@example.com", displayName: null, scopes: ["workspace:admin"] });
    const expected = {
      data: {
        id: seeded.id, url: `${emu.url}/integrations/${seeded.id}`, createdAt: ISO, scopes: ["workspace:admin"],
        client: { id: seeded.clientId, name: "Dashboard", createdAt: ISO },
        createdByUser: { id: expect.stringMatching(/^usr_[a-z0-9]{24}$/), email: "ana@example.com", displayName: null },
      },
    };
    const answer = await call(emu, "GET", `/integrations/${seeded.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expected);
    expect((await call(emu, "GET", `/integrations/${seeded.id.slice("itgr_".length)}`)).body).toEqual(answer.body);
    // The same record the workspace list shows.
    const list = await call(emu, "GET", `/workspaces/${emu.workspaceId}/integrations`);
    expect(list.body.data.find((i: { id: string }) => i.id === seeded.id)).toEqual(answer.body.data);
    expect((await call(emu, "GET", `/integrations/${other.id}`)).body.data.client.name).toBe("Other");
  });

  it("answers 404 for an unknown, a revoked or a service token's ID, and 400 for a malformed one", async () => {
    const emu = await emulator();
    const seeded = emu.seedIntegration();
    expectError(await call(emu, "GET", "/integrations/itgr_cunknown0000"), 404, "resource-not-found", /Integration with id itgr_cunknown0000 not found/);
    const serviceTokenId = [...emu.state.serviceTokens.keys()][0];
    expectError(await call(emu, "GET", `/integrations/${serviceTokenId}`), 404, "resource-not-found");
    expect((await call(emu, "DELETE", `/integrations/${seeded.id}`)).status).toBe(204);
    expectError(await call(emu, "GET", `/integrations/${seeded.id}`), 404, "resource-not-found");
    expectError(await call(emu, "GET", "/integrations/x_y"), 400, "client-error", /does not match/);
    expectError(await call(emu, "GET", "/integrations/wksp_cmain0000001"), 400, "client-error", /does not match/);
  });
});
