// Deleting many resources in one step, as the clean-up actions do: a few at a time, each
// outcome kept apart, so one failure never hides the others' results.
import { settleAll } from "../common/concurrency";
import { PrismaApiError } from "../common/errors";
import { RateBudgetError } from "../common/rate-pacing";

/** Deletions sent at once. */
const CONCURRENCY = 3;

export interface BulkDeletion<D> {
  deleted: D[];
  failed: (D & { error: string })[];
  /** Not done: Prisma's rate limit left no time for them in this run. A re-run continues with them. */
  notAttempted: D[];
}

/** Never sent (the run's pacing held it back), or refused by Prisma's rate limit before it was processed. */
function wasNotProcessed(error: Error): boolean {
  return error instanceof RateBudgetError ||
    (error instanceof PrismaApiError && error.status === 429);
}

/** Deletes each of `items` (described for the result by `described`) with `remove`. */
export async function deleteEach<I, D extends object>(
  items: readonly I[],
  described: readonly D[],
  remove: (item: I) => Promise<unknown>,
): Promise<BulkDeletion<D>> {
  const settled = await settleAll(items, CONCURRENCY, remove);
  const result: BulkDeletion<D> = {
    deleted: [],
    failed: [],
    notAttempted: [],
  };
  settled.forEach((outcome, i) => {
    if (outcome.ok) result.deleted.push(described[i]);
    else if (wasNotProcessed(outcome.error)) result.notAttempted.push(described[i]);
    else result.failed.push({
      ...described[i],
      error: outcome.error.message,
    });
  });
  return result;
}

/**
 * A deletion that follows the bulk ones (a branch once its databases are gone): true once done,
 * false when Prisma's rate limit left it for the next run, as `deleteEach` leaves its items, so
 * what the bulk did is still reported. Any other failure throws.
 */
export async function deleteUnlessThrottled(remove: () => Promise<unknown>): Promise<boolean> {
  try {
    await remove();
    return true;
  } catch (error) {
    if (error instanceof Error && wasNotProcessed(error)) return false;
    throw error;
  }
}

/** `6 left for the next run (…)`, or nothing when every deletion was sent. */
export function leftForNextRun(notAttempted: readonly unknown[]): string[] {
  return notAttempted.length
    ? [
      `${notAttempted.length} left for the next run (Prisma allows about 30 requests a minute; run the step again to continue)`,
    ]
    : [];
}
