// The preview workflow against the emulator, on a fake clock: a pull request opens (Provision
// Preview Database), its workflow re-runs, another opens, the first closes (Delete Preview
// Branch); then Logical IDs shared across branches, and the whole round trip under Prisma's rate
// limit. Every step is checked against what the emulator holds afterwards.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server";
import { everything, settle, useFakeClock } from "../harness";
import { emulatorSecrets, loadAction, runOn, withoutSecretFields } from "./emulator";
import { pointAppsAt } from "../pipedream";

let emulator: Emulator;
let projectId: string;

async function start(options: EmulatorOptions = {}) {
  // The emulator reads the (fake) clock, so databases become ready as fake time passes.
  emulator = await startEmulator({ seed: 42, readyDelayMs: 3000, clock: () => Date.now(), ...options });
  pointAppsAt(emulator.url);
  projectId = emulator.seedProject({ name: "shop", region: "eu-central-1", withDefaultDatabase: true });
}

interface Preview {
  branchId: string;
  databaseId: string;
  connectionId: string;
  connectionName: string;
  ready: boolean;
  alreadyExisted: boolean;
  branchAlreadyExisted: boolean;
  connectionAlreadyExisted: boolean;
  directConnectionString: string | null;
  pooledConnectionString: string | null;
  accelerateConnectionString: string | null;
}

interface Teardown {
  branchId: string | null;
  databases: { databaseId: string }[];
  deleted: { databaseId: string }[];
  failed: { databaseId: string; error: string }[];
  notAttempted: { databaseId: string }[];
  branchDeleted: boolean;
}

async function provision(gitName: string, props: Record<string, unknown> = {}) {
  return settle(runOn<Preview>(emulator, await loadAction("provision-preview-database"), { projectId, gitName, ...props }));
}

async function teardown(gitName: string, props: Record<string, unknown> = {}) {
  return settle(runOn<Teardown>(emulator, await loadAction("delete-preview-branch"), { projectId, gitName, ...props }));
}

const liveBranches = () => [...emulator.state.branches.values()].filter((b) => b.projectId === projectId && b.deletedAt === null);
const databasesOn = (branchId: string) => [...emulator.state.databases.values()].filter((d) => d.branchId === branchId);
const connectionsOf = (databaseId: string) => [...emulator.state.connections.values()].filter((c) => c.databaseId === databaseId);
const sent = (method: string, path: string) => emulator.state.requests.filter((r) => r.method === method && r.path === path).length;
const counts = () => ({
  branches: liveBranches().length,
  databases: emulator.state.databases.size,
  connections: emulator.state.connections.size,
});

describe("preview databases against the emulator", () => {
  beforeEach(() => useFakeClock());
  afterEach(async () => {
    await emulator?.close();
    vi.useRealTimers();
  });

  it("provisions, re-runs, adds a second preview and tears the first down, leaving exactly what should remain", async () => {
    await start();
    const [production] = liveBranches();
    const [productionDatabase] = databasesOn(production.id);
    const outputs: unknown[] = [];

    // Pull request for feature/login opened: a new branch, a database that has to be waited for, a named connection.
    const login = await provision("feature/login");
    outputs.push(withoutSecretFields(login.result), login.exports);
    expect(login.result).toMatchObject({ ready: true, alreadyExisted: false, branchAlreadyExisted: false, connectionAlreadyExisted: false, connectionName: "preview-app" });
    const loginBranch = emulator.state.branches.get(login.result.branchId)!;
    expect(loginBranch).toMatchObject({ projectId, gitName: "feature/login", role: "preview", isDefault: false, deletedAt: null });
    const loginDatabase = emulator.state.databases.get(login.result.databaseId)!;
    expect(loginDatabase).toMatchObject({ branchId: loginBranch.id, logicalId: "preview", name: "preview-feature-login", region: "eu-central-1", status: "ready" });
    const minted = emulator.state.connections.get(login.result.connectionId)!;
    expect(minted).toMatchObject({ databaseId: loginDatabase.id, name: "preview-app" });
    expect(login.result.directConnectionString).toContain(`:${minted.pass}@`);
    expect(login.result.accelerateConnectionString).toContain(`api_key=${minted.apiKey}`);
    // It waited: the database was provisioning when created and was polled until ready.
    expect(sent("GET", `/v1/databases/${loginDatabase.id}`)).toBeGreaterThan(0);
    // The project's default database came with one connection; the preview database has its default and the named one.
    expect(counts()).toEqual({ branches: 2, databases: 2, connections: 3 });

    // The workflow runs again for the same pull request: everything is found, nothing is made.
    const posts = () => [sent("POST", `/v1/projects/${projectId}/branches`), sent("POST", "/v1/databases"), sent("POST", "/v1/connections")];
    expect(posts()).toEqual([1, 1, 1]);
    const again = await provision("feature/login");
    outputs.push(withoutSecretFields(again.result), again.exports);
    expect(again.result).toMatchObject({
      branchId: login.result.branchId, databaseId: login.result.databaseId, connectionId: login.result.connectionId,
      ready: true, alreadyExisted: true, branchAlreadyExisted: true, connectionAlreadyExisted: true,
      directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null,
    });
    expect(again.summary).toBe(`Preview database for "feature/login" already exists: returned ${login.result.databaseId} on branch ${login.result.branchId} with its connection "preview-app"; nothing was created; status ready`);
    // The creates were sent and refused (409), which is how the re-run learned they exist.
    expect(posts()).toEqual([2, 2, 1]);
    expect(counts()).toEqual({ branches: 2, databases: 2, connections: 3 });

    // A second pull request gets its own branch and database.
    const search = await provision("feature/search", { connectionName: "search-app" });
    outputs.push(withoutSecretFields(search.result), search.exports);
    expect(search.result).toMatchObject({ ready: true, alreadyExisted: false, branchAlreadyExisted: false, connectionName: "search-app" });
    expect(search.result.branchId).not.toBe(login.result.branchId);
    expect(search.result.databaseId).not.toBe(login.result.databaseId);
    expect(counts()).toEqual({ branches: 3, databases: 3, connections: 5 });

    // feature/login is merged: a dry run first, which changes nothing.
    const dry = await teardown("feature/login");
    outputs.push(dry.result, dry.exports);
    expect(dry.result).toMatchObject({ dryRun: true, branchId: loginBranch.id, databases: [{ databaseId: loginDatabase.id }], deleted: [], branchDeleted: false });
    expect(dry.summary).toBe(`Dry run: would delete 1 database and branch "feature/login" (${loginBranch.id})`);
    expect(counts()).toEqual({ branches: 3, databases: 3, connections: 5 });

    const done = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });
    outputs.push(done.result, done.exports);
    expect(done.result).toMatchObject({ dryRun: false, deleted: [{ databaseId: loginDatabase.id }], failed: [], notAttempted: [], branchDeleted: true });
    expect(done.summary).toBe(`Deleted 1 database and branch "feature/login" (${loginBranch.id})`);

    // What remains: the production branch and its database, feature/search with its database and both its connections.
    expect(liveBranches().map((b) => [b.gitName, b.role, b.isDefault])).toEqual([["main", "production", true], ["feature/search", "preview", false]]);
    expect(emulator.state.branches.get(loginBranch.id)?.deletedAt).toEqual(expect.any(String));
    expect([...emulator.state.databases.keys()]).toEqual([productionDatabase.id, search.result.databaseId]);
    expect(databasesOn(production.id).map((d) => d.id)).toEqual([productionDatabase.id]);
    expect(databasesOn(search.result.branchId).map((d) => d.id)).toEqual([search.result.databaseId]);
    expect(databasesOn(loginBranch.id)).toEqual([]);
    expect(connectionsOf(search.result.databaseId).map((c) => c.name)).toEqual(["default", "search-app"]);
    expect(connectionsOf(loginDatabase.id)).toEqual([]);
    expect(counts()).toEqual({ branches: 2, databases: 2, connections: 3 });

    // Closing the pull request twice is harmless.
    const twice = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });
    expect(twice.summary).toBe(`No preview branch "feature/login" in project ${projectId}: nothing to delete`);
    expect(counts()).toEqual({ branches: 2, databases: 2, connections: 3 });

    // And the production branch is never a preview's: no database made, nothing deleted.
    await expect(provision("main")).rejects.toThrow(/Branch "main" \(br_\w+\) is the project's production branch\. Previews go on preview branches that are not the default/);
    await expect(teardown("main", { dryRun: false, confirm: "main" })).rejects.toThrow(/is the project's production branch\. This action deletes only a preview branch that is not the default, and its databases\. Nothing was deleted\./);
    expect(counts()).toEqual({ branches: 2, databases: 2, connections: 3 });

    const text = everything(outputs);
    for (const secret of [...emulatorSecrets(emulator), minted.pass, minted.apiKey]) expect(text).not.toContain(secret);
  });

  it("gives a Logical ID used on two branches two databases, and each re-run returns its own", async () => {
    await start({ readyDelayMs: 0 });
    const one = await provision("feature/one", { logicalId: "app" });
    const two = await provision("feature/two", { logicalId: "app" });
    expect(one.result.databaseId).not.toBe(two.result.databaseId);
    expect([one.result.databaseId, two.result.databaseId].map((id) => emulator.state.databases.get(id)?.logicalId)).toEqual(["app", "app"]);

    const createDatabase = await loadAction("create-database");
    for (const [preview, name] of [[one.result, "preview-feature-one"], [two.result, "preview-feature-two"]] as const) {
      const rerun = await settle(runOn<{ databaseId: string; branchId: string; alreadyExisted: boolean }>(emulator, createDatabase, {
        projectId, branchId: preview.branchId, logicalId: "app", name, region: "inherit",
      }));
      expect(rerun.result).toMatchObject({ databaseId: preview.databaseId, branchId: preview.branchId, alreadyExisted: true });
      expect(rerun.summary).toBe(`Database with logical ID "app" already exists: returned "${name}" (${preview.databaseId}); nothing was created, status ready`);
    }
    const again = await provision("feature/two", { logicalId: "app" });
    expect(again.result).toMatchObject({ databaseId: two.result.databaseId, connectionId: two.result.connectionId, alreadyExisted: true });
    // The production branch's default database and two previews, each with its default and named connection.
    expect(counts()).toEqual({ branches: 3, databases: 3, connections: 5 });

    // Without a branch, the same Logical ID means the project's default branch: a third database, found again on its re-run.
    const [production] = liveBranches();
    const onDefault = await settle(runOn<{ databaseId: string; branchId: string; alreadyExisted: boolean }>(emulator, createDatabase, { projectId, logicalId: "app", name: "app", region: "inherit" }));
    expect(onDefault.result).toMatchObject({ branchId: production.id, alreadyExisted: false });
    expect([one.result.databaseId, two.result.databaseId]).not.toContain(onDefault.result.databaseId);
    const onDefaultAgain = await settle(runOn<{ databaseId: string; alreadyExisted: boolean }>(emulator, createDatabase, { projectId, logicalId: "app", name: "app", region: "inherit" }));
    expect(onDefaultAgain.result).toMatchObject({ databaseId: onDefault.result.databaseId, alreadyExisted: true });
    expect(counts()).toEqual({ branches: 3, databases: 4, connections: 6 });
  });

  describe("under Prisma's rate limit (30 requests a minute)", () => {
    // Well past a minute, so that every earlier request has left the window whatever the clock's last steps were.
    const laterOn = () => vi.setSystemTime(Date.now() + 90_000);
    const noRefusalIn = (...outcomes: { result: unknown; summary: unknown }[]) => {
      for (const outcome of outcomes) expect(everything(outcome.result, outcome.summary)).not.toMatch(/\b429\b|rate-limit-exceeded|Rate limit exceeded/);
    };
    /** Spends the token's whole window now, as other steps of the workspace would. */
    const spendWindow = async () => {
      const regions = await loadAction("get-regions");
      for (let i = 0; i < 30; i++) await settle(runOn(emulator, regions, {}));
    };

    it("keeps under the limit by itself: a teardown larger than a minute allows stops in time and the next run finishes it", async () => {
      await start({ rateLimit: { requestsPerMinute: 30 } });
      const login = await provision("feature/login");
      const again = await provision("feature/login");
      // A long-lived preview branch collected databases: more deletes than one minute allows.
      emulator.seedDatabases(projectId, 30, { branchId: login.result.branchId, namePrefix: "fixture" });
      const dry = await teardown("feature/login");
      laterOn();
      const first = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });
      laterOn();
      const second = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });

      expect(login.result).toMatchObject({ ready: true, alreadyExisted: false });
      expect(again.result).toMatchObject({ databaseId: login.result.databaseId, connectionId: login.result.connectionId, alreadyExisted: true });
      expect(dry.result.databases).toHaveLength(31);
      // Finding the branch and listing it took 2 of the minute's 30 requests.
      expect(first.result).toMatchObject({ failed: [], branchDeleted: false });
      expect(first.result.deleted).toHaveLength(28);
      expect(first.summary).toBe(`Deleted 28 databases of branch "feature/login"; 3 left for the next run (Prisma allows about 30 requests a minute; run the step again to continue)`);
      expect(second.result.databases.map((d) => d.databaseId).sort()).toEqual(first.result.notAttempted.map((d) => d.databaseId).sort());
      expect(second.result).toMatchObject({ failed: [], notAttempted: [], branchDeleted: true });
      // Every database deleted once, then the branch.
      const deletedIds = [...first.result.deleted, ...second.result.deleted].map((d) => d.databaseId).sort();
      expect(deletedIds).toEqual(dry.result.databases.map((d) => d.databaseId).sort());
      expect(databasesOn(login.result.branchId)).toEqual([]);
      expect(emulator.state.branches.get(login.result.branchId)?.deletedAt).toEqual(expect.any(String));
      expect(emulator.state.rateLimited).toBe(0);
      noRefusalIn(login, again, dry, first, second);
    });

    it("waits out the server's 429 when its Retry-After fits in the step, in both actions", async () => {
      await start({ rateLimit: { requestsPerMinute: 30 } });
      await spendWindow();
      // 10 s before the window frees up: the first request of each run is refused with Retry-After 10.
      vi.setSystemTime(Date.now() + 50_000);
      const login = await provision("feature/login");
      expect(emulator.state.rateLimited).toBe(1);
      expect(login.result).toMatchObject({ ready: true, alreadyExisted: false, connectionName: "preview-app" });
      expect(counts()).toEqual({ branches: 2, databases: 2, connections: 3 });

      laterOn();
      await spendWindow();
      vi.setSystemTime(Date.now() + 50_000);
      const done = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });
      expect(emulator.state.rateLimited).toBe(2);
      expect(done.result).toMatchObject({ deleted: [{ databaseId: login.result.databaseId }], failed: [], notAttempted: [], branchDeleted: true });
      expect(counts()).toEqual({ branches: 1, databases: 1, connections: 1 });
      noRefusalIn(login, done);
    });

    it("leaves for the next run, not among the failures, the deletes the server refused because other runs spent the minute", async () => {
      await start({ rateLimit: { requestsPerMinute: 30 } });
      const login = await provision("feature/login");
      emulator.seedDatabases(projectId, 30, { branchId: login.result.branchId, namePrefix: "fixture" });
      // Right after the provisioning, in the same minute: the server refuses what the step's own pacing would still send.
      const first = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });

      expect(emulator.state.rateLimited).toBeGreaterThan(0);
      expect(first.result.failed).toEqual([]);
      expect(first.result.deleted.length + first.result.notAttempted.length).toBe(31);
      expect(first.result.branchDeleted).toBe(false);
      noRefusalIn(first);

      laterOn();
      const second = await teardown("feature/login", { dryRun: false, confirm: "feature/login" });
      expect(second.result).toMatchObject({ failed: [], notAttempted: [], branchDeleted: true });
      expect(databasesOn(login.result.branchId)).toEqual([]);
    });
  });
});
