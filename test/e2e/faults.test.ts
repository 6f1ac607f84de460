// The workflows under a misbehaving API and Prisma's rate limit (30 requests a minute per
// workspace, enforced by the emulator): bursts of 429 and 503, reset connections, latency.
// Each flow either finishes with exactly the resources it should, or stops with a clear result
// or error that names what it left behind; no 429 of the rate limit ever reaches the action,
// because a run paces itself. Fake clocks: waits take no real time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator, type Emulator, type FaultRule } from "../../emulator/server";
import { settle, useFakeClock } from "../harness";
import { loadAction, runOn } from "./emulator";
import { pointAppsAt } from "../pipedream";

let emulator: Emulator;

async function start(rules: FaultRule[], readyDelayMs = 3000, latencyMs = 20) {
  // The emulator reads the (fake) clock late, so databases become ready as fake time passes.
  emulator = await startEmulator({
    seed: 5, readyDelayMs, clock: () => Date.now(), faults: { latencyMs, rules }, rateLimit: { requestsPerMinute: 30 },
  });
  pointAppsAt(emulator.url);
}

const count = () => ({
  projects: emulator.state.projects.size,
  databases: emulator.state.databases.size,
  connections: emulator.state.connections.size,
});
const hits = (kind: string) => emulator.state.requests.filter((r) => r.faults.includes(kind as never)).length;

/** The most requests the emulator received in any 60 s: never above Prisma's 30. */
function busiestMinute(): number {
  const times = emulator.state.requests.map((r) => r.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= 60_000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe("workflows under faults and Prisma's rate limit", () => {
  beforeEach(() => useFakeClock());
  afterEach(async () => {
    vi.useRealTimers();
    await emulator?.close();
  });

  it("provisions through 429 and 503 bursts, a reset and latency, creating exactly one of each", async () => {
    await start([
      { kind: "rate-limit", route: "POST /projects", times: 2, retryAfterSeconds: 1 },
      { kind: "unavailable", route: "GET /databases/:id", times: 3, retryAfterSeconds: 1 },
      { kind: "reset", route: "GET /databases/:id/backups", times: 1 },
      { kind: "rate-limit", route: "POST /connections", times: 1, retryAfterSeconds: 2 },
    ]);
    const action = await loadAction("provision-postgres-project");
    const { result } = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", connectionName: "web", logicalId: "shop" }));

    expect(result).toMatchObject({ status: "ready", ready: true, connectionName: "web", backupRetentionDays: 7, alreadyExisted: false });
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 2 });
    expect([hits("rate-limit"), hits("unavailable"), hits("reset")]).toEqual([3, 3, 1]);
    expect(emulator.state.rateLimited).toBe(0);

    // And a re-run under the same weather finds everything and makes nothing new.
    emulator.setFaults({ latencyMs: 20, rules: [{ kind: "unavailable", route: "GET *", times: 2, retryAfterSeconds: 1 }] });
    const again = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", connectionName: "web", logicalId: "shop" }));
    expect(again.result).toMatchObject({ projectId: result.projectId, connectionId: result.connectionId, alreadyExisted: true });
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 2 });
    expect(emulator.state.rateLimited).toBe(0);
  });

  it("never resends a create that may have been processed, and returns what exists with the failure stated", async () => {
    await start([{ kind: "unavailable", route: "POST /connections", times: 1 }], 0);
    const action = await loadAction("provision-postgres-project");
    const { result } = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", connectionName: "web" }));

    const [project] = emulator.state.projects.values();
    const [database] = emulator.state.databases.values();
    // The create's one-time strings come back with the default connection, and the failed mint is stated.
    expect(result).toMatchObject({ projectId: project.id, databaseId: database.id, ready: true, connectionName: "default",
      directConnectionString: expect.stringMatching(/^postgres/) });
    expect(result.followUpError).toContain('Minting the connection "web" failed');
    expect(result.followUpError).toContain("Prisma API error 503");
    expect(emulator.state.requests.filter((r) => r.method === "POST" && r.path === "/v1/connections")).toHaveLength(1);
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 1 });
  });

  it("says a create whose connection was reset may have happened, and a re-run with its Logical ID makes no twin", async () => {
    await start([{ kind: "reset", route: "POST /projects", times: 1 }], 0);
    const action = await loadAction("create-project");
    const error = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", logicalId: "shop" }).then(
      () => { throw new Error("expected a failure"); }, (e: Error) => e));
    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The project may have been created. Check with **List Projects** before running again");
    expect(emulator.state.requests.filter((r) => r.method === "POST" && r.path === "/v1/projects")).toHaveLength(1);

    const { result } = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", logicalId: "shop" }));
    expect(result).toMatchObject({ projectName: "shop", alreadyExisted: false });
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 1 });
  });

  it("creates every region's database once through a burst of 429s, inside 30 requests a minute", async () => {
    await start([{ kind: "rate-limit", route: "POST /databases", times: 6, retryAfterSeconds: 1 }], 2000);
    const projectId = emulator.seedProject({ name: "multi", withDefaultDatabase: true });
    const regions = ["us-east-1", "us-west-1", "eu-west-3", "eu-central-1", "ap-northeast-1", "ap-southeast-1"];
    const action = await loadAction("create-databases-in-regions");
    const { result } = await settle(runOn<{ succeeded: number; ready: number; results: { region: string; status: string; directConnectionString: string }[] }>(
      emulator, action, { projectId, regions, namePrefix: "app", logicalIdPrefix: "app", maxWaitSeconds: 120 }));

    expect(result.succeeded).toBe(6);
    expect(result.ready).toBe(6);
    expect(result.results.map((r) => [r.region, r.status])).toEqual(regions.map((r) => [r, "ready"]));
    expect(result.results.every((r) => r.directConnectionString?.startsWith("postgres://"))).toBe(true);
    expect(hits("rate-limit")).toBe(6);
    expect(emulator.state.rateLimited).toBe(0);
    expect(busiestMinute()).toBeLessThanOrEqual(30);
    const names = [...emulator.state.databases.values()].map((d) => d.name).filter((n) => n.startsWith("app-")).sort();
    expect(names).toEqual(regions.map((r) => `app-${r}`).sort());
  });

  it("cleans up 250 stale databases through 503s over several runs, each deleted once, none refused for the rate limit", async () => {
    await start([
      { kind: "unavailable", route: "GET /databases", rate: 0.3, retryAfterSeconds: 1 },
      { kind: "unavailable", route: "DELETE /databases/:id", times: 4 },
    ], 0, 0);
    const projectId = emulator.seedProject({ name: "previews", withDefaultDatabase: true });
    emulator.seedDatabases(projectId, 250, { namePrefix: "pr" });
    vi.setSystemTime(Date.now() + 48 * 3600_000);
    const action = await loadAction("delete-stale-databases");
    const props = { projectId, namePattern: "pr-", olderThanHours: 24, dryRun: false, confirm: "DELETE" };

    let deleted = 0;
    let runs = 0;
    for (; runs < 40; runs++) {
      const { result } = await settle(runOn<{ deleted: unknown[]; failed: unknown[]; notAttempted: unknown[] }>(emulator, action, props));
      expect(result.failed).toEqual([]);
      deleted += result.deleted.length;
      if (result.notAttempted.length === 0) break;
      // The next run of a scheduled workflow, a minute later.
      vi.setSystemTime(Date.now() + 60_000);
    }

    expect(deleted).toBe(250);
    expect(runs).toBeGreaterThan(1);
    expect([...emulator.state.databases.values()].filter((d) => d.projectId === projectId).map((d) => d.isDefault)).toEqual([true]);
    const deletes = emulator.state.requests.filter((r) => r.method === "DELETE" && r.status === 204).map((r) => r.path);
    expect(new Set(deletes).size).toBe(deletes.length);
    expect(hits("unavailable")).toBeGreaterThan(4);
    expect(emulator.state.rateLimited).toBe(0);
    expect(busiestMinute()).toBeLessThanOrEqual(30);
  });
});
