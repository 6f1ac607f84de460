import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/create-database/create-database";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, SECRET_PASSWORD, branch, database, databaseCreated, defaultBranch, networkError, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, hang, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, passingFailure, passingFailureReason, resumeInWorkflow, runInWorkflow } from "../workflow";

const projectId = "proj_corders00001";
const newId = "db_cnewdb000001";
const mainBranchId = "br_cmain00000001";
const featureBranchId = "br_cfeature00001";
const logicalId = "orders-staging";
const props = { projectId, name: "orders-staging", region: "eu-central-1", maxWaitSeconds: 0 };
// Default Database false is what the API assumes when the field is absent, so the body
// carries `isDefault` only when it is true.
const body = { projectId, name: "orders-staging", region: "eu-central-1" };
const START = Date.parse("2026-11-01T10:00:00.000Z");
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const NO_STRINGS = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
const created = (status: "provisioning" | "ready") =>
  ({ data: databaseCreated(newId, { name: "orders-staging", status, region: { id: "eu-central-1", name: "EU Central (Frankfurt)" } }) });
const clash = errorBody("conflict", "A database with the same logicalId already exists on the branch.");
const clashMessage = "Prisma API error 409 (conflict): A database with the same logicalId already exists on the branch. The lookup by Logical ID found no database on that branch holding it, so none was returned: find the database that holds it with **List Databases**, or choose another Logical ID.";
const lookup = (branchId: string) => ({ projectId, logicalId, branchId, limit: "100" });
const earlier = (extra: Parameters<typeof database>[1] = {}) =>
  database("db_cearlier00001", { name: "orders-staging", isDefault: false, logicalId, branchId: mainBranchId, region: { id: "eu-central-1", name: "EU Central (Frankfurt)" }, ...extra });

const createdSummary = (readiness: string) =>
  `Created database "orders-staging" (${newId}) in project ${projectId}, region eu-central-1, ${readiness}`;
const stillProvisioning = (seconds: number, lastCheck?: string) =>
  `Database ${newId} is still "provisioning" at the end of its ${seconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)` +
  (lastCheck ? ` The last check failed (${lastCheck}).` : "");
const checkFailed = (id: string, reason: string) =>
  `Database ${id} exists, but checking whether it is ready failed (${reason}). Do not create it again: check it with **Get Database**.`;
const notFound = (id: string, reason: string) =>
  `Database ${id} was not found when checked (${reason}): it may have been deleted since. Check with **List Databases** whether it is still there before creating or restoring it again.`;

/** The result of a create: the named strings, and the rest as given. */
function outcome(extra: Record<string, unknown> = {}) {
  return {
    databaseId: newId, databaseName: "orders-staging", status: "ready", ready: true, waitError: null,
    region: "eu-central-1", projectId, branchId: null, isDefault: false, alreadyExisted: false, differences: [], polls: 0,
    ...STRINGS,
    database: expect.objectContaining({ id: newId, status: extra.status ?? "ready", connections: [expect.objectContaining({ id: "con_cnewdefault1" })] }),
    ...extra,
  };
}

/** No secret outside the three named fields: not in the rest of the result, the exports or the summary. */
function expectSecretsOnlyInNamedFields(result: unknown, exports: unknown) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result as Record<string, unknown>;
  for (const secret of [...SECRETS, TOKEN]) expect(everything(rest, exports)).not.toContain(secret);
}

describe("create-database", () => {
  afterEach(() => vi.useRealTimers());

  it("creates the database and returns its IDs and one-time connection strings in named fields", async () => {
    api().post("/v1/databases", body).reply(201, created("ready"));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome());
    expect(summary).toBe(createdSummary("status ready"));
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("refuses an answer that shows the database in another project, saying it may have been created", async () => {
    const elsewhere = { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "other" };
    api().post("/v1/databases", body).reply(201, { data: databaseCreated(newId, { project: elsewhere, status: "ready" }) });

    const error = await runActionError(action, props);

    expect(error.message).toBe("Prisma answered POST /databases with 201, but not in the shape the API documents: `data.project.id` is \"proj_cother000001\", not the proj_corders00001 asked for. The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database. If this keeps happening, check that the API base URL points at the Prisma Management API.");
    expect(everything(error)).not.toContain(SECRET_PASSWORD);
  });

  it("sends isDefault, branchId, logicalId and the inherit region when set", async () => {
    api().post("/v1/databases", { projectId, branchId: featureBranchId, name: "orders-staging", region: "inherit", isDefault: true, logicalId })
      .reply(201, { data: databaseCreated(newId, { status: "ready", isDefault: true, branchId: featureBranchId }) });

    const { result } = await runAction<Record<string, unknown>>(action, { ...props, region: "inherit", isDefault: true, branchId: featureBranchId, logicalId });

    expect(result).toMatchObject({ databaseId: newId, isDefault: true, branchId: featureBranchId });
  });

  it("leaves isDefault and branchId out of the body when not set", async () => {
    api().post("/v1/databases", (sent: Record<string, unknown>) => JSON.stringify(sent) === JSON.stringify(body))
      .reply(201, created("ready"));
    const { result } = await runAction<Record<string, unknown>>(action, { ...props, isDefault: false, branchId: "" });
    expect(result.databaseId).toBe(newId);
  });

  it("makes no poll when Max Wait Seconds is 0 and returns the strings with ready: false", async () => {
    api().post("/v1/databases", body).reply(201, created("provisioning"));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome({
      status: "provisioning", ready: false,
      waitError: `Database ${newId} is "provisioning": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`,
    }));
    expect(summary).toBe(createdSummary("status provisioning, not ready (see `waitError`)"));
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("masks a connection URL held in the name everywhere but the named fields", async () => {
    const name = `orders ${DIRECT_URL}`;
    const masked = `orders ${DIRECT_URL.replace(SECRET_PASSWORD, "[redacted]")}`;
    api().post("/v1/databases", { ...body, name })
      .reply(201, { data: databaseCreated(newId, { name, status: "ready", region: { id: "eu-central-1", name: "EU Central (Frankfurt)" } }) });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, name });

    expect(result).toEqual(outcome({ databaseName: masked, database: expect.objectContaining({ id: newId, name: masked }) }));
    expect(summary).toBe(`Created database "${masked}" (${newId}) in project ${projectId}, region eu-central-1, status ready`);
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("sends the create once when its answer is lost, and says the database may exist, how to check, and the risk of a twin", async () => {
    api().post("/v1/databases", body).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const error = await runActionError(action, props);

    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database.");
    for (const secret of [...SECRETS, TOKEN]) expect(everything(error)).not.toContain(secret);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/databases", body).reply(403, errorBody("permission-denied", "Database limit reached for plan", "Upgrade your workspace"));

    const error = await runActionError(action, props);

    expect(error).toMatchObject({ status: 403, code: "permission-denied", hint: "Upgrade your workspace" });
    expect(error.message).toContain("Prisma API error 403 (permission-denied): Database limit reached for plan. Hint: Upgrade your workspace.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  describe("a re-run with the same Logical ID", () => {
    it("finds the database on the project's default branch, paging the branches, and creates nothing", async () => {
      api().post("/v1/databases", { ...body, logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([branch()], "next"));
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100", cursor: "next" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier()]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual({
        ...outcome({ databaseId: "db_cearlier00001", branchId: mainBranchId, alreadyExisted: true, ...NO_STRINGS }),
        database: expect.objectContaining({ id: "db_cearlier00001", logicalId }),
      });
      expect(summary).toBe(`Database with logical ID "${logicalId}" already exists: returned "orders-staging" (db_cearlier00001); nothing was created, status ready`);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("looks on the branch given, without reading the branches", async () => {
      api().post("/v1/databases", { ...body, branchId: featureBranchId, logicalId }).reply(409, clash);
      api().get("/v1/databases").query(lookup(featureBranchId)).reply(200, page([earlier({ branchId: featureBranchId })]));

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, branchId: featureBranchId, logicalId });

      expect(result).toMatchObject({ databaseId: "db_cearlier00001", branchId: featureBranchId, alreadyExisted: true, ...NO_STRINGS });
    });

    it.each([
      ["of another branch", { branchId: featureBranchId }],
      ["with another Logical ID", { logicalId: "orders-staging-2" }],
      ["without a Logical ID", { logicalId: null }],
      ["of another project", { project: { id: "proj_cother000001", url: "", name: "other" } }],
    ])("rethrows the original 409 when the lookup answers only a database %s", async (_case, extra) => {
      api().post("/v1/databases", { ...body, logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier(extra)]));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error).toMatchObject({ status: 409, code: "conflict" });
      expect(error.message).toBe(clashMessage);
    });

    it("rethrows the original 409 when the project has no default branch and the lookup answers a database on a branch", async () => {
      api().post("/v1/databases", { ...body, logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([branch()]));
      api().get("/v1/databases").query({ projectId, logicalId, limit: "100" }).reply(200, page([earlier({ branchId: featureBranchId })]));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe(clashMessage);
    });

    it("looks nothing up on a 409 planLimitReached, even one that mentions the Logical ID, and gives the plan advice", async () => {
      api().post("/v1/databases", { ...body, logicalId })
        .reply(409, errorBody("planLimitReached", "Plan limit reached: database with logicalId orders-staging was not created"));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (planLimitReached): Plan limit reached: database with logicalId orders-staging was not created. The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.");
    });

    it("looks nothing up on a 409 that is a state conflict", async () => {
      api().post("/v1/databases", { ...body, logicalId }).reply(409, errorBody("conflict", "The project is being transferred"));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (conflict): The project is being transferred. The resource is busy or in a state that does not allow this (for example a database still provisioning or restoring): wait until it is ready, then run the step again.");
    });

    it("lists where the database found differs from this run's input, in the result and the summary", async () => {
      api().post("/v1/databases", { ...body, name: "orders-staging-v2", logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ region: { id: "us-east-1", name: "US East (N. Virginia)" } })]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, name: "orders-staging-v2", logicalId });

      const differences = [
        'its name is "orders-staging", not "orders-staging-v2" as this run asked',
        'its region is "us-east-1", not "eu-central-1" as this run asked',
      ];
      expect(result).toMatchObject({ alreadyExisted: true, region: "us-east-1", differences });
      expect(summary).toBe(`Database with logical ID "${logicalId}" already exists: returned "orders-staging" (db_cearlier00001); nothing was created, status ready; note: ${differences[0]}; note: ${differences[1]}`);
    });

    it("reports no difference for a database found in the project's region when this run asked to inherit it", async () => {
      api().post("/v1/databases", { ...body, region: "inherit", logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier()]));

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, region: "inherit", logicalId });

      expect(result).toMatchObject({ alreadyExisted: true, differences: [] });
    });
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("polls 2.5 s after the create, then every 5 s, until ready, and keeps the strings from the create", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", "provisioning", "ready"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500, 12_500]);
      expect(result).toEqual(outcome({ polls: 3 }));
      expect(summary).toBe(createdSummary("status ready"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with ready: false, without throwing, when Max Wait Seconds runs out (no poll starts in its last 2 s)", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", "provisioning"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 10 }));

      // A poll at 12.5 s would end past the wait; one at 8 s would come 0.5 s after the last.
      expect(at).toEqual([2500, 7500]);
      expect(Date.now() - START).toBeLessThanOrEqual(10_000);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 2, waitError: stillProvisioning(10) }));
      expect(summary).toBe(createdSummary("status provisioning, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it.each([
      // The last poll comes exactly 2 s before the end, when the one before was at least 2.5 s earlier.
      [10, [2500, 7500]],
      [11, [2500, 7500]],
      [12, [2500, 7500, 10_000]],
      [13, [2500, 7500, 11_000]],
      [16, [2500, 7500, 12_500]],
      [17, [2500, 7500, 12_500, 15_000]],
    ])("with Max Wait Seconds %i polls at %j, never two polls less than 2.5 s apart", async (maxWaitSeconds, expected) => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, expected.map(() => "provisioning" as const), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds }));

      expect(at).toEqual(expected);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: expected.length, waitError: stillProvisioning(maxWaitSeconds) }));
    });

    it("ends by Max Wait Seconds, with the strings, when the last poll hangs, and says the last check got no answer", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", "provisioning"], START);
      api().get(`/v1/databases/${newId}`).reply(hang);

      const { result, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 13 }));

      // The last poll, at 11 s, is given until the end of the wait to answer.
      expect(Date.now() - START).toBe(13_000);
      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 3,
        waitError: stillProvisioning(13, "no answer: PRISMA_REQUEST_TIMEOUT"),
      }));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("keeps waiting after a poll answered 503, and is ready when the next poll says so", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, [passingFailure(503), "ready"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500]);
      expect(result).toEqual(outcome({ polls: 2 }));
      expect(summary).toBe(createdSummary("status ready"));
    });

    it.each([429, 503] as const)("notes a last poll answered %i in the not-ready waitError", async (status) => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", passingFailure(status)], START);

      const { result, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 10 }));

      expect(at).toEqual([2500, 7500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 2, waitError: stillProvisioning(10, passingFailureReason(status)) }));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("drops the last-check note once a later poll answers", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, [passingFailure(503), "provisioning"], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 10 }));

      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 2, waitError: stillProvisioning(10) }));
    });

    it("keeps waiting after a poll whose connection is lost on every attempt", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      for (let attempt = 0; attempt < 4; attempt++) api().get(`/v1/databases/${newId}`).replyWithError(networkError("ECONNRESET", "socket hang up"));
      answerPolls(newId, ["ready"], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({ polls: 2 }));
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, Array(4).fill("provisioning"), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 4, waitError: stillProvisioning(20) }));
    });

    it("returns the strings with ready: false and a waitError naming **Delete Database** when the database fails", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", "failure"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "failure", ready: false, polls: 2,
        waitError: `Database ${newId} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`,
      }));
      expect(summary).toBe(createdSummary("status failure, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with the poll's error in waitError when a poll fails for good", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", [401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 2,
        waitError: checkFailed(newId, "Prisma API error 401 (authentication-failed): Invalid token"),
      }));
      expect(summary).toBe(createdSummary("status provisioning, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("reads a 404 on the first poll of the new database as not visible yet", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, [[404, errorBody("resource-not-found", `database ${newId} not found`)], "ready"], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500]);
      expect(result).toEqual(outcome({ polls: 2 }));
    });

    it("reads a 404 more than 15 s after the create as an error", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", "provisioning", "provisioning", [404, errorBody("resource-not-found", `database ${newId} not found`)]], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 4,
        waitError: notFound(newId, `Prisma API error 404 (resource-not-found): database ${newId} not found`),
      }));
    });

    it("waits for a database a re-run found still provisioning, reading a 404 on it as an error", async () => {
      api().post("/v1/databases", { ...body, logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ status: "provisioning" })]));
      const at = answerPolls("db_cearlier00001", ["provisioning", "ready"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500]);
      expect(result).toMatchObject({ databaseId: "db_cearlier00001", alreadyExisted: true, status: "ready", ready: true, polls: 2, waitError: null, ...NO_STRINGS });
      expect(summary).toBe(`Database with logical ID "${logicalId}" already exists: returned "orders-staging" (db_cearlier00001); nothing was created, status ready`);

      // Found, not just created: a 404 means it is gone, not "not visible yet".
      api().post("/v1/databases", { ...body, logicalId }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query(lookup(mainBranchId)).reply(200, page([earlier({ status: "provisioning" })]));
      answerPolls("db_cearlier00001", [[404, errorBody("resource-not-found", "database db_cearlier00001 not found")]], Date.now());

      const gone = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(gone.result).toMatchObject({ ready: false, status: "provisioning", polls: 1 });
      expect(gone.result.waitError).toBe(notFound("db_cearlier00001", "Prisma API error 404 (resource-not-found): database db_cearlier00001 not found"));
    });

    it("waits in the step during a builder test run (20 s by default), never suspending", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", "provisioning", "provisioning", "ready"], START);

      const { result, reruns } = await settle(runInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }, { test: true }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(reruns).toEqual([]);
      expect(result).toEqual(outcome({ polls: 4 }));
    });
  });

  describe("in a deployed workflow", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("finishes in the step when the database is ready within 10 s", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", "ready"], START);

      const { result, summary, reruns } = await settle(runInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }));

      expect(reruns).toEqual([]);
      expect(result).toEqual(outcome({ polls: 2 }));
      expect(summary).toBe(createdSummary("status ready"));
    });

    it("suspends with $.flow.rerun after 10 s, then finishes on the rerun without creating again", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const firstPolls = answerPolls(newId, ["provisioning", "provisioning"], START);

      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: undefined }));

      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [newId], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${newId} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toEqual([{ delayMs: 10_000, context: expect.any(Object), maxReruns: 7 }]);
      // The one-time strings travel in the rerun context, and nowhere else.
      const carried = JSON.stringify(first.reruns[0].context);
      for (const secret of [DIRECT_URL, POOLED_URL, ACCELERATE_URL]) expect(carried).toContain(secret);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(first.result, first.exports)).not.toContain(secret);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const resumedAt = Date.now();
      const secondPolls = answerPolls(newId, ["ready"], resumedAt);

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }, first));

      // The rerun came after its pause: it checks at once.
      expect(secondPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(outcome({ polls: 3 }));
      expect(second.summary).toBe(createdSummary("status ready"));
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });

    it("ends with the strings and ready: false once Max Wait Seconds has passed across reruns", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const firstPolls = answerPolls(newId, ["provisioning", "provisioning"], START);
      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: 25 }));
      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.reruns.map((r) => r.delayMs)).toEqual([10_000]);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const resumedAt = Date.now();
      const secondPolls = answerPolls(newId, ["provisioning", "provisioning"], resumedAt);
      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 25 }, first));

      // 7.5 s left: too little to suspend again, so the rerun waits to the end in the step: at once, then 5 s later.
      expect(resumedAt - START).toBe(17_500);
      expect(secondPolls).toEqual([0, 5000]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(outcome({ status: "provisioning", ready: false, polls: 4, waitError: stillProvisioning(25) }));
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });

    it("waits in the step, without suspending, when a rerun would have no time left to check (15 s)", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      const at = answerPolls(newId, ["provisioning", "provisioning", "provisioning"], START);

      // 15 s is under the 10 s in the step plus the time a rerun needs to check (2 s + 2 × 2.5 s).
      const { result, summary, reruns } = await settle(runInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 15 }));

      expect(at).toEqual([2500, 7500, 12_500]);
      expect(reruns).toEqual([]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 3, waitError: stillProvisioning(15) }));
      expect(summary).toBe(createdSummary("status provisioning, not ready (see `waitError`)"));
    });

    it("spaces reruns 10 s, then 15 s, and checks at once and every 5 s on each", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      answerPolls(newId, ["provisioning", "provisioning"], START);
      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: 120 }));
      expect(first.reruns.map((r) => r.delayMs)).toEqual([10_000]);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const secondPolls = answerPolls(newId, ["provisioning", "provisioning", "provisioning"], Date.now());
      const second = await settle(resumeInWorkflow(action, { ...props, maxWaitSeconds: 120 }, first));
      // 10 s in the step: at once, 5 s later, and a last one 2 s before the step's end (3 s after the one before).
      expect(secondPolls).toEqual([0, 5000, 8000]);
      expect(second.reruns.map((r) => r.delayMs)).toEqual([15_000]);
      expect(second.result).toEqual({ waiting: true, databaseIds: [newId], resumesInSeconds: 15 });

      vi.setSystemTime(Date.now() + second.reruns[0].delayMs);
      const thirdPolls = answerPolls(newId, ["ready"], Date.now());
      const third = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 120 }, second, 3));
      expect(thirdPolls).toEqual([0]);
      expect(third.result).toEqual(outcome({ polls: 6 }));
    });

    it("does not end the wait on a poll answered 429: the step suspends and the rerun decides", async () => {
      api().post("/v1/databases", body).reply(201, created("provisioning"));
      // Prisma asks for a pause longer than the step has left: the run sends nothing more.
      const firstPolls = answerPolls(newId, [passingFailure(429)], START);
      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: undefined }));
      expect(firstPolls).toEqual([2500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [newId], resumesInSeconds: 10 });

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      answerPolls(newId, ["ready"], Date.now());
      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }, first));

      expect(second.result).toMatchObject({ status: "ready", ready: true, waitError: null, ...STRINGS });
    });
  });

  it.each([
    [{ projectId: "" }, /Project ID is required/],
    [{ projectId: "proj 1" }, /Project ID "proj 1" is not a valid Prisma project ID/],
    [{ name: "" }, /^Name is required: 1 to 256 characters\.$/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ region: undefined }, /^Region is required: one of us-east-1, .*, or "inherit" for the project's default region\.$/],
    [{ region: "eu-west-1" }, /Region "eu-west-1" is not accepted for a database\. Use one of: us-east-1.*or "inherit"/],
    [{ isDefault: "yes" }, /Default Database must be true or false/],
    [{ branchId: "br 1" }, /Branch ID "br 1" is not a valid Prisma branch ID/],
    [{ branchId: "db_cnewdb000001" }, /Branch ID "db_cnewdb000001" is not a valid Prisma branch ID/],
    [{ logicalId: "Orders Staging" }, /Logical ID "Orders Staging" is not valid/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
    [{ maxWaitSeconds: -1 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
