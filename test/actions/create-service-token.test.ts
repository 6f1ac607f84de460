import { describe, expect, it } from "vitest";
import action from "../../actions/create-service-token/create-service-token";
import { serviceToken } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const path = `/v1/workspaces/${workspaceId}/service-tokens`;
const SECRET = "prisma-st-new-value-b7c2e94d1a";

describe("create-service-token", () => {
  it("creates the token and returns its value once, only in serviceTokenValue", async () => {
    api().post(path, { name: "github-actions" }).reply(201, { data: { ...serviceToken("itgr_cnewtoken0001", "github-actions"), value: SECRET } });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { workspaceId, name: "github-actions" });

    expect(result).toEqual({
      serviceTokenId: "itgr_cnewtoken0001",
      name: "github-actions",
      valueHint: "…x9f2",
      createdAt: "2026-11-01T10:00:00.000Z",
      expiresAt: null,
      serviceTokenValue: SECRET,
    });
    expect(summary).toBe(`Created service token "github-actions" (itgr_cnewtoken0001) in workspace ${workspaceId}; its value is in serviceTokenValue and will not be shown again`);
    const { serviceTokenValue: _value, ...rest } = result;
    expect(everything(rest, exports)).not.toContain(SECRET);
  });

  it("returns the expiry when the token has one", async () => {
    api().post(path, { name: "ci" }).reply(201, { data: { ...serviceToken(), expiresAt: "2027-11-01T10:00:00.000Z", value: SECRET } });
    const { result } = await runAction<Record<string, unknown>>(action, { workspaceId, name: " ci " });
    expect(result.expiresAt).toBe("2027-11-01T10:00:00.000Z");
  });

  it("gives null for an expiry the API leaves out", async () => {
    const { expiresAt: _omitted, ...withoutExpiry } = serviceToken();
    api().post(path, { name: "ci" }).reply(201, { data: { ...withoutExpiry, value: SECRET } });
    const { result } = await runAction<Record<string, unknown>>(action, { workspaceId, name: "ci" });
    expect(result.expiresAt).toBeNull();
  });

  it("surfaces a 422 with the API's code, message and hint, without the token", async () => {
    api().post(path, { name: "ci" }).reply(422, errorBody("validation-error", "name is invalid", "Use a shorter name"));

    const error = await runActionError(action, { workspaceId, name: "ci" });

    expect(error.message).toContain("Prisma API error 422 (validation-error): name is invalid. Hint: Use a shorter name.");
    expect(error.status).toBe(422);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ name: "" }, /^Name is required: 1 to 256 characters\.$/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ workspaceId: undefined }, /Workspace ID is required/],
    [{ workspaceId: "wksp main" }, /Workspace ID "wksp main" is not a valid Prisma workspace ID/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { workspaceId, name: "ci", ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("tells the reader the value is shown only once", () => {
    expect(action.description).toMatch(/shown only this once/);
  });
});
