// A place in time: the newest `createdAt` seen, plus the IDs created at that very instant, so
// that items sharing a timestamp are told apart without remembering every ID ever seen.
import { PAGE_LIMIT } from "../../common/constants";
import {
  idSetOf, isStoredTime, timeOf,
} from "./base";

export interface Watermark {
  /** The newest creation time seen, in epoch ms (an ISO string in older states); null when nothing has been seen yet. */
  createdAt: string | number | null;
  /** The IDs seen with exactly that `createdAt` (usually one). */
  ids: string[];
}

/** An item with what these triggers read of it. `createdAt` may be absent or unreadable: it then counts as oldest. */
export interface Created {
  id: string;
  createdAt?: unknown;
}

/** True for an item these triggers can follow: an object with a non-empty string `id` (one without is skipped). */
export function isCreated(item: unknown): item is Created {
  const id = (item as Created | null)?.id;
  return !!item && typeof item === "object" && typeof id === "string" && id !== "";
}

export const EMPTY_WATERMARK: Watermark = {
  createdAt: null,
  ids: [],
};

/** True when `item` is newer than the watermark: created later, or at the same instant but not yet seen. */
export function isPast(mark: Watermark, item: Created): boolean {
  if (mark.createdAt === null) return true;
  const time = timeOf(item.createdAt);
  const markTime = timeOf(mark.createdAt);
  return time > markTime || (time === markTime && !idSetOf(mark.ids).has(item.id));
}

/**
 * The watermark after also seeing `items`. It keeps at most `PAGE_LIMIT` IDs (the last seen)
 * however many items share one millisecond, so it stays small.
 */
export function advance(mark: Watermark, items: readonly Created[]): Watermark {
  const { ids } = mark;
  let { createdAt } = mark;
  // The IDs at `createdAt` are collected in a list of their own, cut once at the end.
  let grown: string[] | null = null;
  let known: Set<string> | null = null;
  for (const item of items) {
    const time = timeOf(item.createdAt);
    const markTime = createdAt === null
      ? -Infinity
      : timeOf(createdAt);
    if (time > markTime) {
      createdAt = time;
      grown = [
        item.id,
      ];
      known = new Set(grown);
    } else if (time === markTime && !(known ?? idSetOf(ids)).has(item.id)) {
      grown ??= [
        ...ids,
      ];
      known ??= new Set(ids);
      grown.push(item.id);
      known.add(item.id);
    }
  }
  return {
    createdAt,
    ids: grown === null
      ? ids
      : grown.slice(-PAGE_LIMIT),
  };
}

/** Oldest first, by `createdAt`; items with the same time keep their order. */
export function oldestFirst<T extends Created>(items: readonly T[]): T[] {
  return [
    ...items,
  ].sort((a, b) => timeOf(a.createdAt) - timeOf(b.createdAt));
}

/** True when `value` has the shape of a stored watermark, with a time that can be read (damage would make every item new). */
export function isWatermark(value: unknown): value is Watermark {
  const mark = value as Watermark;
  return !!mark && typeof mark === "object" &&
    (mark.createdAt === null || isStoredTime(mark.createdAt)) &&
    Array.isArray(mark.ids) && mark.ids.every((id) => typeof id === "string");
}
