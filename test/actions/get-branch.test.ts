import { describe, expect, it } from "vitest";
import action from "../../actions/get-branch/get-branch";
import { branch } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const branchId = "br_cfeature00001";
const projectId = "proj_corders00001";
const other = { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" };

describe("get-branch", () => {
  it("returns the branch as answered, with one request by branch ID", async () => {
    api().get(`/v1/branches/${branchId}`).reply(200, { data: branch() });

    const { result, summary } = await runAction(action, { branchId });

    expect(result).toEqual(branch());
    expect(summary).toBe(`Found branch "feature/login" (${branchId}) of project ${projectId}, preview`);
  });

  it("checks the branch against the project given, with or without its prefix", async () => {
    const main = branch("br_cmain00000001", "main", { role: "production", isDefault: true });
    api().get("/v1/branches/br_cmain00000001").reply(200, { data: main });
    api().get("/v1/branches/br_cmain00000001").reply(200, { data: main });

    const prefixed = await runAction(action, { projectId, branchId: "br_cmain00000001" });
    const bare = await runAction(action, { projectId: "corders00001", branchId: "br_cmain00000001" });

    expect(prefixed.result).toEqual(main);
    expect(prefixed.summary).toBe(`Found branch "main" (br_cmain00000001) of project ${projectId}, production, the default`);
    expect(bare.result).toEqual(main);
  });

  it("returns nothing and says so when the branch belongs to another project", async () => {
    api().get(`/v1/branches/${branchId}`).reply(200, { data: branch(branchId, "feature/login", { project: other }) });

    const error = await runActionError(action, { projectId, branchId });

    expect(error.message).toBe(
      `Branch ${branchId} ("feature/login") belongs to project proj_cother000001 ("billing"), not to project ${projectId}. ` +
      "Check `projectId` and `branchId`: pick the branch from the dropdown of the right project, or leave `projectId` empty.",
    );
    expect(error.exports).toEqual({});
  });

  it("surfaces a 404 with the API's detail, without the token", async () => {
    api().get(`/v1/branches/${branchId}`).reply(404, errorBody("resource-not-found", "Branch not found", "Check the branch ID"));

    const error = await runActionError(action, { branchId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "Check the branch ID" });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Branch not found. Hint: Check the branch ID.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ branchId: undefined }, /Branch ID is required/],
    [{ branchId: "" }, /Branch ID is required/],
    [{ branchId: "br-1" }, /Branch ID "br-1" is not a valid Prisma branch ID/],
    [{ branchId: "db_corders000001" }, /Branch ID "db_corders000001" is not a valid Prisma branch ID/],
    [{ projectId: "proj 1" }, /Project ID "proj 1" is not a valid Prisma project ID/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { branchId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
