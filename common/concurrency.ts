/** The outcome of one item of `settleAll`: its value, or the error it failed with. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * Runs `task` over `items` with at most `limit` running at once, and waits for all of them:
 * one failure never hides the others' results. Results keep the order of `items`.
 */
export async function settleAll<I, T>(
  items: readonly I[],
  limit: number,
  task: (item: I) => Promise<T>,
): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = {
          ok: true,
          value: await task(items[index]),
        };
      } catch (error) {
        results[index] = {
          ok: false,
          error: error instanceof Error
            ? error
            : new Error(String(error)),
        };
      }
    }
  }
  await Promise.all(Array.from({
    length: Math.min(limit, items.length),
  }, worker));
  return results;
}
