import { describe, expect, it } from "vitest";
import action from "../../actions/list-branches/list-branches";
import { branch, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";
const path = `/v1/projects/${projectId}/branches`;
const main = branch("br_cmain00000001", "main", { role: "production", isDefault: true });

describe("list-branches", () => {
  it("follows every page to the end and returns the branches oldest first, as answered", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([main, branch("br_cfeature00001", "feature/login")], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "100" }).reply(200, page([branch("br_cpr1420000001", "pr-142")]));

    const { result, summary } = await runAction<Record<string, unknown>[]>(action, { projectId });

    expect(result).toEqual([main, branch("br_cfeature00001", "feature/login"), branch("br_cpr1420000001", "pr-142")]);
    expect(summary).toBe(`Found 3 branches in project ${projectId}`);
  });

  it("passes over rows the answer shows in another project", async () => {
    const other = branch("br_cother0000001", "main", { project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "other" } });
    api().get(path).query({ limit: "100" }).reply(200, page([main, other]));

    const { result, summary } = await runAction<{ id: string }[]>(action, { projectId });

    expect(result.map((b) => b.id)).toEqual(["br_cmain00000001"]);
    expect(summary).toMatch(new RegExp(`^Found 1 branch in project ${projectId}`));
  });

  it("sends Git Name Contains as the API's substring filter, on every page", async () => {
    api().get(path).query({ limit: "100", gitNameContains: "feature/" }).reply(200, page([branch()], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "100", gitNameContains: "feature/" })
      .reply(200, page([branch("br_cfeature00002", "feature/signup")]));

    const { result, summary } = await runAction<{ gitName: string }[]>(action, { projectId, gitNameContains: "feature/" });

    expect(result.map((b) => b.gitName)).toEqual(["feature/login", "feature/signup"]);
    expect(summary).toBe(`Found 2 branches in project ${projectId} with a git name containing "feature/"`);
  });

  it("honours Max Results, asking only for what is still missing", async () => {
    api().get(path).query({ limit: "3" }).reply(200, page([main, branch()], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "1" })
      .reply(200, page([branch("br_cpr1420000001", "pr-142"), branch("br_cpr1430000001", "pr-143")], "cursor-3"));

    const { result, summary } = await runAction<{ id: string }[]>(action, { projectId, maxResults: 3 });

    expect(result.map((b) => b.id)).toEqual(["br_cmain00000001", "br_cfeature00001", "br_cpr1420000001"]);
    expect(summary).toBe(`Found 3 branches in project ${projectId}`);
  });

  it("uses the singular for one branch, and reports none", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([main]));
    expect((await runAction(action, { projectId })).summary).toBe(`Found 1 branch in project ${projectId}`);
    api().get(path).query({ limit: "100", gitNameContains: "hotfix" }).reply(200, page([]));
    const none = await runAction(action, { projectId, gitNameContains: "hotfix" });
    expect(none.result).toEqual([]);
    expect(none.summary).toBe(`Found 0 branches in project ${projectId} with a git name containing "hotfix"`);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(path).query({ limit: "100" }).reply(404, errorBody("resource-not-found", "Project not found", "Check the project ID"));

    const error = await runActionError(action, { projectId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "Check the project ID" });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Project not found. Hint: Check the project ID.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("is read-only and idempotent, and says the endpoints are experimental", () => {
    expect(action.annotations).toEqual({ destructiveHint: false, openWorldHint: true, readOnlyHint: true, idempotentHint: true });
    expect(action.description).toContain("Prisma marks the branch endpoints experimental");
  });

  it.each([
    [{ projectId: undefined }, /Project ID is required/],
    [{ projectId: "br_cfeature00001" }, /Project ID "br_cfeature00001" is not a valid Prisma project ID/],
    [{ gitNameContains: " feature/" }, /Git Name Contains " feature\/" starts or ends with whitespace/],
    [{ gitNameContains: "x".repeat(256) }, /Git Name Contains must be 1 to 255 characters/],
    [{ maxResults: 0 }, /Max Results must be a whole number from 1/],
    [{ maxResults: "many" }, /Max Results must be a whole number from 1/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
