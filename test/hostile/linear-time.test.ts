// Whatever size the API or a stored state comes in, the triggers' readers take time linear in it.
// Each input here is large enough that a lookup per item in a list (`ids.includes`) could not
// finish within the test's timeout, and holds more items than a call takes arguments
// (`Math.max(...times)`), while a linear reader takes well under a second.
import { describe, expect, it } from "vitest";
import type { PageFetcher } from "../../common/pagination";
import type { Backup } from "../../common/types";
import { settledBackups } from "../../sources/common/backups";
import type {
  CheckRun, Emission,
} from "../../sources/common/base";
import {
  creationOrderMethods, type ListPlace,
} from "../../sources/common/creation-order";
import { latestOnTopMethods } from "../../sources/common/latest-on-top";
import type { Created } from "../../sources/common/watermark";
import { backup } from "../fixtures";
import { MemoryDb } from "../source-harness";

const MANY = 400_000;
const T = Date.UTC(2026, 10, 1, 10);
const iso = (ms: number) => new Date(ms).toISOString();
const idsFrom = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** One page that ends the list. */
const onePage = (items: Created[]): PageFetcher<Created> => async () => ({
  data: items,
  pagination: {
    hasMore: false,
    nextCursor: null,
  },
});

/** A trigger built on `methods`, with a stored `state` under `key`, reading `fetchPage`. */
function trigger<M extends object>(methods: M, key: string, state: unknown, fetchPage: PageFetcher<Created>) {
  const db = new MemoryDb();
  db.set(key, state);
  const emitted: string[] = [];
  const self = {
    ...methods,
    db,
    $emit: (_event: object, meta: { id: string }) => emitted.push(meta.id),
    listScope: () => "scope",
    listPages: () => fetchPage,
    emissionOf: (item: Created): Emission => ({
      event: item,
      meta: {
        id: item.id,
        summary: item.id,
        ts: 0,
      },
    }),
  };
  const run = {
    app: null,
    $: {
      export: () => undefined,
    },
    deploying: false,
  } as unknown as CheckRun;
  return {
    db,
    emitted,
    check: () => (self as unknown as { check(run: CheckRun): Promise<void> }).check(run),
  };
}

describe("triggers on lists far larger than a page", () => {
  it("a list in creation order finds its place among a stored page of 400,000 IDs", async () => {
    const known = idsFrom("old-", MANY);
    const place: ListPlace = {
      scope: "scope",
      mode: "append",
      cursor: null,
      pageIds: known,
      newestAt: T,
      since: null,
      sinceIds: [],
      history: 0,
    };
    // The first known ID, then as many new ones: each new one is looked up among the known.
    const fresh = idsFrom("new-", MANY);
    const items = [
      known[0],
      ...fresh,
    ].map((id, i) => ({
      id,
      createdAt: iso(T + i),
    }));
    const { db, emitted, check } = trigger(creationOrderMethods, "listPlace", place, onePage(items));
    await check();
    expect(emitted.join()).toBe(fresh.join());
    const stored = db.get("listPlace") as ListPlace;
    expect(stored.mode).toBe("append");
    expect(stored.newestAt).toBe(T + MANY);
  });

  it("a list in creation order scans 400,000 items created at the instant it started from", async () => {
    const known = idsFrom("old-", MANY);
    const place: ListPlace = {
      scope: "scope",
      mode: "scan",
      cursor: null,
      pageIds: [],
      newestAt: T,
      since: T,
      sinceIds: known,
      history: 0,
    };
    const fresh = idsFrom("new-", MANY);
    const items = [
      ...known,
      ...fresh,
    ].map((id) => ({
      id,
      createdAt: iso(T),
    }));
    const { emitted, check } = trigger(creationOrderMethods, "listPlace", place, onePage(items));
    await check();
    expect(emitted.join()).toBe(fresh.join());
  });

  it("a list latest first tells 400,000 new items from a watermark of 400,000 IDs at one instant", async () => {
    const known = idsFrom("old-", MANY);
    const fresh = idsFrom("new-", MANY);
    const items = fresh.map((id) => ({
      id,
      createdAt: iso(T),
    }));
    const { db, emitted, check } = trigger(latestOnTopMethods, "watermark", {
      scope: "scope",
      createdAt: T,
      ids: known,
    }, onePage(items));
    await check();
    expect(emitted.join()).toBe([
      ...fresh,
    ].reverse().join());
    const mark = db.get("watermark") as { createdAt: number; ids: string[] };
    expect(mark.createdAt).toBe(T);
    expect(mark.ids).toEqual(fresh.slice(-100));
  });

  it("backups: 400,000 settled at once, every one new, leave a state of the newest", () => {
    const backups: Backup[] = idsFrom("b-", MANY).map((id, i) => backup(id, iso(T - i * 1_000)));
    const { emit, state } = settledBackups(null, "db", backups, () => true);
    expect(emit.map((b) => b.id).join()).toBe(backups.map((b) => b.id).reverse().join());
    expect(state).toEqual({
      scope: "db",
      createdAt: iso(T),
      ids: [
        "b-0",
      ],
    });
  });

  it("backups: the oldest of 400,000 still running holds the boundary", () => {
    const backups: Backup[] = idsFrom("b-", MANY).map((id, i) => backup(id, iso(T - i * 1_000), {
      status: "running",
    }));
    const { emit, state } = settledBackups(null, "db", backups, () => true);
    expect(emit).toEqual([]);
    expect(state.createdAt).toBe(iso(T - (MANY - 1) * 1_000));
  });
});
