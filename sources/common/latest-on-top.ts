// New items of a list the API serves latest first, with cursor pagination (service tokens).
// Each run reads from the top and stops at the first page that reaches what was already seen,
// so it costs one request while fewer than a page of items are new. The state is a watermark:
// the newest creation time seen and the IDs created at that instant. New items join the top, so
// a run cannot leave the rest for later: it reads at most PAGES_PER_RUN pages, and when more
// items than that are new since the last check, the older of them are not emitted.
import {
  pages, type PageFetcher,
} from "../../common/pagination";
import {
  HISTORY_SIZE, PAGES_PER_RUN, sourceMethods, triggerMethods, validState, type CheckRun,
  type Emission, type TriggerContext,
} from "./base";
import {
  EMPTY_WATERMARK,
  advance,
  isCreated,
  isPast,
  isWatermark,
  oldestFirst,
  type Created,
  type Watermark,
} from "./watermark";

const WATERMARK_KEY = "watermark";

/** The watermark, and the list and filters it belongs to. */
export interface ScopedWatermark extends Watermark {
  scope: string;
}

/** What each trigger using this reader defines. */
export interface LatestOnTopTrigger<T extends Created> {
  /** The list and its filters, from the props (checked): a change of scope starts afresh. */
  listScope(): string;
  /** The list's pages, latest first. */
  listPages(run: CheckRun): PageFetcher<T>;
  /** The event and meta for a new item. */
  emissionOf(item: T): Emission;
}

type Context = TriggerContext & LatestOnTopTrigger<Created> & typeof triggerMethods;

function isScopedWatermark(value: unknown): value is ScopedWatermark {
  return isWatermark(value) && typeof (value as ScopedWatermark).scope === "string";
}

export const latestOnTopMethods = sourceMethods<Context>()({
  ...triggerMethods,
  _getWatermark(): ScopedWatermark | null {
    return validState(this.db.get(WATERMARK_KEY), isScopedWatermark);
  },
  _setWatermark(mark: ScopedWatermark): void {
    this.db.set(WATERMARK_KEY, mark);
  },

  /**
   * One run. On deploy: one request for the most recent items, emitted oldest first, and the
   * watermark set at the newest. Without a watermark of this scope otherwise (the props changed
   * without a deploy, or the state does not validate): the watermark set at the newest, quietly.
   * Else: the items newer than the watermark, oldest first.
   */
  async check(run: CheckRun): Promise<void> {
    const scope = this.listScope();
    const known = this._getWatermark();
    const fetchPage = this.listPages(run);
    if (known?.scope !== scope) {
      const top = pages(fetchPage, {
        limit: () => run.deploying
          ? HISTORY_SIZE
          : 1,
      });
      const items = ((await top.next()).value?.items ?? []).filter(isCreated);
      await top.return(undefined);
      // The newest HISTORY_SIZE, even from a page longer than the limit asked for.
      if (run.deploying) this._emitAll(oldestFirst([
        ...items,
      ].reverse()).slice(-HISTORY_SIZE)
        .map((item) => this.emissionOf(item)));
      this._setWatermark({
        scope,
        ...advance(EMPTY_WATERMARK, items),
      });
      return;
    }
    const fresh: Created[] = [];
    let read = 0;
    for await (const page of pages(fetchPage)) {
      const items = page.items.filter(isCreated);
      const past = items.filter((item) => isPast(known, item));
      // One by one: spread into a call, a page of a million items is more arguments than it takes.
      for (const item of past) fresh.push(item);
      // Latest first: once a page holds an item already seen, the pages after it hold older ones.
      if (past.length < items.length || ++read >= PAGES_PER_RUN) break;
    }
    // Everything is read before anything is emitted: a run that fails emits nothing and changes nothing.
    this._emitAll(oldestFirst([
      ...fresh,
    ].reverse()).map((item) => this.emissionOf(item)));
    this._setWatermark({
      scope,
      ...advance(known, fresh),
    });
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
});
