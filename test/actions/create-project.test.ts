import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/create-project/create-project";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, SECRET_PASSWORD, database, networkError, page, project, projectCreated } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, resumeInWorkflow, runInWorkflow } from "../workflow";

const props = { name: "orders", region: "us-east-1", maxWaitSeconds: 0 };
const body = { name: "orders", region: "us-east-1" };
const projectId = "proj_cnewproj0001";
const databaseId = "db_cnewdefault01";
const logicalId = "orders-prod";
/** A database of the project a re-run finds (proj_cexisting001), as its own database list shows it. */
const existingDatabase = (id: string, extra: Parameters<typeof database>[1] = {}) =>
  database(id, { project: { id: "proj_cexisting001", url: "https://api.prisma.io/v1/projects/proj_cexisting001", name: "orders" }, ...extra });
const START = Date.parse("2026-11-01T10:00:00.000Z");
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const NO_STRINGS = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
const clash = errorBody("conflict", "A project with logicalId orders-prod already exists");
const clashMessage = "Prisma API error 409 (conflict): A project with logicalId orders-prod already exists. The lookup by Logical ID found no project of this workspace holding it, so none was returned: find the project that holds it with **List Projects**, or choose another Logical ID.";
const existing = (extra: Parameters<typeof project>[2] = {}) => project("proj_cexisting001", "orders", { logicalId, ...extra });

/** The result of a project created with its database. */
function outcome(extra: Record<string, unknown> = {}) {
  return {
    projectId, projectName: "orders", workspaceId: "wksp_cmain0000001", alreadyExisted: false, differences: [],
    project: expect.objectContaining({ id: projectId }),
    databaseId, databaseName: "orders", status: "ready", ready: true, waitError: null,
    region: "us-east-1", isDefault: true, branchId: null, polls: 0,
    ...STRINGS,
    database: expect.objectContaining({ id: databaseId, status: extra.status ?? "ready" }),
    ...extra,
  };
}

const stillProvisioning = (seconds: number) =>
  `Database ${databaseId} is still "provisioning" at the end of its ${seconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`;
const createdSummary = (readiness: string) => `Created project "orders" (${projectId}) with database ${databaseId} in us-east-1, ${readiness}`;

function expectSecretsOnlyInNamedFields(result: unknown, exports: unknown) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result as Record<string, unknown>;
  for (const secret of [...SECRETS, TOKEN]) expect(everything(rest, exports)).not.toContain(secret);
}

describe("create-project", () => {
  afterEach(() => vi.useRealTimers());

  it("creates the project and returns its IDs and one-time connection strings in named fields", async () => {
    api().post("/v1/projects", body).reply(201, { data: projectCreated(projectId, databaseId, "ready") });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome());
    expect(summary).toBe(createdSummary("status ready"));
    // The secrets live only in the three named fields.
    expectSecretsOnlyInNamedFields(result, exports);
    expect(everything((result as { project: unknown }).project)).not.toContain("database");
  });

  it("sends workspaceId and logicalId when given, and createDatabase only when false", async () => {
    api().post("/v1/projects", { name: "orders", region: "eu-central-1", workspaceId: "wksp_cmain0000001", logicalId })
      .reply(201, { data: projectCreated(projectId, databaseId, "ready") });
    const { result } = await runAction<Record<string, unknown>>(action, { ...props, region: "eu-central-1", workspaceId: "wksp_cmain0000001", logicalId, createDatabase: true });
    expect(result.projectId).toBe(projectId);
  });

  it("creates an empty project when createDatabase is false: no database, no strings, no wait", async () => {
    api().post("/v1/projects", { ...body, createDatabase: false }).reply(201, { data: { ...project(projectId, "orders"), database: null } });

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, createDatabase: false, maxWaitSeconds: undefined });

    expect(result).toEqual({
      ...outcome(),
      databaseId: null, databaseName: null, status: null, ready: false, waitError: null,
      region: null, isDefault: null, branchId: null, polls: 0, ...NO_STRINGS, database: null,
    });
    expect(summary).toBe(`Created project "orders" (${projectId}) with no database (add one with **Create Database**)`);
  });

  it("makes no poll when Max Wait Seconds is 0, returning the strings with ready: false", async () => {
    api().post("/v1/projects", body).reply(201, { data: projectCreated() });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome({
      status: "provisioning", ready: false,
      waitError: `Database ${databaseId} is "provisioning": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`,
    }));
    expect(summary).toBe(createdSummary("status provisioning, not ready (see `waitError`)"));
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("sends the create once when its answer is lost, and says the project may exist, how to check, and the risk of a twin", async () => {
    api().post("/v1/projects", body).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const error = await runActionError(action, props);

    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The project may have been created. Check with **List Projects** before running again: a re-run with the same Logical ID returns it, but without one it can create a second project.");
    for (const secret of [...SECRETS, TOKEN]) expect(everything(error)).not.toContain(secret);
  });

  describe("a re-run with the same Logical ID", () => {
    it("returns the existing project and its default database, with exactly one create request", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing()]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" })
        .reply(200, page([existingDatabase("db_cother0000001", { isDefault: false, name: "orders-staging" }), existingDatabase("db_cexisting0001")]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual(outcome({
        projectId: "proj_cexisting001", alreadyExisted: true, project: expect.objectContaining({ id: "proj_cexisting001", logicalId }),
        databaseId: "db_cexisting0001", database: expect.objectContaining({ id: "db_cexisting0001" }), ...NO_STRINGS,
      }));
      expect(summary).toBe(`Project with logical ID "${logicalId}" already exists: returned "orders" (proj_cexisting001) with database db_cexisting0001 in us-east-1, status ready; nothing was created`);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it.each([
      ["with another Logical ID", { logicalId: "orders-prod-2" }, {}],
      ["without a Logical ID", { logicalId: null }, {}],
      ["of another workspace than the one given", { workspace: { id: "wksp_cother000001", url: "", name: "Other" } }, { workspaceId: "wksp_cmain0000001" }],
    ])("rethrows the original 409 when the lookup answers only a project %s", async (_case, extra, input) => {
      api().post("/v1/projects", { ...body, ...input, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing(extra)]));

      const error = await runActionError(action, { ...props, ...input, logicalId });

      expect(error).toMatchObject({ status: 409, code: "conflict" });
      expect(error.message).toBe(clashMessage);
    });

    it("looks nothing up on a 409 planLimitReached, and gives the plan advice", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, errorBody("planLimitReached", "Project limit reached for logicalId orders-prod"));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (planLimitReached): Project limit reached for logicalId orders-prod. The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.");
    });

    it("lists a different name and region in the result and the summary", async () => {
      api().post("/v1/projects", { name: "orders-v2", region: "eu-central-1", logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing()]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([existingDatabase("db_cexisting0001")]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, name: "orders-v2", region: "eu-central-1", logicalId });

      const differences = [
        'its name is "orders", not "orders-v2" as this run asked',
        'its region is "us-east-1", not "eu-central-1" as this run asked',
      ];
      expect(result).toMatchObject({ alreadyExisted: true, differences });
      expect(summary).toBe(`Project with logical ID "${logicalId}" already exists: returned "orders" (proj_cexisting001) with database db_cexisting0001 in us-east-1, status ready; nothing was created; note: ${differences[0]}; note: ${differences[1]}`);
    });

    it("masks a connection URL in the names it lists as different", async () => {
      const askedName = `orders ${DIRECT_URL}`;
      api().post("/v1/projects", { ...body, name: askedName, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing({ name: `orders ${POOLED_URL}` })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([existingDatabase("db_cexisting0001")]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, name: askedName, logicalId });

      const masked = (url: string) => `orders ${url.replace(SECRET_PASSWORD, "[redacted]")}`;
      const difference = `its name is ${JSON.stringify(masked(POOLED_URL))}, not ${JSON.stringify(masked(DIRECT_URL))} as this run asked`;
      expect(result).toMatchObject({ alreadyExisted: true, projectName: masked(POOLED_URL), differences: [difference], ...NO_STRINGS });
      expect(summary).toBe(`Project with logical ID "${logicalId}" already exists: returned "${masked(POOLED_URL)}" (proj_cexisting001) with database db_cexisting0001 in us-east-1, status ready; nothing was created; note: ${difference}`);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("returns a project whose database list shows only another project's database as one without a database", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing()]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([database("db_cotherproj001")]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toMatchObject({ projectId: "proj_cexisting001", alreadyExisted: true, databaseId: null, status: null, ready: false, database: null, ...NO_STRINGS });
      expect(summary).toBe(`Project with logical ID "${logicalId}" already exists: returned "orders" (proj_cexisting001) with no database (add one with **Create Database**); nothing was created`);
    });

    it("returns a project found without a database as such", async () => {
      api().post("/v1/projects", { ...body, createDatabase: false, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing()]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, createDatabase: false, logicalId });

      expect(result).toMatchObject({ projectId: "proj_cexisting001", alreadyExisted: true, databaseId: null, status: null, ready: false, ...NO_STRINGS });
      expect(summary).toBe(`Project with logical ID "${logicalId}" already exists: returned "orders" (proj_cexisting001) with no database (add one with **Create Database**); nothing was created`);
    });
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("polls the new database 2.5 s after the create, then every 5 s, until it is ready", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const at = answerPolls(databaseId, ["provisioning", "provisioning", "ready"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500, 12_500]);
      expect(result).toEqual(outcome({ polls: 3 }));
      expect(summary).toBe(createdSummary("status ready"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with ready: false, without throwing, when Max Wait Seconds runs out", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const at = answerPolls(databaseId, ["provisioning"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 5 }));

      // No second poll at 3 s, only 0.5 s after the first.
      expect(at).toEqual([2500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 1, waitError: stillProvisioning(5) }));
      expect(summary).toBe(createdSummary("status provisioning, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const at = answerPolls(databaseId, Array(4).fill("provisioning"), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(outcome({ status: "provisioning", ready: false, polls: 4, waitError: stillProvisioning(20) }));
    });

    it("returns the strings with a waitError naming **Delete Database** when the database fails", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      answerPolls(databaseId, ["failure"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "failure", ready: false, polls: 1,
        waitError: `Database ${databaseId} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`,
      }));
      expect(summary).toBe(createdSummary("status failure, not ready (see `waitError`)"));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the strings with the poll's error in waitError when a poll fails for good", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      answerPolls(databaseId, ["provisioning", [401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "provisioning", ready: false, polls: 2,
        waitError: `Database ${databaseId} exists, but checking whether it is ready failed (Prisma API error 401 (authentication-failed): Invalid token). Do not create it again: check it with **Get Database**.`,
      }));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("reads a 404 on the first poll of the new database as not visible yet", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      answerPolls(databaseId, [[404, errorBody("resource-not-found", "database not found")], "ready"], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({ polls: 2 }));
    });

    it("waits for the default database a re-run found still provisioning", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([existing()]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" })
        .reply(200, page([existingDatabase("db_cexisting0001", { status: "provisioning" })]));
      answerPolls("db_cexisting0001", ["provisioning", "ready"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ projectId: "proj_cexisting001", databaseId: "db_cexisting0001", alreadyExisted: true, ready: true, status: "ready", polls: 2, ...NO_STRINGS });
      expect(summary).toBe(`Project with logical ID "${logicalId}" already exists: returned "orders" (proj_cexisting001) with database db_cexisting0001 in us-east-1, status ready; nothing was created`);
    });

    it("in a deployed workflow, suspends with $.flow.rerun after 10 s, then finishes on the rerun without creating again", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const firstPolls = answerPolls(databaseId, ["provisioning", "provisioning"], START);

      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: undefined }));

      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [databaseId], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${databaseId} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toEqual([{ delayMs: 10_000, context: expect.any(Object), maxReruns: 7 }]);
      for (const secret of [DIRECT_URL, POOLED_URL, ACCELERATE_URL]) expect(JSON.stringify(first.reruns[0].context)).toContain(secret);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(first.result, first.exports)).not.toContain(secret);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const secondPolls = answerPolls(databaseId, ["ready"], Date.now());

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }, first));

      expect(secondPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(outcome({ polls: 3 }));
      expect(second.summary).toBe(createdSummary("status ready"));
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });

    it("in a deployed workflow, finishes at once for an empty project: nothing to wait for", async () => {
      api().post("/v1/projects", { ...body, createDatabase: false }).reply(201, { data: { ...project(projectId, "orders"), database: null } });

      const { result, reruns } = await settle(runInWorkflow<Record<string, unknown>>(action, { ...props, createDatabase: false, maxWaitSeconds: undefined }));

      expect(reruns).toEqual([]);
      expect(result).toMatchObject({ projectId, databaseId: null, ready: false, polls: 0 });
    });
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().post("/v1/projects").reply(401, errorBody("authentication-failed", "Invalid token", "Create a new service token"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Invalid token. Hint: Create a new service token.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ name: "" }, /^Name is required: 1 to 256 characters\.$/],
    [{ name: "x".repeat(257) }, /Name must be 1 to 256 characters/],
    [{ region: "eu-west-1" }, /Region "eu-west-1" is not a Prisma Postgres region\. Use one of: us-east-1, us-west-1/],
    [{ workspaceId: "workspace 1" }, /Workspace ID "workspace 1" is not a valid Prisma workspace ID/],
    [{ logicalId: "Orders Prod" }, /Logical ID "Orders Prod" is not valid/],
    [{ createDatabase: "no" }, /Create Database must be true or false/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
