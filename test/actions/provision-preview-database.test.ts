import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/provision-preview-database/provision-preview-database";
import {
  ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, branch, connection, connectionWithSecrets, database, databaseCreated, defaultBranch, page,
} from "../fixtures";
import { api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, resumeInWorkflow, runInWorkflow } from "../workflow";

const projectId = "proj_corders00001";
const gitName = "feature/login";
const branchesPath = `/v1/projects/${projectId}/branches`;
const preview = branch("br_cfeature00001", gitName);
const databaseId = "db_cpreview000001";
const connectionId = "con_cpreviewapp01";
const props = { projectId, gitName };
// Region `inherit` and Logical ID `preview` are the defaults; the name comes from the git name.
const createBody = { projectId, branchId: preview.id, name: "preview-feature-login", region: "inherit", logicalId: "preview" };

// The default connection's one-time strings, told apart from those of the connection minted later.
const DEFAULT_PASSWORD = "d3fau1tPa55word";
const DEFAULT_API_KEY = "eyJhbGciOiJIUzI1NiJ9.defaultkey";
const DEFAULT_DIRECT = `postgres://user_def:${DEFAULT_PASSWORD}@db.prisma.io:5432/postgres?sslmode=require`;
const DEFAULT_POOLED = `postgres://user_def:${DEFAULT_PASSWORD}@pooled.db.prisma.io:5432/postgres?sslmode=require`;
const DEFAULT_ACCELERATE = `prisma+postgres://accelerate.prisma-data.net/?api_key=${DEFAULT_API_KEY}`;
const ALL_SECRETS = [...SECRETS, DEFAULT_PASSWORD, DEFAULT_API_KEY];

/** What `POST /v1/databases` answers for the preview database: provisioning, with its default connection's strings. */
function created() {
  const base = databaseCreated(databaseId, { name: "preview-feature-login", branchId: preview.id, logicalId: "preview" });
  const endpoints = {
    direct: { host: "db.prisma.io", port: 5432, connectionString: DEFAULT_DIRECT },
    pooled: { host: "pooled.db.prisma.io", port: 5432, connectionString: DEFAULT_POOLED },
    accelerate: { host: "accelerate.prisma-data.net", port: 443, connectionString: DEFAULT_ACCELERATE },
  };
  return { ...base, connections: base.connections.map((c) => ({ ...c, endpoints })) };
}

const minted = () => ({ ...connectionWithSecrets(connectionId, databaseId), name: "preview-app" });

/** The preview database as a re-run's lookup finds it: ready, with its default and its `preview-app` connection. */
const existing = (extra: Parameters<typeof database>[1] = {}) => database(databaseId, {
  name: "preview-feature-login", isDefault: false, branchId: preview.id, logicalId: "preview",
  connections: [connection("con_cdefault0001", databaseId), connection(connectionId, databaseId, { name: "preview-app" })],
  ...extra,
});

const clash = () => errorBody("conflict", `A database with logicalId preview already exists on branch ${gitName} (${preview.id}): ${databaseId}.`);

function withoutNamedStrings(result: Record<string, unknown>) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
  return rest;
}

describe("provision-preview-database", () => {
  afterEach(() => vi.useRealTimers());

  describe("first run", () => {
    beforeEach(() => useFakeClock());

    it("creates the branch, the database on it, waits until ready, then mints the connection", async () => {
      const start = Date.now();
      api().post(branchesPath, { gitName }).reply(201, { data: preview });
      api().post("/v1/databases", createBody).reply(201, { data: created() });
      const polls = answerPolls(databaseId, ["provisioning", "ready"], start);
      api().post("/v1/connections", { databaseId, name: "preview-app" }).reply(201, { data: minted() });

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, props));

      expect(polls).toEqual([2500, 7500]);
      expect(result).toEqual({
        projectId,
        gitName,
        branchId: preview.id,
        databaseId,
        databaseName: "preview-feature-login",
        status: "ready",
        ready: true,
        waitError: null,
        region: "us-east-1",
        connectionId,
        connectionName: "preview-app",
        directConnectionString: DIRECT_URL,
        pooledConnectionString: POOLED_URL,
        accelerateConnectionString: ACCELERATE_URL,
        followUpError: null,
        alreadyExisted: false,
        branchAlreadyExisted: false,
        connectionAlreadyExisted: false,
        differences: [],
      });
      expect(summary).toBe(`Provisioned preview database "preview-feature-login" (${databaseId}) on new branch "feature/login" (${preview.id}) with connection "preview-app" (${connectionId}); status ready`);
      for (const secret of ALL_SECRETS) expect(everything(withoutNamedStrings(result), exports)).not.toContain(secret);
    });

    it("sends the name, region and Logical ID given, and uses a branch that already exists", async () => {
      api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "A live Branch with this gitName already exists"));
      api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([preview]));
      api().post("/v1/databases", { ...createBody, name: "login-preview", region: "eu-central-1", logicalId: "app-db" })
        .reply(201, { data: { ...created(), name: "login-preview", status: "ready" } });
      api().post("/v1/connections", { databaseId, name: "web-preview" }).reply(201, { data: { ...minted(), name: "web-preview" } });

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, {
        ...props, name: "login-preview", region: "eu-central-1", logicalId: "app-db", connectionName: "web-preview",
      }));

      expect(result).toMatchObject({ databaseName: "login-preview", connectionName: "web-preview", alreadyExisted: false, branchAlreadyExisted: true, directConnectionString: DIRECT_URL });
      expect(summary).toBe(`Provisioned preview database "login-preview" (${databaseId}) on existing branch "feature/login" (${preview.id}) with connection "web-preview" (${connectionId}); status ready`);
    });

    it("derives a database name from any git name: characters a name cannot hold become dashes", async () => {
      const odd = branch("br_codd000000001", "users/ana/fix#12 (wip)");
      api().post(branchesPath, { gitName: odd.gitName }).reply(201, { data: odd });
      api().post("/v1/databases", { ...createBody, branchId: odd.id, name: "preview-users-ana-fix-12-wip-" })
        .reply(201, { data: { ...created(), status: "ready" } });
      api().post("/v1/connections", { databaseId, name: "preview-app" }).reply(201, { data: minted() });

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, gitName: odd.gitName }));

      expect(result).toMatchObject({ branchId: odd.id, gitName: odd.gitName, ready: true });
    });

    it("returns the default connection's one-time strings and ready: false when the database is not ready in time", async () => {
      const start = Date.now();
      api().post(branchesPath, { gitName }).reply(201, { data: preview });
      api().post("/v1/databases", createBody).reply(201, { data: created() });
      // Polls at 2.5 s and 7.5 s; none at 8 s, only 0.5 s after the last, nor later than 2 s before the end of the wait.
      const polls = answerPolls(databaseId, ["provisioning", "provisioning"], start);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 10 }));

      expect(polls).toEqual([2500, 7500]);
      expect(result).toEqual({
        projectId,
        gitName,
        branchId: preview.id,
        databaseId,
        databaseName: "preview-feature-login",
        status: "provisioning",
        ready: false,
        waitError: `Database ${databaseId} is still "provisioning" at the end of its 10 s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`,
        region: "us-east-1",
        connectionId: "con_cnewdefault1",
        connectionName: "default",
        directConnectionString: DEFAULT_DIRECT,
        pooledConnectionString: DEFAULT_POOLED,
        accelerateConnectionString: DEFAULT_ACCELERATE,
        followUpError: null,
        alreadyExisted: false,
        branchAlreadyExisted: false,
        connectionAlreadyExisted: false,
        differences: [],
      });
      expect(summary).toBe(
        `Provisioned preview database "preview-feature-login" (${databaseId}) on new branch "feature/login" (${preview.id}) with connection "default" (con_cnewdefault1); ` +
        "status provisioning, not ready (see `waitError`); the connection returned is the database's default one, because the database is not ready yet; once **Get Database** reports it ready, run the step again to mint the named one",
      );
      for (const secret of ALL_SECRETS) expect(everything(withoutNamedStrings(result), exports)).not.toContain(secret);
    });

    it("with Max Wait Seconds 0 sends no poll and no connection request", async () => {
      api().post(branchesPath, { gitName }).reply(201, { data: preview });
      api().post("/v1/databases", createBody).reply(201, { data: created() });

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 0 }));

      expect(result).toMatchObject({
        ready: false, status: "provisioning", connectionId: "con_cnewdefault1", connectionAlreadyExisted: false,
        directConnectionString: DEFAULT_DIRECT, pooledConnectionString: DEFAULT_POOLED, accelerateConnectionString: DEFAULT_ACCELERATE,
      });
      expect(result.waitError).toBe(`Database ${databaseId} is "provisioning": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`);
    });
  });

  describe("re-run", () => {
    it("finds the branch by its exact git name, the database by Logical ID on that branch, and its connection by name: nothing is created", async () => {
      api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "A live Branch with this gitName already exists"));
      api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([preview]));
      api().post("/v1/databases", createBody).reply(409, clash());
      // Scoped to the preview branch: no lookup of the project's default branch is made (it would be an undeclared request).
      api().get("/v1/databases").query({ projectId, logicalId: "preview", branchId: preview.id, limit: "100" }).reply(200, page([existing()]));

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

      expect(result).toEqual({
        projectId,
        gitName,
        branchId: preview.id,
        databaseId,
        databaseName: "preview-feature-login",
        status: "ready",
        ready: true,
        waitError: null,
        region: "us-east-1",
        connectionId,
        connectionName: "preview-app",
        directConnectionString: null,
        pooledConnectionString: null,
        accelerateConnectionString: null,
        followUpError: null,
        alreadyExisted: true,
        branchAlreadyExisted: true,
        connectionAlreadyExisted: true,
        differences: [],
      });
      expect(summary).toBe(`Preview database for "feature/login" already exists: returned ${databaseId} on branch ${preview.id} with its connection "preview-app"; nothing was created; status ready`);
      for (const secret of ALL_SECRETS) expect(everything(result, exports)).not.toContain(secret);
    });

    it("looks through the database's connections page by page when the lookup row does not name it", async () => {
      api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "exists"));
      api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([preview]));
      api().post("/v1/databases", createBody).reply(409, clash());
      api().get("/v1/databases").query({ projectId, logicalId: "preview", branchId: preview.id, limit: "100" })
        .reply(200, page([existing({ connections: [connection("con_cdefault0001", databaseId)] })]));
      api().get(`/v1/databases/${databaseId}/connections`).query({ limit: "100" }).reply(200, page([connection("con_cdefault0001", databaseId)], "c2"));
      api().get(`/v1/databases/${databaseId}/connections`).query({ limit: "100", cursor: "c2" }).reply(200, page([connection(connectionId, databaseId, { name: "preview-app" })]));

      const { result } = await runAction<Record<string, unknown>>(action, props);

      expect(result).toMatchObject({ connectionId, connectionAlreadyExisted: true, directConnectionString: null });
    });

    it("mints the named connection when a re-run finds the database without it, and says so", async () => {
      api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "exists"));
      api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([preview]));
      api().post("/v1/databases", createBody).reply(409, clash());
      api().get("/v1/databases").query({ projectId, logicalId: "preview", branchId: preview.id, limit: "100" })
        .reply(200, page([existing({ connections: [connection("con_cdefault0001", databaseId)] })]));
      api().get(`/v1/databases/${databaseId}/connections`).query({ limit: "100" }).reply(200, page([connection("con_cdefault0001", databaseId)]));
      api().post("/v1/connections", { databaseId, name: "preview-app" }).reply(201, { data: minted() });

      const { result, summary } = await runAction<Record<string, unknown>>(action, props);

      expect(result).toMatchObject({ alreadyExisted: true, connectionId, connectionAlreadyExisted: false, directConnectionString: DIRECT_URL });
      expect(summary).toBe(`Preview database for "feature/login" already exists: returned ${databaseId} on branch ${preview.id} with a new connection "preview-app"; nothing else was created; status ready`);
    });

    it("notes where the database found differs from this run's input", async () => {
      api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "exists"));
      api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([preview]));
      api().post("/v1/databases", { ...createBody, name: "renamed", region: "eu-west-3" }).reply(409, clash());
      api().get("/v1/databases").query({ projectId, logicalId: "preview", branchId: preview.id, limit: "100" }).reply(200, page([existing()]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, name: "renamed", region: "eu-west-3" });

      expect(result.differences).toEqual([
        'its name is "preview-feature-login", not "renamed" as this run asked',
        'its region is "us-east-1", not "eu-west-3" as this run asked',
      ]);
      expect(summary).toContain('; note: its name is "preview-feature-login", not "renamed" as this run asked; note: its region is');
    });

    it.each([
      ["another branch", { branchId: "br_cother0000001" }],
      ["no branch", { branchId: null }],
      ["another Logical ID", { logicalId: "preview-2" }],
      ["another project", { project: { id: "proj_cother000001", url: "https://api.prisma.io/v1/projects/proj_cother000001", name: "billing" } }],
    ])("does not take a lookup row of %s for this branch's database: the 409 surfaces", async (_case, extra) => {
      api().post(branchesPath, { gitName }).reply(409, errorBody("conflict", "exists"));
      api().get(branchesPath).query({ gitName, limit: "1" }).reply(200, page([preview]));
      api().post("/v1/databases", createBody).reply(409, clash());
      api().get("/v1/databases").query({ projectId, logicalId: "preview", branchId: preview.id, limit: "100" }).reply(200, page([existing(extra)]));

      const error = await runActionError(action, props);

      expect(error).toMatchObject({ status: 409, code: "conflict" });
      expect(error.message).toContain(`Prisma API error 409 (conflict): A database with logicalId preview already exists on branch ${gitName}`);
    });
  });

  it("refuses the production branch's git name before any database request", async () => {
    api().post(branchesPath, { gitName: "main" }).reply(409, errorBody("conflict", "A live Branch with this gitName already exists"));
    api().get(branchesPath).query({ gitName: "main", limit: "1" }).reply(200, page([defaultBranch()]));

    const error = await runActionError(action, { ...props, gitName: "main" });

    expect(error.message).toBe('Branch "main" (br_cmain00000001) is the project\'s production branch. Previews go on preview branches that are not the default: nothing was created. To add a database to this branch, use **Create Database**.');
    expect(error.exports).toEqual({});
  });

  it("refuses a production branch even when the API answers the create with one", async () => {
    api().post(branchesPath, { gitName: "release" }).reply(201, { data: branch("br_crelease00001", "release", { role: "production" }) });

    const error = await runActionError(action, { ...props, gitName: "release" });

    expect(error.message).toMatch(/^Branch "release" \(br_crelease00001\) is the project's production branch\. /);
  });

  describe("in a deployed workflow", () => {
    beforeEach(() => useFakeClock());

    it("suspends while the database provisions, and the rerun finishes without creating anything again", async () => {
      let start = Date.now();
      api().post(branchesPath, { gitName }).reply(201, { data: preview });
      api().post("/v1/databases", createBody).reply(201, { data: created() });
      const firstPolls = answerPolls(databaseId, ["provisioning", "provisioning"], start);

      const first = await settle(runInWorkflow<Record<string, unknown>>(action, props));

      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [databaseId], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${databaseId} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toHaveLength(1);
      expect(first.reruns[0].delayMs).toBe(10_000);
      for (const secret of ALL_SECRETS) expect(everything(first.result, first.exports)).not.toContain(secret);

      // Pipedream runs the step again once the delay has passed: no branch or database create, only polls and the connection.
      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      start = Date.now();
      const secondPolls = answerPolls(databaseId, ["ready"], start);
      api().post("/v1/connections", { databaseId, name: "preview-app" }).reply(201, { data: minted() });

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, props, first));

      // The rerun came after its pause: it checks at once.
      expect(secondPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toMatchObject({
        branchId: preview.id, databaseId, connectionId, ready: true, status: "ready", alreadyExisted: false, branchAlreadyExisted: false,
        directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL,
      });
      expect(second.summary).toBe(`Provisioned preview database "preview-feature-login" (${databaseId}) on new branch "feature/login" (${preview.id}) with connection "preview-app" (${connectionId}); status ready`);
      // The default connection's strings rode in the rerun context; once the named one is minted they appear nowhere.
      for (const secret of [DEFAULT_PASSWORD, DEFAULT_API_KEY]) expect(everything(second.result, second.exports)).not.toContain(secret);
      for (const secret of ALL_SECRETS) expect(everything(withoutNamedStrings(second.result), second.exports)).not.toContain(secret);
    });
  });

  it.each([
    [{ projectId: "" }, /Project ID is required/],
    [{ projectId: "proj 1" }, /Project ID "proj 1" is not a valid Prisma project ID/],
    [{ gitName: "" }, /Git Name is required/],
    [{ gitName: null }, /Git Name is required/],
    [{ gitName: "   " }, /Git Name is required/],
    [{ gitName: " feature/login" }, /Git Name " feature\/login" starts or ends with whitespace/],
    [{ gitName: "x".repeat(256) }, /Git Name must be 1 to 255 characters long/],
    [{ connectionName: "ab" }, /Connection Name must be 3 to 65 characters/],
    [{ name: "x".repeat(257) }, /Database Name must be 1 to 256 characters/],
    [{ region: "mars-1" }, /Region "mars-1" is not accepted for a database/],
    [{ logicalId: "Preview DB" }, /Logical ID "Preview DB" is not valid/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
    [{ maxWaitSeconds: -1 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
