import { describe, expect, it } from "vitest";
import action from "../../actions/list-workspaces/list-workspaces";
import { page, workspace } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const main = workspace("wksp_cmain0000001", "Main");
const staging = workspace("wksp_cstaging0001", "Staging");
const sandbox = workspace("wksp_csandbox0001", "Sandbox");

describe("list-workspaces", () => {
  it("follows every page to the end", async () => {
    api().get("/v1/workspaces").query({ limit: "100" }).reply(200, page([main, staging], "cursor_2"));
    api().get("/v1/workspaces").query({ cursor: "cursor_2", limit: "100" }).reply(200, page([sandbox]));

    const { result, summary } = await runAction(action);

    expect(result).toEqual([main, staging, sandbox]);
    expect(summary).toBe("Found 3 workspaces");
  });

  it("asks for no more than Max Results and stops there", async () => {
    api().get("/v1/workspaces").query({ limit: "2" }).reply(200, page([main, staging], "cursor_2"));

    const { result, summary } = await runAction(action, { maxResults: 2 });

    expect(result).toEqual([main, staging]);
    expect(summary).toBe("Found 2 workspaces");
  });

  it("asks the second page only for what is still missing", async () => {
    api().get("/v1/workspaces").query({ limit: "3" }).reply(200, page([main, staging], "cursor_2"));
    api().get("/v1/workspaces").query({ cursor: "cursor_2", limit: "1" }).reply(200, page([sandbox], "cursor_3"));

    const { result } = await runAction(action, { maxResults: 3 });

    expect(result).toEqual([main, staging, sandbox]);
  });

  it("says 1 workspace in the singular", async () => {
    api().get("/v1/workspaces").query({ limit: "100" }).reply(200, page([main]));
    const { summary } = await runAction(action);
    expect(summary).toBe("Found 1 workspace");
  });

  it("surfaces the API's error without the token", async () => {
    api().get("/v1/workspaces").query({ limit: "100" }).reply(401, errorBody("authentication-failed", "Invalid token", "Check the token"));

    const error = await runActionError(action);

    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Check the token.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([0, -1, 1.5, "many"])("rejects Max Results %j before any request", async (maxResults) => {
    const error = await runActionError(action, { maxResults });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Max Results must be a whole number from 1/);
  });
});
