// A place in time: the newest `createdAt` seen, plus the IDs created at that very instant, so
// that items sharing a timestamp are told apart without remembering every ID ever seen.
import { timeOf } from "./base";

export interface Watermark {
  /** The newest `createdAt` seen; null when nothing has been seen yet. */
  createdAt: string | null;
  /** The IDs seen with exactly that `createdAt` (usually one). */
  ids: string[];
}

export interface Created {
  id: string;
  createdAt: string;
}

export const EMPTY_WATERMARK: Watermark = { createdAt: null, ids: [] };

/** True when `item` is newer than the watermark: created later, or at the same instant but not yet seen. */
export function isPast(mark: Watermark, item: Created): boolean {
  if (mark.createdAt === null) return true;
  const time = timeOf(item.createdAt);
  const markTime = timeOf(mark.createdAt);
  return time > markTime || (time === markTime && !mark.ids.includes(item.id));
}

/** The watermark after also seeing `items`. */
export function advance(mark: Watermark, items: readonly Created[]): Watermark {
  let next = mark;
  for (const item of items) {
    const time = timeOf(item.createdAt);
    const markTime = next.createdAt === null ? -Infinity : timeOf(next.createdAt);
    if (time > markTime) next = { createdAt: item.createdAt, ids: [item.id] };
    else if (time === markTime && !next.ids.includes(item.id)) next = { createdAt: next.createdAt, ids: [...next.ids, item.id] };
  }
  return next;
}

/** Oldest first, by `createdAt`; items with the same time keep their order. */
export function oldestFirst<T extends Created>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => timeOf(a.createdAt) - timeOf(b.createdAt));
}

/** True when `value` has the shape of a stored watermark. */
export function isWatermark(value: unknown): value is Watermark {
  const mark = value as Watermark;
  return !!mark && typeof mark === "object" && (mark.createdAt === null || typeof mark.createdAt === "string") &&
    Array.isArray(mark.ids) && mark.ids.every((id) => typeof id === "string");
}
