import { describe, expect, it } from "vitest";
import action from "../../actions/list-databases/list-databases";
import { SECRETS, SECRET_PASSWORD, database, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const projectId = "proj_corders00001";
const path = `/v1/projects/${projectId}/databases`;

describe("list-databases", () => {
  it("follows every page to the end and returns the databases without credentials", async () => {
    api().get(path).query({ limit: "100" })
      .reply(200, page([database("db_corders000001"), database("db_cstaging00001", { isDefault: false, name: "staging" })], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "100" })
      .reply(200, page([database("db_canalytics001", { isDefault: false, name: "analytics", status: "provisioning" })]));

    const { result, summary, exports } = await runAction<Record<string, unknown>[]>(action, { projectId });

    expect(result.map((d) => d.id)).toEqual(["db_corders000001", "db_cstaging00001", "db_canalytics001"]);
    expect(result[2]).toMatchObject({ name: "analytics", status: "provisioning", isDefault: false, region: { id: "us-east-1" } });
    expect(summary).toBe(`Found 3 databases in project ${projectId}`);
    // The deprecated directConnection keeps its host and user but loses the password.
    expect((result[0].connections as Record<string, unknown>[])[0].directConnection).toEqual({ host: "db.prisma.io:5432", user: "user_abc" });
    expect(JSON.stringify(result)).not.toContain(SECRET_PASSWORD);
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("honours Max Results, asking only for what is still missing", async () => {
    api().get(path).query({ limit: "3" })
      .reply(200, page([database("db_corders000001"), database("db_cstaging00001")], "cursor-2"));
    api().get(path).query({ cursor: "cursor-2", limit: "1" })
      .reply(200, page([database("db_canalytics001")], "cursor-3"));

    const { result, summary } = await runAction<{ id: string }[]>(action, { projectId, maxResults: 3 });

    expect(result.map((d) => d.id)).toEqual(["db_corders000001", "db_cstaging00001", "db_canalytics001"]);
    expect(summary).toBe(`Found 3 databases in project ${projectId}`);
  });

  it("passes over rows the answer shows in another project or branch, from a filter the API ignored", async () => {
    const elsewhere = { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "other" };
    api().get(path).query({ limit: "100" })
      .reply(200, page([database("db_corders000001"), database("db_cother0000001", { project: elsewhere })]));

    const { result, summary } = await runAction<{ id: string }[]>(action, { projectId });

    expect(result.map((d) => d.id)).toEqual(["db_corders000001"]);
    expect(summary).toBe(`Found 1 database in project ${projectId}`);
  });

  it("on a branch, passes over rows the answer shows on another branch", async () => {
    const branchId = "br_cpr142000001";
    api().get("/v1/databases").query({ projectId, branchId, limit: "100" })
      .reply(200, page([database("db_cpr1420000001", { branchId }), database("db_cmain00000001", { branchId: "br_cmain00000001" })]));

    const { result, summary } = await runAction<{ id: string }[]>(action, { projectId, branchId });

    expect(result.map((d) => d.id)).toEqual(["db_cpr1420000001"]);
    expect(summary).toBe(`Found 1 database in project ${projectId}, branch ${branchId}`);
  });

  it("reports an empty project", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([]));
    const { result, summary } = await runAction(action, { projectId });
    expect(result).toEqual([]);
    expect(summary).toBe(`Found 0 databases in project ${projectId}`);
  });

  it("uses the singular for one database", async () => {
    api().get(path).query({ limit: "100" }).reply(200, page([database()]));
    const { summary } = await runAction(action, { projectId });
    expect(summary).toBe(`Found 1 database in project ${projectId}`);
  });

  describe("with a branch", () => {
    const branchId = "br_cfeature00001";
    const onBranch = (id: string, name: string) => database(id, { isDefault: false, name, branchId });

    it("lists through /v1/databases filtered by project and branch, every page, without credentials", async () => {
      api().get("/v1/databases").query({ projectId, branchId, limit: "100" })
        .reply(200, page([onBranch("db_cpr1420000001", "pr-142")], "cursor-2"));
      api().get("/v1/databases").query({ projectId, branchId, cursor: "cursor-2", limit: "100" })
        .reply(200, page([onBranch("db_cpr1420000002", "pr-142-analytics")]));

      const { result, summary, exports } = await runAction<Record<string, unknown>[]>(action, { projectId, branchId });

      expect(result.map((d) => [d.id, d.branchId])).toEqual([["db_cpr1420000001", branchId], ["db_cpr1420000002", branchId]]);
      expect(summary).toBe(`Found 2 databases in project ${projectId}, branch ${branchId}`);
      for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
    });

    it("honours Max Results on the branch route too", async () => {
      api().get("/v1/databases").query({ projectId, branchId, limit: "2" })
        .reply(200, page([onBranch("db_cpr1420000001", "a")], "cursor-2"));
      api().get("/v1/databases").query({ projectId, branchId, cursor: "cursor-2", limit: "1" })
        .reply(200, page([onBranch("db_cpr1420000002", "b"), onBranch("db_cpr1420000003", "c")], "cursor-3"));

      const { result, summary } = await runAction<{ id: string }[]>(action, { projectId, branchId, maxResults: 2 });

      expect(result.map((d) => d.id)).toEqual(["db_cpr1420000001", "db_cpr1420000002"]);
      expect(summary).toBe(`Found 2 databases in project ${projectId}, branch ${branchId}`);
    });

    it.each([undefined, ""])("keeps the project's own route when the branch is %j", async (empty) => {
      api().get(path).query({ limit: "100" }).reply(200, page([database()]));
      const { summary } = await runAction(action, { projectId, branchId: empty });
      expect(summary).toBe(`Found 1 database in project ${projectId}`);
    });
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(path).query({ limit: "100" }).reply(404, errorBody("resource-not-found", "Project not found", "Check the project ID"));

    const error = await runActionError(action, { projectId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "Check the project ID" });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Project not found. Hint: Check the project ID.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ projectId: undefined }, /Project ID is required/],
    [{ projectId: "proj-1" }, /Project ID "proj-1" is not a valid Prisma project ID/],
    [{ branchId: "br-1" }, /Branch ID "br-1" is not a valid Prisma branch ID/],
    [{ branchId: "proj_corders00001" }, /Branch ID "proj_corders00001" is not a valid Prisma branch ID/],
    [{ maxResults: 0 }, /Max Results must be a whole number from 1/],
    [{ maxResults: 2.5 }, /Max Results must be a whole number from 1/],
    [{ maxResults: "many" }, /Max Results must be a whole number from 1/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
