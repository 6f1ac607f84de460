// Runs the waiting actions as a deployed workflow runs them: a `$` with `$.context.run` and
// `$.flow.rerun`, so a long wait suspends the step and a later run resumes it. And answers the
// polls of a wait one by one, recording when each came (on the fake clock).
import { database } from "./fixtures";
import { TOKEN, api, errorBody } from "./harness";
import { appOf, bindApp, resolvePropOf, type ActionLike, type Run } from "./pipedream";
import type { DatabaseStatus } from "../common/types";

/** One call of `$.flow.rerun`, its context as Pipedream would store it (plain JSON). */
export interface Rerun {
  delayMs: number;
  context: unknown;
  maxReruns?: number;
}

export interface WorkflowRun<R = unknown> extends Run<R> {
  reruns: Rerun[];
}

export interface WorkflowOptions {
  /** The run's number: 1 on the first, more on a rerun. */
  runs?: number;
  /** What the previous run passed to `$.flow.rerun`. */
  context?: unknown;
  /** A test run in the builder, where a rerun would cancel the workflow. */
  test?: boolean;
  /** The connected account (the test token unless given, e.g. an emulator's). */
  auth?: Record<string, unknown>;
}

/** Runs `action` with `props` in a deployed workflow; `$.flow.rerun` calls are recorded, not scheduled. */
export async function runInWorkflow<R = unknown>(
  action: ActionLike,
  props: Record<string, unknown>,
  { runs = 1, context, test = false, auth = { api_token: TOKEN } }: WorkflowOptions = {},
): Promise<WorkflowRun<R>> {
  const app = appOf(action);
  const exports: Record<string, unknown> = {};
  const reruns: Rerun[] = [];
  const $ = {
    export: (key: string, value: unknown) => { exports[key] = value; },
    context: { test, run: { runs, context } },
    flow: {
      rerun: (delayMs: number, rerunContext: unknown, maxReruns?: number) => {
        reruns.push({ delayMs, context: JSON.parse(JSON.stringify(rerunContext)), maxReruns });
      },
    },
  };
  const self: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(action.props ?? {})) {
    if (name === "app") continue;
    const prop = resolvePropOf(app, definition);
    if (prop && "default" in prop) self[name] = prop.default;
  }
  Object.assign(self, props, { app: bindApp(app, auth) });
  const result = (await (action.run as (options: { $: unknown }) => Promise<R>).call(self, { $ })) as R;
  return { result, exports, summary: exports.$summary, reruns };
}

/** Runs `action` again as the rerun `previous` asked for: run number `runs`, with the context it passed. */
export function resumeInWorkflow<R = unknown>(
  action: ActionLike,
  props: Record<string, unknown>,
  previous: WorkflowRun,
  runs = 2,
  auth?: Record<string, unknown>,
) {
  if (previous.reruns.length !== 1) throw new Error(`expected the previous run to ask for one rerun, got ${previous.reruns.length}`);
  return runInWorkflow<R>(action, props, { runs, context: previous.reruns[0].context, auth });
}

/** A poll's answer: a status (200 with the database in it) or a whole reply `[status, body]` or `[status, body, headers]`. */
export type PollReply = DatabaseStatus | [number, unknown] | [number, unknown, Record<string, string>];

/**
 * Declares `GET /v1/databases/{databaseId}` once per reply, answered in turn, and returns the
 * times (ms after `start`, on the fake clock) at which the polls came.
 */
export function answerPolls(databaseId: string, replies: PollReply[], start: number): number[] {
  const at: number[] = [];
  for (const reply of replies) {
    api().get(`/v1/databases/${databaseId}`).reply(() => {
      at.push(Date.now() - start);
      return typeof reply === "string"
        ? [200, { data: database(databaseId, { status: reply, isDefault: false }) }]
        : reply;
    });
  }
  return at;
}

/**
 * A passing failure of a poll: 503 or 429 asking for a pause longer than the wait has left, so
 * the poll fails at once, without a retry. The wait goes on: the next poll decides.
 */
export function passingFailure(status: 429 | 503): PollReply {
  return status === 429
    ? [429, errorBody("too-many-requests", "Rate limit exceeded"), { "retry-after": "3600" }]
    : [503, errorBody("service-unavailable", "Service temporarily unavailable"), { "retry-after": "3600" }];
}

/** What `passingFailure(status)` reads as in a `waitError`'s last-check note. */
export function passingFailureReason(status: 429 | 503): string {
  return status === 429
    ? "Prisma API error 429 (too-many-requests): Rate limit exceeded"
    : "Prisma API error 503 (service-unavailable): Service temporarily unavailable";
}
