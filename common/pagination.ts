// The one way the package follows a cursor-paginated list: actions, triggers (on deploy and on
// each poll), dropdowns and the flows' lookups all read pages through `pages()`, so a server that
// loops, stalls or promises more without saying where ends the list with a PaginationError after
// a bounded number of requests, whoever is reading.
import { createHash } from "node:crypto";
import { PAGE_LIMIT } from "./constants";
import { PrismaApiError } from "./errors";
import type { Page } from "./types";

/** Fetches one page: `cursor` is null for the first, `limit` is the page size to ask for. */
export type PageFetcher<T> = (cursor: string | null, limit: number) => Promise<Page<T>>;

/** Consecutive pages that bring nothing new while `hasMore` stays true, before paginating stops. */
export const MAX_FRUITLESS_PAGES = 3;

/**
 * The longest cursor followed, in characters: it goes into the next request's URL, where more
 * than a few thousand characters are refused or cut by servers and proxies on the way.
 */
export const MAX_CURSOR_LENGTH = 4_000;

/** The most pages one list is followed for (100,000 items): beyond it the server is not ending the list. */
export const MAX_PAGES = 1_000;

/**
 * A list whose pagination cannot be followed to its end: a cursor sent again (a loop), more
 * pages promised without a cursor or with one too long to send, pages that bring nothing while promising more, more pages
 * than any real list has, a page without its `data` list, or an item listed again with other
 * content. The items read before it are real,
 * but the list is incomplete.
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

/**
 * How far a list has been followed: what detects a loop. Plain data, so that a dropdown, which
 * reads one page per call, can carry it in its `context` from one "load more" to the next.
 */
export interface PageTrail {
  /** Every cursor followed so far. */
  followed: string[];
  /** Pages read so far. */
  pages: number;
  /** Pages in a row that brought no new item while promising more. */
  fruitless: number;
  /**
   * On a trail carried between calls (a dropdown's): the IDs listed so far, as fingerprints of
   * `FINGERPRINT_LENGTH` characters each, so that a later call lists none of them again.
   */
  seen?: string;
}

/** Characters of one ID's fingerprint on a carried trail: 48 bits (10,000 IDs clash once in millions of lists). */
export const FINGERPRINT_LENGTH = 8;

/** The fingerprint of an ID on a carried trail: the first 48 bits of its SHA-1, base64url. */
function fingerprintOf(id: string | number): string {
  const digest = createHash("sha1").update(`${typeof id}:${id}`)
    .digest("base64url");
  return digest.slice(0, FINGERPRINT_LENGTH);
}

/** The fingerprints of a carried trail, as a set. */
function fingerprintsOf(seen: string | undefined): Set<string> {
  const set = new Set<string>();
  if (!seen) return set;
  for (let i = 0; i < seen.length; i += FINGERPRINT_LENGTH) {
    set.add(seen.slice(i, i + FINGERPRINT_LENGTH));
  }
  return set;
}

/** One page as `pages()` yields it. */
export interface ListPage<T> {
  /** The page's items not already yielded on an earlier page (by `id`); items without one all pass. */
  items: T[];
  /** The cursor that fetched this page (null for the first). */
  cursor: string | null;
  /** The cursor of the next page, checked; null when this is the last page or the list cannot go on. */
  next: string | null;
  /** Why the list cannot go on after this page, if it cannot: thrown when the next page is asked for. */
  problem: PaginationError | null;
  /** How far the list has been followed, this page included. */
  trail: PageTrail;
}

export interface PagesOptions {
  /** The cursor to start from (a place kept from an earlier run); null for the start. */
  from?: string | null;
  /** The trail of earlier calls (a dropdown's earlier pages): a cursor already followed there is a loop. */
  trail?: PageTrail;
  /** The most pages to follow before the list counts as endless; `MAX_PAGES` unless set. */
  maxPages?: number;
  /** The page size to ask for, `PAGE_LIMIT` unless set; read again before each page. */
  limit?: () => number;
  /** The trail will be carried to a later call (a dropdown's context): it keeps the IDs' fingerprints. */
  carried?: boolean;
}

const itemsSoFar = (count: number) => `${count} item${count === 1
  ? ""
  : "s"}`;

const kindOf = (value: unknown): string => value === undefined
  ? "nothing"
  : value === null
    ? "null"
    : typeof value === "object"
      ? "an object"
      : `a ${typeof value}`;

function idOf(item: unknown): string | number | undefined {
  if (!item || typeof item !== "object") return undefined;
  const id = (item as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number"
    ? id
    : undefined;
}

/**
 * The next cursor after `page`, or null at the end; a PaginationError when it cannot be
 * followed: `hasMore` without a cursor, a cursor too long to send, a cursor already on the trail
 * (a repeat, or a cycle A→B→A), too many pages in a row without a new item, or the page cap reached.
 */
function nextCursorOf(
  page: Page<unknown>, trail: PageTrail, fresh: number, yielded: number, maxPages = MAX_PAGES,
): string | null {
  const pagination = (page as { pagination?: Partial<Page<unknown>["pagination"]> | null }).pagination;
  if (pagination?.hasMore !== true) return null;
  const next: unknown = pagination.nextCursor;
  if (typeof next !== "string" || next === "") {
    throw new PaginationError("pagination-cursor-missing",
      `Prisma said the list has more pages after page ${trail.pages} but sent no cursor to fetch them, so only the first ${itemsSoFar(yielded)} could be read. Stopped rather than return a list that silently misses items; run the step again later.`);
  }
  if (next.length > MAX_CURSOR_LENGTH) {
    throw new PaginationError("pagination-cursor-too-long",
      `Prisma sent a cursor of ${next.length} characters for the list after page ${trail.pages}, longer than a request can carry (${MAX_CURSOR_LENGTH}), so only the first ${itemsSoFar(yielded)} could be read. Stopped rather than send it; the list is incomplete. Run the step again later.`);
  }
  if (trail.followed.includes(next)) {
    throw new PaginationError("pagination-cursor-repeated",
      `Prisma sent a cursor for the list that was already followed (after page ${trail.pages}), so following it would loop forever. Stopped after ${itemsSoFar(yielded)}; the list is incomplete. Run the step again later.`);
  }
  if (fresh === 0 && trail.fruitless + 1 > MAX_FRUITLESS_PAGES) {
    throw new PaginationError("pagination-no-progress",
      `Prisma sent ${trail.fruitless + 1} pages of the list in a row with no new items while saying there were more. Stopped after ${itemsSoFar(yielded)} rather than follow it without end; the list may be incomplete. Run the step again later.`);
  }
  if (trail.pages >= maxPages) {
    throw new PaginationError("pagination-page-cap",
      `Prisma kept saying the list has more pages after ${trail.pages} pages (${itemsSoFar(yielded)}), more than are read in one go. Stopped; the list is incomplete. Narrow it with a filter, e.g. one project.`);
  }
  return next;
}

/**
 * The pages of a cursor-paginated list, from `from` (the start unless given), following
 * `pagination.nextCursor` while `hasMore` is true. Each page comes with its new items (each ID
 * once), the cursor that fetched it and the next one, checked by `nextCursorOf`: a list that
 * cannot be followed yields its last readable page (with the `problem`), then throws the
 * PaginationError instead of the next page, as does a page whose `data` is not a list. A consumer that stops reading sends no more
 * requests. An item listed again is dropped, or, when its content differs, ends the list with a
 * PaginationError before its page. Extra memory: the cursors seen, and each ID's first copy.
 */
export async function* pages<T>(
  fetchPage: PageFetcher<T>,
  {
    from = null, trail: earlier, maxPages = MAX_PAGES, limit = () => PAGE_LIMIT, carried = false,
  }: PagesOptions = {},
): AsyncGenerator<ListPage<T>> {
  let trail: PageTrail = earlier ?? {
    followed: [],
    pages: 0,
    fruitless: 0,
  };
  // Each ID's first copy, to compare a repeat with: the consumer holds these items anyway.
  const firstCopies = new Map<unknown, unknown>();
  // IDs listed by earlier calls are known only by their fingerprints.
  const earlierSeen = fingerprintsOf(earlier?.seen);
  let seen = carried
    ? earlier?.seen ?? ""
    : undefined;
  let cursor = from;
  let yielded = 0;
  for (;;) {
    const page: Page<T> | null | undefined = await fetchPage(cursor, limit());
    const data = (page as { data?: unknown } | null | undefined)?.data;
    if (!Array.isArray(data)) {
      throw new PaginationError("pagination-page-without-data",
        `Page ${trail.pages + 1} of the list came without its \`data\` list of items (got ${kindOf(data)}), so the list cannot be read. Run the step again; if it persists, the API is answering in an unexpected shape.`);
    }
    const items = (data as T[]).filter((item) => {
      const id = idOf(item);
      if (id === undefined) return true;
      if (firstCopies.has(id)) {
        // Which copy is right cannot be told, and a guard must not decide on either.
        if (JSON.stringify(firstCopies.get(id)) !== JSON.stringify(item)) {
          throw new PaginationError("pagination-item-changed",
            `Prisma listed ${JSON.stringify(String(id).slice(0, 60))} again on page ${trail.pages + 1} of the list, different from the first time, so the list changed while it was read. Stopped after ${itemsSoFar(yielded)} rather than decide on either copy; run the step again.`);
        }
        return false;
      }
      firstCopies.set(id, item);
      if (seen === undefined && earlierSeen.size === 0) return true;
      const fingerprint = fingerprintOf(id);
      if (earlierSeen.has(fingerprint)) return false;
      if (seen !== undefined) seen += fingerprint;
      return true;
    });
    yielded += items.length;
    trail = {
      followed: trail.followed,
      pages: trail.pages + 1,
      fruitless: trail.fruitless,
      ...seen === undefined
        ? {}
        : {
          seen,
        },
    };
    let next: string | null = null;
    let problem: PaginationError | null = null;
    try {
      next = nextCursorOf(page as Page<T>, trail, items.length, yielded, maxPages);
    } catch (error) {
      problem = error as PaginationError;
    }
    trail = {
      followed: next === null
        ? trail.followed
        : [
          ...trail.followed,
          next,
        ],
      pages: trail.pages,
      fruitless: items.length === 0
        ? trail.fruitless + 1
        : 0,
      ...seen === undefined
        ? {}
        : {
          seen,
        },
    };
    yield {
      items,
      cursor,
      next,
      problem,
      trail,
    };
    if (problem) throw problem;
    if (next === null) return;
    cursor = next;
  }
}

/**
 * Every item of a list, through `pages()`, with the largest pages the API serves; stops after
 * `max` items if given, asking only for what is still missing.
 */
export async function* paginate<T>(fetchPage: PageFetcher<T>, max?: number): AsyncGenerator<T> {
  let yielded = 0;
  const remaining = () => max === undefined
    ? PAGE_LIMIT
    : Math.min(PAGE_LIMIT, max - yielded);
  if (remaining() <= 0) return;
  for await (const page of pages(fetchPage, {
    limit: remaining,
  })) {
    for (const item of page.items) {
      yield item;
      if (++yielded === max) return;
    }
  }
}

/** Collects an async iterable into an array, passing each item through `map` as it arrives. */
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
