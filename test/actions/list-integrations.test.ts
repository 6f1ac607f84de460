import { describe, expect, it } from "vitest";
import action from "../../actions/list-integrations/list-integrations";
import { integration, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const workspaceId = "wksp_cmain0000001";
const path = `/v1/workspaces/${workspaceId}/integrations`;
const first = integration("itgr_cintegr00001");
const second = integration("itgr_cintegr00002");
const third = integration("itgr_cintegr00003");

describe("list-integrations", () => {
  it("follows every page to the end", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([first, second], "cursor_2"));
    api().get(path).query({ cursor: "cursor_2", limit: "100" }).reply(200, page([third]));

    const { result, summary } = await runAction(action, { workspaceId });

    expect(result).toEqual([first, second, third]);
    expect(summary).toBe(`Found 3 integrations in workspace ${workspaceId}`);
  });

  it("asks for no more than Max Results and stops there", async () => {
    api().get(path).query({ limit: "1" }).reply(200, page([first], "cursor_2"));

    const { result, summary } = await runAction(action, { workspaceId, maxResults: 1 });

    expect(result).toEqual([first]);
    expect(summary).toBe(`Found 1 integration in workspace ${workspaceId}`);
  });

  it("asks the second page only for what is still missing", async () => {
    api().get(path).query({ limit: "3" }).reply(200, page([first, second], "cursor_2"));
    api().get(path).query({ cursor: "cursor_2", limit: "1" }).reply(200, page([third], "cursor_3"));

    const { result } = await runAction(action, { workspaceId, maxResults: 3 });

    expect(result).toEqual([first, second, third]);
  });

  it("strips credentials the API might attach to an integration", async () => {
    const ACCESS = "oauth-access-5c1d9e";
    api().get(path).query({ limit: "100" }).reply(200, page([{ ...first, accessToken: ACCESS, client: { ...first.client, token: ACCESS } }]));

    const { result, exports } = await runAction(action, { workspaceId });

    expect(result).toEqual([first]);
    expect(everything(result, exports)).not.toContain(ACCESS);
  });

  it("surfaces a 404 with the API's code, message and hint, without the token", async () => {
    api().get(path).query({ limit: "100" }).reply(404, errorBody("resource-not-found", "Workspace not found", "Check the workspace ID"));

    const error = await runActionError(action, { workspaceId });

    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Workspace not found. Hint: Check the workspace ID.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ workspaceId: undefined }, /Workspace ID is required/],
    [{ workspaceId: "main" + " ws" }, /Workspace ID "main ws" is not a valid Prisma workspace ID/],
    [{ maxResults: -3 }, /Max Results must be a whole number from 1/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { workspaceId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
