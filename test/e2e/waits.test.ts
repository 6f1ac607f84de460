// Waiting for a database against the emulator, as Pipedream runs the step: in a deployed
// workflow the step suspends with `$.flow.rerun` and a later run resumes it; in one call it
// waits in the step. However the wait ends, the one-time connection strings the create
// returned reach the result once, in the named fields, and `ready` says plainly whether the
// database can be used. Under Prisma's rate limit (30 requests a minute), with a fake clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server";
import { settle, until, useFakeClock } from "../harness";
import { pointAppsAt } from "../pipedream";
import { resumeInWorkflow, runInWorkflow, type WorkflowRun } from "../workflow";
import { emulatorSecrets, loadAction, mintedSecrets, runOn, withoutSecretFields } from "./emulator";

let emulator: Emulator;

async function start(readyDelayMs: number) {
  emulator = await startEmulator({ seed: 9, readyDelayMs, clock: () => Date.now(), rateLimit: { requestsPerMinute: 30 } });
  pointAppsAt(emulator.url);
}

/** Runs the step, then each rerun it asks for after its pause, until it finishes; returns every run. */
async function runToTheEnd(folder: string, props: Record<string, unknown>): Promise<WorkflowRun<Record<string, unknown>>[]> {
  const action = await loadAction(folder);
  const auth = { api_token: emulator.token };
  const runs = [await settle(runInWorkflow<Record<string, unknown>>(action, props, { auth }))];
  while (runs.at(-1)!.reruns.length) {
    const previous = runs.at(-1)!;
    vi.setSystemTime(Date.now() + previous.reruns[0].delayMs);
    runs.push(await settle(resumeInWorkflow<Record<string, unknown>>(action, props, previous, runs.length + 1, auth)));
  }
  return runs;
}

/** The connection strings of `result` are the ones the emulator minted, and appear nowhere else. */
function expectStringsOnlyInNamedFields(result: unknown, exports: unknown) {
  const minted = mintedSecrets(result);
  expect(minted.length).toBeGreaterThan(0);
  const elsewhere = JSON.stringify([withoutSecretFields(result), exports]);
  for (const secret of [...minted, ...emulatorSecrets(emulator)]) expect(elsewhere).not.toContain(secret);
}

describe("waiting for a database against the emulator", () => {
  beforeEach(() => useFakeClock());
  afterEach(async () => {
    vi.useRealTimers();
    await emulator?.close();
  });

  it("suspends a workflow step across reruns and finishes Provision Postgres Project once the database is ready", async () => {
    await start(45_000);
    const runs = await runToTheEnd("provision-postgres-project", { name: "shop", region: "us-east-1", connectionName: "web", logicalId: "shop" });

    expect(runs.length).toBeGreaterThan(2);
    for (const suspended of runs.slice(0, -1)) {
      expect(suspended.result).toMatchObject({ waiting: true });
      expect(JSON.stringify(suspended.result)).not.toMatch(/postgres:\/\//);
      expect(suspended.summary).toMatch(/^Waiting for db_\w+ to become ready; the step resumes in \d+ s$/);
    }
    const last = runs.at(-1)!;
    expect(last.result).toMatchObject({ ready: true, status: "ready", connectionName: "web", alreadyExisted: false });
    expectStringsOnlyInNamedFields(last.result, last.exports);
    // One project, its default database and connection, and the application's connection: nothing twice.
    expect([emulator.state.projects.size, emulator.state.databases.size, emulator.state.connections.size]).toEqual([1, 1, 2]);
    expect(emulator.state.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(emulator.state.rateLimited).toBe(0);
  });

  it("returns the create's strings with ready: false when the database is not ready in time", async () => {
    await start(60_000);
    const projectId = emulator.seedProject({ name: "shop", withDefaultDatabase: true });
    const action = await loadAction("create-database");
    const { result, exports } = await settle(runOn<Record<string, unknown>>(emulator, action, {
      projectId, name: "slow", region: "us-east-1", maxWaitSeconds: 12,
    }));

    expect(result).toMatchObject({ ready: false, status: "provisioning", alreadyExisted: false });
    expect(result.waitError).toMatch(/^Database db_\w+ is still "provisioning" at the end of its 12 s wait\. It exists: do not create it again/);
    expectStringsOnlyInNamedFields(result, exports);
    const [, created] = emulator.state.databases.values();
    expect(mintedSecrets(result)).toContain(emulator.state.connections.get(created.defaultConnectionId!)!.pass);
  });

  it("returns the create's strings with ready: false when the database fails to start", async () => {
    await start(8000);
    const projectId = emulator.seedProject({ name: "shop", withDefaultDatabase: true });
    const action = await loadAction("create-database");
    const running = runOn<Record<string, unknown>>(emulator, action, { projectId, name: "doomed", region: "us-east-1", maxWaitSeconds: 20 });
    // The database the create makes will end in failure rather than ready.
    await until(() => emulator.state.databases.size === 2);
    [...emulator.state.databases.values()][1].settledStatus = "failure";
    const { result, exports } = await settle(running);

    expect(result).toMatchObject({ ready: false, status: "failure" });
    expect(result.waitError).toMatch(/failed to become ready \(status "failure"\)\. Delete it with \*\*Delete Database\*\*/);
    expectStringsOnlyInNamedFields(result, exports);
  });

  it("waits like a first run when a Logical ID re-run finds the database still provisioning", async () => {
    await start(30_000);
    const projectId = emulator.seedProject({ name: "shop", withDefaultDatabase: true });
    const action = await loadAction("create-database");
    const props = { projectId, name: "orders", region: "us-east-1", logicalId: "orders", maxWaitSeconds: 0 };
    const first = await settle(runOn<Record<string, unknown>>(emulator, action, props));
    expect(first.result).toMatchObject({ ready: false, status: "provisioning", alreadyExisted: false });

    const again = await settle(runOn<Record<string, unknown>>(emulator, action, { ...props, maxWaitSeconds: 60 }));
    expect(again.result).toMatchObject({ databaseId: first.result.databaseId, ready: true, status: "ready", alreadyExisted: true });
    expect(again.result.directConnectionString).toBeNull();
    expect(emulator.state.databases.size).toBe(2);
  });
});
