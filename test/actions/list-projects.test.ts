import { describe, expect, it } from "vitest";
import action from "../../actions/list-projects/list-projects";
import { SECRETS, page, project } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

describe("list-projects", () => {
  it("follows every page to the end", async () => {
    api().get("/v1/projects").query({ limit: "100" })
      .reply(200, page([project("proj_corders00001", "orders"), project("proj_cbilling0001", "billing")], "cursor-2"));
    api().get("/v1/projects").query({ cursor: "cursor-2", limit: "100" })
      .reply(200, page([project("proj_canalytics01", "analytics", { defaultRegion: "eu-central-1" })]));

    const { result, summary, exports } = await runAction<Record<string, unknown>[]>(action);

    expect(result).toEqual([
      project("proj_corders00001", "orders"),
      project("proj_cbilling0001", "billing"),
      project("proj_canalytics01", "analytics", { defaultRegion: "eu-central-1" }),
    ]);
    expect(summary).toBe("Found 3 projects");
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("honours Max Results, asking only for what is still missing", async () => {
    api().get("/v1/projects").query({ limit: "3" })
      .reply(200, page([project("proj_corders00001"), project("proj_cbilling0001")], "cursor-2"));
    api().get("/v1/projects").query({ cursor: "cursor-2", limit: "1" })
      .reply(200, page([project("proj_canalytics01"), project("proj_cextra000001")], "cursor-3"));

    const { result, summary } = await runAction<{ id: string }[]>(action, { maxResults: 3 });

    expect(result.map((p) => p.id)).toEqual(["proj_corders00001", "proj_cbilling0001", "proj_canalytics01"]);
    expect(summary).toBe("Found 3 projects");
  });

  it("stops after a full first page when Max Results is reached", async () => {
    api().get("/v1/projects").query({ limit: "1" }).reply(200, page([project("proj_corders00001")], "cursor-2"));
    const { result, summary } = await runAction<{ id: string }[]>(action, { maxResults: 1 });
    expect(result.map((p) => p.id)).toEqual(["proj_corders00001"]);
    expect(summary).toBe("Found 1 project");
  });

  it("stops when hasMore is false even if a cursor is present", async () => {
    api().get("/v1/projects").query({ limit: "100" })
      .reply(200, { data: [project()], pagination: { nextCursor: "stale", hasMore: false } });
    const { result } = await runAction<unknown[]>(action);
    expect(result).toHaveLength(1);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get("/v1/projects").query({ limit: "100" }).reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));

    const error = await runActionError(action);

    expect(error).toMatchObject({ status: 401, code: "authentication-failed", hint: "Create a new service token" });
    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Create a new service token.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([0, -1, 1.5, "ten"])("rejects Max Results %j before any request", async (maxResults) => {
    const error = await runActionError(action, { maxResults });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/Max Results must be a whole number from 1/);
  });
});
