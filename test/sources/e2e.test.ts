// Every source deployed against a live emulator; the world changed through the actions (and the
// emulator's clock, backups and usage figures); each tick's events and requests asserted exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server";
import { emulatorSecrets, loadAction, mintedSecrets } from "../e2e/emulator";
import { pointAppsAt, run } from "../pipedream";
import { instantiate, type Emitted, type SourceInstance, type SourceLike } from "../source-harness";

const READY_DELAY_MS = 60_000;
let now = Date.UTC(2026, 10, 2, 9, 0, 0);
/** Moves the emulator's clock: provisioning ends, creation times differ. */
const later = (ms: number) => { now += ms; };

/** The one place the package is pointed at the emulator. */
function useSourceEmulator() {
  const context = { emulator: undefined as unknown as Emulator };
  beforeAll(async () => { context.emulator = await startEmulator({ seed: 23, readyDelayMs: READY_DELAY_MS, clock: () => now }); });
  afterAll(async () => { await context.emulator?.close(); });
  beforeEach(() => { pointAppsAt(context.emulator.url); });
  return context;
}

const ctx = useSourceEmulator();
const auth = () => ({ api_token: ctx.emulator.token });
const minted: string[] = [];

async function act<R = Record<string, unknown>>(folder: string, props: Record<string, unknown>): Promise<R> {
  const { result } = await run<R>(await loadAction(folder), props, auth());
  minted.push(...mintedSecrets(result));
  later(1000);
  return result;
}

async function loadSource(folder: string): Promise<SourceLike> {
  return (await import(`../../sources/${folder}/${folder}.ts`)).default as SourceLike;
}

/** The requests the emulator received while `call` ran, as `METHOD /path`. */
async function requestsDuring(call: () => Promise<unknown>): Promise<string[]> {
  const before = ctx.emulator.state.requests.length;
  await call();
  return ctx.emulator.state.requests.slice(before).map((r) => `${r.method} ${r.path}`);
}

const summaries = (emitted: readonly Emitted[]) => emitted.map((e) => e.meta.summary);
const ids_ = (emitted: readonly Emitted[]) => emitted.map((e) => e.meta.id);

describe("sources against the emulator", () => {
  const ids: Record<string, string> = {};
  const props: Record<string, Record<string, unknown>> = {};
  const sources: Record<string, SourceInstance> = {};
  const all: Emitted[] = [];

  it("deploys each source: the recent history of what exists, baselines for status and usage", async () => {
    const shop = await act("create-project", { name: "shop", region: "eu-central-1", maxWaitSeconds: 0 });
    ids.shop = shop.projectId as string;
    ids.shopDb = shop.databaseId as string;
    later(READY_DELAY_MS);
    ids.workspace = ctx.emulator.workspaceId;

    Object.assign(props, {
      "new-project": {},
      "new-database": {},
      "database-status-changed": {},
      "new-backup": { projectId: ids.shop, databaseId: ids.shopDb },
      "new-connection-string": {},
      "new-service-token": { workspaceId: ids.workspace },
      "database-usage-above-threshold": { databaseId: ids.shopDb, storageGibThreshold: "5", operationsThreshold: 100_000_000 },
    });
    const history: Record<string, string[]> = {};
    for (const [folder, sourceProps] of Object.entries(props)) {
      sources[folder] = instantiate(await loadSource(folder), sourceProps, auth());
      const emitted = await sources[folder].deploy();
      all.push(...emitted);
      history[folder] = summaries(emitted);
    }

    const shopDb = ctx.emulator.state.databases.get(ids.shopDb)!;
    const backups = [...ctx.emulator.state.backups.get(ids.shopDb)!].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(backups.map((b) => b.status)).toEqual(["completed", "completed", "completed"]);
    expect(history).toEqual({
      "new-project": [`New project shop (${ids.shop}) in eu-central-1`],
      "new-database": [`New database shop (${ids.shopDb}) in project shop (${ids.shop}), eu-central-1, ready`],
      "database-status-changed": [],
      "new-backup": backups.map((b) => expect.stringMatching(new RegExp(`^Backup ${b.id} of database ${ids.shopDb} completed \\(${b.backupType}, [\\d.]+ [KMG]?B\\)$`))),
      "new-connection-string": [`New connection default (${shopDb.defaultConnectionId}, postgres) on database shop (${ids.shopDb})`],
      "new-service-token": [expect.stringMatching(new RegExp(`^New service token Emulator \\(itgr_\\w+\\) in workspace ${ids.workspace}$`))],
      "database-usage-above-threshold": [],
    });
  });

  it("emits exactly what the actions changed, each once, oldest first", async () => {
    const analytics = await act("create-project", { name: "analytics", region: "us-east-1", maxWaitSeconds: 0 });
    ids.analytics = analytics.projectId as string;
    ids.analyticsDb = analytics.databaseId as string;
    const orders = await act("create-database", { projectId: ids.shop, name: "orders", region: "inherit", maxWaitSeconds: 0 });
    ids.ordersDb = orders.databaseId as string;

    // Both new databases are still provisioning: recorded, not a change yet.
    expect(await sources["database-status-changed"].tick()).toEqual([]);
    later(READY_DELAY_MS);

    const reporting = await act("create-connection-string", { databaseId: ids.shopDb, name: "reporting" });
    ids.reporting = reporting.connectionId as string;
    const token = await act("create-service-token", { workspaceId: ids.workspace, name: "ci-deploys" });
    ids.token = token.serviceTokenId as string;
    const [backupId] = ctx.emulator.seedBackups(ids.shopDb, [{ createdAt: new Date(now - 1000), backupType: "incremental", size: 3 * 1024 * 1024 }], { keepAutomatic: true });
    ctx.emulator.setUsage(ids.shopDb, { storageGib: 7.5 });

    const state = ctx.emulator.state;
    const ticks: Record<string, string[]> = {};
    for (const [folder, instance] of Object.entries(sources)) {
      const emitted = await instance.tick();
      all.push(...emitted);
      ticks[folder] = summaries(emitted);
    }
    expect(ticks).toEqual({
      "new-project": [`New project analytics (${ids.analytics}) in us-east-1`],
      "new-database": [
        `New database analytics (${ids.analyticsDb}) in project analytics (${ids.analytics}), us-east-1, ready`,
        `New database orders (${ids.ordersDb}) in project shop (${ids.shop}), eu-central-1, ready`,
      ],
      "database-status-changed": [
        `Database analytics (${ids.analyticsDb}) changed from provisioning to ready`,
        `Database orders (${ids.ordersDb}) changed from provisioning to ready`,
      ],
      "new-backup": [`Backup ${backupId} of database ${ids.shopDb} completed (incremental, 3.0 MB)`],
      "new-connection-string": [
        `New connection default (${state.databases.get(ids.analyticsDb)!.defaultConnectionId}, postgres) on database analytics (${ids.analyticsDb})`,
        `New connection default (${state.databases.get(ids.ordersDb)!.defaultConnectionId}, postgres) on database orders (${ids.ordersDb})`,
        `New connection reporting (${ids.reporting}, postgres) on database shop (${ids.shopDb})`,
      ],
      "new-service-token": [`New service token ci-deploys (${ids.token}) in workspace ${ids.workspace}`],
      "database-usage-above-threshold": [`Database ${ids.shopDb}: storage 7.5 GiB is above the threshold of 5 GiB`],
    });
  });

  it("emits nothing on the next tick, with one request per source", async () => {
    const requests: Record<string, string[]> = {};
    for (const [folder, instance] of Object.entries(sources)) {
      requests[folder] = await requestsDuring(async () => expect(await instance.tick()).toEqual([]));
    }
    expect(requests).toEqual({
      "new-project": ["GET /v1/projects"],
      "new-database": ["GET /v1/databases"],
      "database-status-changed": ["GET /v1/databases"],
      "new-backup": [`GET /v1/databases/${ids.shopDb}/backups`],
      "new-connection-string": ["GET /v1/connections"],
      "new-service-token": [`GET /v1/workspaces/${ids.workspace}/service-tokens`],
      "database-usage-above-threshold": [`GET /v1/databases/${ids.shopDb}/usage`],
    });
  });

  it("emits nothing twice after every source restarts with its db", async () => {
    for (const [folder, instance] of Object.entries(sources)) {
      const restarted = instantiate(await loadSource(folder), props[folder], auth(), instance.db);
      expect(await restarted.tick(), folder).toEqual([]);
    }
  });

  it("at scale, keeps its place in the list: one request a run for new databases, every page for statuses", async () => {
    const bulk = ctx.emulator.seedProject({ name: "bulk" });
    // 250 databases created in the same millisecond: ties the place in the list must tell apart.
    ctx.emulator.seedDatabases(bulk, 250);
    const newDatabases = instantiate(await loadSource("new-database"), {}, auth());
    const statuses = instantiate(await loadSource("database-status-changed"), {}, auth());
    expect(await requestsDuring(() => newDatabases.deploy())).toHaveLength(3);
    expect(newDatabases.emitted).toHaveLength(10);
    expect(await requestsDuring(() => statuses.deploy())).toHaveLength(3);

    const [added] = ctx.emulator.seedDatabases(bulk, 1, { namePrefix: "late" });
    expect(await requestsDuring(async () => expect(ids_(await newDatabases.tick())).toEqual([added]))).toEqual(["GET /v1/databases"]);
    expect(await requestsDuring(async () => expect(await newDatabases.tick()).toEqual([]))).toEqual(["GET /v1/databases"]);
    // A database created since the last check and already ready counts as a change from `provisioning`.
    expect(await requestsDuring(async () => expect(ids_(await statuses.tick())).toEqual([expect.stringMatching(`^${added}-ready-`)]))).toHaveLength(3);
    expect(await requestsDuring(async () => expect(await statuses.tick()).toEqual([]))).toHaveLength(3);
    expect(newDatabases.db.size()).toBeLessThan(3000);
  });

  it("emits events shaped like each source's sample event, carrying no credential", async () => {
    for (const [folder, instance] of Object.entries(sources)) {
      const { sampleEmit } = await loadSource(folder);
      for (const { event } of instance.emitted) expect(Object.keys(event).sort(), folder).toEqual(Object.keys(sampleEmit as object).sort());
    }
    expect(all.length).toBeGreaterThan(15);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/:\/\/[^:/\s]+:(?!\[redacted\])[^@\s]+@/);
    expect(minted.length).toBeGreaterThan(0);
    for (const secret of [...emulatorSecrets(ctx.emulator), ...minted]) expect(text).not.toContain(secret);
  });
});
