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

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(path).query({ limit: "100" }).reply(404, errorBody("resource-not-found", "Project not found", "Check the project ID"));

    const error = await runActionError(action, { projectId });

    expect(error).toMatchObject({ status: 404, code: "resource-not-found", hint: "Check the project ID" });
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): Project not found Hint: Check the project ID");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ projectId: undefined }, /Project ID is required/],
    [{ projectId: "proj-1" }, /Project ID "proj-1" is not a valid Prisma project ID/],
    [{ maxResults: 0 }, /Max Results must be a whole number from 1/],
    [{ maxResults: 2.5 }, /Max Results must be a whole number from 1/],
    [{ maxResults: "many" }, /Max Results must be a whole number from 1/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
