// New items of a list the API keeps in creation order, oldest first, with cursor pagination
// and no "created since" filter: projects, databases and connections.
//
// New items join the end of such a list, so a source that read it from the start would pay for
// every page on every run. Instead it keeps its place: the cursor that fetched the last page it
// read, and the IDs on that page. Each run reads again from that cursor, which costs one request
// while nothing is new, and treats what follows the last known ID as new. Should the place be
// lost (the API refuses the stored cursor, or none of the known IDs is there any more because
// they were deleted), the run reads the list from the start once and goes by creation time.
//
// The state stays one page of IDs at most, however long the list grows. It is written after
// each page's events are emitted, so a run that fails part way resumes after what it emitted.
import { PAGE_LIMIT } from "../../common/constants";
import type { Page } from "../../common/types";
import {
  HISTORY_SIZE, emitMethods, sourceMethods, type Emission, type SourceContext,
} from "./base";
import {
  advance, isPast, type Created,
} from "./watermark";

const PLACE_KEY = "listPlace";

/** Where a source stands in its list. */
export interface ListPlace {
  /** What the place belongs to (the list and its filters): a place of another scope is not used. */
  scope: string;
  /** The cursor that fetched the last non-empty page read; null for the first page. */
  cursor: string | null;
  /** The IDs on that page, in list order: at most one page. */
  pageIds: string[];
  /**
   * The newest `createdAt` seen: when the place is lost, what is newer (or as new and not on the
   * stored page) is new. Only then could more than a page of items created in one millisecond repeat.
   */
  newestCreatedAt: string | null;
}

/** What each source using this base defines. */
export interface CreationOrderSource<T extends Created> {
  /** The list and its filters, from the props (checked): a change of scope starts afresh. */
  listScope(): string;
  /** One page of the list. */
  listPage(cursor: string | null, limit: number): Promise<Page<T>>;
  /** The event and meta for a new item. */
  emissionOf(item: T): Emission;
}

type Context = SourceContext & CreationOrderSource<Created> & typeof emitMethods;

function isListPlace(value: unknown): value is ListPlace {
  const place = value as ListPlace;
  return !!place && typeof place === "object" && typeof place.scope === "string" &&
    (place.cursor === null || typeof place.cursor === "string") &&
    Array.isArray(place.pageIds) && place.pageIds.every((id) => typeof id === "string") &&
    (place.newestCreatedAt === null || typeof place.newestCreatedAt === "string");
}

/** The place after reading `items`, the page that `cursor` fetched. */
function placeAfter(place: ListPlace, cursor: string | null, items: readonly Created[]): ListPlace {
  const newest = advance({
    createdAt: place.newestCreatedAt,
    ids: [],
  }, items).createdAt;
  return {
    scope: place.scope,
    cursor,
    pageIds: items.map((item) => item.id),
    newestCreatedAt: newest,
  };
}

/** When the place is lost: newer than the newest seen, or as new but not on the stored page. */
function isNewerThan(place: ListPlace, item: Created): boolean {
  return isPast({
    createdAt: place.newestCreatedAt,
    ids: place.pageIds,
  }, item);
}

/** The index of the last item whose ID is in `ids`, or -1. */
function lastIndexAmong(items: readonly Created[], ids: readonly string[]): number {
  for (let index = items.length - 1; index >= 0; index--) {
    if (ids.includes(items[index].id)) return index;
  }
  return -1;
}

/** The status of a failed request, if it has one. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number"
    ? status
    : undefined;
}

export const creationOrderMethods = sourceMethods<Context>()({
  ...emitMethods,
  _getListPlace(): ListPlace | undefined {
    const value = this.db.get(PLACE_KEY);
    return isListPlace(value)
      ? value
      : undefined;
  },
  _setListPlace(place: ListPlace): void {
    this.db.set(PLACE_KEY, place);
  },

  /** One page from `cursor`; refuses a cursor the API hands back unchanged, which would loop for ever. */
  async _readPage(cursor: string | null): Promise<Page<Created>> {
    const page = await this.listPage(cursor, PAGE_LIMIT);
    if (page.pagination.hasMore && page.pagination.nextCursor === cursor) {
      throw new Error("The Prisma API returned the same page cursor twice; stopped reading the list to avoid a loop.");
    }
    return page;
  },

  /**
   * On deploy: remember the end of the list and emit its last few items. The list is oldest
   * first, so the most recent items are on its last page: finding them takes every page, once.
   * A redeploy that finds a place of the same scope emits only what is new since.
   */
  async deployCreationOrder(): Promise<void> {
    const scope = this.listScope();
    const known = this._getListPlace();
    if (known?.scope === scope) return this._pollFrom(known);
    return this._startAtEnd(scope, HISTORY_SIZE);
  },

  /** On each timer tick: emit what joined the list since the last run, oldest first. */
  async pollCreationOrder(): Promise<void> {
    const scope = this.listScope();
    const known = this._getListPlace();
    // No place of this scope (the props changed without a deploy): start at the end, quietly.
    if (known?.scope !== scope) return this._startAtEnd(scope, 0);
    return this._pollFrom(known);
  },

  /** Reads the list to its end, emits its last `history` items and remembers the place. */
  async _startAtEnd(scope: string, history: number): Promise<void> {
    let place: ListPlace = {
      scope,
      cursor: null,
      pageIds: [],
      newestCreatedAt: null,
    };
    let recent: Created[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page = await this._readPage(cursor);
      recent = history > 0
        ? [
          ...recent,
          ...page.data,
        ].slice(-history)
        : [];
      if (page.data.length > 0) place = placeAfter(place, cursor, page.data);
      if (!page.pagination.hasMore || !page.pagination.nextCursor) break;
      cursor = page.pagination.nextCursor;
    }
    this._emitAll(recent.map((item) => this.emissionOf(item)));
    this._setListPlace(place);
  },

  async _pollFrom(known: ListPlace): Promise<void> {
    // "resume": the first page, read from the stored cursor; "append": every item is new, being
    // past the last known one; "byTime": the place was lost, so what is newer than seen is new.
    let mode: "resume" | "append" | "byTime" = "resume";
    let cursor = known.cursor;
    let place = known;
    for (;;) {
      let page: Page<Created>;
      try {
        page = await this._readPage(cursor);
      } catch (error) {
        // A stored cursor the API no longer accepts (e.g. expired): read from the start instead.
        if (mode !== "resume" || cursor === null || statusOf(error) !== 400) throw error;
        mode = "byTime";
        cursor = null;
        continue;
      }
      let fresh: Created[];
      if (mode === "resume") {
        const last = lastIndexAmong(page.data, known.pageIds);
        if (last < 0 && cursor !== null) {
          mode = "byTime";
          cursor = null;
          continue;
        }
        if (last < 0) {
          mode = "byTime";
          fresh = page.data.filter((item) => isNewerThan(known, item));
        } else {
          mode = "append";
          fresh = page.data.slice(last + 1);
        }
      } else if (mode === "append") {
        fresh = page.data;
      } else {
        fresh = page.data.filter((item) => isNewerThan(known, item));
      }
      this._emitAll(fresh.map((item) => this.emissionOf(item)));
      if (page.data.length > 0) {
        place = placeAfter(place, cursor, page.data);
        this._setListPlace(place);
      }
      if (!page.pagination.hasMore || !page.pagination.nextCursor) return;
      cursor = page.pagination.nextCursor;
    }
  },

  listScope(): string {
    throw new Error("listScope is not implemented");
  },
  async listPage(_cursor: string | null, _limit: number): Promise<Page<Created>> {
    throw new Error("listPage is not implemented");
  },
  emissionOf(_item: Created): Emission {
    throw new Error("emissionOf is not implemented");
  },
});
