// `npm run demo`: the package's main job, end to end, with no token and no network. Starts the
// local emulator (its databases are real PostgreSQL databases), then runs the built actions through
// the Pipedream-like harness: provision a project, give a pull request its preview database with a
// schema, write and read rows through the credentials the package minted, rotate them, back up,
// restore to a new database and read the rows back, clean up.
import { startEmulator } from "../emulator/server";
import { pointAppsAt, run } from "../test/pipedream";
import { instantiate, loadBuiltSource } from "../test/source-harness";
import { loadBuiltAction, masked } from "./actions";

interface Created { kind: string; id: string; name: string; status: "created" | "deleted" }

const created: Created[] = [];
const track = (kind: string, id: string, name: string) => created.push({ kind, id, name, status: "created" });
const untrack = (id: string) => { const item = created.find((c) => c.id === id); if (item) item.status = "deleted"; };

const DAY_MS = 86_400_000;
/** Added to the emulator's clock to let a day pass at once: its daily backup is then due. */
let clockAheadMs = 0;
const emulator = await startEmulator({ readyDelayMs: 1200, clock: () => Date.now() + clockAheadMs });
pointAppsAt(emulator.url);
const auth = { api_token: emulator.token };
console.log(`Prisma Management API emulator on ${emulator.url} (workspace ${emulator.workspaceId})`);
// Started now, so that the first SQL step does not wait for it.
const serverStarted = Date.now();
await emulator.startPostgres();
console.log(`PostgreSQL server ready in ${((Date.now() - serverStarted) / 1000).toFixed(1)} s ` +
  `(${process.env.PRISMA_EMULATOR_POSTGRES_URL ? "the one PRISMA_EMULATOR_POSTGRES_URL names" : "embedded"}): ` +
  "every database below is a real one, and every connection string connects.\n");

let stepNumber = 0;
/** Runs one built action and prints its summary; `what` tells apart two runs of the same action. */
async function step<R = Record<string, unknown>>(folder: string, props: Record<string, unknown>, what = ""): Promise<R> {
  const action = await loadBuiltAction(folder);
  process.stdout.write(`${++stepNumber}. ${action.name}${what ? ` (${what})` : ""} … `);
  const started = Date.now();
  const { result, summary } = await run<R>(action, props, auth, { _baseUrl: () => emulator.url });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n   ${summary}`);
  return result;
}

/** Runs one built action that must fail, and prints the error it ends with. */
async function refusedStep(folder: string, props: Record<string, unknown>, what: string): Promise<string> {
  const action = await loadBuiltAction(folder);
  process.stdout.write(`${++stepNumber}. ${action.name} (${what}) … `);
  try {
    await run(action, props, auth, { _baseUrl: () => emulator.url });
  } catch (error) {
    const message = (error as Error).message;
    console.log(`refused, as it should be\n   ${message}`);
    return message;
  }
  throw new Error(`${action.name} (${what}) succeeded, but it should have been refused`);
}

/** Rows as the terminal shows them: one line each. */
const printRows = (rows: unknown[]) => { for (const row of rows) console.log(`     ${JSON.stringify(row)}`); };
const sameRows = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);

const SCHEMA_SQL = "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE NOT NULL, plan text NOT NULL DEFAULT 'free');";
const READ_CUSTOMERS = "SELECT id, name, email, plan FROM customers ORDER BY id";

let failed = false;
try {
  // The New Database trigger, deployed before anything exists, notices the database provisioned next.
  const newDatabaseTrigger = instantiate(await loadBuiltSource("new-database"), {}, auth);
  await newDatabaseTrigger.deploy();
  const project = { name: "demo-shop", region: "eu-central-1", connectionName: "demo-app", logicalId: "demo-shop" };
  const provisioned = await step("provision-postgres-project", project);
  const { projectId, databaseId, connectionId } = provisioned as { projectId: string; databaseId: string; connectionId: string };
  track("project", projectId, "demo-shop");
  track("database", databaseId, "demo-shop (default)");
  track("connection", connectionId, "demo-app");
  console.log(`   direct connection string: ${masked(provisioned.directConnectionString)}`);
  const noticed = (await newDatabaseTrigger.tick()).map((e) => e.meta.summary);
  console.log(`   trigger New Database emitted: ${noticed.join("; ") || "nothing"}`);

  const again = await step("provision-postgres-project", project, "run again");
  if (again.projectId !== projectId) throw new Error("a re-run with the same logical ID created a second project");

  // A pull request's preview database, its schema applied as it is made.
  const preview = { projectId, gitName: "feature/demo", connectionName: "demo-preview" };
  const previewed = await step("provision-preview-database", { ...preview, schemaSql: SCHEMA_SQL }, "with schemaSql");
  const previewIds = previewed as { branchId: string; databaseId: string; connectionId: string };
  track("branch", previewIds.branchId, "feature/demo");
  track("database", previewIds.databaseId, "preview-feature-demo");
  track("connection", previewIds.connectionId, "demo-preview");
  if (previewed.schemaApplied !== true) throw new Error(`the schema SQL was not applied: ${String(previewed.schemaError)}`);
  console.log(`   schema SQL: ${SCHEMA_SQL}`);
  const oldString = previewed.directConnectionString as string;
  console.log(`   direct connection string: ${masked(oldString)}`);
  const previewedAgain = await step("provision-preview-database", preview, "run again");
  if (previewedAgain.databaseId !== previewIds.databaseId || previewedAgain.connectionId !== previewIds.connectionId) {
    throw new Error("a re-run of Provision Preview Database created something new");
  }

  // Rows written and read back through the minted direct connection string.
  await step("execute-sql", {
    connectionString: oldString,
    sql: "INSERT INTO customers (name, email, plan) VALUES ('Ada Lovelace', 'ada@example.com', 'pro'), ('Alan Turing', 'alan@example.com', 'free'); " +
      "INSERT INTO customers (name, email) VALUES ('Grace Hopper', 'grace@example.com')",
  }, "on the direct connection string");
  const { rows: written } = await step<{ rows: unknown[] }>("run-sql-query", { connectionString: oldString, sql: READ_CUSTOMERS },
    "on the direct connection string");
  printRows(written);
  if (written.length !== 3) throw new Error(`3 customers were written, ${written.length} read back`);

  const schema = await step<{ tables: { name: string; columns: { name: string; type: string }[] }[] }>("get-database-schema",
    { connectionString: oldString });
  for (const table of schema.tables) console.log(`     ${table.name}: ${table.columns.map((c) => `${c.name} ${c.type}`).join(", ")}`);

  // Rotation: the old string is refused at once, the new one works.
  const rotated = await step("rotate-connection-string", { connectionId: previewIds.connectionId, confirm: previewIds.connectionId });
  const newString = rotated.directConnectionString as string;
  console.log(`   new direct connection string: ${masked(newString)} (same user, new password)`);
  await refusedStep("run-sql-query", { connectionString: oldString, sql: READ_CUSTOMERS }, "with the old string");
  const { rows: afterRotation } = await step<{ rows: unknown[] }>("run-sql-query",
    { connectionString: newString, sql: "SELECT count(*)::int AS customers FROM customers" }, "with the new string");
  printRows(afterRotation);

  // A day passes on the emulator's clock: it takes its daily backup, a real snapshot of the rows.
  clockAheadMs += DAY_MS;
  await emulator.takeDueBackups();
  console.log("\n   A day later on the emulator's clock: it has taken its daily backup of every database.\n");
  await step("execute-sql", {
    connectionString: newString, sql: "INSERT INTO customers (name, email) VALUES ('Katherine Johnson', 'katherine@example.com')",
  }, "a row written after the backup");
  const { backups } = await step<{ backups: { id: string; createdAt: string; size?: unknown }[] }>("list-backups",
    { databaseId: previewIds.databaseId });
  if (backups.length === 0) throw new Error("the preview database has no backups to restore");
  console.log(`   newest: ${backups[0].id}, taken ${backups[0].createdAt}`);
  const restored = await step("restore-backup-to-new-database", {
    projectId, databaseId: previewIds.databaseId, backupId: backups[0].id, name: "preview-restored", region: "inherit",
  }, "the newest backup");
  const restoredId = restored.databaseId as string;
  track("database", restoredId, "preview-restored");

  // Read by database ID: the step mints a temporary connection and deletes it (two API requests).
  const requestsBefore = emulator.state.requests.length;
  const connectionsBefore = [...emulator.state.connections.values()].filter((c) => c.databaseId === restoredId).length;
  const { rows: restoredRows } = await step<{ rows: unknown[] }>("run-sql-query", { databaseId: restoredId, sql: READ_CUSTOMERS },
    "on the restored database, by its ID");
  printRows(restoredRows);
  const requests = emulator.state.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path} → ${r.status}`);
  const connectionsAfter = [...emulator.state.connections.values()].filter((c) => c.databaseId === restoredId).length;
  console.log(`   API requests: ${requests.join(", ")}; the temporary connection is ${connectionsAfter === connectionsBefore ? "gone" : "STILL THERE"}`);
  if (connectionsAfter !== connectionsBefore) throw new Error("the temporary connection was not deleted");
  if (!sameRows(restoredRows, written)) throw new Error("the restored database does not hold the backed-up rows");
  console.log("   The restored rows are the backed-up rows; the row written after the backup is not among them.");

  // Clean up: the table, then the databases, the branch and the project.
  await step("execute-sql", {
    connectionString: newString, sql: "DROP TABLE customers", confirm: "postgres",
  }, "drop the table, confirmed");
  await step("delete-database", { databaseId: restoredId, confirm: restoredId });
  untrack(restoredId);
  await step("delete-preview-branch", { projectId, gitName: "feature/demo" }, "dry run");
  await step("delete-preview-branch", { projectId, gitName: "feature/demo", dryRun: false, confirm: "feature/demo" });
  for (const id of [previewIds.branchId, previewIds.databaseId, previewIds.connectionId]) untrack(id);

  await step("delete-project", { projectId, confirm: projectId });
  for (const item of created) item.status = "deleted";
} catch (error) {
  failed = true;
  console.log("failed");
  console.error(`\n${(error as Error).message}`);
} finally {
  await emulator.close();
}

console.log("\nResources");
console.table(created.map(({ kind, id, name, status }) => ({ kind, id, name, status })));
console.log(failed ? "Demo failed." : `Demo finished: ${stepNumber} steps, every resource cleaned up.`);
process.exit(failed ? 1 : 0);
