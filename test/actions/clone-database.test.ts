import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/clone-database/clone-database";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, database, databaseCreated, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";

const projectId = "proj_corders00001";
const sourceId = "db_corders000001";
const newId = "db_cnewdb000001";
const props = { projectId, databaseId: sourceId, name: "orders-staging" };
const source = { type: "database", databaseId: sourceId } as const;

function body(region = "inherit") {
  return { projectId, name: "orders-staging", region, source };
}

function created(status: "provisioning" | "ready", region = { id: "us-east-1", name: "US East (N. Virginia)" }) {
  return { data: databaseCreated(newId, { name: "orders-staging", status, source, region }) };
}

describe("clone-database", () => {
  afterEach(() => vi.useRealTimers());

  it("copies the database into the project's default region when no region is given", async () => {
    api().post("/v1/databases", body("inherit")).reply(201, created("ready"));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({
      databaseId: newId,
      databaseName: "orders-staging",
      status: "ready",
      region: "us-east-1",
      projectId,
      alreadyExisted: false,
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(summary).toBe(`Cloned database ${sourceId} into new database "orders-staging" (${newId}) in us-east-1, status ready`);
    const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
    for (const secret of SECRETS) expect(everything(rest, exports)).not.toContain(secret);
  });

  it("sends the region when one is given", async () => {
    api().post("/v1/databases", body("ap-northeast-1")).reply(201, created("ready", { id: "ap-northeast-1", name: "Asia Pacific (Tokyo)" }));
    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, region: "ap-northeast-1" });
    expect(result.region).toBe("ap-northeast-1");
    expect(summary).toContain("in ap-northeast-1");
  });

  it("returns the database made by an earlier run with the same logical ID, creating nothing", async () => {
    api().post("/v1/databases", { projectId, name: "orders-staging", region: "inherit", source, logicalId: "orders-staging" })
      .reply(409, errorBody("conflict", "A database with the same logicalId already exists on the branch."));
    api().get("/v1/databases").query({ projectId, logicalId: "orders-staging", limit: "1" })
      .reply(200, page([database("db_cearlier000001", { name: "orders-staging", isDefault: false, logicalId: "orders-staging" })]));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId: "orders-staging" });

    expect(result).toMatchObject({ databaseId: "db_cearlier000001", alreadyExisted: true, directConnectionString: null });
    expect(summary).toBe('Database with logical ID "orders-staging" already exists: returned "orders-staging" (db_cearlier000001); nothing was created');
  });

  describe("waiting until ready", () => {
    beforeEach(() => useFakeClock());

    it("polls the copy until it is ready", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      api().get(`/v1/databases/${newId}`).times(3).reply(200, { data: database(newId, { status: "provisioning" }) });
      api().get(`/v1/databases/${newId}`).reply(200, { data: database(newId, { status: "ready", name: "orders-staging" }) });

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ status: "ready", polls: 4, directConnectionString: DIRECT_URL });
      expect(summary).toMatch(/status ready$/);
    });

    it("ends with an error naming the database when it fails", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      api().get(`/v1/databases/${newId}`).reply(200, { data: database(newId, { status: "provisioning" }) });
      api().get(`/v1/databases/${newId}`).reply(200, { data: database(newId, { status: "failure" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 60 }));

      expect(error.message).toContain(`Database ${newId} failed to become ready (status "failure")`);
      expect(everything(error)).not.toContain(TOKEN);
      for (const secret of SECRETS) expect(everything(error)).not.toContain(secret);
    });

    it("names the database, its last status and that it exists when time runs out", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      api().get(`/v1/databases/${newId}`).times(2).reply(200, { data: database(newId, { status: "provisioning" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 2 }));

      expect(error.message).toContain(`Database ${newId} is still "provisioning" after 2 s. It exists`);
    });

    it("makes no poll when Max Wait Seconds is 0", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 0 }));
      expect(result).toMatchObject({ status: "provisioning", polls: 0 });
    });
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/databases", body())
      .reply(403, errorBody("permission-denied", "Database limit reached for this plan", "Upgrade your plan"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 403 (permission-denied): Database limit reached for this plan Hint: Upgrade your plan");
    expect(error.message).toContain("delete unused ones or upgrade the plan");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ projectId: "" }, /Project ID is required/],
    [{ databaseId: undefined }, /Source Database ID is required/],
    [{ databaseId: "db 1" }, /Source Database ID "db 1" is not a valid Prisma database ID/],
    [{ name: "  " }, /Name must be 1 to 256 characters/],
    [{ region: "mars-1" }, /Region "mars-1" is not accepted for a database/],
    [{ maxWaitSeconds: 1.5 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
