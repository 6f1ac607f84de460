import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WAIT } from "../../common/constants";
import type { Deadline } from "../../common/deadline";
import { PrismaApiError } from "../../common/errors";
import type { DatabaseStatus, Step } from "../../common/types";
import { canRerun, nextPollMs, waitAcrossReruns, waitSecondsFor, type DatabaseWait } from "../../flows/waiting";
import type { PrismaApp } from "../../prisma_management_api.app";
import { settle, useFakeClock } from "../harness";

const id = "db_cnewdb000001";
const START = Date.parse("2026-11-01T10:00:00.000Z");

/** A poll answering `statuses` in turn (or throwing an Error given in their place), recording the fake time and deadline of each. */
function polling(statuses: (DatabaseStatus | Error)[]) {
  const at: number[] = [];
  const deadlines: number[] = [];
  const poll = vi.fn(async (_id: string, deadline: Deadline) => {
    at.push(Date.now() - START);
    deadlines.push(deadline.at - START);
    const next = statuses[Math.min(at.length - 1, statuses.length - 1)];
    if (next instanceof Error) throw next;
    return { status: next };
  });
  return { poll, at, deadlines };
}

/** The app as the wait sees it: `getDatabase` answered by `poll`. */
function appPolling(poll: ReturnType<typeof polling>["poll"]) {
  return { getDatabase: ({ databaseId, deadline }: { databaseId: string; deadline?: Deadline }) => poll(databaseId, deadline!) } as unknown as Pick<PrismaApp, "getDatabase">;
}

/** A `$` as Pipedream passes it outside workflows (Connect, the local runner): no rerun. */
function plainStep(): Step & { exports: Record<string, unknown> } {
  const exports: Record<string, unknown> = {};
  return { exports, export: (k, v) => { exports[k] = v; } };
}

/** A `$` of a deployed workflow's run number `runs`, recording `$.flow.rerun` calls. */
function workflowStep(runs = 1, context: unknown = undefined, test = false) {
  const reruns: { delayMs: number; context: unknown; maxReruns?: number }[] = [];
  const $ = {
    export() {},
    context: { test, run: { runs, context } },
    flow: { rerun: (delayMs: number, ctx: unknown, maxReruns?: number) => { reruns.push({ delayMs, context: JSON.parse(JSON.stringify(ctx)), maxReruns }); } },
  };
  return { $: $ as unknown as Step, reruns };
}

function wait($: Step, poll: ReturnType<typeof polling>["poll"], maxWaitSeconds: number | undefined, status: DatabaseStatus = "provisioning") {
  const start = vi.fn(async () => ({ state: { made: "db", directConnectionString: "kept-for-the-result" }, databases: [{ id, status, justCreated: true }] }));
  const finish = vi.fn(async (state: { made: string; directConnectionString: string }, waits: Record<string, DatabaseWait>) => ({ state, wait: waits[id] }));
  // Typed as finished: the tests that expect a suspended run compare it whole.
  const result = waitAcrossReruns(appPolling(poll), $, { inputs: () => ({ maxWaitSeconds }), start, finish, summary: () => "done" }) as Promise<Awaited<ReturnType<typeof finish>>>;
  return { start, finish, result };
}

describe("nextPollMs", () => {
  it("checks first after 2.5 s, then every 5 s", () => {
    const gaps: number[] = [];
    let previous: number | null = null;
    let waited = 0;
    for (let i = 0; i < 6; i++) {
      previous = nextPollMs(previous, waited);
      waited += previous;
      gaps.push(previous);
    }
    expect(gaps).toEqual([2500, 5000, 5000, 5000, 5000, 5000]);
  });

  it("spends at most 12 polls in any minute of a wait", () => {
    const at: number[] = [];
    let previous: number | null = null;
    for (let waited = 0; waited < 600_000;) {
      previous = nextPollMs(previous, waited);
      waited += previous;
      at.push(waited);
    }
    for (let i = 12; i < at.length; i++) expect(at[i] - at[i - 12]).toBeGreaterThanOrEqual(60_000);
  });

  it("lets the interval grow to a tenth of the time waited on long waits: log(T) polls", () => {
    expect(nextPollMs(5000, 50_000)).toBe(5000);
    expect(nextPollMs(5000, 100_000)).toBe(7500);
    expect(nextPollMs(20_000, 300_000)).toBe(30_000);
  });
});

describe("where a wait happens", () => {
  it("suspends only in a deployed workflow: not in Connect, the local runner or a builder test", () => {
    expect(canRerun(plainStep())).toBe(false);
    expect(canRerun(workflowStep().$)).toBe(true);
    expect(canRerun(workflowStep(1, undefined, true).$)).toBe(false);
    expect(canRerun(undefined)).toBe(false);
  });

  it("defaults to a wait that fits the 30 s step timeout in one call, and a longer one where the step can suspend", () => {
    expect(waitSecondsFor(plainStep(), undefined)).toBe(WAIT.defaultSecondsInStep);
    expect(waitSecondsFor(workflowStep().$, undefined)).toBe(WAIT.defaultSecondsWithReruns);
    expect(waitSecondsFor(plainStep(), 0)).toBe(0);
    expect(waitSecondsFor(workflowStep().$, 45)).toBe(45);
  });
});

describe("waitAcrossReruns in one call (no rerun)", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(START);
  });
  afterEach(() => vi.useRealTimers());

  it("polls until ready and hands the state and the wait to finish", async () => {
    const { poll, at } = polling(["provisioning", "provisioning", "ready"]);
    const { result, finish } = wait(plainStep(), poll, 60);
    expect(await settle(result)).toEqual({
      state: { made: "db", directConnectionString: "kept-for-the-result" },
      wait: { ready: true, outcome: "ready", status: "ready", polls: 3, error: null },
    });
    expect(at).toEqual([2500, 7500, 12_500]);
    expect(finish).toHaveBeenCalledTimes(1);
  });

  it("makes no request when the database is already ready", async () => {
    const { poll } = polling(["ready"]);
    const { result } = wait(plainStep(), poll, 60, "ready");
    expect((await settle(result)).wait).toEqual({ ready: true, outcome: "ready", status: "ready", polls: 0, error: null });
    expect(poll).not.toHaveBeenCalled();
  });

  it("makes no request when told not to wait, and says the database was not waited for", async () => {
    const { poll } = polling(["ready"]);
    const { result } = wait(plainStep(), poll, 0);
    const { wait: outcome } = await settle(result);
    expect(outcome).toMatchObject({ ready: false, outcome: "not-ready", status: "provisioning", polls: 0 });
    expect(outcome.error).toBe(`Database ${id} is "provisioning": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`);
    expect(poll).not.toHaveBeenCalled();
  });

  it("ends not-ready, without throwing, when Max Wait Seconds runs out: poll requests included", async () => {
    const { poll, at, deadlines } = polling(["provisioning"]);
    const { result } = wait(plainStep(), poll, 20);
    const { state, wait: outcome } = await settle(result);
    expect(state.directConnectionString).toBe("kept-for-the-result");
    expect(outcome).toMatchObject({ ready: false, outcome: "not-ready", status: "provisioning" });
    expect(outcome.error).toBe(`Database ${id} is still "provisioning" at the end of its 20 s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)`);
    // No poll starts later than 2 s before the end, and each must finish by the end.
    expect(Math.max(...at)).toBeLessThanOrEqual(18_000);
    expect(new Set(deadlines)).toEqual(new Set([20_000]));
    expect(Date.now() - START).toBeLessThanOrEqual(20_000);
  });

  it("ends failed when the database reports failure", async () => {
    const { poll } = polling(["provisioning", "failure"]);
    const { wait: outcome } = await settle(wait(plainStep(), poll, 60).result);
    expect(outcome).toMatchObject({ ready: false, outcome: "failed", status: "failure", polls: 2 });
    expect(outcome.error).toContain(`Database ${id} failed to become ready (status "failure"). Delete it with **Delete Database**`);
  });

  it("ends poll-error, still returning the state, when a poll fails for good", async () => {
    const refusal = new PrismaApiError({ status: 401, code: "authentication-failed", apiMessage: "no", hint: null, message: "Prisma API error 401: token revoked" });
    const { poll } = polling(["provisioning", refusal]);
    const { state, wait: outcome } = await settle(wait(plainStep(), poll, 60).result);
    expect(state.directConnectionString).toBe("kept-for-the-result");
    expect(outcome).toMatchObject({ ready: false, outcome: "poll-error", status: "provisioning", polls: 2 });
    expect(outcome.error).toBe(`Database ${id} exists, but checking whether it is ready failed (Prisma API error 401 (authentication-failed): no). Do not create it again: check it with **Get Database**.`);
  });

  it("keeps waiting through passing poll failures, and says the last check failed when time runs out", async () => {
    const timeout = new PrismaApiError({ status: null, code: "PRISMA_REQUEST_TIMEOUT", apiMessage: null, hint: null, message: "no answer. Check the network and run the step again." });
    const busy = new PrismaApiError({ status: 503, code: "unavailable", apiMessage: "Try later", hint: null, message: "503" });
    const recovering = polling([timeout, busy, "provisioning", "ready"]);
    expect((await settle(wait(plainStep(), recovering.poll, 60).result)).wait).toMatchObject({ ready: true, outcome: "ready", polls: 4, error: null });

    vi.setSystemTime(START);
    const failing = polling([timeout]);
    const outcome = (await settle(wait(plainStep(), failing.poll, 20).result)).wait;
    expect(outcome).toMatchObject({ ready: false, outcome: "not-ready" });
    expect(outcome.error).toMatch(/The last check failed \(no answer: PRISMA_REQUEST_TIMEOUT\)\.$/);
    expect(outcome.error).not.toMatch(/run the step again/);
  });

  it("never polls twice in quick succession at the end of a wait", async () => {
    const { poll, at } = polling(["provisioning"]);
    await settle(wait(plainStep(), poll, 20).result);
    // 2.5, 7.5, 12.5, 17.5; a last poll at 18 s would come 0.5 s after the one before.
    expect(at).toEqual([2500, 7500, 12_500, 17_500]);
    vi.setSystemTime(START);
    const longer = polling(["provisioning"]);
    await settle(wait(plainStep(), longer.poll, 21).result);
    // 17.5 s, then one last poll 2 s before the end at 21 s: 19 s is 1.5 s later, too soon; none.
    expect(longer.at).toEqual([2500, 7500, 12_500, 17_500]);
    vi.setSystemTime(START);
    const roomier = polling(["provisioning"]);
    await settle(wait(plainStep(), roomier.poll, 22.5).result);
    // The last check moves up to 20.5 s (2 s before the end), 3 s after the one before.
    expect(roomier.at).toEqual([2500, 7500, 12_500, 17_500, 20_500]);
  });

  it("checks once however short the wait, as late as leaves the check time to answer", async () => {
    for (const [seconds, checkAt] of [[1, 0], [2, 0], [4, 2000], [4.5, 2500]]) {
      vi.setSystemTime(START);
      const { poll, at, deadlines } = polling(["provisioning"]);
      const { wait: outcome } = await settle(wait(plainStep(), poll, seconds).result);
      expect(at, `${seconds} s`).toEqual([checkAt]);
      // A check has at least the time a request needs, even past the end of the wait.
      expect(deadlines, `${seconds} s`).toEqual([Math.max(seconds * 1000, checkAt + 2000)]);
      expect(outcome).toMatchObject({ ready: false, outcome: "not-ready", polls: 1 });
    }
  });

  it("speaks of a restore, not a create, when the database waited for is being restored", async () => {
    const restoring = (statuses: (DatabaseStatus | Error)[], seconds: number) => {
      const { poll } = polling(statuses);
      return settle(waitAcrossReruns(appPolling(poll), plainStep(), {
        inputs: () => ({ maxWaitSeconds: seconds }),
        start: async () => ({ state: {}, databases: [{ id, status: "recovering" as const, justCreated: false, restoring: true }] }),
        finish: async (_state, waits) => waits[id],
        summary: () => "done",
      }) as Promise<DatabaseWait>);
    };
    expect((await restoring(["failure"], 60)).error).toBe(`Restoring database ${id} failed (status "failure"). Check it with **Get Database**; restore again from another backup, or contact Prisma support.`);
    vi.setSystemTime(START);
    expect((await restoring(["recovering"], 20)).error).toBe(`Database ${id} is still "recovering" at the end of its 20 s wait: the restore goes on at Prisma. Check it with **Get Database** before using it; do not restore again.`);
  });

  it("reads a 404 right after the create as not visible yet, and a late 404 as an error", async () => {
    const notFound = () => new PrismaApiError({ status: 404, code: "resource-not-found", apiMessage: "gone", hint: null, message: "Prisma API error 404: gone" });
    const early = polling([notFound(), notFound(), "ready"]);
    expect((await settle(wait(plainStep(), early.poll, 60).result)).wait).toMatchObject({ ready: true, polls: 3 });

    vi.setSystemTime(START);
    const late = polling(["provisioning", "provisioning", "provisioning", "provisioning", notFound()]);
    const outcome = (await settle(wait(plainStep(), late.poll, 60).result)).wait;
    // The fifth poll comes 22.5 s after the create, past the 15 s grace.
    expect(outcome).toMatchObject({ ready: false, outcome: "poll-error", polls: 5 });
  });
});

describe("waitAcrossReruns in a deployed workflow", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(START);
  });
  afterEach(() => vi.useRealTimers());

  it("finishes in the step when the database is ready within the first 10 s", async () => {
    const { $, reruns } = workflowStep();
    const { poll } = polling(["provisioning", "ready"]);
    const { wait: outcome } = await settle(wait($, poll, undefined).result);
    expect(outcome.ready).toBe(true);
    expect(reruns).toEqual([]);
  });

  it("suspends with $.flow.rerun after 10 s, carrying the state, and resumes polling on the rerun without creating again", async () => {
    const first = workflowStep();
    const { poll } = polling(["provisioning"]);
    const run1 = wait(first.$, poll, undefined);
    expect(await settle(run1.result)).toEqual({ waiting: true, databaseIds: [id], resumesInSeconds: 10 });
    expect(run1.start).toHaveBeenCalledTimes(1);
    expect(run1.finish).not.toHaveBeenCalled();
    expect(Date.now() - START).toBeLessThanOrEqual(10_000);
    expect(first.reruns).toHaveLength(1);
    const [{ delayMs, context, maxReruns }] = first.reruns;
    expect(delayMs).toBe(10_000);
    expect(maxReruns).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(context)).toContain("kept-for-the-result");

    vi.setSystemTime(Date.now() + delayMs);
    const second = workflowStep(2, context);
    const ready = polling(["ready"]);
    const run2 = wait(second.$, ready.poll, undefined);
    expect(await settle(run2.result)).toEqual({
      state: { made: "db", directConnectionString: "kept-for-the-result" },
      wait: { ready: true, outcome: "ready", status: "ready", polls: expect.any(Number), error: null },
    });
    expect(run2.start).not.toHaveBeenCalled();
    expect(second.reruns).toEqual([]);
  });

  it("spaces reruns out (×1.5, at most 60 s) and ends not-ready with the state once Max Wait Seconds has passed", async () => {
    let context: unknown;
    const delays: number[] = [];
    for (let runs = 1; runs < 30; runs++) {
      const step = workflowStep(runs, context);
      const run = wait(step.$, polling(["provisioning"]).poll, 120);
      const outcome = await settle(run.result);
      if (!step.reruns.length) {
        expect(outcome).toMatchObject({ state: { directConnectionString: "kept-for-the-result" }, wait: { ready: false, outcome: "not-ready" } });
        break;
      }
      delays.push(step.reruns[0].delayMs);
      context = step.reruns[0].context;
      vi.setSystemTime(Date.now() + step.reruns[0].delayMs);
    }
    expect(delays.slice(0, 3)).toEqual([10_000, 15_000, 22_500]);
    expect(delays.every((d) => d <= 60_000)).toBe(true);
    expect(Date.now() - START).toBeLessThanOrEqual(120_000 + 10_000);
  });

  it.each([
    ["1.5 s before the end of the wait", -1500],
    ["after the end of the wait", 30_000],
  ])("checks on a rerun that comes %s, and finds the database ready", async (_, lateness) => {
    const first = workflowStep();
    await settle(wait(first.$, polling(["provisioning"]).poll, 120).result);
    const [{ context }] = first.reruns;

    vi.setSystemTime(START + 120_000 + lateness);
    const late = workflowStep(2, context);
    const { poll, at } = polling(["ready"]);
    const run = wait(late.$, poll, 120);
    expect((await settle(run.result)).wait).toMatchObject({ ready: true, outcome: "ready", error: null });
    expect(at).toEqual([120_000 + lateness]);
    expect(late.reruns).toEqual([]);
  });

  it("reads the inputs on the first run only: a rerun uses those it carries", async () => {
    const first = workflowStep();
    const inputs = vi.fn(() => ({ maxWaitSeconds: 120, name: "first" }));
    const app = appPolling(polling(["provisioning"]).poll);
    const start = async () => ({ state: { directConnectionString: "kept-for-the-result" }, databases: [{ id, status: "provisioning" as const, justCreated: true }] });
    const finish = vi.fn(async (state: { directConnectionString: string }, _waits: Record<string, DatabaseWait>, given: { name: string }) => ({ state, name: given.name }));
    await settle(waitAcrossReruns(app, first.$, { inputs, start, finish, summary: () => "done" }));
    expect(inputs).toHaveBeenCalledTimes(1);

    vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
    const invalid = vi.fn((): { maxWaitSeconds: number; name: string } => { throw new Error("Name is required"); });
    const rerun = workflowStep(2, first.reruns[0].context);
    const result = await settle(waitAcrossReruns(appPolling(polling(["ready"]).poll), rerun.$, { inputs: invalid, start, finish, summary: (r) => `named ${r.name}` }));
    expect(result).toEqual({ state: { directConnectionString: "kept-for-the-result" }, name: "first" });
    expect(invalid).not.toHaveBeenCalled();
  });

  it("waits in the step during a builder test run, where a rerun would cancel the workflow", async () => {
    const { $, reruns } = workflowStep(1, undefined, true);
    const { poll } = polling(["provisioning", "provisioning", "provisioning", "ready"]);
    const { wait: outcome } = await settle(wait($, poll, undefined).result);
    expect(outcome.ready).toBe(true);
    expect(reruns).toEqual([]);
  });
});
