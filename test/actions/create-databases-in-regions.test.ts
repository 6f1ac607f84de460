import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/create-databases-in-regions/create-databases-in-regions";
import { requestsInFlight } from "../../common/transport";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, database, databaseCreated, defaultBranch, networkError, page } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, passingFailure, passingFailureReason, resumeInWorkflow, runInWorkflow } from "../workflow";

const projectId = "proj_corders00001";
const mainBranchId = "br_cmain00000001";
const east = "db_ceast00000001";
const eu = "db_ceu0000000001";
const START = Date.parse("2026-11-01T10:00:00.000Z");
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const NO_STRINGS = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
const props = { projectId, regions: ["us-east-1", "eu-central-1"], namePrefix: "orders", maxWaitSeconds: 0 };
const clash = errorBody("conflict", "A database with the same logicalId already exists on the branch.");

type Result = { projectId: string; succeeded: number; failed: number; ready: number; results: Record<string, unknown>[] };

const created = (id: string, region: string, status: "provisioning" | "ready" = "ready") =>
  ({ data: databaseCreated(id, { name: `orders-${region}`, status, region: { id: region, name: region } }) });

/** Declares the create of one region's database. */
function expectCreate(id: string, region: string, status: "provisioning" | "ready" = "ready") {
  api().post("/v1/databases", { projectId, name: `orders-${region}`, region }).reply(201, created(id, region, status));
}

/** One region's result when its database was created. */
function regionResult(id: string, region: string, extra: Record<string, unknown> = {}) {
  return {
    databaseId: id, databaseName: `orders-${region}`, status: "ready", ready: true, waitError: null,
    region, projectId, branchId: null, isDefault: false, alreadyExisted: false, differences: [], polls: 0,
    ...STRINGS, database: expect.objectContaining({ id, status: extra.status ?? "ready" }), ok: true, error: null,
    ...extra,
  };
}

const stillProvisioning = (id: string, seconds: number) =>
  `Database ${id} is still "provisioning" at the end of its ${seconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`;
const seeEach = "see each result's `error` or `waitError`";

function expectSecretsOnlyInNamedFields(result: Result, exports: unknown) {
  const rest = result.results.map(({ directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...r }) => r);
  for (const secret of [...SECRETS, TOKEN]) expect(everything({ ...result, results: rest }, exports)).not.toContain(secret);
}

describe("create-databases-in-regions", () => {
  afterEach(() => vi.useRealTimers());

  it("creates one database per region and reports each with its one-time strings", async () => {
    expectCreate(east, "us-east-1");
    expectCreate(eu, "eu-central-1");

    const { result, summary, exports } = await runAction<Result>(action, props);

    expect(result).toEqual({
      projectId, succeeded: 2, failed: 0, ready: 2,
      results: [regionResult(east, "us-east-1"), regionResult(eu, "eu-central-1")],
    });
    expect(summary).toBe("Created 2 databases in us-east-1, eu-central-1; 2 of 2 ready");
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("creates at most 3 databases at a time", async () => {
    const regions = ["us-east-1", "us-west-1", "eu-west-3", "eu-central-1", "ap-northeast-1"];
    // A create is answered only once every request on the wire has arrived (the run waits on this
    // server alone), or once all five have: so `most` is exactly how many the run sends at once.
    const waiting: (() => void)[] = [];
    let arrived = 0;
    let most = 0;
    regions.forEach((region, i) => {
      api().post("/v1/databases", { projectId, name: `orders-${region}`, region }).reply((_uri, _body, callback) => {
        arrived++;
        waiting.push(() => callback(null, [201, created(`db_cregion00000${i}`, region)]));
        most = Math.max(most, waiting.length);
        if (arrived === regions.length) waiting.splice(0).forEach((answer) => answer());
        else if (waiting.length === requestsInFlight()) waiting.shift()!();
      });
    });

    const { result } = await runAction<Result>(action, { ...props, regions });

    expect(most).toBe(3);
    expect(result).toMatchObject({ succeeded: 5, failed: 0, ready: 5 });
    expect(result.results.map((r) => r.region)).toEqual(regions);
  });

  it("keeps the other regions' results when one fails", async () => {
    expectCreate(east, "us-east-1");
    api().post("/v1/databases", { projectId, name: "orders-ap-southeast-1", region: "ap-southeast-1" })
      .reply(403, errorBody("permission-denied", "Database limit reached for your plan"));

    const { result, summary } = await runAction<Result>(action, { ...props, regions: ["us-east-1", "ap-southeast-1"] });

    expect(result).toMatchObject({ succeeded: 1, failed: 1, ready: 1 });
    expect(result.results[0]).toEqual(regionResult(east, "us-east-1"));
    expect(result.results[1]).toEqual({ region: "ap-southeast-1", ok: false, error: expect.stringContaining("Prisma API error 403 (permission-denied): Database limit reached for your plan") });
    expect(summary).toBe(`Created 1 database in us-east-1; 1 of 2 ready; could not create in ap-southeast-1; ${seeEach}`);
  });

  it("sends a region's create once when its answer is lost, and says in that region's error that the database may exist", async () => {
    expectCreate(east, "us-east-1");
    api().post("/v1/databases", { projectId, name: "orders-eu-central-1", region: "eu-central-1" }).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const { result, summary, exports } = await runAction<Result>(action, props);

    expect(result.results[1]).toMatchObject({ region: "eu-central-1", ok: false });
    expect(result.results[1].error).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(result.results[1].error).toContain("The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database.");
    expect(summary).toBe(`Created 1 database in us-east-1; 1 of 2 ready; could not create in eu-central-1; ${seeEach}`);
    expectSecretsOnlyInNamedFields(result, exports);
  });

  describe("a re-run with the same Logical ID Prefix", () => {
    it("finds each region's database on the project's default branch, creating nothing", async () => {
      api().post("/v1/databases", { projectId, name: "orders-us-west-1", region: "us-west-1", logicalId: "orders-us-west-1" }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query({ projectId, logicalId: "orders-us-west-1", branchId: mainBranchId, limit: "100" })
        .reply(200, page([database("db_cwest00000001", { name: "orders-us-west-1", isDefault: false, logicalId: "orders-us-west-1", branchId: mainBranchId, region: { id: "us-west-1", name: "US West" } })]));

      const { result, exports } = await runAction<Result>(action, { ...props, regions: ["us-west-1"], logicalIdPrefix: "orders" });

      expect(result).toMatchObject({ succeeded: 1, failed: 0, ready: 1 });
      expect(result.results[0]).toEqual(regionResult("db_cwest00000001", "us-west-1", {
        branchId: mainBranchId, alreadyExisted: true, ...NO_STRINGS, database: expect.objectContaining({ id: "db_cwest00000001" }),
      }));
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("reads the project's branches once for all the regions it looks up", async () => {
      const found = (id: string, region: string) => database(id, {
        name: `orders-${region}`, isDefault: false, logicalId: `orders-${region}`, branchId: mainBranchId, region: { id: region, name: region },
      });
      for (const region of ["us-west-1", "eu-west-3"]) {
        api().post("/v1/databases", { projectId, name: `orders-${region}`, region, logicalId: `orders-${region}` }).reply(409, clash);
      }
      // Declared once: a second read of the branches would be an undeclared request.
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query({ projectId, logicalId: "orders-us-west-1", branchId: mainBranchId, limit: "100" })
        .reply(200, page([found("db_cwest00000001", "us-west-1")]));
      api().get("/v1/databases").query({ projectId, logicalId: "orders-eu-west-3", branchId: mainBranchId, limit: "100" })
        .reply(200, page([found("db_cparis0000001", "eu-west-3")]));

      const { result, summary } = await runAction<Result>(action, { ...props, regions: ["us-west-1", "eu-west-3"], logicalIdPrefix: "orders" });

      expect(result).toMatchObject({ succeeded: 2, failed: 0, ready: 2 });
      expect(result.results.map((r) => [r.region, r.databaseId, r.alreadyExisted])).toEqual([
        ["us-west-1", "db_cwest00000001", true], ["eu-west-3", "db_cparis0000001", true],
      ]);
      expect(summary).toBe("Found 2 databases made before (same Logical ID) in us-west-1, eu-west-3; 2 of 2 ready");
    });

    it("reports the original 409 for a region whose lookup answers only a database of another branch", async () => {
      api().post("/v1/databases", { projectId, name: "orders-us-west-1", region: "us-west-1", logicalId: "orders-us-west-1" }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query({ projectId, logicalId: "orders-us-west-1", branchId: mainBranchId, limit: "100" })
        .reply(200, page([database("db_cwest00000001", { logicalId: "orders-us-west-1", branchId: "br_cfeature00001" })]));

      const { result } = await runAction<Result>(action, { ...props, regions: ["us-west-1"], logicalIdPrefix: "orders" });

      expect(result.results).toEqual([{
        region: "us-west-1", ok: false,
        error: "Prisma API error 409 (conflict): A database with the same logicalId already exists on the branch. The lookup by Logical ID found no database on that branch holding it, so none was returned: find the database that holds it with **List Databases**, or choose another Logical ID.",
      }]);
    });

    it("looks nothing up for a region refused with 409 planLimitReached", async () => {
      api().post("/v1/databases", { projectId, name: "orders-us-west-1", region: "us-west-1", logicalId: "orders-us-west-1" })
        .reply(409, errorBody("planLimitReached", "Database limit reached"));

      const { result, summary } = await runAction<Result>(action, { ...props, regions: ["us-west-1"], logicalIdPrefix: "orders" });

      expect(result.results).toEqual([{
        region: "us-west-1", ok: false,
        error: "Prisma API error 409 (planLimitReached): Database limit reached. The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.",
      }]);
      expect(summary).toBe(`0 of 1 ready; could not create in us-west-1; ${seeEach}`);
    });
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("waits for every created database in one wait, polling each until it is ready", async () => {
      expectCreate(east, "us-east-1", "provisioning");
      expectCreate(eu, "eu-central-1", "provisioning");
      const eastPolls = answerPolls(east, ["ready"], START);
      const euPolls = answerPolls(eu, ["provisioning", "ready"], START);

      const { result, summary, exports } = await settle(runAction<Result>(action, { ...props, maxWaitSeconds: 60 }));

      expect(eastPolls).toEqual([2500]);
      expect(euPolls).toEqual([2500, 7500]);
      expect(result).toEqual({
        projectId, succeeded: 2, failed: 0, ready: 2,
        results: [regionResult(east, "us-east-1", { polls: 1 }), regionResult(eu, "eu-central-1", { polls: 2 })],
      });
      expect(summary).toBe("Created 2 databases in us-east-1, eu-central-1; 2 of 2 ready");
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns every region's strings with ready: false, without throwing, when Max Wait Seconds runs out", async () => {
      expectCreate(east, "us-east-1", "provisioning");
      expectCreate(eu, "eu-central-1");
      const at = answerPolls(east, ["provisioning"], START);

      const { result, summary, exports } = await settle(runAction<Result>(action, { ...props, maxWaitSeconds: 5 }));

      expect(at).toEqual([2500]);
      expect(result).toEqual({
        projectId, succeeded: 2, failed: 0, ready: 1,
        results: [
          regionResult(east, "us-east-1", { status: "provisioning", ready: false, polls: 1, waitError: stillProvisioning(east, 5) }),
          regionResult(eu, "eu-central-1"),
        ],
      });
      expect(summary).toBe(`Created 2 databases in us-east-1, eu-central-1; 1 of 2 ready; not ready yet in us-east-1; ${seeEach}`);
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      expectCreate(east, "us-east-1", "provisioning");
      const at = answerPolls(east, Array(4).fill("provisioning"), START);

      const { result } = await settle(runAction<Result>(action, { ...props, regions: ["us-east-1"], maxWaitSeconds: undefined }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result.results[0]).toEqual(regionResult(east, "us-east-1", { status: "provisioning", ready: false, polls: 4, waitError: stillProvisioning(east, 20) }));
    });

    it("reports a failed database and a failed poll in their regions' waitError, keeping their strings", async () => {
      expectCreate(east, "us-east-1", "provisioning");
      expectCreate(eu, "eu-central-1", "provisioning");
      answerPolls(east, ["failure"], START);
      answerPolls(eu, [[401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, summary, exports } = await settle(runAction<Result>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ succeeded: 2, failed: 0, ready: 0 });
      expect(result.results[0]).toEqual(regionResult(east, "us-east-1", {
        status: "failure", ready: false, polls: 1,
        waitError: `Database ${east} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`,
      }));
      expect(result.results[1]).toEqual(regionResult(eu, "eu-central-1", {
        status: "provisioning", ready: false, polls: 1,
        waitError: `Database ${eu} exists, but checking whether it is ready failed (Prisma API error 401 (authentication-failed): Invalid token). Do not create it again: check it with **Get Database**.`,
      }));
      expect(summary).toBe(`Created 2 databases in us-east-1, eu-central-1; 0 of 2 ready; failed to start in us-east-1; not ready yet in eu-central-1; ${seeEach}`);
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("reads a 404 on the first poll of a new database as not visible yet", async () => {
      expectCreate(east, "us-east-1", "provisioning");
      answerPolls(east, [[404, errorBody("resource-not-found", "database not found")], "ready"], START);

      const { result } = await settle(runAction<Result>(action, { ...props, regions: ["us-east-1"], maxWaitSeconds: 60 }));

      expect(result.results[0]).toEqual(regionResult(east, "us-east-1", { polls: 2 }));
    });

    it("waits for a database a re-run found still provisioning", async () => {
      api().post("/v1/databases", { projectId, name: "orders-us-west-1", region: "us-west-1", logicalId: "orders-us-west-1" }).reply(409, clash);
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query({ projectId, logicalId: "orders-us-west-1", branchId: mainBranchId, limit: "100" })
        .reply(200, page([database("db_cwest00000001", { status: "provisioning", logicalId: "orders-us-west-1", branchId: mainBranchId })]));
      answerPolls("db_cwest00000001", ["ready"], START);

      const { result } = await settle(runAction<Result>(action, { ...props, regions: ["us-west-1"], logicalIdPrefix: "orders", maxWaitSeconds: 60 }));

      expect(result.results[0]).toMatchObject({ databaseId: "db_cwest00000001", alreadyExisted: true, ready: true, polls: 1, ...NO_STRINGS });
    });

    it("names every kind of outcome in the summary, each with its regions", async () => {
      const withId = (region: string) => ({ projectId, name: `orders-${region}`, region, logicalId: `orders-${region}` });
      api().post("/v1/databases", withId("us-east-1")).reply(201, created(east, "us-east-1"));
      api().post("/v1/databases", withId("eu-central-1")).reply(201, created(eu, "eu-central-1", "provisioning"));
      api().post("/v1/databases", withId("eu-west-3")).reply(409, clash);
      api().post("/v1/databases", withId("ap-southeast-1")).reply(403, errorBody("permission-denied", "Database limit reached for your plan"));
      api().get(`/v1/projects/${projectId}/branches`).query({ limit: "100" }).reply(200, page([defaultBranch()]));
      api().get("/v1/databases").query({ projectId, logicalId: "orders-eu-west-3", branchId: mainBranchId, limit: "100" })
        .reply(200, page([database("db_cparis0000001", { name: "orders-eu-west-3", status: "provisioning", isDefault: false, logicalId: "orders-eu-west-3", branchId: mainBranchId, region: { id: "eu-west-3", name: "eu-west-3" } })]));
      answerPolls(eu, ["failure"], START);
      answerPolls("db_cparis0000001", [passingFailure(503)], START);

      const regions = ["us-east-1", "eu-central-1", "eu-west-3", "ap-southeast-1"];
      const { result, summary, exports } = await settle(runAction<Result>(action, { ...props, regions, logicalIdPrefix: "orders", maxWaitSeconds: 5 }));

      expect(result).toMatchObject({ succeeded: 3, failed: 1, ready: 1 });
      expect(result.results[2]).toMatchObject({
        region: "eu-west-3", alreadyExisted: true, ready: false, polls: 1,
        waitError: `Database db_cparis0000001 is still "provisioning" at the end of its 5 s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.) The last check failed (${passingFailureReason(503)}).`,
      });
      expect(summary).toBe("Created 2 databases in us-east-1, eu-central-1; found 1 database made before (same Logical ID) in eu-west-3; 1 of 4 ready; " +
        `could not create in ap-southeast-1; failed to start in eu-central-1; not ready yet in eu-west-3; ${seeEach}`);
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("in a deployed workflow, suspends with $.flow.rerun after 10 s, then finishes on the rerun without creating again", async () => {
      expectCreate(east, "us-east-1", "provisioning");
      expectCreate(eu, "eu-central-1", "provisioning");
      const eastPolls = answerPolls(east, ["provisioning", "provisioning"], START);
      const euPolls = answerPolls(eu, ["provisioning", "ready"], START);

      const first = await settle(runInWorkflow<Result>(action, { ...props, maxWaitSeconds: undefined }));

      expect(eastPolls).toEqual([2500, 7500]);
      expect(euPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [east], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${east} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toEqual([{ delayMs: 10_000, context: expect.any(Object), maxReruns: 7 }]);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(first.result, first.exports)).not.toContain(secret);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const resumedPolls = answerPolls(east, ["ready"], Date.now());

      const second = await settle(resumeInWorkflow<Result>(action, { ...props, maxWaitSeconds: undefined }, first));

      // Only the database still pending is polled on the rerun.
      expect(resumedPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual({
        projectId, succeeded: 2, failed: 0, ready: 2,
        results: [regionResult(east, "us-east-1", { polls: 3 }), regionResult(eu, "eu-central-1", { polls: 2 })],
      });
      expect(second.summary).toBe("Created 2 databases in us-east-1, eu-central-1; 2 of 2 ready");
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });
  });

  it.each([
    [{ regions: [] }, /Select at least one region/],
    [{ regions: ["us-east-1", "moon-1"] }, /Region "moon-1" is not a Prisma Postgres region/],
    [{ projectId: "p r" }, /Project ID "p r" is not a valid Prisma project ID/],
    [{ logicalIdPrefix: "Bad Prefix" }, /Logical ID "Bad Prefix" is not valid/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { projectId, regions: ["us-east-1"], namePrefix: "orders", ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
