// The workflows under a misbehaving API: bursts of 429 and 503, reset connections, latency.
// Each flow either finishes with exactly the resources it should, or fails with a clear error
// that names what it left behind. Fake clocks: Retry-After waits and polls take no real time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator, type Emulator, type FaultRule } from "../../emulator/server";
import { settle, useFakeClock } from "../harness";
import { loadAction, runOn } from "./emulator";

let emulator: Emulator;

async function start(rules: FaultRule[], readyDelayMs = 3000) {
  // The emulator reads the (fake) clock late, so databases become ready as fake time passes.
  emulator = await startEmulator({ seed: 5, readyDelayMs, clock: () => Date.now(), faults: { latencyMs: 20, rules } });
  process.env.PRISMA_MANAGEMENT_API_URL = emulator.url;
}

const count = () => ({
  projects: emulator.state.projects.size,
  databases: emulator.state.databases.size,
  connections: emulator.state.connections.size,
});
const hits = (kind: string) => emulator.state.requests.filter((r) => r.faults.includes(kind as never)).length;

describe("workflows under faults", () => {
  beforeEach(() => useFakeClock());
  afterEach(async () => {
    vi.useRealTimers();
    await emulator?.close();
  });

  it("provisions through rate limits, 503 bursts, a reset and latency, creating exactly one of each", async () => {
    await start([
      { kind: "rate-limit", route: "POST /projects", times: 2, retryAfterSeconds: 1 },
      { kind: "unavailable", route: "GET /databases/:id", times: 3, retryAfterSeconds: 1 },
      { kind: "reset", route: "GET /databases/:id/backups", times: 1 },
      { kind: "rate-limit", route: "POST /connections", times: 1, retryAfterSeconds: 2 },
    ]);
    const action = await loadAction("provision-postgres-project");
    const { result } = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", connectionName: "web", logicalId: "shop" }));

    expect(result).toMatchObject({ status: "ready", connectionName: "web", backupRetentionDays: 7, alreadyExisted: false });
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 2 });
    expect([hits("rate-limit"), hits("unavailable"), hits("reset")]).toEqual([3, 3, 1]);

    // And a re-run under the same weather finds everything and makes nothing new.
    emulator.setFaults({ latencyMs: 20, rules: [{ kind: "unavailable", route: "GET *", times: 2, retryAfterSeconds: 1 }] });
    const again = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", connectionName: "web", logicalId: "shop" }));
    expect(again.result).toMatchObject({ projectId: result.projectId, connectionId: result.connectionId, alreadyExisted: true });
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 2 });
  });

  it("never resends a create that may have been processed, and says what exists when it stops", async () => {
    await start([{ kind: "unavailable", route: "POST /connections", times: 1 }], 0);
    const action = await loadAction("provision-postgres-project");
    const error = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1", connectionName: "web" }).then(
      () => { throw new Error("expected a failure"); }, (e: Error) => e));

    const [project] = emulator.state.projects.values();
    const [database] = emulator.state.databases.values();
    expect(error.message).toContain(`Project "shop" (${project.id}) and database ${database.id} exist, but the step stopped`);
    expect(error.message).toContain("Prisma API error 503");
    expect(emulator.state.requests.filter((r) => r.method === "POST" && r.path === "/v1/connections")).toHaveLength(1);
    expect(count()).toEqual({ projects: 1, databases: 1, connections: 1 });
  });

  it("fails cleanly when the create request's connection is reset: nothing was made", async () => {
    await start([{ kind: "reset", route: "POST /projects", times: 1 }], 0);
    const action = await loadAction("create-project");
    const error = await settle(runOn(emulator, action, { name: "shop", region: "us-east-1" }).then(
      () => { throw new Error("expected a failure"); }, (e: Error) => e));
    expect(error.message).toMatch(/Could not reach the Prisma Management API \(ECONNRESET\)/);
    expect(count()).toEqual({ projects: 0, databases: 0, connections: 0 });
  });

  it("creates every region's database once through a burst of 429s", async () => {
    await start([{ kind: "rate-limit", route: "POST /databases", times: 6, retryAfterSeconds: 1 }], 2000);
    const projectId = emulator.seedProject({ name: "multi", withDefaultDatabase: true });
    const regions = ["us-east-1", "us-west-1", "eu-west-3", "eu-central-1", "ap-northeast-1"];
    const action = await loadAction("create-databases-in-regions");
    const { result } = await settle(runOn<{ succeeded: number; results: { region: string; status: string }[] }>(
      emulator, action, { projectId, regions, namePrefix: "app", logicalIdPrefix: "app" }));

    expect(result.succeeded).toBe(5);
    expect(result.results.map((r) => [r.region, r.status])).toEqual(regions.map((r) => [r, "ready"]));
    expect(hits("rate-limit")).toBe(6);
    const names = [...emulator.state.databases.values()].map((d) => d.name).filter((n) => n.startsWith("app-")).sort();
    expect(names).toEqual(regions.map((r) => `app-${r}`).sort());
  });

  it("cleans up through 503s on listing and deleting, deleting each stale database once", async () => {
    await start([
      { kind: "unavailable", route: "GET /databases", rate: 0.3, retryAfterSeconds: 1 },
      { kind: "unavailable", route: "DELETE /databases/:id", times: 4 },
    ], 0);
    const projectId = emulator.seedProject({ name: "previews", withDefaultDatabase: true });
    emulator.seedDatabases(projectId, 250, { namePrefix: "pr" });
    vi.setSystemTime(Date.now() + 48 * 3600_000);
    const action = await loadAction("delete-stale-databases");
    const { result } = await settle(runOn<{ deleted: unknown[]; failed: unknown[] }>(emulator, action, {
      projectId, namePattern: "pr-", olderThanHours: 24, dryRun: false, confirm: "DELETE",
    }));

    expect(result.deleted).toHaveLength(250);
    expect(result.failed).toEqual([]);
    expect([...emulator.state.databases.values()].filter((d) => d.projectId === projectId).map((d) => d.isDefault)).toEqual([true]);
    expect(hits("unavailable")).toBeGreaterThan(4);
  });
});
