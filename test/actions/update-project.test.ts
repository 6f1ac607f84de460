import { describe, expect, it } from "vitest";
import action from "../../actions/update-project/update-project";
import { project } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";

describe("update-project", () => {
  it("sends exactly the new name and returns the renamed project", async () => {
    const renamed = project(projectId, "orders-v2");
    api().patch(`/v1/projects/${projectId}`, { name: "orders-v2" }).reply(200, { data: renamed });

    const { result, summary } = await runAction(action, { projectId, name: "orders-v2" });

    expect(result).toEqual(renamed);
    expect(summary).toBe(`Renamed project ${projectId} to "orders-v2"`);
  });

  it("trims the name and accepts 256 characters", async () => {
    const long = "x".repeat(256);
    api().patch(`/v1/projects/${projectId}`, { name: long }).reply(200, { data: project(projectId, long) });

    const { result } = await runAction<{ name: string }>(action, { projectId, name: `  ${long}  ` });

    expect(result.name).toBe(long);
  });

  it("surfaces a 403 with the API's code, message and hint, without the token", async () => {
    api().patch(`/v1/projects/${projectId}`, { name: "orders-v2" })
      .reply(403, errorBody("permission-denied", "Actor does not have access to the project", "Use a token of the project's workspace"));

    const error = await runActionError(action, { projectId, name: "orders-v2" });

    expect(error.message).toContain("Prisma API error 403 (permission-denied): Actor does not have access to the project. Hint: Use a token of the project's workspace.");
    expect(error.status).toBe(403);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ name: "" }, /^Name is required: 1 to 256 characters\.$/],
    [{ name: "   " }, /^Name is required: 1 to 256 characters\.$/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ name: undefined }, /^Name is required: 1 to 256 characters\.$/],
    [{ projectId: "orders project" }, /Project ID "orders project" is not a valid Prisma project ID/],
    [{ projectId: undefined }, /Project ID is required/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, name: "orders-v2", ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
