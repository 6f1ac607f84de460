// Part 6: the composites under Prisma's rate limit. Each flow runs, with the package's own
// pacing (30 requests a minute), against an emulator that refuses the 31st request of any
// minute with 429, on a virtual clock: a flow that must wait minutes for the limit takes
// milliseconds. Counts what was sent, every 429, how long the flow took in virtual time, and
// whether its results are what they should be. Shared with test/bench/request-counts.test.ts.
import { POSTGRES_REGIONS, RATE_LIMIT } from "../common/constants";
import { startEmulator, type Emulator } from "../emulator/server";
import { run, type ActionLike, type AppOverrides } from "../test/pipedream";
import { at, requestShapes, type Props } from "./cases";
import { installVirtualTime } from "./virtual-time";

/** How long a new database takes to become ready: one poll finds it provisioning, the next ready. */
export const READY_DELAY_MS = 5_000;
/** Between two runs of a flow that needs more than one: the next run of a schedule, a minute later. */
export const BETWEEN_RUNS_MS = 60_000;
/** A flow still unfinished after this many runs is reported as such. */
const MAX_RUNS = 10;

/** An action's result; the clean-ups' lists are read where present (Create Databases in Regions counts `failed`). */
type Result = Record<string, unknown> & {
  deleted?: unknown[];
  failed?: { error?: string }[] | number;
  notAttempted?: unknown[];
};

interface Setup {
  props: Props;
  /** What is wrong with the outcome of all the runs (in the emulator's state and in the results), or null when nothing is. */
  check(results: Result[]): string | null;
}

export interface RateLimitedFlow {
  name: string;
  folder: string;
  /** What the flow does, for the table. */
  what: string;
  /** How long its new databases take to become ready (default READY_DELAY_MS). */
  readyDelayMs?: number;
  /** The requests the whole job takes, when a run may stop before sending them all (a list's pages). */
  requestsNeeded?: number;
  /** Seeds the emulator (seeding sends no request) and says what a run gets and what it must achieve. */
  setup(emulator: Emulator): Setup;
  /** True when a result leaves work for another run (a clean-up that ran out of its minute). */
  again?(result: Result): boolean;
  /** For a job no step can finish: the error it must stop with, at once and without a 429. */
  stops?: RegExp;
}

const problems = (...found: (string | false | null | undefined)[]) => found.filter(Boolean).join("; ") || null;

const liveDatabases = (emulator: Emulator, projectId: string) =>
  [...emulator.state.databases.values()].filter((d) => d.projectId === projectId);

export const RATE_LIMITED_FLOWS: RateLimitedFlow[] = [
  {
    name: "Provision Postgres Project",
    folder: "provision-postgres-project",
    what: "a project, its database (polled until ready) and a named connection",
    setup: (emulator) => ({
      props: { name: "shop", region: "eu-central-1", connectionName: "app", logicalId: "shop" },
      check: ([result]) => problems(
        result?.ready !== true && `ready is ${String(result?.ready)}`,
        !result?.directConnectionString && "no connection string",
        emulator.state.projects.size !== 1 && `${emulator.state.projects.size} projects`,
        emulator.state.databases.size !== 1 && `${emulator.state.databases.size} databases`,
        emulator.state.connections.size !== 2 && `${emulator.state.connections.size} connections (default + app expected)`,
      ),
    }),
  },
  inRegions("Create Databases in Regions"),
  inRegions("Create Databases in Regions, databases ready after 30 s", 30_000),
  {
    name: "Delete Stale Databases",
    folder: "delete-stale-databases",
    what: "60 stale databases of 66 deleted, re-run a minute later until done",
    setup: (emulator) => {
      const projectId = emulator.seedProject({ name: "previews", withDefaultDatabase: true });
      const stale = emulator.seedDatabases(projectId, 60, { namePrefix: "pr" });
      const kept = emulator.seedDatabases(projectId, 5, { namePrefix: "staging" });
      return {
        // Seeded now, run 25 hours later (see `ageMs`): older than 24 hours.
        props: { projectId, namePattern: "pr-", olderThanHours: 24, dryRun: false, confirm: "DELETE" },
        check: (results) => {
          const deleted = results.flatMap((r) => (r.deleted ?? []) as { databaseId: string }[]).map((d) => d.databaseId);
          const deletes = emulator.state.requests.filter((r) => r.method === "DELETE" && r.status === 204).map((r) => r.path);
          const left = new Set(liveDatabases(emulator, projectId).map((d) => d.id));
          return problems(
            results.some((r) => Array.isArray(r.failed) && r.failed.length > 0) && "failures reported",
            (deleted.length !== stale.length || new Set(deleted).size !== stale.length) && `${deleted.length} deletions reported`,
            new Set(deletes).size !== deletes.length && "a database deleted twice",
            stale.some((id) => left.has(id)) && "a stale database is left",
            [...kept].some((id) => !left.has(id)) && "a database not matched was deleted",
            left.size !== kept.length + 1 && `${left.size} databases left`,
          );
        },
      };
    },
    again: (result) => (result.notAttempted ?? []).length > 0,
  },
  {
    name: "Provision Preview Database",
    folder: "provision-preview-database",
    what: "a preview branch, a database on it (polled until ready) and a named connection",
    setup: (emulator) => {
      const projectId = emulator.seedProject({ name: "shop", withDefaultDatabase: true });
      return {
        props: { projectId, gitName: "feature/login" },
        check: ([result]) => {
          const branch = [...emulator.state.branches.values()].find((b) => b.gitName === "feature/login" && !b.deletedAt);
          const database = result && emulator.state.databases.get(String(result.databaseId));
          return problems(
            !branch && "no preview branch",
            result?.ready !== true && `ready is ${String(result?.ready)}`,
            (!database || database.branchId !== branch?.id) && "the database is not on the preview branch",
            !result?.directConnectionString && "no connection string",
            liveDatabases(emulator, projectId).length !== 2 && `${liveDatabases(emulator, projectId).length} databases in the project`,
          );
        },
      };
    },
  },
  {
    name: "Delete Preview Branch",
    folder: "delete-preview-branch",
    what: "a preview branch with 10 databases: the databases, then the branch",
    setup: (emulator) => {
      const projectId = emulator.seedProject({ name: "shop", withDefaultDatabase: true });
      const branchId = emulator.seedBranch(projectId, { gitName: "feature/login" });
      const onBranch = emulator.seedDatabases(projectId, 10, { branchId, namePrefix: "preview" });
      const elsewhere = emulator.seedDatabases(projectId, 3, { namePrefix: "main" });
      return {
        props: { projectId, gitName: "feature/login", dryRun: false, confirm: "feature/login" },
        check: ([result]) => {
          const left = new Set(liveDatabases(emulator, projectId).map((d) => d.id));
          return problems(
            (result?.deleted ?? []).length !== onBranch.length && `${(result?.deleted ?? []).length} deleted`,
            result?.branchDeleted !== true && "the branch was kept",
            !emulator.state.branches.get(branchId)?.deletedAt && "the branch still exists",
            onBranch.some((id) => left.has(id)) && "a database of the branch is left",
            elsewhere.some((id) => !left.has(id)) && "a database of another branch was deleted",
          );
        },
      };
    },
  },
  listing("List Databases, 5,000 databases"),
  listing("List Databases, 5,000 databases, maxResults 3,000", 3_000),
];

/** Create Databases in Regions over every region; slower databases mean more polls, paced with the rest. */
function inRegions(name: string, readyDelayMs?: number): RateLimitedFlow {
  return {
    name,
    folder: "create-databases-in-regions",
    what: `a database in each of the ${POSTGRES_REGIONS.length} regions, polled until ready` +
      (readyDelayMs ? ` (ready after ${readyDelayMs / 1000} s: ${POSTGRES_REGIONS.length} polls every 5 s)` : ""),
    readyDelayMs,
    setup: (emulator) => {
      const projectId = emulator.seedProject({ name: "global", withDefaultDatabase: true });
      return {
        props: { projectId, regions: [...POSTGRES_REGIONS], namePrefix: "orders", logicalIdPrefix: "orders", maxWaitSeconds: 120 },
        check: ([result]) => {
          const names = liveDatabases(emulator, projectId).filter((d) => !d.isDefault).map((d) => d.name).sort();
          return problems(
            (result?.succeeded !== POSTGRES_REGIONS.length || result?.ready !== POSTGRES_REGIONS.length) &&
              `${String(result?.succeeded)} created, ${String(result?.ready)} ready`,
            JSON.stringify(names) !== JSON.stringify(POSTGRES_REGIONS.map((r) => `orders-${r}`).sort()) && `databases ${names.join(", ")}`,
          );
        },
      };
    },
  };
}

/** List Databases over a project of 5,000 databases (50 pages of 100), whole or capped. */
function listing(name: string, maxResults?: number): RateLimitedFlow {
  const total = 5_000;
  const expected = Math.min(total, maxResults ?? total);
  return {
    name,
    // 50 pages need two minutes of the limit, a step has about 30 s: the run stops, suggesting Max Results.
    stops: maxResults === undefined ? /30 requests a minute.*has sent 30.*(Max Results|maxResults)/ : undefined,
    folder: "list-databases",
    what: `${expected / 100} pages of 100`,
    requestsNeeded: expected / 100,
    setup: (emulator) => {
      const projectId = emulator.seedProject({ name: "big" });
      const ids = emulator.seedDatabases(projectId, total, { namePrefix: "big" });
      return {
        props: { projectId, maxResults },
        check: ([result]) => {
          const listed = Array.isArray(result) ? (result as { id: string }[]).map((d) => d.id) : [];
          return problems(
            !Array.isArray(result) && "no list returned",
            Array.isArray(result) && (listed.length !== expected || new Set(listed).size !== expected ||
              listed.some((id, i) => id !== ids[i])) && `${listed.length} listed, not the first ${expected} in order`,
          );
        },
      };
    },
  };
}

/** Seeded data is this old when the flows run: Delete Stale Databases needs databases older than a day. */
const ageMs = 25 * 3_600_000;

export interface RateLimitedResult {
  flow: string;
  what: string;
  runs: number;
  /** Requests that reached the emulator, answered or refused. */
  requests: number;
  /** Of those, answered 429 (every one is received by the action, which may retry it). */
  received429: number;
  /** Refusals counted by the emulator's rate limit (`state.rateLimited`). */
  refused: number;
  /** 429s that reached the user: thrown, or in a result's `failed` or `waitError`. */
  userFacing429: number;
  /** The most requests the emulator received in any 60 s. */
  busiestMinute: number;
  /** From the first run's start to the last run's end, on the virtual clock (runs a minute apart). */
  virtualMs: number;
  /** What the limit alone imposes on the requests the job needs: 0 up to 30, else ⌈(R − 30) / 30⌉ minutes. */
  floorMs: number;
  /** The error the last run stopped with, if it did. */
  error: string | null;
  /** What is wrong with the results, or null when they are intact. */
  problem: string | null;
  intact: boolean;
  /** Results intact, or a job no step can finish stopped as it must (`stops`). */
  asExpected: boolean;
  /** Requests by shape (`METHOD /path`, IDs as `:id`), in order of first appearance. */
  requestsByShape: Record<string, number>;
}

/** The least time the limit allows for `requests`: the first `limit` go at once, then `limit` more each minute. */
export function floorMs(requests: number, limit: number = RATE_LIMIT.requestsPerMinute): number {
  return requests <= limit ? 0 : Math.ceil((requests - limit) / limit) * RATE_LIMIT.windowMs;
}

function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j] - sorted[i] >= RATE_LIMIT.windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

function countByShape(shapes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const shape of shapes) counts[shape] = (counts[shape] ?? 0) + 1;
  return counts;
}

const mentions429 = (text: unknown) => typeof text === "string" && /\b429\b/.test(text);

function userFacing429(results: Result[], error: unknown): number {
  let count = 0;
  if (error && ((error as { status?: unknown }).status === 429 || mentions429((error as Error).message))) count++;
  for (const result of results) {
    for (const failure of Array.isArray(result.failed) ? result.failed : []) if (mentions429(failure.error)) count++;
    const nested = Array.isArray(result.results) ? result.results as Result[] : [result];
    for (const item of nested) if (mentions429(item.waitError) || mentions429(item.error)) count++;
  }
  return count;
}

/**
 * Runs one flow on a fresh emulator limited to 30 requests a minute, under the virtual clock,
 * with the package's own pacing (`overrides` only to show what happens without it). `load`
 * gives the action (built, or the source).
 */
export async function runRateLimited(
  flow: RateLimitedFlow,
  load: (folder: string) => Promise<ActionLike>,
  { seed = 606, overrides = {} }: { seed?: number; overrides?: AppOverrides } = {},
): Promise<RateLimitedResult> {
  const action = await load(flow.folder);
  const time = installVirtualTime();
  const emulator = await startEmulator({
    seed, readyDelayMs: flow.readyDelayMs ?? READY_DELAY_MS, clock: time.now, rateLimit: { requestsPerMinute: RATE_LIMIT.requestsPerMinute },
  });
  try {
    const { props, check } = flow.setup(emulator);
    time.advance(ageMs);
    const started = time.now();
    const results: Result[] = [];
    let error: unknown = null;
    for (let runs = 1; runs <= MAX_RUNS; runs++) {
      try {
        results.push((await run<Result>(action, props, { api_token: emulator.token }, { ...at(emulator.url), ...overrides })).result);
      } catch (thrown) {
        error = thrown;
        break;
      }
      if (!flow.again?.(results[results.length - 1])) break;
      time.advance(BETWEEN_RUNS_MS);
    }
    const virtualMs = time.now() - started;
    const log = emulator.state.requests;
    const problem = error ? `stopped: ${(error as Error).message}` : check(results);
    return {
      flow: flow.name,
      what: flow.what,
      runs: results.length + (error ? 1 : 0),
      requests: log.length,
      received429: log.filter((r) => r.status === 429).length,
      refused: emulator.state.rateLimited,
      userFacing429: userFacing429(results, error),
      busiestMinute: busiestMinute(log.map((r) => r.at)),
      virtualMs,
      floorMs: floorMs(Math.max(log.length, flow.requestsNeeded ?? 0)),
      error: error ? (error as Error).message : null,
      problem,
      intact: problem === null,
      asExpected: problem === null || (flow.stops !== undefined && error !== null && flow.stops.test((error as Error).message)),
      requestsByShape: countByShape(requestShapes(emulator)),
    };
  } finally {
    await emulator.close();
    time.restore();
  }
}

/** Every flow in turn. */
export async function rateLimited(load: (folder: string) => Promise<ActionLike>): Promise<RateLimitedResult[]> {
  const results: RateLimitedResult[] = [];
  for (const flow of RATE_LIMITED_FLOWS) results.push(await runRateLimited(flow, load));
  return results;
}
