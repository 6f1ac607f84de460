import { describe, expect, it } from "vitest";
import action from "../../actions/list-service-tokens/list-service-tokens";
import { page, serviceToken } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const path = `/v1/workspaces/${workspaceId}/service-tokens`;
// The list should never carry a value; if the API ever sent one, it must not come out.
const LEAKED_VALUE = "prisma-st-leaked-value-3e8b1f";
const ci = serviceToken("itgr_ctoken000001", "ci");
const deploy = serviceToken("itgr_ctoken000002", "deploy");
const backup = serviceToken("itgr_ctoken000003", "backup");

describe("list-service-tokens", () => {
  it("follows every page to the end and drops any token value", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([{ ...ci, value: LEAKED_VALUE }, deploy], "cursor_2"));
    api().get(path).query({ cursor: "cursor_2", limit: "100" }).reply(200, page([backup]));

    const { result, summary, exports } = await runAction<object[]>(action, { workspaceId });

    expect(result).toEqual([ci, deploy, backup]);
    expect(result[0]).not.toHaveProperty("value");
    expect(summary).toBe(`Found 3 service tokens in workspace ${workspaceId}`);
    expect(everything(result, exports)).not.toContain(LEAKED_VALUE);
  });

  it("asks for no more than Max Results and stops there", async () => {
    api().get(path).query({ limit: "1" }).reply(200, page([ci], "cursor_2"));

    const { result, summary } = await runAction(action, { workspaceId, maxResults: 1 });

    expect(result).toEqual([ci]);
    expect(summary).toBe(`Found 1 service token in workspace ${workspaceId}`);
  });

  it("asks the second page only for what is still missing", async () => {
    api().get(path).query({ limit: "3" }).reply(200, page([ci, deploy], "cursor_2"));
    api().get(path).query({ cursor: "cursor_2", limit: "1" }).reply(200, page([backup], "cursor_3"));

    const { result } = await runAction(action, { workspaceId, maxResults: 3 });

    expect(result).toEqual([ci, deploy, backup]);
  });

  it("returns an empty list for a workspace the token cannot see", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([]));
    const { result, summary } = await runAction(action, { workspaceId });
    expect(result).toEqual([]);
    expect(summary).toBe(`Found 0 service tokens in workspace ${workspaceId}`);
  });

  it("surfaces the API's error without the token", async () => {
    api().get(path).query({ limit: "100" }).reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));

    const error = await runActionError(action, { workspaceId });

    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Create a new service token.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ workspaceId: undefined }, /Workspace ID is required/],
    [{ workspaceId: "main workspace" }, /Workspace ID "main workspace" is not a valid Prisma workspace ID/],
    [{ maxResults: 0 }, /Max Results must be a whole number from 1/],
    [{ maxResults: 2.5 }, /Max Results must be a whole number from 1/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { workspaceId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
