import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/create-project/create-project";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, database, page, project, projectCreated } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";

const props = { name: "orders", region: "us-east-1", maxWaitSeconds: 0 };

describe("create-project", () => {
  afterEach(() => vi.useRealTimers());

  it("creates the project and returns its IDs and one-time connection strings in named fields", async () => {
    api().post("/v1/projects", { name: "orders", region: "us-east-1" }).reply(201, { data: projectCreated("proj_cnewproj0001", "db_cnewdefault01", "ready") });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({
      projectId: "proj_cnewproj0001",
      projectName: "orders",
      workspaceId: "wksp_cmain0000001",
      databaseId: "db_cnewdefault01",
      status: "ready",
      region: "us-east-1",
      alreadyExisted: false,
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(summary).toBe('Created project "orders" (proj_cnewproj0001) with database db_cnewdefault01 in us-east-1, status ready');
    // The secrets live only in the three named fields.
    const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
    for (const secret of SECRETS) expect(everything(rest, exports)).not.toContain(secret);
  });

  it("sends workspaceId and logicalId when given", async () => {
    api().post("/v1/projects", { name: "orders", region: "eu-central-1", workspaceId: "wksp_cmain0000001", logicalId: "orders-prod" })
      .reply(201, { data: projectCreated("proj_cnewproj0001", "db_cnewdefault01", "ready") });
    const { result } = await runAction<Record<string, unknown>>(action, { ...props, region: "eu-central-1", workspaceId: "wksp_cmain0000001", logicalId: "orders-prod" });
    expect(result.projectId).toBe("proj_cnewproj0001");
  });

  describe("waiting until ready", () => {
    beforeEach(() => useFakeClock());

    it("polls the new database until it is ready", async () => {
      api().post("/v1/projects", { name: "orders", region: "us-east-1" }).reply(201, { data: projectCreated() });
      api().get("/v1/databases/db_cnewdefault01").times(2).reply(200, { data: database("db_cnewdefault01", { status: "provisioning" }) });
      api().get("/v1/databases/db_cnewdefault01").reply(200, { data: database("db_cnewdefault01", { status: "ready" }) });

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ status: "ready", polls: 3, directConnectionString: DIRECT_URL });
      expect(summary).toContain("status ready");
    });

    it("names the database, its last status and that it exists when time runs out", async () => {
      api().post("/v1/projects").reply(201, { data: projectCreated() });
      api().get("/v1/databases/db_cnewdefault01").times(4).reply(200, { data: database("db_cnewdefault01", { status: "provisioning" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 5 }));

      expect(error.message).toMatch(/^Project "orders" \(proj_cnewproj0001\) was created\. Its connection strings were shown only in the create response/);
      expect(error.message).toMatch(/db_cnewdefault01 is still "provisioning" after 5 s\. It exists: do not create it again/);
    });
  });

  it("returns the existing project on a 409 for its logicalId, with exactly one create request", async () => {
    api().post("/v1/projects", { name: "orders", region: "us-east-1", logicalId: "orders-prod" })
      .reply(409, errorBody("conflict", "A project with logicalId orders-prod already exists"));
    api().get("/v1/projects").query({ logicalId: "orders-prod", limit: "1" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId: "orders-prod" })]));
    api().get("/v1/projects/proj_cexisting001/databases").reply(200, page([database("db_cexisting0001")]));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId: "orders-prod" });

    expect(result).toMatchObject({ projectId: "proj_cexisting001", databaseId: "db_cexisting0001", alreadyExisted: true, directConnectionString: null });
    expect(summary).toBe('Project with logical ID "orders-prod" already exists: returned "orders" (proj_cexisting001); nothing was created');
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/projects").reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token Hint: Create a new service token");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ name: "" }, /Name must be 1 to 256 characters/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ region: "eu-west-1" }, /Region "eu-west-1" is not a Prisma Postgres region\. Use one of: us-east-1, us-west-1/],
    [{ workspaceId: "workspace 1" }, /Workspace ID "workspace 1" is not a valid Prisma workspace ID/],
    [{ logicalId: "Orders Prod" }, /Logical ID "Orders Prod" is not valid/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
