// `npm run demo`: the package's main job, end to end, with no token and no network. Starts the
// local emulator, then runs the built actions through the Pipedream-like harness: provision a
// project, mint a connection string, list backups, restore one to a new database, give a pull
// request its preview database and tear it down, clean up.
import { startEmulator } from "../emulator/server";
import { pointAppsAt, run } from "../test/pipedream";
import { instantiate, loadBuiltSource } from "../test/source-harness";
import { loadBuiltAction, masked } from "./actions";

interface Created { kind: string; id: string; name: string; status: "created" | "deleted" }

const created: Created[] = [];
const track = (kind: string, id: string, name: string) => created.push({ kind, id, name, status: "created" });
const untrack = (id: string) => { const item = created.find((c) => c.id === id); if (item) item.status = "deleted"; };

const emulator = await startEmulator({ readyDelayMs: 1200 });
pointAppsAt(emulator.url);
const auth = { api_token: emulator.token };
console.log(`Prisma Management API emulator on ${emulator.url} (workspace ${emulator.workspaceId})\n`);

let stepNumber = 0;
async function step<R = Record<string, unknown>>(folder: string, props: Record<string, unknown>): Promise<R> {
  stepNumber++;
  const action = await loadBuiltAction(folder);
  process.stdout.write(`${stepNumber}. ${action.name} … `);
  const started = Date.now();
  const { result, summary } = await run<R>(action, props, auth, { _baseUrl: () => emulator.url });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n   ${summary}`);
  return result;
}

let failed = false;
try {
  // The New Database trigger, deployed before anything exists, notices the database provisioned next.
  const newDatabaseTrigger = instantiate(await loadBuiltSource("new-database"), {}, auth);
  await newDatabaseTrigger.deploy();
  const provisioned = await step("provision-postgres-project", {
    name: "demo-shop", region: "eu-central-1", connectionName: "demo-app", logicalId: "demo-shop",
  });
  const { projectId, databaseId, connectionId } = provisioned as { projectId: string; databaseId: string; connectionId: string };
  track("project", projectId, "demo-shop");
  track("database", databaseId, "demo-shop (default)");
  track("connection", connectionId, "demo-app");
  console.log(`   direct connection string: ${masked(provisioned.directConnectionString)}`);
  const noticed = (await newDatabaseTrigger.tick()).map((e) => e.meta.summary);
  console.log(`   trigger New Database emitted: ${noticed.join("; ") || "nothing"}`);

  const again = await step("provision-postgres-project", {
    name: "demo-shop", region: "eu-central-1", connectionName: "demo-app", logicalId: "demo-shop",
  });
  if (again.projectId !== projectId) throw new Error("a re-run with the same logical ID created a second project");

  const minted = await step("create-connection-string", { databaseId, name: "demo-reporting" });
  track("connection", minted.connectionId as string, "demo-reporting");
  console.log(`   pooled connection string: ${masked(minted.pooledConnectionString)}`);

  const { backups } = await step<{ backups: { id: string; createdAt: string }[] }>("list-backups", { databaseId });
  if (backups.length === 0) throw new Error("the database has no backups to restore");

  const restored = await step("restore-backup-to-new-database", {
    projectId, databaseId, backupId: backups[0].id, name: "demo-shop-restored", region: "eu-central-1",
  });
  track("database", restored.databaseId as string, "demo-shop-restored");

  await step("list-databases", { projectId });
  await step("delete-connection-string", { connectionId: minted.connectionId, confirm: minted.connectionId });
  untrack(minted.connectionId as string);
  await step("delete-database", { databaseId: restored.databaseId, confirm: restored.databaseId });
  untrack(restored.databaseId as string);

  // A pull request's preview: its own branch and database, provisioned, run again (nothing new), then torn down.
  const preview = { projectId, gitName: "feature/demo", connectionName: "demo-preview" };
  const previewed = await step("provision-preview-database", preview);
  const previewIds = previewed as { branchId: string; databaseId: string; connectionId: string };
  track("branch", previewIds.branchId, "feature/demo");
  track("database", previewIds.databaseId, "preview-feature-demo");
  track("connection", previewIds.connectionId, "demo-preview");
  console.log(`   direct connection string: ${masked(previewed.directConnectionString)}`);
  const previewedAgain = await step("provision-preview-database", preview);
  if (previewedAgain.databaseId !== previewIds.databaseId || previewedAgain.connectionId !== previewIds.connectionId) {
    throw new Error("a re-run of Provision Preview Database created something new");
  }
  await step("delete-preview-branch", { projectId, gitName: "feature/demo" });
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
