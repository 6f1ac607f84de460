// New items of a list the API keeps in creation order, oldest first, with cursor pagination
// and no "created since" filter: projects, databases and connections.
//
// New items join the end of such a list, so a trigger that read it from the start would pay for
// every page on every run. Instead it keeps its place: the cursor that fetched the last page it
// read, and the IDs on that page. Each run reads again from that cursor, which costs one request
// while nothing is new, and treats what follows the last known ID as new ("append").
//
// To find its place it must read the list from the start ("scan"): on deploy, and when the place
// is lost (the API refuses the stored cursor, none of the known IDs is there any more, or the
// stored state does not validate). A scan goes by creation time: what is newer than the newest
// item seen before (on deploy: than the deploy) is new. A run reads at most PAGES_PER_RUN pages;
// a longer scan goes on from its place on the next runs, so deploying on a workspace of
// thousands of databases stays inside the rate limit, and emits the deploy's history at its end.
//
// The state stays about two pages of IDs, however long the list grows. It is written after each
// page's events are emitted, so a run that fails part way resumes after what it emitted.
import {
  pages, type PageFetcher,
} from "../../common/pagination";
import {
  HISTORY_SIZE, PAGES_PER_RUN, idSetOf, isStoredTime, sourceMethods, timeOf, triggerMethods,
  validState,
  type CheckRun, type Emission, type TriggerContext,
} from "./base";
import {
  isCreated, type Created,
} from "./watermark";

const PLACE_KEY = "listPlace";

/** Where a trigger stands in its list. */
export interface ListPlace {
  /** What the place belongs to (the list and its filters): a place of another scope is not used. */
  scope: string;
  /** "append": past the last known ID is new; "scan": reading from the start, newer than `since` is new. */
  mode: "append" | "scan";
  /** The cursor that fetched the last non-empty page read; null for the first page. */
  cursor: string | null;
  /** The IDs on that page, in list order: at most one page. */
  pageIds: string[];
  /** The newest creation time seen (epoch ms); null when nothing has been seen. */
  newestAt: number | null;
  /** Scan: what was created after this (epoch ms) is new; null: everything is. */
  since: number | null;
  /** Scan: the IDs created exactly at `since` that are not new. */
  sinceIds: string[];
  /** Scan: how many of the last items to emit when the scan reaches the end (the deploy's history). */
  history: number;
}

/** What each trigger using this reader defines. */
export interface CreationOrderTrigger<T extends Created> {
  /** The list and its filters, from the props (checked): a change of scope starts afresh. */
  listScope(): string;
  /** The list's pages. */
  listPages(run: CheckRun): PageFetcher<T>;
  /** The event and meta for a new item. */
  emissionOf(item: T): Emission;
  /**
   * True when the answer shows the item within the props' filters: a row of another project,
   * branch or database, from a filter the API ignored, is passed over, not emitted.
   */
  isInScope(item: T): boolean;
}

type Context = TriggerContext & CreationOrderTrigger<Created> & typeof triggerMethods;

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((id) => typeof id === "string");
// A stored time is a number: a damaged one (negative, seconds) would make every item new.
const isTime = (value: unknown) => value === null || (typeof value === "number" && isStoredTime(value));

function isListPlace(value: unknown): value is ListPlace {
  const place = value as ListPlace;
  return !!place && typeof place === "object" && typeof place.scope === "string" &&
    (place.mode === "append" || place.mode === "scan") &&
    (place.cursor === null || typeof place.cursor === "string") &&
    isStrings(place.pageIds) && isStrings(place.sinceIds) &&
    isTime(place.newestAt) && isTime(place.since) &&
    Number.isInteger(place.history) && place.history >= 0;
}

/** A scan from the start: what was created after `since` (and is not in `sinceIds`) is new. */
function scanFrom(
  scope: string, since: number | null, sinceIds: string[], history: number, newestAt: number | null,
): ListPlace {
  return {
    scope,
    mode: "scan",
    cursor: null,
    pageIds: [],
    newestAt,
    since,
    sinceIds,
    history,
  };
}

/** True when a scan counts `item` as new. */
function isNewInScan(place: ListPlace, item: Created): boolean {
  if (place.since === null) return true;
  const time = timeOf(item.createdAt);
  return time > place.since || (time === place.since && !idSetOf(place.sinceIds).has(item.id));
}

/** The index of the last item whose ID is in `ids`, or -1. */
function lastIndexAmong(items: readonly Created[], ids: readonly string[]): number {
  const known = idSetOf(ids);
  for (let index = items.length - 1; index >= 0; index--) {
    if (known.has(items[index].id)) return index;
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
  ...triggerMethods,
  _getListPlace(): ListPlace | null {
    return validState(this.db.get(PLACE_KEY), isListPlace);
  },
  _setListPlace(place: ListPlace): void {
    this.db.set(PLACE_KEY, place);
  },

  /**
   * One run. On deploy without a place of this scope: a scan that emits the last HISTORY_SIZE
   * items at its end. A redeploy that finds a place of the same scope goes on from it. A run
   * without a usable place (the props changed without a deploy, or the state does not
   * validate): a scan that emits only what is created from now on.
   */
  async check(run: CheckRun): Promise<void> {
    const scope = this.listScope();
    const known = this._getListPlace();
    let place = known?.scope === scope
      ? known
      : scanFrom(scope, Date.now(), [], run.deploying
        ? HISTORY_SIZE
        : 0, null);
    const fetchPage = this.listPages(run);
    let budget = PAGES_PER_RUN;
    for (;;) {
      const progress = {
        pages: 0,
      };
      try {
        const lost = await this._readFrom(place, fetchPage, budget, progress);
        if (!lost) return;
      } catch (error) {
        // A stored cursor the API no longer accepts (e.g. expired): scan from the start instead.
        const refused = progress.pages === 0 && place.mode === "append" && place.cursor !== null &&
          statusOf(error) === 400;
        if (!refused) throw error;
      }
      budget = Math.max(1, budget - Math.max(1, progress.pages));
      place = scanFrom(scope, place.newestAt, place.pageIds, 0, place.newestAt);
    }
  },

  /**
   * Reads from `place` for at most `budget` pages, emitting and saving page by page; true when
   * the place is lost (none of its IDs is on the page it was read from).
   */
  async _readFrom(
    start: ListPlace, fetchPage: PageFetcher<Created>, budget: number, progress: { pages: number },
  ): Promise<boolean> {
    let place = start;
    let read = 0;
    // The scan's history: the last items read that are not new.
    let recent: Created[] = [];
    for await (const page of pages(fetchPage, {
      from: start.cursor,
    })) {
      progress.pages = ++read;
      const items = page.items.filter(isCreated);
      const first = read === 1;
      let fresh: Created[];
      if (place.mode === "append") {
        // With no known IDs (nothing seen yet) every item is past the place.
        const last = first && start.pageIds.length > 0
          ? lastIndexAmong(items, start.pageIds)
          : -2;
        if (last === -1) return true;
        fresh = last === -2
          ? items
          : items.slice(last + 1);
      } else {
        // The stored page was dealt with in an earlier run: its items are neither new nor history again.
        const unseen = first
          ? items.filter((item) => !idSetOf(start.pageIds).has(item.id))
          : items;
        fresh = unseen.filter((item) => isNewInScan(place, item));
        if (place.history > 0) recent = [
          ...recent,
          ...items.filter((item) => !isNewInScan(place, item) && this.isInScope(item)),
        ].slice(-place.history);
      }
      this._emitAll(fresh.filter((item) => this.isInScope(item))
        .map((item) => this.emissionOf(item)));
      if (items.length > 0) {
        place = {
          ...place,
          cursor: page.cursor,
          pageIds: items.map((item) => item.id),
          // A fold, not `Math.max(...)`: a page of a million items is more arguments than a call takes.
          newestAt: items.reduce(
            (newest, item) => Math.max(newest, timeOf(item.createdAt)),
            place.newestAt ?? 0,
          ),
        };
      }
      if (page.next === null && !page.problem) {
        // The end of the list: a scan has found the place, and emits its history.
        if (place.mode === "scan") {
          this._emitAll(recent.map((item) => this.emissionOf(item)));
          place = {
            ...place,
            mode: "append",
            since: null,
            sinceIds: [],
            history: 0,
          };
        }
        this._setListPlace(place);
        break;
      }
      this._setListPlace(place);
      // The rest waits for the next run: the place is kept.
      if (read >= budget) break;
    }
    return false;
  },

  listScope(): string {
    throw new Error("listScope is not implemented");
  },
  listPages(_run: CheckRun): PageFetcher<Created> {
    throw new Error("listPages is not implemented");
  },
  emissionOf(_item: Created): Emission {
    throw new Error("emissionOf is not implemented");
  },
  isInScope(_item: Created): boolean {
    return true;
  },
});
