import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/restore-backup-to-new-database/restore-backup-to-new-database";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, database, databaseCreated, defaultBranch, networkError, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, resumeInWorkflow, runInWorkflow } from "../workflow";

const projectId = "proj_corders00001";
const sourceId = "db_corders000001";
const newId = "db_cnewdb000001";
const backupId = "bkp_c2026110300";
const mainBranchId = "br_cmain00000001";
const featureBranchId = "br_cfeature00001";
const logicalId = "orders-restored";
const props = { projectId, databaseId: sourceId, backupId, name: "orders-restored" };
const source = { type: "backup", databaseId: sourceId, backupId } as const;
const START = Date.parse("2026-11-01T10:00:00.000Z");
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const NO_STRINGS = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
const clash = errorBody("conflict", "A database with the same logicalId already exists on the branch.");
const lookup = (branchId: string) => ({ projectId, logicalId, branchId, limit: "100" });

function body(region = "inherit", extra: { branchId?: string; logicalId?: string } = {}) {
  return { projectId, ...extra.branchId ? { branchId: extra.branchId } : {}, name: "orders-restored", region, source, ...extra.logicalId ? { logicalId: extra.logicalId } : {} };
}

function created(status: "provisioning" | "ready") {
  return { data: databaseCreated(newId, { name: "orders-restored", status, source }) };
}

const earlier = (extra: Parameters<typeof database>[1] = {}) =>
  database("db_cearlier00001", { name: "orders-restored", isDefault: false, logicalId, branchId: mainBranchId, source, ...extra });

const stillProvisioning = (seconds: number) =>
  `Database ${newId} is still "provisioning" at the end of its ${seconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`;
const restoredSummary = (readiness: string) =>
  `Restored backup ${backupId} of database ${sourceId} into new database "orders-restored" (${newId}) in us-east-1, ${readiness}`;
const reusedSummary = `Database with logical ID "${logicalId}" already exists: returned "orders-restored" (db_cearlier00001); nothing was created, status ready`;

function outcome(extra: Record<string, unknown> = {}) {
  return {
    databaseId: newId, databaseName: "orders-restored", status: "ready", ready: true, waitError: null,
    region: "us-east-1", projectId, branchId: null, isDefault: false, alreadyExisted: false, differences: [], polls: 0,
    ...STRINGS,
    database: expect.objectContaining({ id: newId, source, status: extra.status ?? "ready" }),
    ...extra,
  };
}

function expectSecretsOnlyInNamedFields(result: unknown, exports: unknown) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result as Record<string, unknown>;
  for (const secret of [...SECRETS, TOKEN]) expect(everything(rest, exports)).not.toContain(secret);
}

describe("restore-backup-to-new-database", () => {
  afterEach(() => vi.useRealTimers());

  it("creates a database from the backup and returns its one-time strings in the named fields only", async () => {
    api().post("/v1/databases", body()).reply(201, created("ready"));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome());
    expect(summary).toBe(restoredSummary("status ready"));
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("sends the chosen region, the branch and a trimmed backup ID", async () => {
    api().post("/v1/databases", body("eu-central-1", { branchId: featureBranchId })).reply(201, created("ready"));
    const { result } = await runAction<Record<string, unknown>>(action, { ...props, backupId: `  ${backupId} `, region: "eu-central-1", branchId: featureBranchId });
    expect(result.databaseId).toBe(newId);
  });

  it("is not destructive and has no confirm prop", () => {
    expect(action.annotations).toMatchObject({ destructiveHint: false, readOnlyHint: false });
    expect(action.props).not.toHaveProperty("confirm");
  });

  it("sends the restore once when its answer is lost, and says the database may exist, how to check, and the risk of a twin", async () => {
    api().post("/v1/databases", body()).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const error = await runActionError(action, props);

    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database.");
    for (const secret of [...SECRETS, TOKEN]) expect(everything(error)).not.toContain(secret);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/databases", body())
      .reply(404, errorBody("resource-not-found", `backup ${backupId} not found`, "Pick a backup from the list"));
    const error = await runActionError(action, props);
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): backup ${backupId} not found. Hint: Pick a backup from the list.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  describe("a re-run with the same Logical ID", () => {
    it("finds the database on the project's default branch and creates nothing", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier()]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual({
        ...outcome({ databaseId: "db_cearlier00001", branchId: mainBranchId, alreadyExisted: true, ...NO_STRINGS }),
        database: expect.objectContaining({ id: "db_cearlier00001", logicalId }),
      });
      expect(summary).toBe(reusedSummary);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("looks on the branch given, without reading the branches", async () => {
      api().post("/v1/databases", body("inherit", { branchId: featureBranchId, logicalId })).reply(409, clash);
      api().get("/v1/databases").query(lookup(featureBranchId)).reply(200, page([earlier({ branchId: featureBranchId })]));

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, branchId: featureBranchId, logicalId });

      expect(result).toMatchObject({ databaseId: "db_cearlier00001", branchId: featureBranchId, alreadyExisted: true, ...NO_STRINGS });
    });

    it.each([
      ["of another branch", { branchId: mainBranchId }],
      ["with another Logical ID", { branchId: featureBranchId, logicalId: "orders" }],
    ])("rethrows the original 409 when the lookup answers only a database %s", async (_case, extra) => {
      api().post("/v1/databases", body("inherit", { branchId: featureBranchId, logicalId })).reply(409, clash);
      api().get("/v1/databases").query(lookup(featureBranchId)).reply(200, page([earlier(extra)]));

      const error = await runActionError(action, { ...props, branchId: featureBranchId, logicalId });

      expect(error.message).toBe("Prisma API error 409 (conflict): A database with the same logicalId already exists on the branch. The lookup by Logical ID found no database on that branch holding it, so none was returned: find the database that holds it with **List Databases**, or choose another Logical ID.");
    });

    it("looks nothing up on a 409 planLimitReached, and gives the plan advice", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, errorBody("planLimitReached", "Database limit reached"));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (planLimitReached): Database limit reached. The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.");
    });

    it("lists a different name and source database in the result and the summary", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId))
        .reply(200, page([earlier({ name: "orders-old", source: { type: "backup", databaseId: "db_cother0000001", backupId } })]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      const differences = [
        'its name is "orders-old", not "orders-restored" as this run asked',
        `its source database is "db_cother0000001", not "${sourceId}" as this run asked`,
      ];
      expect(result).toMatchObject({ alreadyExisted: true, differences });
      expect(summary).toBe(`Database with logical ID "${logicalId}" already exists: returned "orders-old" (db_cearlier00001); nothing was created, status ready; note: ${differences[0]}; note: ${differences[1]}`);
    });

    it("lists a different backup of the same database", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId))
        .reply(200, page([earlier({ source: { type: "backup", databaseId: sourceId, backupId: "bkp_c2026110100" } })]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      const difference = `its source backup is "bkp_c2026110100", not "${backupId}" as this run asked`;
      expect(result).toMatchObject({ alreadyExisted: true, differences: [difference], ...NO_STRINGS });
      expect(summary).toBe(`${reusedSummary}; note: ${difference}`);
    });

    it("lists no difference for the same backup of the same database", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier()]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toMatchObject({ alreadyExisted: true, differences: [] });
      expect(summary).toBe(reusedSummary);
    });
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("polls the new database 2.5 s after the create, then every 5 s, until it is ready", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", "provisioning", "ready"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500, 12_500]);
      expect(result).toEqual(outcome({ polls: 3 }));
      expect(summary).toBe(restoredSummary("status ready"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with ready: false, without throwing, when Max Wait Seconds runs out", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 5 }));

      // No second poll at 3 s, only 0.5 s after the first.
      expect(at).toEqual([2500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 1, waitError: stillProvisioning(5) }));
      expect(summary).toBe(restoredSummary("status provisioning, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("makes no poll when Max Wait Seconds is 0", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 0 }));

      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 0,
        waitError: `Database ${newId} is "provisioning": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`,
      }));
      expect(summary).toBe(restoredSummary("status provisioning, not ready (see `waitError`)"));
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const at = answerPolls(newId, Array(4).fill("provisioning"), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, props));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 4, waitError: stillProvisioning(20) }));
    });

    it("returns the strings with a waitError naming **Delete Database** when the restore fails", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      answerPolls(newId, ["failure"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "failure", ready: false, polls: 1,
        waitError: `Database ${newId} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`,
      }));
      expect(summary).toBe(restoredSummary("status failure, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with the poll's error in waitError when a poll fails for good", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", [401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 2,
        waitError: `Database ${newId} exists, but checking whether it is ready failed (Prisma API error 401 (authentication-failed): Invalid token). Do not create it again: check it with **Get Database**.`,
      }));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("reads a 404 on the first poll of the new database as not visible yet", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      answerPolls(newId, [[404, errorBody("resource-not-found", "database not found")], "ready"], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({ polls: 2 }));
    });

    it("waits for a database a re-run found still provisioning", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ status: "provisioning" })]));
      answerPolls("db_cearlier00001", ["provisioning", "ready"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ databaseId: "db_cearlier00001", alreadyExisted: true, ready: true, polls: 2, ...NO_STRINGS });
      expect(summary).toBe(reusedSummary);
    });

    it("in a deployed workflow, suspends with $.flow.rerun after 10 s, then finishes on the rerun without creating again", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const firstPolls = answerPolls(newId, ["provisioning", "provisioning"], START);

      const first = await settle(runInWorkflow(action, props));

      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [newId], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${newId} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toEqual([{ delayMs: 10_000, context: expect.any(Object), maxReruns: 7 }]);
      for (const secret of [DIRECT_URL, POOLED_URL, ACCELERATE_URL]) expect(JSON.stringify(first.reruns[0].context)).toContain(secret);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(first.result, first.exports)).not.toContain(secret);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const secondPolls = answerPolls(newId, ["ready"], Date.now());

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, props, first));

      expect(secondPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(outcome({ polls: 3 }));
      expect(second.summary).toBe(restoredSummary("status ready"));
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });
  });

  it.each([
    [{ projectId: undefined }, /Project ID is required/],
    [{ projectId: "project 1" }, /Project ID "project 1" is not a valid Prisma project ID/],
    [{ databaseId: "db-1" }, /Source Database ID "db-1" is not a valid Prisma database ID/],
    [{ backupId: undefined }, /Backup ID is required/],
    [{ backupId: "   " }, /Backup ID is required/],
    [{ name: "" }, /^Name is required: 1 to 256 characters\.$/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ region: "eu-west-1" }, /Region "eu-west-1" is not accepted for a database/],
    [{ branchId: "br 1" }, /Branch ID "br 1" is not a valid Prisma branch ID/],
    [{ logicalId: "Orders" }, /Logical ID "Orders" is not valid/],
    [{ maxWaitSeconds: -1 }, /Max Wait Seconds must be a whole number from 0 to 600/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
