import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/create-database/create-database";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, database, databaseCreated, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";

const projectId = "proj_corders00001";
const props = { projectId, name: "orders-staging", region: "eu-central-1", maxWaitSeconds: 0 };
// Default Database false is what the API assumes when the field is absent, so the body
// carries `isDefault` only when it is true.
const body = { projectId, name: "orders-staging", region: "eu-central-1" };

function withoutNamedStrings(result: Record<string, unknown>) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
  return rest;
}

describe("create-database", () => {
  afterEach(() => vi.useRealTimers());

  it("creates the database and returns its IDs and one-time connection strings in named fields", async () => {
    api().post("/v1/databases", body).reply(201, { data: databaseCreated("db_cnewdb000001", { status: "ready", name: "orders-staging" }) });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 });

    expect(result).toMatchObject({
      databaseId: "db_cnewdb000001",
      databaseName: "orders-staging",
      status: "ready",
      region: "us-east-1",
      projectId,
      isDefault: false,
      alreadyExisted: false,
      polls: 0,
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(summary).toBe(`Created database "orders-staging" (db_cnewdb000001) in project ${projectId}, region us-east-1, status ready`);
    const rest = withoutNamedStrings(result);
    expect(rest.database).toMatchObject({ id: "db_cnewdb000001", connections: [{ id: "con_cnewdefault1" }] });
    for (const secret of SECRETS) expect(everything(rest, exports)).not.toContain(secret);
  });

  it("sends isDefault, logicalId and the inherit region when set", async () => {
    api().post("/v1/databases", { projectId, name: "orders-staging", region: "inherit", isDefault: true, logicalId: "orders-staging" })
      .reply(201, { data: databaseCreated("db_cnewdb000001", { status: "ready", isDefault: true }) });

    const { result } = await runAction<Record<string, unknown>>(action, { ...props, region: "inherit", isDefault: true, logicalId: "orders-staging" });

    expect(result).toMatchObject({ databaseId: "db_cnewdb000001", isDefault: true });
  });

  it("leaves isDefault out of the body when it is false", async () => {
    api().post("/v1/databases", (sent: Record<string, unknown>) => JSON.stringify(sent) === JSON.stringify(body))
      .reply(201, { data: databaseCreated("db_cnewdb000001", { status: "ready" }) });
    const { result } = await runAction<Record<string, unknown>>(action, { ...props, isDefault: false });
    expect(result.databaseId).toBe("db_cnewdb000001");
  });

  it("makes no poll when Max Wait Seconds is 0 and reports the status the create returned", async () => {
    api().post("/v1/databases", body).reply(201, { data: databaseCreated("db_cnewdb000001") });

    const { result, summary } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({ status: "provisioning", polls: 0, directConnectionString: DIRECT_URL });
    expect(summary).toBe(`Created database "orders" (db_cnewdb000001) in project ${projectId}, region us-east-1, status provisioning`);
  });

  describe("waiting until ready", () => {
    beforeEach(() => useFakeClock());

    it("polls the new database until it is ready and keeps the strings from the create", async () => {
      api().post("/v1/databases", body).reply(201, { data: databaseCreated("db_cnewdb000001") });
      api().get("/v1/databases/db_cnewdb000001").times(2).reply(200, { data: database("db_cnewdb000001", { status: "provisioning", isDefault: false }) });
      api().get("/v1/databases/db_cnewdb000001").reply(200, { data: database("db_cnewdb000001", { status: "ready", isDefault: false }) });

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({
        status: "ready", polls: 3, databaseId: "db_cnewdb000001",
        directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL,
      });
      expect(summary).toContain("status ready");
      for (const secret of SECRETS) expect(everything(withoutNamedStrings(result), exports)).not.toContain(secret);
    });

    it("fails with the database ID when the database ends in failure", async () => {
      api().post("/v1/databases", body).reply(201, { data: databaseCreated("db_cnewdb000001") });
      api().get("/v1/databases/db_cnewdb000001").reply(200, { data: database("db_cnewdb000001", { status: "failure" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 60 }));

      expect(error.name).toBe("DatabaseWaitError");
      expect(error.message).toContain('Database db_cnewdb000001 failed to become ready (status "failure")');
      expect(error.message).toContain("**Delete Database**");
      for (const secret of SECRETS) expect(everything(error)).not.toContain(secret);
    });
  });

  it("returns the existing database on a 409 for its logicalId, with exactly one create request", async () => {
    api().post("/v1/databases", { ...body, logicalId: "orders-staging" })
      .reply(409, errorBody("conflict", "A database with logicalId orders-staging already exists"));
    api().get("/v1/databases").query({ projectId, logicalId: "orders-staging", limit: "1" })
      .reply(200, page([database("db_cexisting0001", { name: "orders-staging", logicalId: "orders-staging", isDefault: false })]));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId: "orders-staging" });

    expect(result).toMatchObject({
      databaseId: "db_cexisting0001", databaseName: "orders-staging", alreadyExisted: true, polls: 0,
      directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null,
    });
    expect(summary).toBe('Database with logical ID "orders-staging" already exists: returned "orders-staging" (db_cexisting0001); nothing was created');
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("rethrows the 409 when no database with that logicalId can be found", async () => {
    api().post("/v1/databases", { ...body, logicalId: "orders-staging" }).reply(409, errorBody("conflict", "logicalId taken"));
    api().get("/v1/databases").query({ projectId, logicalId: "orders-staging", limit: "1" }).reply(200, page([]));

    const error = await runActionError(action, { ...props, logicalId: "orders-staging" });

    expect(error.message).toContain("Prisma API error 409 (conflict): logicalId taken");
    expect(error.message).toContain("A database with this Logical ID already exists in the project.");
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/databases", body).reply(403, errorBody("permission-denied", "Database limit reached for plan", "Upgrade your workspace"));

    const error = await runActionError(action, props);

    expect(error).toMatchObject({ status: 403, code: "permission-denied", hint: "Upgrade your workspace" });
    expect(error.message).toContain("Prisma API error 403 (permission-denied): Database limit reached for plan Hint: Upgrade your workspace");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ projectId: "" }, /Project ID is required/],
    [{ projectId: "proj 1" }, /Project ID "proj 1" is not a valid Prisma project ID/],
    [{ name: "" }, /Name must be 1 to 256 characters/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ region: undefined }, /Region "undefined" is not accepted for a database/],
    [{ region: "eu-west-1" }, /Region "eu-west-1" is not accepted for a database\. Use one of: us-east-1.*or "inherit"/],
    [{ isDefault: "yes" }, /Default Database must be true or false/],
    [{ logicalId: "Orders Staging" }, /Logical ID "Orders Staging" is not valid/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
    [{ maxWaitSeconds: -1 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
