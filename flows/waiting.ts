// Waits for databases to become ready after create, clone or restore, without ever losing what
// the create returned. The first poll comes after 2.5 s, then one every 5 s (at most 12
// requests a minute for one wait); past 50 s the interval may grow to a tenth of the time waited, so a
// long wait costs log(T) polls. Max Wait Seconds bounds the whole wait, poll requests included.
//
// In a deployed workflow the step polls for a short while, then suspends itself with
// `$.flow.rerun` and resumes polling on the rerun, carrying what it created in the rerun
// context (Pipedream's documented way to poll a long job without holding the step). Where the
// step cannot suspend (Pipedream Connect runs an action in one call; a test run in the
// builder; the local runner) the whole wait happens in the step.
//
// A wait never throws: it reports how it ended, so the caller can hand back the one-time
// connection strings with a plain statement of whether the database is ready. It always looks:
// a wait asked to wait, and every rerun however late, checks at least once. A rerun reads what
// it carries (the first run's inputs included) before anything else, so nothing that can fail
// on it (props that no longer validate) stands between it and the strings it holds. The poll
// is this module's own: the waiting components say what they create, never how to check it.
import { ConfigurationError } from "@pipedream/platform";
import {
  REQUEST, STEP, WAIT,
} from "../common/constants";
import {
  Deadline, extendStepDeadline, sleep,
} from "../common/deadline";
import {
  asClause, PrismaApiError,
} from "../common/errors";
import { RateBudgetError } from "../common/rate-pacing";
import {
  redactOutput, redactText,
} from "../common/redaction";
import { exportSummary } from "../common/summary";
import type {
  DatabaseStatus, Step,
} from "../common/types";
import type { PrismaApp } from "../prisma_management_api.app";

/** How a wait for one database ended. */
export type WaitOutcome =
  /** `ready` */
  | "ready"
  /** `failure` */
  | "failed"
  /** Still provisioning or recovering when Max Wait Seconds ran out (or no wait was asked for). */
  | "not-ready"
  /** A poll failed for good (after its retries). */
  | "poll-error";

/** One database being waited for, as carried across reruns (plain JSON). */
export interface TrackedDatabase {
  id: string;
  status: DatabaseStatus;
  /** Created by this step, so a 404 right after is "not visible yet". */
  justCreated: boolean;
  /** Waited for after a restore in place (an existing database), not after a create. */
  restoring?: boolean;
  /** When it was created or first seen, epoch ms. */
  since: number;
  polls: number;
  outcome: WaitOutcome | null;
  error: string | null;
  /** The check that ended the wait was answered 404, past the time a new database may take to show. */
  notFound?: boolean;
}

export interface DatabaseWait {
  ready: boolean;
  outcome: WaitOutcome;
  status: DatabaseStatus;
  polls: number;
  /** Why the database is not ready, in words; null when it is. */
  error: string | null;
}

/** What a waiting action's first part hands over: its findings (kept across reruns) and the databases to wait for. */
export interface WaitPlan<S> {
  state: S;
  databases: { id: string; status: DatabaseStatus; justCreated: boolean; restoring?: boolean }[];
}

/** What the suspended run returns: Pipedream shows it while the step sleeps, then replaces it. */
export interface Suspended {
  waiting: true;
  databaseIds: string[];
  resumesInSeconds: number;
}

interface Rerunnable {
  flow?: { rerun?: (delayMs: number, context: unknown, maxReruns?: number) => unknown };
  context?: { test?: boolean; run?: { runs?: number; context?: unknown } };
}

const CONTEXT_KEY = "prismaManagementApiWait";

/** Fetches a database's status; the request must end before `deadline`. */
type Poll = (databaseId: string, deadline: Deadline) => Promise<{ status: DatabaseStatus }>;

interface RerunContext<I, S> {
  startedAt: number;
  maxWaitSeconds: number;
  reruns: number;
  /** The first run's checked inputs: a rerun does not read the props again. */
  inputs: I;
  state: S;
  databases: TrackedDatabase[];
}

/** True where the step can suspend itself: a deployed workflow (not a test run in the builder, not Connect). */
export function canRerun($: Step | undefined): boolean {
  const step = $ as Rerunnable | undefined;
  return typeof step?.flow?.rerun === "function" && !!step.context?.run && step.context.test !== true;
}

/** Max Wait Seconds as given, or the default for where the step runs. */
export function waitSecondsFor($: Step | undefined, maxWaitSeconds: number | undefined): number {
  if (maxWaitSeconds !== undefined) return maxWaitSeconds;
  return canRerun($)
    ? WAIT.defaultSecondsWithReruns
    : WAIT.defaultSecondsInStep;
}

/** The pause before the next poll, given the last one (null before the first) and how long the wait has run. */
export function nextPollMs(previousMs: number | null, waitedMs: number): number {
  if (previousMs === null) return WAIT.firstPollMs;
  const cap = Math.max(WAIT.steadyPollMs, waitedMs * WAIT.maxLateFraction);
  return Math.min(cap, Math.max(WAIT.steadyPollMs, previousMs * WAIT.growth));
}

function waitErrorOf(
  d: TrackedDatabase,
  maxWaitSeconds: number,
  /** Why the step could not suspend itself to go on waiting, when it could not. */
  notSuspended: string | null,
): string | null {
  const lastCheck = d.error
    ? ` The last check failed (${d.error}).`
    : "";
  const cutShort = `Database ${d.id} is still "${d.status}": the step could not suspend itself to wait longer (${notSuspended}).`;
  switch (d.outcome) {
  case "ready":
    return null;
  case "failed":
    return d.restoring
      ? `Restoring database ${d.id} failed (status "failure"). Check it with **Get Database**; restore again from another backup, or contact Prisma support.`
      : `Database ${d.id} failed to become ready (status "failure"). Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.`;
  case "poll-error":
    if (d.notFound) {
      return `Database ${d.id} was not found when checked (${d.error}): it may have been deleted since. ` +
        "Check with **List Databases** whether it is still there before creating or restoring it again.";
    }
    return d.restoring
      ? `Database ${d.id} is restoring, but checking whether it is done failed (${d.error ?? "unknown error"}). Check it with **Get Database** before using it; do not restore again.`
      : `Database ${d.id} exists, but checking whether it is ready failed (${d.error ?? "unknown error"}). Do not create it again: check it with **Get Database**.`;
  default:
    if (notSuspended !== null) {
      return d.restoring
        ? `${cutShort} The restore goes on at Prisma. Check it with **Get Database** before using it; do not restore again.${lastCheck}`
        : `${cutShort} It exists: do not create it again; check it with **Get Database** until it is ready.${lastCheck}`;
    }
    if (maxWaitSeconds === 0) {
      return `Database ${d.id} is "${d.status}": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`;
    }
    return d.restoring
      ? `Database ${d.id} is still "${d.status}" at the end of its ${maxWaitSeconds} s wait: the restore goes on at Prisma. Check it with **Get Database** before using it; do not restore again.${lastCheck}`
      : `Database ${d.id} is still "${d.status}" at the end of its ${maxWaitSeconds} s wait. It exists: do not create it again; check it with **Get Database** until it is ready. (Next time, a larger Max Wait Seconds waits longer.)${lastCheck}`;
  }
}

function settledOutcome(status: DatabaseStatus): WaitOutcome | null {
  if (status === "ready") return "ready";
  if (status === "failure") return "failed";
  return null;
}

/** What a waiting component passes in: how it reads its props, what it makes, and how it reports. */
export interface WaitingRun<I extends { maxWaitSeconds: number | undefined }, S, R> {
  /**
   * Reads and checks the props. Called on the first run only: a rerun resumes with the inputs
   * it carries, so nothing can fail on it before it hands back what the first run created.
   */
  inputs: () => I;
  /** Creates (or finds) what the component makes and names the databases to wait for. */
  start: (inputs: I) => Promise<WaitPlan<S>>;
  /** Turns the state and how each wait ended into the result; runs once, after the wait. */
  finish: (state: S, waits: Record<string, DatabaseWait>, inputs: I) => Promise<R>;
  /** The step's summary of the result. */
  summary: (result: R, inputs: I) => string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0;
const OUTCOMES: readonly unknown[] = [
  "ready",
  "failed",
  "not-ready",
  "poll-error",
  null,
] satisfies (WaitOutcome | null)[];

/** A database as this module carries it, each field of the type it is read as. */
function isTrackedDatabase(value: unknown): value is TrackedDatabase {
  return isRecord(value) && typeof value.id === "string" && value.id !== "" &&
    (value.status === null || typeof value.status === "string") &&
    typeof value.justCreated === "boolean" &&
    (value.restoring === undefined || typeof value.restoring === "boolean") &&
    Number.isFinite(value.since) && isCount(value.polls) && OUTCOMES.includes(value.outcome) &&
    (value.error === null || typeof value.error === "string") &&
    (value.notFound === undefined || typeof value.notFound === "boolean");
}

/**
 * A wait as this module carries it across reruns: a start no later than now, a Max Wait
 * Seconds it accepts, the component's state, and at least one database. Anything else would wait without an end, poll
 * a database that is not there, or end in a crash instead of words.
 */
function isRerunContext(value: unknown, now: number): value is RerunContext<unknown, unknown> {
  if (!isRecord(value)) return false;
  const {
    startedAt, maxWaitSeconds, reruns, inputs, state, databases,
  } = value;
  return Number.isFinite(startedAt) && (startedAt as number) <= now &&
    isCount(maxWaitSeconds) && maxWaitSeconds <= WAIT.maxSeconds && isCount(reruns) &&
    (inputs === undefined || isRecord(inputs)) && state !== undefined && state !== null &&
    Array.isArray(databases) && databases.length > 0 && databases.every(isTrackedDatabase);
}

/**
 * The wait a resumed run carries, if this run is a rerun of a step that suspended itself. Only
 * this module suspends a step, so a rerun that carries no readable wait has lost what the first
 * run made: it says so rather than run as a first run, which would create a second one.
 */
function carriedBy<I, S>($: Step): RerunContext<I, S> | undefined {
  const step = $ as Step & Rerunnable;
  if ((step.context?.run?.runs ?? 1) <= 1) return undefined;
  const context = step.context?.run?.context;
  const carried = isRecord(context)
    ? context[CONTEXT_KEY]
    : undefined;
  if (isRerunContext(carried, Date.now())) return carried as RerunContext<I, S>;
  throw new ConfigurationError(
    "This run resumes a step that suspended itself to wait for a database, but what the step " +
    "carried (the databases it waits for, and what the first run made, one-time connection " +
    "strings included) is missing or damaged, so nothing was created again. What the first run " +
    "made exists: find it with **List Databases** or **List Projects** rather than running the " +
    "step again, and get new connection strings with **Create Connection String**.",
  );
}

/**
 * Runs a create-then-wait component: `start` creates (or finds) what it makes and names the
 * databases to wait for; they are polled until ready, failed, or out of time; `finish` turns
 * the state and how each wait ended into the result, which is returned redacted everywhere
 * but the named minted fields, with its summary exported. In a workflow, a long wait suspends
 * the step between polls; the reruns neither read the props nor create again.
 */
export async function waitAcrossReruns<I extends { maxWaitSeconds: number | undefined }, S, R>(
  app: Pick<PrismaApp, "getDatabase">,
  $: Step,
  run: WaitingRun<I, S, R>,
): Promise<R | Suspended> {
  const step = $ as Step & Rerunnable;
  const resumed = carriedBy<I, S>($);
  let context: RerunContext<I, S>;
  // The latest this step's part of the wait may end: the time it planned for itself before the
  // create, which a slow or throttled create uses up rather than pushes back.
  let latestInStepEnd = Infinity;
  if (resumed) {
    context = resumed;
    // Carried by a step suspended before inputs were carried along.
    context.inputs ??= run.inputs();
  } else {
    const inputs = run.inputs();
    const maxWaitSeconds = waitSecondsFor($, inputs.maxWaitSeconds);
    latestInStepEnd = Date.now() + inStepMs($, maxWaitSeconds * 1000);
    // The requests after the wait need time too.
    extendStepDeadline($, latestInStepEnd - Date.now() + STEP.afterWaitMs);
    const plan = await run.start(inputs);
    const now = Date.now();
    context = {
      startedAt: now,
      maxWaitSeconds,
      reruns: 0,
      inputs,
      state: plan.state,
      databases: plan.databases.map((d) => ({
        ...d,
        since: now,
        polls: 0,
        outcome: settledOutcome(d.status),
        error: null,
      })),
    };
    if (maxWaitSeconds === 0) for (const d of context.databases) d.outcome ??= "not-ready";
  }

  const waitEnd = context.startedAt + context.maxWaitSeconds * 1000;
  const rerun = suspends($, waitEnd - Date.now());
  const inStepEnd = Math.min(latestInStepEnd, Date.now() + inStepMs($, waitEnd - Date.now()));
  extendStepDeadline($, Math.max(inStepEnd - Date.now(), REQUEST.minTimeoutMs) + STEP.afterWaitMs);
  await pollUntilSettled(context, (databaseId, deadline) => app.getDatabase({
    $,
    databaseId,
    deadline,
  }), inStepEnd, resumed !== undefined);

  const pending = context.databases.filter((d) => d.outcome === null);
  // A rerun must leave time for at least one poll before the wait ends; otherwise end it now.
  const delay = Math.min(
    WAIT.maxRerunMs,
    WAIT.firstRerunMs * WAIT.growth ** context.reruns,
    waitEnd - REQUEST.minTimeoutMs - WAIT.firstPollMs - Date.now(),
  );
  // Why the step could not suspend itself when it meant to; null when it did not try, or did.
  let notSuspended: string | null = null;
  if (pending.length && rerun && delay >= WAIT.firstPollMs) {
    try {
      step.flow!.rerun!(delay, {
        [CONTEXT_KEY]: {
          ...context,
          reruns: context.reruns + 1,
        },
      }, maxRerunsFor(context.maxWaitSeconds));
      const suspended: Suspended = {
        waiting: true,
        databaseIds: pending.map((d) => d.id),
        resumesInSeconds: Math.round(delay / 1000),
      };
      exportSummary($, `Waiting for ${suspended.databaseIds.join(", ")} to become ready; the step resumes in ${suspended.resumesInSeconds} s`);
      return suspended;
    } catch (error) {
      // Pipedream would not suspend the step (a limit on reruns, …): the wait ends here, and
      // what the step made is returned rather than lost with the error.
      notSuspended = redactText(reasonOf(error));
    }
  }
  for (const d of pending) d.outcome = "not-ready";
  const waits: Record<string, DatabaseWait> = {};
  for (const d of context.databases) {
    waits[d.id] = {
      ready: d.outcome === "ready",
      outcome: d.outcome ?? "not-ready",
      status: d.status,
      polls: d.polls,
      error: waitErrorOf(d, context.maxWaitSeconds, notSuspended),
    };
  }
  const result = await run.finish(context.state, waits, context.inputs);
  exportSummary($, run.summary(result, context.inputs));
  return redactOutput(result);
}

/**
 * True when a wait with `remainingMs` to go suspends the step: where it can, and only when the
 * rerun still has time to check after the step's own share; a short wait is done in the step.
 */
function suspends($: Step, remainingMs: number): boolean {
  const afterRerun = REQUEST.minTimeoutMs + 2 * WAIT.firstPollMs;
  return canRerun($) && remainingMs > WAIT.inStepSecondsWithReruns * 1000 + afterRerun;
}

/** How long the step itself waits of a wait with `remainingMs` to go. */
function inStepMs($: Step, remainingMs: number): number {
  return suspends($, remainingMs)
    ? WAIT.inStepSecondsWithReruns * 1000
    : Math.max(0, remainingMs);
}

/** Enough reruns for the longest wait at the slowest pace, with room to spare. */
function maxRerunsFor(maxWaitSeconds: number): number {
  let reruns = 0;
  for (let waited = 0; waited < maxWaitSeconds * 1000; reruns++) {
    waited += Math.min(WAIT.maxRerunMs, WAIT.firstRerunMs * WAIT.growth ** reruns);
  }
  return reruns + 2;
}

/**
 * Polls the pending databases until they settle or the step's share of the wait (`until`)
 * ends. A wait that was asked to wait checks at least once, however short it is, and so does a
 * rerun, however late it comes: a database is never reported not ready without being looked at.
 */
async function pollUntilSettled<I, S>(
  context: RerunContext<I, S>,
  poll: Poll,
  until: number,
  resumed: boolean,
): Promise<void> {
  // A poll needs time to answer: none starts that could not finish inside the wait…
  const lastStart = until - REQUEST.minTimeoutMs;
  // A rerun comes after its pause: it checks at once, then every 5 s.
  let interval: number | null = resumed
    ? WAIT.steadyPollMs
    : null;
  let lastPollAt: number | null = null;
  for (let first = true; ; first = false) {
    const pending = context.databases.filter((d) => d.outcome === null);
    if (pending.length === 0) return;
    if (!(resumed && first)) interval = nextPollMs(interval, Date.now() - context.startedAt);
    let pollAt = resumed && first
      ? Date.now()
      : Date.now() + (interval ?? 0);
    if (pollAt > lastStart) {
      if (lastPollAt !== null) {
        // One last check just before the end, unless one came only a moment ago.
        if (lastStart - lastPollAt < WAIT.firstPollMs || Date.now() >= lastStart) return;
        pollAt = lastStart;
      } else {
        // …except the first: it comes as late as leaves it time to answer, or now.
        pollAt = Math.max(Date.now(), lastStart);
      }
    }
    await sleep(pollAt - Date.now());
    lastPollAt = Date.now();
    // A check that comes late still gets the least time a request needs.
    const deadline = new Deadline(Math.max(until, lastPollAt + REQUEST.minTimeoutMs));
    await Promise.all(pending.map((d) => pollOnce(d, poll, deadline)));
  }
}

async function pollOnce(
  d: TrackedDatabase,
  poll: Poll,
  deadline: Deadline,
): Promise<void> {
  try {
    const { status } = await poll(d.id, deadline);
    d.polls++;
    d.status = status;
    d.outcome = settledOutcome(status);
    d.error = null;
  } catch (error) {
    const notVisibleYet = error instanceof PrismaApiError && error.status === 404 &&
      d.justCreated && Date.now() - d.since < WAIT.notFoundGraceMs;
    // No request went out when the run's rate budget was spent: that is not a check.
    if (!(error instanceof RateBudgetError)) d.polls++;
    if (notVisibleYet) return;
    d.error = redactText(reasonOf(error));
    // A refusal ends the wait; a passing failure (no answer in time, a server error, the rate
    // limit) leaves the database pending: the next check, or the end of the wait, decides.
    const refused = error instanceof PrismaApiError && error.status !== null &&
      error.status >= 400 && error.status < 500 && error.status !== 429;
    if (refused) {
      d.outcome = "poll-error";
      d.notFound = error.status === 404;
    }
  }
}

/**
 * What went wrong with a poll, without the error's own advice: "run the step again" would be
 * wrong here, where the database exists and a re-run without a Logical ID creates another.
 * It goes in parentheses, so without a full stop of its own.
 */
function reasonOf(error: unknown): string {
  return asClause(pollFailure(error));
}

function pollFailure(error: unknown): string {
  if (error instanceof RateBudgetError) return "Prisma's rate limit left no time for another request before the wait ended";
  if (error instanceof PrismaApiError) {
    if (error.status === null) return `no answer: ${error.code ?? "network error"}`;
    return `Prisma API error ${error.status}${error.code
      ? ` (${error.code})`
      : ""}${error.apiMessage
      ? `: ${error.apiMessage}`
      : ""}`;
  }
  return (error as Error)?.message ?? String(error);
}
