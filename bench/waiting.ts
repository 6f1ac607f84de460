// Part 5: a database that becomes ready T seconds after it is created. The built Create Database
// action runs against an emulator whose clock is virtual, and Date.now / setTimeout are virtual
// for the duration of this part only (restored afterwards), so a 300-second wait takes
// milliseconds. Reports how long after T the action notices, and the polls it spent.
import { WAIT } from "../common/constants";
import { startEmulator } from "../emulator/server";
import { loadBuiltAction } from "../scripts/actions";
import { run } from "../test/pipedream";
import { clearRequests, requestShapes } from "./cases";
import { round } from "./stats";

interface VirtualTimer {
  id: number;
  due: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
}

/**
 * Replaces Date.now, setTimeout and clearTimeout with a virtual clock that jumps to the next
 * due timer as soon as the event loop comes round. Only for code that waits on one thing at a time.
 */
function installVirtualTime() {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
  let now = real.now();
  let nextId = 1;
  let pending = false;
  const timers = new Map<number, VirtualTimer>();
  const fire = () => {
    pending = false;
    let first: VirtualTimer | undefined;
    for (const timer of timers.values()) if (!first || timer.due < first.due) first = timer;
    if (!first) return;
    timers.delete(first.id);
    now = Math.max(now, first.due);
    if (timers.size > 0) wake();
    first.fn(...first.args);
  };
  const wake = () => {
    if (!pending) {
      pending = true;
      setImmediate(fire);
    }
  };
  const handle = (id: number) => ({
    id, ref() { return this; }, unref() { return this; }, hasRef: () => true, refresh() { return this; },
    [Symbol.toPrimitive]: () => id,
  });
  const fakeSetTimeout = (fn: (...args: unknown[]) => void, ms = 0, ...args: unknown[]) => {
    const id = nextId++;
    timers.set(id, { id, due: now + Math.max(0, Number(ms) || 0), fn, args });
    wake();
    return handle(id);
  };
  const fakeClearTimeout = (timer: unknown) => {
    if (timer && typeof timer === "object" && "id" in timer && timers.has((timer as { id: number }).id)) {
      timers.delete((timer as { id: number }).id);
    } else {
      real.clearTimeout(timer as Parameters<typeof clearTimeout>[0]);
    }
  };
  globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout;
  globalThis.clearTimeout = fakeClearTimeout as typeof clearTimeout;
  Date.now = () => now;
  return {
    now: () => now,
    restore() {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
      Date.now = real.now;
    },
  };
}

export type NextInterval = (interval: number, elapsedMs: number) => number;

/** The interval rule of common/waiting.ts: ×1.5 from 1 s, capped at 5 s or a tenth of the time waited. */
export const currentPolicy: NextInterval = (interval, elapsedMs) =>
  Math.min(Math.max(WAIT.maxPollMs, elapsedMs * WAIT.maxLateFraction), interval * WAIT.growth);

/** For comparison: a plain 5 s cap, which notices sooner on long waits but polls T/5 times. */
export const fixedCapPolicy: NextInterval = (interval) => Math.min(WAIT.maxPollMs, interval * WAIT.growth);

/**
 * The waiting loop of common/waiting.ts replayed on paper: the wait starts when the create call
 * answers; each poll sleeps, then the request reaches the API `latencyMs` later and sees the status.
 */
export function simulate(readyAfterMs: number, latencyMs: number, next: NextInterval, maxWaitMs = WAIT.maxSeconds * 1000) {
  let now = 0;
  let interval: number = WAIT.firstPollMs;
  let polls = 0;
  let lastSleep = 0;
  while (now < maxWaitMs) {
    lastSleep = Math.min(interval, maxWaitMs - now);
    now += lastSleep;
    interval = next(interval, now);
    now += latencyMs;
    polls++;
    if (now >= readyAfterMs) return { polls, lagMs: now - readyAfterMs, lastIntervalMs: lastSleep };
  }
  return { polls, lagMs: NaN, lastIntervalMs: lastSleep };
}

export interface WaitingResult {
  seconds: number;
  polls: number;
  /** From the moment the database became ready to the moment the action returned. */
  lagMs: number;
  /** The sleep before the poll that noticed. */
  lastIntervalMs: number;
  withinOneInterval: boolean;
  /** The same wait replayed with `simulate` (checks the replay against the real run). */
  simulatedPolls: number;
  fixedCapPolls: number;
  fixedCapLagMs: number;
  requests: string[];
}

export async function waiting({ latencyMs, seconds }: { latencyMs: number; seconds: number[] }): Promise<WaitingResult[]> {
  const action = await loadBuiltAction("create-database");
  const results: WaitingResult[] = [];
  const time = installVirtualTime();
  try {
    for (const T of seconds) {
      const emulator = await startEmulator({ readyDelayMs: T * 1000, seed: 404, clock: time.now, faults: { latencyMs } });
      try {
        process.env.PRISMA_MANAGEMENT_API_URL = emulator.url;
        const projectId = emulator.seedProject({ name: "waiting", withDefaultDatabase: true });
        clearRequests(emulator);
        const { result } = await run<{ databaseId: string; status: string; polls: number }>(action,
          { projectId, name: `ready-after-${T}s`, region: "inherit", maxWaitSeconds: WAIT.maxSeconds },
          { api_token: emulator.token });
        const returnedAt = time.now();
        if (result.status !== "ready") throw new Error(`T=${T}: status ${result.status}`);
        const readyAt = emulator.state.databases.get(result.databaseId)!.pendingUntil;
        const requests = requestShapes(emulator);
        const polls = requests.filter((r) => r === "GET /databases/:id").length;
        if (polls !== result.polls) throw new Error(`T=${T}: ${polls} GETs logged, action reports ${result.polls}`);
        const replay = simulate(T * 1000, latencyMs, currentPolicy);
        const fixedCap = simulate(T * 1000, latencyMs, fixedCapPolicy);
        const lagMs = returnedAt - readyAt;
        results.push({
          seconds: T,
          polls,
          lagMs: round(lagMs),
          lastIntervalMs: round(replay.lastIntervalMs),
          // The poll that notices was sent at most one interval after the one before it, which saw it pending.
          withinOneInterval: lagMs <= replay.lastIntervalMs + latencyMs,
          simulatedPolls: replay.polls,
          fixedCapPolls: fixedCap.polls,
          fixedCapLagMs: round(fixedCap.lagMs),
          requests,
        });
      } finally {
        await emulator.close();
      }
    }
  } finally {
    time.restore();
  }
  return results;
}
