import { PAGE_LIMIT } from "./constants";
import { PrismaApiError } from "./errors";
import type { Page } from "./types";

/**
 * Fetches one page: `cursor` is null for the first, `limit` is the page size to ask for.
 * `endpoint` (e.g. `GET /v1/projects`), when set, names the list in errors.
 */
export type PageFetcher<T> =
  ((cursor: string | null, limit: number) => Promise<Page<T>>) & { endpoint?: string };

/** Consecutive pages that bring nothing new while `hasMore` stays true, before paginating stops. */
export const MAX_FRUITLESS_PAGES = 3;

/**
 * A list whose pagination cannot be followed to its end: a cursor sent again (a loop), more
 * pages promised without a cursor, pages that bring nothing while promising more, or a page
 * without its `data` list. The items yielded before it are real, but the list is incomplete.
 */
export class PaginationError extends PrismaApiError {
  constructor(code: string, message: string) {
    super({
      status: null,
      code,
      apiMessage: null,
      hint: null,
      message,
    });
    this.name = "PaginationError";
  }
}

const itemsSoFar = (count: number) => `${count} item${count === 1
  ? ""
  : "s"}`;

/**
 * Yields every item of a cursor-paginated list, following `pagination.nextCursor` while
 * `hasMore` is true, with the largest pages the API serves; stops after `max` items if given.
 * Items are yielded once per `id` (items without one all pass). Guards against a server that
 * would otherwise be followed until the step dies: a cursor already followed (a repeat, or a
 * cycle A→B→A), `hasMore` without a cursor (stopping quietly would return a list silently
 * missing items), more than MAX_FRUITLESS_PAGES pages in a row without a new item, and a page
 * whose `data` is not a list all throw a PaginationError. Extra memory: the IDs and cursors seen.
 */
export async function* paginate<T>(fetchPage: PageFetcher<T>, max?: number): AsyncGenerator<T> {
  const list = fetchPage.endpoint ?? "the list";
  const cursorsFollowed = new Set<string>();
  const idsSeen = new Set<unknown>();
  let cursor: string | null = null;
  let pages = 0;
  let fruitless = 0;
  let yielded = 0;
  for (;;) {
    const remaining = max === undefined
      ? PAGE_LIMIT
      : Math.min(PAGE_LIMIT, max - yielded);
    if (remaining <= 0) return;
    const page: Page<T> | null | undefined = await fetchPage(cursor, remaining);
    pages++;
    const data = (page as { data?: unknown } | null | undefined)?.data;
    if (!Array.isArray(data)) {
      throw new PaginationError("pagination-page-without-data",
        `Page ${pages} of ${list} came without its \`data\` list of items (got ${describe(data)}), so the list cannot be read. Run the step again; if it persists, the API is answering in an unexpected shape.`);
    }
    let fresh = 0;
    for (const item of data as T[]) {
      if (max !== undefined && yielded >= max) return;
      const id = idOf(item);
      if (id !== undefined) {
        if (idsSeen.has(id)) continue;
        idsSeen.add(id);
      }
      fresh++;
      yield item;
      yielded++;
    }
    if (max !== undefined && yielded >= max) return;
    const pagination = (page as Page<T>).pagination;
    if (pagination?.hasMore !== true) return;
    const next: unknown = pagination.nextCursor;
    if (typeof next !== "string" || next === "") {
      throw new PaginationError("pagination-cursor-missing",
        `Prisma said ${list} has more pages after page ${pages} but sent no cursor to fetch them, so only the first ${itemsSoFar(yielded)} could be read. Stopped rather than return a list that silently misses items; run the step again later.`);
    }
    if (cursorsFollowed.has(next)) {
      throw new PaginationError("pagination-cursor-repeated",
        `Prisma sent a cursor for ${list} that was already followed (after page ${pages}), so following it would loop forever. Stopped after ${itemsSoFar(yielded)}; the list is incomplete. Run the step again later.`);
    }
    fruitless = fresh === 0
      ? fruitless + 1
      : 0;
    if (fruitless > MAX_FRUITLESS_PAGES) {
      throw new PaginationError("pagination-no-progress",
        `Prisma sent ${fruitless} pages of ${list} in a row with no new items while saying there were more. Stopped after ${itemsSoFar(yielded)} rather than follow it without end; the list may be incomplete. Run the step again later.`);
    }
    cursorsFollowed.add(next);
    cursor = next;
  }
}

function idOf(item: unknown): unknown {
  if (!item || typeof item !== "object") return undefined;
  const id = (item as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number"
    ? id
    : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  return typeof value === "object"
    ? "an object"
    : `a ${typeof value}`;
}

/** Collects `paginate` into an array, passing each item through `map` as it arrives. */
export async function collect<T, R = T>(
  items: AsyncIterable<T>,
  map?: (item: T) => R,
): Promise<R[]> {
  const all: R[] = [];
  for await (const item of items) all.push(map
    ? map(item)
    : (item as unknown as R));
  return all;
}
