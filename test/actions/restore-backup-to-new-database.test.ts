import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/restore-backup-to-new-database/restore-backup-to-new-database";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, database, databaseCreated, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";

const projectId = "proj_corders00001";
const sourceId = "db_corders000001";
const newId = "db_cnewdb000001";
const backupId = "bkp_c2026110300";
const props = { projectId, databaseId: sourceId, backupId, name: "orders-restored" };
const source = { type: "backup", databaseId: sourceId, backupId } as const;

function body(region = "inherit") {
  return { projectId, name: "orders-restored", region, source };
}

function created(status: "provisioning" | "ready") {
  return { data: databaseCreated(newId, { name: "orders-restored", status, source }) };
}

function withoutNamedFields(result: Record<string, unknown>) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
  return rest;
}

describe("restore-backup-to-new-database", () => {
  afterEach(() => vi.useRealTimers());

  it("creates a database from the backup and returns its one-time strings in the named fields only", async () => {
    api().post("/v1/databases", body()).reply(201, created("ready"));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({
      databaseId: newId,
      databaseName: "orders-restored",
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
    expect(result.database).toMatchObject({ id: newId, source });
    expect(summary).toBe(`Restored backup ${backupId} of database ${sourceId} into new database "orders-restored" (${newId}) in us-east-1, status ready`);
    for (const secret of SECRETS) expect(everything(withoutNamedFields(result), exports)).not.toContain(secret);
  });

  it("sends the chosen region and a trimmed backup ID", async () => {
    api().post("/v1/databases", body("eu-central-1")).reply(201, created("ready"));
    const { result } = await runAction<Record<string, unknown>>(action, { ...props, backupId: `  ${backupId} `, region: "eu-central-1" });
    expect(result.databaseId).toBe(newId);
  });

  it("is not destructive and has no confirm prop", () => {
    expect(action.annotations).toMatchObject({ destructiveHint: false, readOnlyHint: false });
    expect(action.props).not.toHaveProperty("confirm");
  });

  it("returns the database made by an earlier run with the same logical ID, creating nothing", async () => {
    api().post("/v1/databases", { projectId, name: "orders-restored", region: "inherit", source, logicalId: "orders-restored" })
      .reply(409, errorBody("conflict", "A database with the same logicalId already exists on the branch."));
    api().get("/v1/databases").query({ projectId, logicalId: "orders-restored", limit: "1" })
      .reply(200, page([database("db_cearlier000001", { name: "orders-restored", isDefault: false, logicalId: "orders-restored" })]));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId: "orders-restored" });

    expect(result).toMatchObject({ databaseId: "db_cearlier000001", alreadyExisted: true, directConnectionString: null });
    expect(summary).toBe('Database with logical ID "orders-restored" already exists: returned "orders-restored" (db_cearlier000001); nothing was created');
  });

  describe("waiting until ready", () => {
    beforeEach(() => useFakeClock());

    it("polls the new database until it is ready", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      api().get(`/v1/databases/${newId}`).times(2).reply(200, { data: database(newId, { status: "provisioning" }) });
      api().get(`/v1/databases/${newId}`).reply(200, { data: database(newId, { status: "ready", name: "orders-restored" }) });

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ status: "ready", polls: 3, directConnectionString: DIRECT_URL });
      expect(summary).toMatch(/status ready$/);
    });

    it("names the database, its last status and that it exists when time runs out", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      api().get(`/v1/databases/${newId}`).times(4).reply(200, { data: database(newId, { status: "provisioning" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 5 }));

      expect(error.message).toContain(`Database ${newId} is still "provisioning" after 5 s. It exists: do not create it again.`);
      expect(everything(error)).not.toContain(TOKEN);
    });

    it("makes no poll when Max Wait Seconds is 0", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 0 }));

      expect(result).toMatchObject({ status: "provisioning", polls: 0, directConnectionString: DIRECT_URL });
      expect(summary).toMatch(/status provisioning$/);
    });
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/databases", body())
      .reply(404, errorBody("resource-not-found", `backup ${backupId} not found`, "Pick a backup from the list"));
    const error = await runActionError(action, props);
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): backup ${backupId} not found Hint: Pick a backup from the list`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ projectId: undefined }, /Project ID is required/],
    [{ projectId: "project 1" }, /Project ID "project 1" is not a valid Prisma project ID/],
    [{ databaseId: "db-1" }, /Source Database ID "db-1" is not a valid Prisma database ID/],
    [{ backupId: undefined }, /Backup ID is required/],
    [{ backupId: "   " }, /Backup ID is required/],
    [{ name: "" }, /Name must be 1 to 256 characters/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ region: "eu-west-1" }, /Region "eu-west-1" is not accepted for a database/],
    [{ maxWaitSeconds: -1 }, /Max Wait Seconds must be a whole number from 0 to 600/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
