// Part 5: a database that becomes ready T seconds after it is created. The built Create Database
// action runs against an emulator on a virtual clock (bench/virtual-time.ts), so a 300-second
// wait takes milliseconds; network time counts as zero. Two ways a step waits:
// - in one call (Pipedream Connect, a builder test, the local runner): it polls until ready;
// - in a deployed workflow: it polls for a few seconds, then suspends with `$.flow.rerun` and
//   resumes on the rerun, as many times as it takes.
// Reports how long after T each notices, and the polls and reruns spent.
import { REQUEST, WAIT } from "../common/constants";
import { nextPollMs } from "../flows/waiting";
import { startEmulator, type Emulator } from "../emulator/server";
import { loadBuiltAction } from "../scripts/actions";
import { appOf, bindApp, resolvePropOf, run, type ActionLike, type AppOverrides } from "../test/pipedream";
import { at, clearRequests, requestShapes } from "./cases";
import { round } from "./stats";
import { installVirtualTime } from "./virtual-time";

/** The pause before the next poll, given the last one (null before the first) and the time waited. */
export type NextInterval = (previousMs: number | null, waitedMs: number) => number;

/** For comparison: the same rule without its growth on long waits (a steady 5 s), which polls T/5 times. */
export const steadyPolicy: NextInterval = (previousMs) => nextPollMs(previousMs, 0);

/**
 * The in-step polling of flows/waiting.ts replayed on paper (network time zero): the wait starts
 * when the create answers; no poll starts later than REQUEST.minTimeoutMs before the wait's end.
 */
export function simulate(readyAfterMs: number, next: NextInterval, maxWaitMs: number = WAIT.maxSeconds * 1000) {
  const lastStart = maxWaitMs - REQUEST.minTimeoutMs;
  let now = 0;
  let interval: number | null = null;
  let polls = 0;
  let lastSleep = 0;
  while (now < lastStart) {
    interval = next(interval, now);
    lastSleep = Math.min(interval, lastStart - now);
    now += lastSleep;
    polls++;
    if (now >= readyAfterMs) return { polls, lagMs: now - readyAfterMs, lastIntervalMs: lastSleep };
  }
  return { polls, lagMs: NaN, lastIntervalMs: lastSleep };
}

export interface WaitingResult {
  seconds: number;
  /** In one call. */
  polls: number;
  /** From the moment the database became ready to the moment the action returned. */
  lagMs: number;
  /** The pause before the poll that noticed. */
  lastIntervalMs: number;
  withinOneInterval: boolean;
  /** The same wait replayed with `simulate` (checks the replay against the real run). */
  simulatedPolls: number;
  steadyPolls: number;
  steadyLagMs: number;
  /** In a deployed workflow: the times the step suspended itself, the polls of all its runs, and when it noticed. */
  workflow: { reruns: number; polls: number; lagMs: number; delaysMs: number[]; withinOneRerun: boolean };
  requests: string[];
}

interface RerunCall {
  delayMs: number;
  context: unknown;
}

/** One run of `action` as a deployed workflow runs it: `$.context.run` and `$.flow.rerun` (recorded, not scheduled). */
async function runInWorkflow(action: ActionLike, props: Record<string, unknown>, auth: Record<string, unknown>, overrides: AppOverrides, runs: number, context: unknown) {
  const app = appOf(action);
  const reruns: RerunCall[] = [];
  const $ = {
    export: () => {},
    context: { test: false, run: { runs, context } },
    flow: { rerun: (delayMs: number, rerunContext: unknown) => { reruns.push({ delayMs, context: JSON.parse(JSON.stringify(rerunContext)) }); } },
  };
  const self: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(action.props ?? {})) {
    const prop = name === "app" ? undefined : resolvePropOf(app, definition);
    if (prop && "default" in prop) self[name] = prop.default;
  }
  Object.assign(self, props, { app: bindApp(app, auth, overrides) });
  const result = await (action.run as (options: { $: unknown }) => Promise<unknown>).call(self, { $ });
  return { result, reruns };
}

type Created = { databaseId: string; status: string; polls: number };

const readyAtOf = (emulator: Emulator, databaseId: string) => emulator.state.databases.get(databaseId)!.pendingUntil;
const pollsIn = (requests: string[]) => requests.filter((r) => r === "GET /databases/:id").length;

export async function waiting({ seconds }: { seconds: number[] }): Promise<WaitingResult[]> {
  const action = await loadBuiltAction("create-database");
  const results: WaitingResult[] = [];
  const time = installVirtualTime();
  const maxWaitSeconds = WAIT.maxSeconds;
  try {
    for (const T of seconds) {
      const emulator = await startEmulator({ readyDelayMs: T * 1000, seed: 404, clock: time.now });
      try {
        const auth = { api_token: emulator.token };
        // Prisma's pacing stays on: one wait sends at most 12 polls a minute, well inside it.
        const overrides = at(emulator.url);
        const projectId = emulator.seedProject({ name: "waiting", withDefaultDatabase: true });
        const props = (where: string) => ({ projectId, name: `ready-after-${T}s-${where}`, region: "inherit", maxWaitSeconds });

        // In one call.
        clearRequests(emulator);
        const { result } = await run<Created>(action, props("call"), auth, overrides);
        const lagMs = time.now() - readyAtOf(emulator, result.databaseId);
        if (result.status !== "ready") throw new Error(`T=${T}: status ${result.status}`);
        const requests = requestShapes(emulator);
        const polls = pollsIn(requests);
        if (polls !== result.polls) throw new Error(`T=${T}: ${polls} GETs logged, action reports ${result.polls}`);
        const replay = simulate(T * 1000, nextPollMs);
        const steady = simulate(T * 1000, steadyPolicy);

        // In a deployed workflow: each rerun comes when the step asked for it.
        clearRequests(emulator);
        const delaysMs: number[] = [];
        let step = await runInWorkflow(action, props("workflow"), auth, overrides, 1, undefined);
        while (step.reruns.length > 0) {
          if (step.reruns.length !== 1 || delaysMs.length > 100) throw new Error(`T=${T}: ${step.reruns.length} reruns asked in one run`);
          delaysMs.push(step.reruns[0].delayMs);
          time.advance(step.reruns[0].delayMs);
          step = await runInWorkflow(action, props("workflow"), auth, overrides, delaysMs.length + 1, step.reruns[0].context);
        }
        const final = step.result as Created;
        if (final.status !== "ready") throw new Error(`T=${T}, workflow: status ${final.status}`);
        const workflowLagMs = time.now() - readyAtOf(emulator, final.databaseId);
        const workflowPolls = pollsIn(requestShapes(emulator));
        if (workflowPolls !== final.polls) throw new Error(`T=${T}, workflow: ${workflowPolls} GETs logged, action reports ${final.polls}`);

        results.push({
          seconds: T,
          polls,
          lagMs: round(lagMs),
          lastIntervalMs: round(replay.lastIntervalMs),
          // The poll that notices comes at most one interval after the one before it, which saw it pending.
          withinOneInterval: lagMs <= replay.lastIntervalMs,
          simulatedPolls: replay.polls,
          steadyPolls: steady.polls,
          steadyLagMs: round(steady.lagMs),
          workflow: {
            reruns: delaysMs.length,
            polls: workflowPolls,
            lagMs: round(workflowLagMs),
            delaysMs,
            // Ready while the step was suspended (or just before): noticed by the rerun's first poll.
            withinOneRerun: workflowLagMs <= (delaysMs.at(-1) ?? 0) + WAIT.steadyPollMs,
          },
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
