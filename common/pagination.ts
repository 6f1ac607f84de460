import { PAGE_LIMIT } from "./constants";
import type { Page } from "./types";

/** Fetches one page: `cursor` is null for the first, `limit` is the page size to ask for. */
export type PageFetcher<T> = (cursor: string | null, limit: number) => Promise<Page<T>>;

/**
 * Yields every item of a cursor-paginated list, following `pagination.nextCursor` while
 * `hasMore` is true, with the largest pages the API serves; stops after `max` items if given.
 */
export async function* paginate<T>(fetchPage: PageFetcher<T>, max?: number): AsyncGenerator<T> {
  let cursor: string | null = null;
  let yielded = 0;
  do {
    const remaining = max === undefined ? PAGE_LIMIT : Math.min(PAGE_LIMIT, max - yielded);
    if (remaining <= 0) return;
    const page: Page<T> = await fetchPage(cursor, remaining);
    for (const item of page.data) {
      if (max !== undefined && yielded >= max) return;
      yield item;
      yielded++;
    }
    cursor = page.pagination?.hasMore ? page.pagination.nextCursor : null;
  } while (cursor);
}

/** Collects `paginate` into an array, passing each item through `map` as it arrives. */
export async function collect<T, R = T>(items: AsyncIterable<T>, map?: (item: T) => R): Promise<R[]> {
  const all: R[] = [];
  for await (const item of items) all.push(map ? map(item) : (item as unknown as R));
  return all;
}
