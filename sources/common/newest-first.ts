// New items of a list the API serves newest first, with cursor pagination (service tokens).
// Each run reads from the top and stops at the first page that reaches what was already seen,
// so it costs one request while fewer than a page of items are new. The state is a watermark:
// the newest `createdAt` seen and the IDs created at that instant.
import { PAGE_LIMIT } from "../../common/constants";
import type { Page } from "../../common/types";
import {
  HISTORY_SIZE, emitMethods, sourceMethods, type Emission, type SourceContext,
} from "./base";
import {
  EMPTY_WATERMARK, advance, isPast, isWatermark, oldestFirst, type Created, type Watermark,
} from "./watermark";

const WATERMARK_KEY = "watermark";

/** The watermark, and the list and filters it belongs to. */
export interface ScopedWatermark extends Watermark {
  scope: string;
}

/** What each source using this base defines. */
export interface NewestFirstSource<T extends Created> {
  /** The list and its filters, from the props (checked): a change of scope starts afresh. */
  listScope(): string;
  /** One page of the list, newest first. */
  listPage(cursor: string | null, limit: number): Promise<Page<T>>;
  /** The event and meta for a new item. */
  emissionOf(item: T): Emission;
}

type Context = SourceContext & NewestFirstSource<Created> & typeof emitMethods;

function isScopedWatermark(value: unknown): value is ScopedWatermark {
  return isWatermark(value) && typeof (value as ScopedWatermark).scope === "string";
}

export const newestFirstMethods = sourceMethods<Context>()({
  ...emitMethods,
  _getWatermark(): ScopedWatermark | undefined {
    const value = this.db.get(WATERMARK_KEY);
    return isScopedWatermark(value)
      ? value
      : undefined;
  },
  _setWatermark(mark: ScopedWatermark): void {
    this.db.set(WATERMARK_KEY, mark);
  },

  /**
   * On deploy: one request for the most recent items, emitted oldest first, and the watermark
   * set at the newest. A redeploy that finds a watermark of the same scope emits only what is new since.
   */
  async deployNewestFirst(): Promise<void> {
    const scope = this.listScope();
    const known = this._getWatermark();
    if (known?.scope === scope) return this.pollNewestFirst();
    const { data } = await this.listPage(null, HISTORY_SIZE);
    this._emitAll(oldestFirst([
      ...data,
    ].reverse()).map((item) => this.emissionOf(item)));
    this._setWatermark({
      scope,
      ...advance(EMPTY_WATERMARK, data),
    });
  },

  /** On each timer tick: emit the items newer than the watermark, oldest first. */
  async pollNewestFirst(): Promise<void> {
    const scope = this.listScope();
    const known = this._getWatermark();
    // No watermark of this scope (the props changed without a deploy): start at the newest, quietly.
    if (known?.scope !== scope) {
      const { data } = await this.listPage(null, 1);
      this._setWatermark({
        scope,
        ...advance(EMPTY_WATERMARK, data),
      });
      return;
    }
    const fresh: Created[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Page<Created> = await this.listPage(cursor, PAGE_LIMIT);
      const past = page.data.filter((item) => isPast(known, item));
      fresh.push(...past);
      // Newest first: once a page holds an item already seen, the pages after it hold older ones.
      if (past.length < page.data.length) break;
      const { pagination } = page;
      if (!pagination.hasMore || !pagination.nextCursor || pagination.nextCursor === cursor) break;
      cursor = pagination.nextCursor;
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
  async listPage(_cursor: string | null, _limit: number): Promise<Page<Created>> {
    throw new Error("listPage is not implemented");
  },
  emissionOf(_item: Created): Emission {
    throw new Error("emissionOf is not implemented");
  },
});
