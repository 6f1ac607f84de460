import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/clone-database/clone-database";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, SECRET_PASSWORD, branch, database, databaseCreated, defaultBranch, networkError, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, resumeInWorkflow, runInWorkflow } from "../workflow";

const projectId = "proj_corders00001";
const sourceId = "db_corders000001";
const newId = "db_cnewdb000001";
const mainBranchId = "br_cmain00000001";
const featureBranchId = "br_cfeature00001";
const logicalId = "orders-staging";
const props = { projectId, databaseId: sourceId, name: "orders-staging" };
const source = { type: "database", databaseId: sourceId } as const;
const START = Date.parse("2026-11-01T10:00:00.000Z");
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const NO_STRINGS = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
const clash = errorBody("conflict", "A database with the same logicalId already exists on the branch.");
const lookup = (branchId: string) => ({ projectId, logicalId, branchId, limit: "100" });

function body(region = "inherit", extra: { branchId?: string; logicalId?: string } = {}) {
  return { projectId, ...extra.branchId ? { branchId: extra.branchId } : {}, name: "orders-staging", region, source, ...extra.logicalId ? { logicalId: extra.logicalId } : {} };
}

function created(status: "provisioning" | "ready", region = { id: "us-east-1", name: "US East (N. Virginia)" }) {
  return { data: databaseCreated(newId, { name: "orders-staging", status, source, region }) };
}

const earlier = (extra: Parameters<typeof database>[1] = {}) =>
  database("db_cearlier00001", { name: "orders-staging", isDefault: false, logicalId, branchId: mainBranchId, source, ...extra });

const stillProvisioning = (seconds: number) =>
  `Database ${newId} is still "provisioning" at the end of its ${seconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`;
const clonedSummary = (readiness: string) =>
  `Cloned database ${sourceId} into new database "orders-staging" (${newId}) in us-east-1, ${readiness}`;
const reusedSummary = (readiness = "status ready") =>
  `Database with logical ID "${logicalId}" already exists: returned "orders-staging" (db_cearlier00001); nothing was created, ${readiness}`;

function outcome(extra: Record<string, unknown> = {}) {
  return {
    databaseId: newId, databaseName: "orders-staging", status: "ready", ready: true, waitError: null,
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

describe("clone-database", () => {
  afterEach(() => vi.useRealTimers());

  it("copies the database into the project's default region when no region is given", async () => {
    api().post("/v1/databases", body("inherit")).reply(201, created("ready"));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome());
    expect(summary).toBe(clonedSummary("status ready"));
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("sends the region and the branch when given", async () => {
    api().post("/v1/databases", body("ap-northeast-1", { branchId: featureBranchId }))
      .reply(201, created("ready", { id: "ap-northeast-1", name: "Asia Pacific (Tokyo)" }));
    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, region: "ap-northeast-1", branchId: featureBranchId });
    expect(result.region).toBe("ap-northeast-1");
    expect(summary).toBe(`Cloned database ${sourceId} into new database "orders-staging" (${newId}) in ap-northeast-1, status ready`);
  });

  it("sends the clone once when its answer is lost, and says the copy may exist, how to check, and the risk of a twin", async () => {
    api().post("/v1/databases", body()).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const error = await runActionError(action, props);

    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database.");
    for (const secret of [...SECRETS, TOKEN]) expect(everything(error)).not.toContain(secret);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/databases", body())
      .reply(403, errorBody("permission-denied", "Database limit reached for this plan", "Upgrade your plan"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 403 (permission-denied): Database limit reached for this plan. Hint: Upgrade your plan.");
    expect(error.message).toContain("delete unused ones or upgrade the plan");
    expect(everything(error)).not.toContain(TOKEN);
  });

  describe("a re-run with the same Logical ID", () => {
    it("finds the copy on the project's default branch and creates nothing", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch(), branch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier()]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual({
        ...outcome({ databaseId: "db_cearlier00001", branchId: mainBranchId, alreadyExisted: true, ...NO_STRINGS }),
        database: expect.objectContaining({ id: "db_cearlier00001", logicalId }),
      });
      expect(summary).toBe(reusedSummary());
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("looks on the branch given, without reading the branches", async () => {
      api().post("/v1/databases", body("inherit", { branchId: featureBranchId, logicalId })).reply(409, clash);
      api().get("/v1/databases").query(lookup(featureBranchId)).reply(200, page([earlier({ branchId: featureBranchId })]));

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, branchId: featureBranchId, logicalId });

      expect(result).toMatchObject({ databaseId: "db_cearlier00001", branchId: featureBranchId, alreadyExisted: true, ...NO_STRINGS });
    });

    it.each([
      ["of another branch", { branchId: featureBranchId }],
      ["with another Logical ID", { logicalId: "orders" }],
    ])("rethrows the original 409 when the lookup answers only a database %s", async (_case, extra) => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier(extra)]));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (conflict): A database with the same logicalId already exists on the branch. The lookup by Logical ID found no database on that branch holding it, so none was returned: find the database that holds it with **List Databases**, or choose another Logical ID.");
    });

    it("looks nothing up on a 409 planLimitReached, and gives the plan advice", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, errorBody("planLimitReached", "Database limit reached"));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (planLimitReached): Database limit reached. The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.");
    });

    it("lists a different name, region and source database in the result and the summary", async () => {
      api().post("/v1/databases", body("eu-central-1", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId))
        .reply(200, page([earlier({ name: "orders-copy", source: { type: "database", databaseId: "db_cother0000001" } })]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, region: "eu-central-1", logicalId });

      const differences = [
        'its name is "orders-copy", not "orders-staging" as this run asked',
        'its region is "us-east-1", not "eu-central-1" as this run asked',
        `its source database is "db_cother0000001", not "${sourceId}" as this run asked`,
      ];
      expect(result).toMatchObject({ alreadyExisted: true, differences });
      expect(summary).toBe(`Database with logical ID "${logicalId}" already exists: returned "orders-copy" (db_cearlier00001); nothing was created, status ready; ${differences.map((d) => `note: ${d}`).join("; ")}`);
    });

    it("masks a connection URL in the names it lists as different", async () => {
      const foundName = `orders ${DIRECT_URL}`;
      const askedName = `copy ${POOLED_URL}`;
      api().post("/v1/databases", { ...body("inherit", { logicalId }), name: askedName }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ name: foundName })]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, name: askedName, logicalId });

      const masked = (url: string) => url.replace(SECRET_PASSWORD, "[redacted]");
      expect(result.differences).toEqual([`its name is ${JSON.stringify(`orders ${masked(DIRECT_URL)}`)}, not ${JSON.stringify(`copy ${masked(POOLED_URL)}`)} as this run asked`]);
      expect(summary).toContain(`note: ${(result.differences as string[])[0]}`);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("names the kind of source when the database found was not copied from a database", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ source: { type: "empty" } })]));

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result.differences).toEqual([`its source database is "empty", not "${sourceId}" as this run asked`]);
    });
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("polls the copy 2.5 s after the create, then every 5 s, until it is ready", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", "provisioning", "provisioning", "ready"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(outcome({ polls: 4 }));
      expect(summary).toBe(clonedSummary("status ready"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with ready: false, without throwing, when Max Wait Seconds runs out", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 5 }));

      // No second poll at 3 s, only 0.5 s after the first.
      expect(at).toEqual([2500]);
      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 1,
        waitError: stillProvisioning(5),
      }));
      expect(summary).toBe(clonedSummary("status provisioning, not ready (see `waitError`)"));
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      const at = answerPolls(newId, Array(4).fill("provisioning"), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, props));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 4, waitError: stillProvisioning(20) }));
    });

    it("returns the strings with a waitError naming **Delete Database** when the copy fails", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", "failure"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "failure", ready: false, polls: 2,
        waitError: `Database ${newId} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`,
      }));
      expect(summary).toBe(clonedSummary("status failure, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with the poll's error in waitError when a poll fails for good", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      answerPolls(newId, [[401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 1,
        waitError: `Database ${newId} exists, but checking whether it is ready failed (Prisma API error 401 (authentication-failed): Invalid token). Do not create it again: check it with **Get Database**.`,
      }));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("reads a 404 on the first poll of the copy as not visible yet", async () => {
      api().post("/v1/databases", body()).reply(201, created("provisioning"));
      answerPolls(newId, [[404, errorBody("resource-not-found", "database not found")], "ready"], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({ polls: 2 }));
    });

    it("waits for a copy a re-run found still provisioning", async () => {
      api().post("/v1/databases", body("inherit", { logicalId })).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ status: "provisioning" })]));
      answerPolls("db_cearlier00001", ["ready"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ databaseId: "db_cearlier00001", alreadyExisted: true, ready: true, status: "ready", polls: 1, ...NO_STRINGS });
      expect(summary).toBe(reusedSummary());
    });

    it("in a deployed workflow, suspends with $.flow.rerun after 10 s, then finishes on the rerun without cloning again", async () => {
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
      const secondPolls = answerPolls(newId, ["provisioning", "ready"], Date.now());

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, props, first));

      expect(secondPolls).toEqual([0, 5000]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(outcome({ polls: 4 }));
      expect(second.summary).toBe(clonedSummary("status ready"));
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });
  });

  it.each([
    [{ projectId: "" }, /Project ID is required/],
    [{ databaseId: undefined }, /Source Database ID is required/],
    [{ databaseId: "db 1" }, /Source Database ID "db 1" is not a valid Prisma database ID/],
    [{ name: "  " }, /^Name is required: 1 to 256 characters\.$/],
    [{ region: "mars-1" }, /Region "mars-1" is not accepted for a database/],
    [{ branchId: "branch 1" }, /Branch ID "branch 1" is not a valid Prisma branch ID/],
    [{ logicalId: "Orders" }, /Logical ID "Orders" is not valid/],
    [{ maxWaitSeconds: 1.5 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
