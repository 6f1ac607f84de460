import { describe, expect, it } from "vitest";
import action from "../../actions/provision-postgres-project/provision-postgres-project";
import { DIRECT_URL, POOLED_URL, SECRETS, backup, connection, connectionWithSecrets, database, page, project, projectCreated } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const props = { name: "orders", region: "us-east-1", connectionName: "app-server", maxWaitSeconds: 0 };
const retention = (data: unknown[]) => ({ data, meta: { backupRetentionDays: 7 }, pagination: { hasMore: false, limit: 100 } });

describe("provision-postgres-project", () => {
  it("creates the project, mints the connection and reports backups in three requests", async () => {
    api().post("/v1/projects", { name: "orders", region: "us-east-1" }).reply(201, { data: projectCreated("proj_cnewproj0001", "db_cnewdefault01", "ready") });
    api().post("/v1/connections", { databaseId: "db_cnewdefault01", name: "app-server" }).reply(201, { data: connectionWithSecrets("con_cnew00000001", "db_cnewdefault01") });
    api().get("/v1/databases/db_cnewdefault01/backups").query({ limit: "100" }).reply(200, retention([
      backup("bk_old", "2026-11-01T00:00:00Z"), backup("bk_new", "2026-11-02T00:00:00Z"),
    ]));

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual({
      workspaceId: "wksp_cmain0000001",
      projectId: "proj_cnewproj0001",
      projectName: "orders",
      databaseId: "db_cnewdefault01",
      status: "ready",
      region: "us-east-1",
      connectionId: "con_cnew00000001",
      connectionName: "app-server",
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: expect.stringContaining("prisma+postgres://"),
      backupRetentionDays: 7,
      latestBackup: expect.objectContaining({ id: "bk_new" }),
      alreadyExisted: false,
    });
    expect(summary).toBe('Provisioned project "orders" (proj_cnewproj0001) with database db_cnewdefault01 in us-east-1 (ready) and connection "app-server" (con_cnew00000001)');
    for (const secret of SECRETS) expect(everything(summary, exports)).not.toContain(secret);
  });

  it("re-run with the same logical ID reuses the project and its connection, creating nothing", async () => {
    api().post("/v1/projects", { name: "orders", region: "us-east-1", logicalId: "orders" }).reply(409, errorBody("conflict", "logicalId exists"));
    api().get("/v1/projects").query({ logicalId: "orders", limit: "1" }).reply(200, page([project("proj_cexisting001", "orders", { logicalId: "orders" })]));
    api().get("/v1/projects/proj_cexisting001/databases").reply(200, page([database("db_cexisting0001")]));
    api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100" }).reply(200, page([connection("con_cdefault0001", "db_cexisting0001")], "next"));
    api().get("/v1/databases/db_cexisting0001/connections").query({ limit: "100", cursor: "next" })
      .reply(200, page([connection("con_capp00000001", "db_cexisting0001", { name: "app-server" })]));
    api().get("/v1/databases/db_cexisting0001/backups").query({ limit: "100" }).reply(200, retention([]));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, logicalId: "orders" });

    expect(result).toMatchObject({ projectId: "proj_cexisting001", databaseId: "db_cexisting0001", connectionId: "con_capp00000001", directConnectionString: null, alreadyExisted: true, latestBackup: null });
    expect(summary).toBe('Project with logical ID "orders" already exists: returned "orders" (proj_cexisting001) and its connection "app-server"; no project was created');
    for (const secret of SECRETS) expect(everything(result)).not.toContain(secret);
  });

  it("reports null retention when Prisma cannot list the database's backups (422)", async () => {
    api().post("/v1/projects").reply(201, { data: projectCreated("proj_cnewproj0001", "db_cnewdefault01", "ready") });
    api().post("/v1/connections").reply(201, { data: connectionWithSecrets() });
    api().get("/v1/databases/db_cnewdefault01/backups").query({ limit: "100" }).reply(422, errorBody("validation-error", "Remote database backups are not supported"));
    const { result } = await runAction<Record<string, unknown>>(action, props);
    expect(result).toMatchObject({ backupRetentionDays: null, latestBackup: null });
  });

  it("stops with the API's words when the connection cannot be minted, keeping the token out", async () => {
    api().post("/v1/projects").reply(201, { data: projectCreated("proj_cnewproj0001", "db_cnewdefault01", "ready") });
    api().post("/v1/connections").reply(404, errorBody("resource-not-found", "database not found"));
    api().get("/v1/databases/db_cnewdefault01/backups").query({ limit: "100" }).reply(200, retention([]));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 404 (resource-not-found): database not found");
    // What was made before the failure is named, with how to finish.
    expect(error.message).toMatch(/^Project "orders" \(proj_cnewproj0001\) and database db_cnewdefault01 exist, but the step stopped: finish with \*\*Create Connection String\*\*, or remove them with \*\*Delete Project\*\*\./);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ connectionName: "ab" }, /Connection Name must be 3 to 65 characters/],
    [{ region: "mars-1" }, /Region "mars-1" is not a Prisma Postgres region/],
    [{ name: "" }, /Project Name must be 1 to 256 characters/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
