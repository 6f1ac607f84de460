// How long a step may still take. Pipedream ends a workflow step after 30 s by default (the
// user can raise it to 750 s) and a Connect tool call runs in one go, so every wait (a retry's
// pause, a rate-limit slot, a poll) is measured against one deadline per run of an action.
import { STEP } from "./constants";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Deadline {
  constructor(public at: number) {}

  static after(ms: number): Deadline {
    return new Deadline(Date.now() + ms);
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  /** True when waiting `ms` from now still ends before the deadline. */
  allows(ms: number, now = Date.now()): boolean {
    return now + ms <= this.at;
  }

  /** The earlier of this deadline and `other`. */
  min(other: Deadline | undefined): Deadline {
    return other && other.at < this.at
      ? other
      : this;
  }
}

// One deadline per run, keyed by the `$` Pipedream passes to that run (a new object each run).
const stepDeadlines = new WeakMap<object, Deadline>();

/**
 * The deadline of the run `$` belongs to: STEP.budgetMs after its first request, unless an
 * action that knows it needs longer (one that waits up to Max Wait Seconds) extended it.
 * A call without `$` (a dropdown) gets a budget of its own.
 */
export function stepDeadline($: object | undefined): Deadline {
  if (!$) return Deadline.after(STEP.budgetMs);
  let deadline = stepDeadlines.get($);
  if (!deadline) stepDeadlines.set($, deadline = Deadline.after(STEP.budgetMs));
  return deadline;
}

/** Lets the run of `$` go on until at least `ms` from now. */
export function extendStepDeadline($: object | undefined, ms: number): void {
  if (!$) return;
  const deadline = stepDeadline($);
  deadline.at = Math.max(deadline.at, Date.now() + ms);
}
