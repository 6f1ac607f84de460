// Runs actions against a hostile server the way Pipedream does, under the fake clock, and
// checks what they leave behind: the outcome, the fake time it took, and that no secret reached
// the result, the exports (summary and the HTTP client's debug exports), or the error in any form.
import { inspect } from "node:util";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { STEP } from "../../common/constants";
import { settle, useFakeClock } from "../fake-clock";
import { TOKEN } from "../harness";
import { appOf, bindApp, resolvePropOf, type ActionLike } from "../pipedream";

export { TOKEN, settle };

/** Where the fake clock starts: a whole second, so HTTP dates (second precision) are exact. */
export const START = new Date("2026-11-01T10:00:00.000Z");

/** The most a run may take when nothing extends it. */
export const RUN_BUDGET_MS = STEP.budgetMs;

/**
 * The fake clock for every test of the file, with backoff jitter pinned to its low end
 * (`Math.random` = 0: each retry waits half its ceiling), so elapsed times are exact.
 */
export function useHostileClock(): void {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(START);
    vi.spyOn(Math, "random").mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
}

export interface Outcome<R = Record<string, unknown>> {
  result: R | undefined;
  error: (Error & Record<string, unknown>) | undefined;
  exports: Record<string, unknown>;
  summary: unknown;
  /** Fake time the run took. */
  elapsedMs: number;
  /** In a workflow run: each `$.flow.rerun` call, its context as Pipedream stores it (plain JSON). */
  reruns: { delayMs: number; context: unknown }[];
}

/** A run of a deployed workflow: its number (1 first, more on a rerun) and what the run before passed to `$.flow.rerun`. */
export interface WorkflowRun {
  runs: number;
  context?: unknown;
}

/**
 * Runs `action` with `props` as Pipedream does (defaults on `this`, `this.app` bound to an
 * account with `token`), with a `$` that has a `context` (so the HTTP client exports its
 * `debug` summaries of failed requests too) and, as run `workflow` of a deployed workflow,
 * `$.flow.rerun` (recorded, not scheduled), settling every timer on the fake clock. Checks
 * that the run ended within `budgetMs` (the run's deadline unless a wait extends it) and that
 * `token` shows nowhere.
 */
export async function runAction<R = Record<string, unknown>>(
  action: ActionLike,
  props: Record<string, unknown>,
  { token = TOKEN, budgetMs = RUN_BUDGET_MS, workflow }: { token?: string; budgetMs?: number; workflow?: WorkflowRun } = {},
): Promise<Outcome<R>> {
  const app = appOf(action);
  const exports: Record<string, unknown> = {};
  const reruns: Outcome["reruns"] = [];
  const $ = {
    context: { id: "hostile-run", ...workflow && { run: { runs: workflow.runs, context: workflow.context } } },
    export: (key: string, value: unknown) => { exports[key] = value; },
    ...workflow && {
      flow: { rerun: (delayMs: number, context: unknown) => { reruns.push({ delayMs, context: JSON.parse(JSON.stringify(context)) }); } },
    },
  };
  const self: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(action.props ?? {})) {
    if (name === "app") continue;
    const prop = resolvePropOf(app, definition);
    if (prop && "default" in prop) self[name] = prop.default;
  }
  Object.assign(self, props, { app: bindApp(app, { api_token: token }) });
  const started = Date.now();
  let result: R | undefined;
  let error: (Error & Record<string, unknown>) | undefined;
  try {
    result = await settle((action.run as (options: { $: typeof $ }) => Promise<R>).call(self, { $ }));
  } catch (caught) {
    error = caught as Error & Record<string, unknown>;
  }
  const outcome = { result, error, exports, summary: exports.$summary, elapsedMs: Date.now() - started, reruns };
  // What holds for every run, whatever the server did: it ended within the run's deadline, and
  // the account's token shows nowhere.
  expect(outcome.elapsedMs, "fake time the run took").toBeLessThanOrEqual(budgetMs);
  expectNoLeak(outcome, [token]);
  return outcome;
}

/** The error of a run that must fail; fails the test (with what it returned) otherwise. */
export function failureOf(outcome: Outcome<unknown>): Error & Record<string, unknown> {
  if (!outcome.error) throw new Error(`expected the run to fail, but it returned ${JSON.stringify(outcome.result)}`);
  return outcome.error;
}

/** The result of a run that must succeed; fails the test (with its error) otherwise. */
export function resultOf<R>(outcome: Outcome<R>): R {
  if (outcome.error) throw new Error(`expected the run to succeed, but it failed: ${outcome.error.message}`);
  return outcome.result as R;
}

/**
 * Everything of a run a person or a log could see, as text: the result (without the minting
 * action's named fields), the exports, and the error's message, JSON, stack and every own
 * property, hidden ones included.
 */
export function visibleText(outcome: Outcome<unknown>, mintedFields: readonly string[] = []): string {
  let result: unknown = outcome.result;
  if (result && typeof result === "object" && mintedFields.length) {
    result = Object.fromEntries(Object.entries(result).filter(([key]) => !mintedFields.includes(key)));
  }
  const parts = [JSON.stringify(result) ?? "", JSON.stringify(outcome.exports)];
  const error = outcome.error;
  if (error) {
    parts.push(String(error.message), JSON.stringify(error) ?? "", String(error.stack ?? ""), String(error),
      inspect(error, { showHidden: true, depth: 8 }));
  }
  return parts.join("\n");
}

/** Asserts that no secret (nor its URL-encoded form) shows anywhere in the run outside `mintedFields`. */
export function expectNoLeak(outcome: Outcome<unknown>, secrets: readonly string[], mintedFields: readonly string[] = []): void {
  const text = visibleText(outcome, mintedFields);
  for (const secret of secrets) {
    expect(text, `secret ${JSON.stringify(secret)} leaked`).not.toContain(secret);
    expect(text, `secret ${JSON.stringify(secret)} leaked URL-encoded`).not.toContain(encodeURIComponent(secret));
  }
}

/** A failure is the package's own error, never a TypeError or another crash of the code. */
export function expectNoCrash(error: Error | undefined): void {
  expect(error).toBeDefined();
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error).not.toBeInstanceOf(RangeError);
  expect(error).not.toBeInstanceOf(SyntaxError);
  expect(String(error?.message)).not.toMatch(/cannot read propert|undefined is not|is not a function|is not iterable|Unexpected token/i);
}
