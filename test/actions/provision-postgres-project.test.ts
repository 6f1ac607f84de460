import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/provision-postgres-project/provision-postgres-project";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, backup, connection, connectionWithSecrets, database, networkError, page, project, projectCreated } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, resumeInWorkflow, runInWorkflow } from "../workflow";

const props = { name: "orders", region: "us-east-1", connectionName: "app-server", maxWaitSeconds: 0 };
const body = { name: "orders", region: "us-east-1" };
const projectId = "proj_cnewproj0001";
const databaseId = "db_cnewdefault01";
const logicalId = "orders";
/** A database of the project a re-run finds (proj_cexisting001), as its own database list shows it. */
const existingDatabase = (id: string, extra: Parameters<typeof database>[1] = {}) =>
  database(id, { project: { id: "proj_cexisting001", url: "https://api.prisma.io/v1/projects/proj_cexisting001", name: "orders" }, ...extra });
const START = Date.parse("2026-11-01T10:00:00.000Z");
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const NO_STRINGS = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
const retention = (data: unknown[]) => ({ data, meta: { backupRetentionDays: 7 }, pagination: { hasMore: false, limit: 100 } });
const clash = errorBody("conflict", "A project with logicalId orders already exists");

/** The mint and the backups read that follow a ready database. */
function expectMintAndBackups(onDatabase = databaseId) {
  api().post("/v1/connections", { databaseId: onDatabase, name: "app-server" }).reply(201, { data: connectionWithSecrets("con_cnew00000001", onDatabase) });
  api().get(`/v1/databases/${onDatabase}/backups`).query({ limit: "100" }).reply(200, retention([
    backup("bk_old", "2026-11-01T00:00:00Z"), backup("bk_new", "2026-11-02T00:00:00Z"),
  ]));
}

/** The result of a first run whose database became ready: the minted connection's strings. */
function ready(extra: Record<string, unknown> = {}) {
  return {
    workspaceId: "wksp_cmain0000001", projectId, projectName: "orders", databaseId,
    status: "ready", ready: true, waitError: null, region: "us-east-1",
    connectionId: "con_cnew00000001", connectionName: "app-server", ...STRINGS,
    backupRetentionDays: 7, latestBackup: expect.objectContaining({ id: "bk_new" }), followUpError: null,
    alreadyExisted: false, connectionAlreadyExisted: false, differences: [],
    ...extra,
  };
}

/** The result of a first run whose database is not ready: the default connection and the create's strings. */
function notReady(extra: Record<string, unknown> = {}) {
  return {
    ...ready(), status: "provisioning", ready: false,
    connectionId: "con_cnewdefault1", connectionName: "default", backupRetentionDays: null, latestBackup: null,
    ...extra,
  };
}

const readySummary = `Provisioned project "orders" (${projectId}) with database ${databaseId} in us-east-1 (status ready) and connection "app-server" (con_cnew00000001)`;
const notReadySummary = (status: string, advice: string) =>
  `Provisioned project "orders" (${projectId}) with database ${databaseId} in us-east-1 (status ${status}, not ready (see \`waitError\`)) and connection "default" (con_cnewdefault1); ${advice}`;
const defaultConnectionUntil = (later: string) =>
  `the connection returned is the database's default one, because the database is not ready yet; once **Get Database** reports it ready, ${later}`;
const mintOnRerun = 'run the step again with the same Logical ID to mint "app-server"';
// Without a Logical ID a re-run would make a second project: the advice names the action that mints.
const mintByHand = 'mint "app-server" with **Create Connection String** (running this step again would create another project)';
const failedToStart = "the database failed to start, so no connection was minted (see `waitError`)";
const stillProvisioning = (seconds: number) =>
  `Database ${databaseId} is still "provisioning" at the end of its ${seconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`;

function expectSecretsOnlyInNamedFields(result: unknown, exports: unknown) {
  const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result as Record<string, unknown>;
  for (const secret of [...SECRETS, TOKEN]) expect(everything(rest, exports)).not.toContain(secret);
}

describe("provision-postgres-project", () => {
  afterEach(() => vi.useRealTimers());

  it("creates the project, mints the connection and reports backups in three requests when the database is ready", async () => {
    api().post("/v1/projects", body).reply(201, { data: projectCreated(projectId, databaseId, "ready") });
    expectMintAndBackups();

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(ready());
    expect(summary).toBe(readySummary);
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("mints nothing on a database not ready yet, and returns its default connection's strings from the create", async () => {
    api().post("/v1/projects", { ...body, logicalId }).reply(201, { data: projectCreated() });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

    expect(result).toEqual(notReady({
      waitError: `Database ${databaseId} is "provisioning": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`,
    }));
    expect(summary).toBe(notReadySummary("provisioning", defaultConnectionUntil(mintOnRerun)));
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("sends the create once when its answer is lost, and says the project may exist, how to check, and the risk of a twin", async () => {
    api().post("/v1/projects", body).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const error = await runActionError(action, props);

    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The project may have been created. Check with **List Projects** before running again: a re-run with the same Logical ID returns it, but without one it can create a second project.");
    for (const secret of [...SECRETS, TOKEN]) expect(everything(error)).not.toContain(secret);
  });

  it("sends the mint once when its answer is lost, and returns the create's strings with what may have happened and how to finish", async () => {
    api().post("/v1/projects", body).reply(201, { data: projectCreated(projectId, databaseId, "ready") });
    api().post("/v1/connections", { databaseId, name: "app-server" }).replyWithError(networkError("ECONNRESET", "socket hang up"));
    api().get(`/v1/databases/${databaseId}/backups`).query({ limit: "100" }).reply(200, retention([]));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(ready({
      connectionId: "con_cnewdefault1", connectionName: "default", latestBackup: null,
      followUpError: expect.stringMatching(/^Minting the connection "app-server" failed: Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./),
    }));
    expect(result!.followUpError).toContain("The connection may have been created, and its one-time connection strings with it. Check with **List Connection Strings** and remove an unwanted one with **Delete Connection String**; a re-run creates another.");
    expect(result!.followUpError).toMatch(/Instead, the database's default connection is returned in its place \(with its one-time strings when this run created the database\); mint "app-server" with \*\*Create Connection String\*\* \(running this step again would create another project\)\.$/);
    expect(summary).toBe(`Provisioned project "orders" (${projectId}) with database ${databaseId} in us-east-1 (status ready) and connection "default" (con_cnewdefault1); a step after the create failed; everything made is returned (see \`followUpError\`)`);
    expectSecretsOnlyInNamedFields(result, exports);
  });

  it("reports null retention when Prisma cannot list the database's backups (422)", async () => {
    api().post("/v1/projects", body).reply(201, { data: projectCreated(projectId, databaseId, "ready") });
    api().post("/v1/connections", { databaseId, name: "app-server" }).reply(201, { data: connectionWithSecrets() });
    api().get(`/v1/databases/${databaseId}/backups`).query({ limit: "100" }).reply(422, errorBody("validation-error", "Remote database backups are not supported"));
    const { result } = await runAction<Record<string, unknown>>(action, props);
    expect(result).toMatchObject({ backupRetentionDays: null, latestBackup: null });
  });

  it("returns the create's strings with the API's words when the connection cannot be minted, keeping the token out", async () => {
    api().post("/v1/projects", { ...body, logicalId }).reply(201, { data: projectCreated(projectId, databaseId, "ready") });
    api().post("/v1/connections", { databaseId, name: "app-server" }).reply(404, errorBody("resource-not-found", "database not found"));
    api().get(`/v1/databases/${databaseId}/backups`).query({ limit: "100" }).reply(200, retention([]));
    const { result, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });
    expect(result).toMatchObject({ ...STRINGS, ready: true, connectionId: "con_cnewdefault1", backupRetentionDays: 7 });
    expect(result!.followUpError).toContain("Prisma API error 404 (resource-not-found): database not found");
    // With a Logical ID, running the step again finishes without creating anything again.
    expect(result!.followUpError).toMatch(/run the step again with the same Logical ID to mint "app-server" without creating anything again\.$/);
    expectSecretsOnlyInNamedFields(result, exports);
  });

  describe("a re-run with the same Logical ID", () => {
    it("reuses the project and its connection, creating nothing", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([existingDatabase("db_cexisting0001")]));
      api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100" }).reply(200, page([connection("con_cdefault0001", "db_cexisting0001")], "next"));
      api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100", cursor: "next" })
        .reply(200, page([connection("con_capp00000001", "db_cexisting0001", { name: "app-server" })]));
      api().get("/v1/databases/db_cexisting0001/backups").query({ limit: "100" }).reply(200, retention([]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual(ready({
        projectId: "proj_cexisting001", databaseId: "db_cexisting0001", connectionId: "con_capp00000001", ...NO_STRINGS,
        latestBackup: null, alreadyExisted: true, connectionAlreadyExisted: true,
      }));
      expect(summary).toBe('Project with logical ID "orders" already exists: returned "orders" (proj_cexisting001) and its connection "app-server"; no project was created');
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result)).not.toContain(secret);
    });

    it("mints the connection when the only one of that name the database's connection list shows is another database's", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([existingDatabase("db_cexisting0001")]));
      api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100" })
        .reply(200, page([connection("con_cdefault0001", "db_cexisting0001"), connection("con_celsewhere001", "db_cotherproj001", { name: "app-server" })]));
      expectMintAndBackups("db_cexisting0001");

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual(ready({ projectId: "proj_cexisting001", databaseId: "db_cexisting0001", alreadyExisted: true, connectionAlreadyExisted: false }));
    });

    it("passes over a row of another project that the project's database list shows, minting only on the project's own database", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" })
        .reply(200, page([database("db_cotherproj001"), existingDatabase("db_cexisting0001")]));
      api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100" }).reply(200, page([connection("con_cdefault0001", "db_cexisting0001")]));
      expectMintAndBackups("db_cexisting0001");

      const { result } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual(ready({ projectId: "proj_cexisting001", databaseId: "db_cexisting0001", alreadyExisted: true, connectionAlreadyExisted: false }));
    });

    it.each([
      ["no database", []],
      ["only a database of another project", [database("db_cotherproj001")]],
    ])("stops, creating and minting nothing, when the project's database list shows %s", async (_case, rows) => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page(rows));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe('Project "orders" (proj_cexisting001) with Logical ID "orders" already exists, but Prisma lists no database of it, so there is nothing to connect "app-server" to; nothing was created. Add a database with **Create Database**, then mint the connection with **Create Connection String**.');
    });

    it("mints the connection when the project exists without it, returning its strings", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" }).reply(200, page([existingDatabase("db_cexisting0001")]));
      api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100" }).reply(200, page([connection("con_cdefault0001", "db_cexisting0001")]));
      expectMintAndBackups("db_cexisting0001");

      const { result, summary, exports } = await runAction<Record<string, unknown>>(action, { ...props, logicalId });

      expect(result).toEqual(ready({ projectId: "proj_cexisting001", databaseId: "db_cexisting0001", alreadyExisted: true, connectionAlreadyExisted: false }));
      expect(summary).toBe('Project with logical ID "orders" already exists: returned "orders" (proj_cexisting001) and a new connection "app-server"; no project was created');
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("rethrows the original 409 when the lookup answers only a project with another Logical ID", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId: "orders-2" })]));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (conflict): A project with logicalId orders already exists. The lookup by Logical ID found no project of this workspace holding it, so none was returned: find the project that holds it with **List Projects**, or choose another Logical ID.");
    });

    it("looks nothing up on a 409 planLimitReached, and gives the plan advice", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, errorBody("planLimitReached", "Project limit reached"));

      const error = await runActionError(action, { ...props, logicalId });

      expect(error.message).toBe("Prisma API error 409 (planLimitReached): Project limit reached. The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.");
    });

    it("lists a different name and region in the result and the summary", async () => {
      api().post("/v1/projects", { name: "orders-v2", region: "eu-central-1", logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" })
        .reply(200, page([existingDatabase("db_cexisting0001", { connections: [connection("con_capp00000001", "db_cexisting0001", { name: "app-server" })] })]));
      api().get("/v1/databases/db_cexisting0001/backups").query({ limit: "100" }).reply(200, retention([]));

      const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, name: "orders-v2", region: "eu-central-1", logicalId });

      const differences = [
        'its name is "orders", not "orders-v2" as this run asked',
        'its region is "us-east-1", not "eu-central-1" as this run asked',
      ];
      expect(result).toMatchObject({ alreadyExisted: true, connectionAlreadyExisted: true, connectionId: "con_capp00000001", differences });
      expect(summary).toBe(`Project with logical ID "orders" already exists: returned "orders" (proj_cexisting001) and its connection "app-server"; no project was created; note: ${differences[0]}; note: ${differences[1]}`);
    });
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("mints the connection and reads the backups only once the database is ready", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const at = answerPolls(databaseId, ["provisioning", "ready"], START);
      expectMintAndBackups();

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500]);
      expect(result).toEqual(ready());
      expect(summary).toBe(readySummary);
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the default connection's strings with ready: false, minting nothing, when Max Wait Seconds runs out", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const at = answerPolls(databaseId, ["provisioning"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 5 }));

      expect(at).toEqual([2500]);
      expect(result).toEqual(notReady({ waitError: stillProvisioning(5) }));
      expect(summary).toBe(notReadySummary("provisioning", defaultConnectionUntil(mintByHand)));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const at = answerPolls(databaseId, Array(4).fill("provisioning"), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(notReady({ waitError: stillProvisioning(20) }));
    });

    it("returns the default connection's strings with a waitError naming **Delete Database** when the database fails, minting nothing", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(201, { data: projectCreated() });
      answerPolls(databaseId, ["failure"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(result).toEqual(notReady({
        status: "failure",
        waitError: `Database ${databaseId} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`,
      }));
      // Not "run the step again": a failed database takes no connection.
      expect(summary).toBe(notReadySummary("failure", failedToStart));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("returns the default connection's strings with the poll's error, minting nothing, when a poll fails for good", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      answerPolls(databaseId, [[401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(notReady({
        waitError: `Database ${databaseId} exists, but checking whether it is ready failed (Prisma API error 401 (authentication-failed): Invalid token). Do not create it again: check it with **Get Database**.`,
      }));
      expect(summary).toBe(notReadySummary("provisioning", defaultConnectionUntil(mintByHand)));
      expectSecretsOnlyInNamedFields(result, exports);
    });

    it("reads a 404 on the first poll of the new database as not visible yet", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      answerPolls(databaseId, [[404, errorBody("resource-not-found", "database not found")], "ready"], START);
      expectMintAndBackups();

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(ready());
    });

    it("waits for a database a re-run found still provisioning, then reuses its connection", async () => {
      api().post("/v1/projects", { ...body, logicalId }).reply(409, clash);
      api().get("/v1/projects").query({ logicalId, limit: "100" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId })]));
      api().get("/v1/projects/proj_cexisting001/databases").query({ limit: "100" })
        .reply(200, page([existingDatabase("db_cexisting0001", { status: "provisioning", connections: [connection("con_capp00000001", "db_cexisting0001", { name: "app-server" })] })]));
      answerPolls("db_cexisting0001", ["ready"], START);
      api().get("/v1/databases/db_cexisting0001/backups").query({ limit: "100" }).reply(200, retention([]));

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, logicalId, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ databaseId: "db_cexisting0001", ready: true, connectionId: "con_capp00000001", connectionAlreadyExisted: true, alreadyExisted: true, ...NO_STRINGS });
    });

    it("in a deployed workflow, suspends with $.flow.rerun after 10 s, then mints on the rerun without creating the project again", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const firstPolls = answerPolls(databaseId, ["provisioning", "provisioning"], START);

      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: undefined }));

      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [databaseId], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${databaseId} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toEqual([{ delayMs: 10_000, context: expect.any(Object), maxReruns: 7 }]);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(first.result, first.exports)).not.toContain(secret);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const secondPolls = answerPolls(databaseId, ["ready"], Date.now());
      expectMintAndBackups();

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }, first));

      expect(secondPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(ready());
      expect(second.summary).toBe(readySummary);
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });

    it("in a deployed workflow, returns the default connection's strings once Max Wait Seconds has passed across reruns", async () => {
      api().post("/v1/projects", body).reply(201, { data: projectCreated() });
      const firstPolls = answerPolls(databaseId, ["provisioning", "provisioning"], START);
      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: 20 }));
      expect(firstPolls).toEqual([2500, 7500]);
      // 20 s − 7.5 s − 2 s − 2.5 s: the rerun leaves room for a poll before the wait ends.
      expect(first.reruns.map((r) => r.delayMs)).toEqual([8000]);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const resumedAt = Date.now();
      const secondPolls = answerPolls(databaseId, ["provisioning", "provisioning"], resumedAt);
      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 20 }, first));

      expect(secondPolls).toEqual([0, 2500]);
      expect(resumedAt + 2500 - START).toBe(18_000);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(notReady({ waitError: stillProvisioning(20) }));
      expect(second.summary).toBe(notReadySummary("provisioning", defaultConnectionUntil(mintByHand)));
      expectSecretsOnlyInNamedFields(second.result, second.exports);
    });
  });

  it.each([
    [{ connectionName: "ab" }, /Connection Name must be 3 to 65 characters/],
    [{ region: "mars-1" }, /Region "mars-1" is not a Prisma Postgres region/],
    [{ name: "" }, /^Project Name is required: 1 to 256 characters\.$/],
    [{ logicalId: "Orders" }, /Logical ID "Orders" is not valid/],
    [{ maxWaitSeconds: 601 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
