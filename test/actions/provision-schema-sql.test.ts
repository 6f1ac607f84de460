// `schemaSql` of the two provisioning steps, on a real database: run once on the database the
// step has just made, with the credentials it has just minted; reported, never thrown, so that
// the one-time connection strings always reach the user.
import { describe, expect, it } from "vitest";
import preview from "../../actions/provision-preview-database/provision-preview-database";
import provisionProject from "../../actions/provision-postgres-project/provision-postgres-project";
import { branch, databaseCreated, projectCreated } from "../fixtures";
import { api, everything, runAction, runActionError } from "../harness";
import { mintedConnection, useTestDatabases, type TestDatabase } from "../sql/database";

const databases = useTestDatabases();
const projectId = "proj_corders00001";
const gitName = "feature/login";
const previewBranch = branch("br_cfeature00001", gitName);
const databaseId = "db_cpreview000001";
const connectionId = "con_cpreviewapp01";
const SCHEMA = "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL); INSERT INTO items VALUES (1, 'first');";

function expectPreviewCreated(db: TestDatabase, status: "ready" | "provisioning" = "ready") {
  api().post(`/v1/projects/${projectId}/branches`, { gitName }).reply(201, { data: previewBranch });
  api().post("/v1/databases", { projectId, branchId: previewBranch.id, name: "preview-feature-login", region: "inherit", logicalId: "preview" })
    .reply(201, { data: databaseCreated(databaseId, { name: "preview-feature-login", branchId: previewBranch.id, logicalId: "preview", status }) });
  if (status === "ready") {
    api().post("/v1/connections", { databaseId, name: "preview-app" })
      .reply(201, { data: { ...mintedConnection(db, connectionId, databaseId).data, name: "preview-app" } });
  }
}

const tables = async (db: TestDatabase) =>
  (await db.admin("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.tablename);

describe("Provision Preview Database with schemaSql", () => {
  it("runs it on the new database with the minted credentials, and says so", async () => {
    const db = await databases.create();
    expectPreviewCreated(db);
    const { result, summary, exports } = await runAction<Record<string, unknown>>(preview, { projectId, gitName, schemaSql: SCHEMA });
    expect(result).toMatchObject({ ready: true, alreadyExisted: false, schemaApplied: true, schemaError: null, directConnectionString: db.url });
    expect(summary).toMatch(/; status ready; schema SQL applied$/);
    expect((await db.admin("SELECT id, name FROM items")).rows).toEqual([{ id: 1, name: "first" }]);
    const { directConnectionString: _d, pooledConnectionString: _p, ...rest } = result;
    expect(everything(rest, exports)).not.toContain(db.password);
  });

  it("reports a failing schema SQL without throwing the connection strings away, and changes nothing", async () => {
    const db = await databases.create();
    expectPreviewCreated(db);
    const { result, summary } = await runAction<Record<string, unknown>>(preview, {
      projectId, gitName, schemaSql: "CREATE TABLE items (id int); INSERT INTO missing VALUES (1);",
    });
    expect(result).toMatchObject({
      ready: true,
      schemaApplied: false,
      schemaError: "A table or view the SQL names does not exist: relation \"missing\" does not exist. Check the name and its schema (see **Get Database Schema**). Nothing was changed: the transaction was rolled back.",
      directConnectionString: db.url,
    });
    expect(summary).toMatch(/; schema SQL not applied \(see `schemaError`\)$/);
    expect(await tables(db)).toEqual([]);
  });

  it("does not run it on a database that is not ready within the wait", async () => {
    const db = await databases.create();
    expectPreviewCreated(db, "provisioning");
    const { result } = await runAction<Record<string, unknown>>(preview, { projectId, gitName, schemaSql: SCHEMA, maxWaitSeconds: 0 });
    expect(result).toMatchObject({
      ready: false,
      schemaApplied: false,
      schemaError: "The schema SQL was not run: the database is not ready yet. Once it is, run the SQL with **Execute SQL**.",
    });
    expect(await tables(db)).toEqual([]);
  });

  it("checks the schema SQL before anything is created", async () => {
    const error = await runActionError(preview, { projectId, gitName, schemaSql: "CREATE TABLE a (id int); COMMIT;" });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/^Nothing was run\. Statement 2 is COMMIT: /);
  });

  it("leaves the result as it was without schemaSql", async () => {
    const db = await databases.create();
    expectPreviewCreated(db);
    const { result } = await runAction<Record<string, unknown>>(preview, { projectId, gitName });
    expect(result).not.toHaveProperty("schemaApplied");
    expect(result).not.toHaveProperty("schemaError");
  });
});

describe("Provision Postgres Project with schemaSql", () => {
  it("runs it on the project's new database once it is ready", async () => {
    const db = await databases.create();
    const newDatabase = "db_cnewdefault01";
    api().post("/v1/projects", { name: "orders", region: "us-east-1" }).reply(201, { data: projectCreated("proj_cnewproj0001", newDatabase, "ready") });
    api().post("/v1/connections", { databaseId: newDatabase, name: "app-server" })
      .reply(201, { data: { ...mintedConnection(db, "con_cnew00000001", newDatabase).data, name: "app-server" } });
    api().get(`/v1/databases/${newDatabase}/backups`).query({ limit: "100" })
      .reply(200, { data: [], meta: { backupRetentionDays: 7 }, pagination: { hasMore: false, limit: 100 } });
    const { result, summary } = await runAction<Record<string, unknown>>(provisionProject, {
      name: "orders", region: "us-east-1", connectionName: "app-server", schemaSql: SCHEMA,
    });
    expect(result).toMatchObject({ ready: true, schemaApplied: true, schemaError: null, directConnectionString: db.url });
    expect(summary).toMatch(/; schema SQL applied$/);
    expect(await tables(db)).toEqual(["items"]);
  });
});
