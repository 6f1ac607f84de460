// When a database's usage passes a threshold. `GET /databases/{id}/usage` answers for the
// current period (the calendar month so far) in one request. Per metric the state is the
// period, whether the last reading was above the threshold, and how many times it went above
// in that period: an event is emitted when a reading goes above, once, and again only after
// a reading has fallen back under.
import { timeOf } from "../../common/facts";
import type { DatabaseUsage } from "../../common/types";

export const USAGE_METRICS = [
  "storage",
  "operations",
] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

export interface MetricState {
  /** Start of the period the reading belongs to. */
  period: string;
  above: boolean;
  /** Times the metric went above the threshold in this period (part of each event's ID). */
  crossings: number;
}

export interface UsageState {
  /** The database and thresholds the state belongs to: another scope starts afresh. */
  scope: string;
  metrics: Partial<Record<UsageMetric, MetricState>>;
}

export interface Crossing {
  metric: UsageMetric;
  /** The usage in the threshold's unit: GiB for storage, operations for operations. */
  used: number;
  unit: string;
  threshold: number;
  /** The usage as the API reported it, when it came in another unit (e.g. `700 MiB`); else null. */
  reported: string | null;
  /** 1 for the first crossing of the period, 2 after falling back under and going above again, … */
  crossing: number;
}

/** The unit each threshold is set in. */
export const THRESHOLD_UNITS: Record<UsageMetric, string> = {
  storage: "GiB",
  operations: "ops",
};

/** Storage units as factors of one GiB. Decimal ones (`MB`, `GB`) are converted as such. */
const STORAGE_IN_GIB: Record<string, number> = {
  B: 1 / 1024 ** 3,
  KiB: 1 / 1024 ** 2,
  MiB: 1 / 1024,
  GiB: 1,
  TiB: 1024,
  KB: 1e3 / 1024 ** 3,
  MB: 1e6 / 1024 ** 3,
  GB: 1e9 / 1024 ** 3,
  TB: 1e12 / 1024 ** 3,
};

/**
 * A metric's reading in the threshold's unit, or null when it cannot be compared: `used` is not
 * a finite number, or its `unit` is one this trigger does not know. Storage without a unit is
 * in GiB, as the API documents it.
 */
export function readingOf(
  usage: DatabaseUsage, metric: UsageMetric,
): { used: number; reported: string | null } | null {
  const metrics = usage.metrics as Record<string, { used?: unknown; unit?: unknown }> | undefined;
  const reading = metrics?.[metric];
  if (!reading || typeof reading !== "object") return null;
  const {
    used, unit,
  } = reading;
  if (typeof used !== "number" || !Number.isFinite(used)) return null;
  if (metric === "operations") return {
    used,
    reported: null,
  };
  const name = typeof unit === "string" && unit !== ""
    ? unit
    : "GiB";
  const factor = Object.hasOwn(STORAGE_IN_GIB, name)
    ? STORAGE_IN_GIB[name]
    : undefined;
  if (factor === undefined) return null;
  return {
    used: used * factor,
    reported: name === "GiB"
      ? null
      : `${used} ${name}`,
  };
}

/** Two period starts name one period when they are one time, however each is written (`.000Z` or `Z`, …). */
function isSamePeriod(a: string, b: string): boolean {
  const time = timeOf(a);
  return a === b || (time !== null && time === timeOf(b));
}

export function isUsageState(value: unknown): value is UsageState {
  const state = value as UsageState;
  if (!state || typeof state !== "object" || typeof state.scope !== "string" || !state.metrics || typeof state.metrics !== "object") return false;
  return Object.values(state.metrics).every((m) =>
    !!m && typeof m.period === "string" && typeof m.above === "boolean" && typeof m.crossings === "number");
}

/**
 * The metrics that went above their threshold since the last reading, and the state after this
 * reading. With `state` null (on deploy) the reading is only recorded: a metric already above
 * counts as this period's first crossing, without an event. A metric that cannot be read (see
 * `readingOf`), or a reading without its period, keeps the state it had.
 */
export function usageCrossings(
  state: UsageState | null,
  scope: string,
  usage: DatabaseUsage,
  thresholds: Partial<Record<UsageMetric, number>>,
): { crossings: Crossing[]; state: UsageState } {
  const start: unknown = usage.period?.start;
  const period = typeof start === "string" && start !== ""
    ? start
    : null;
  const crossings: Crossing[] = [];
  const metrics: UsageState["metrics"] = {};
  for (const metric of USAGE_METRICS) {
    const threshold = thresholds[metric];
    if (threshold === undefined) continue;
    const last = state?.metrics[metric];
    const reading = readingOf(usage, metric);
    if (!reading || period === null) {
      if (last) metrics[metric] = last;
      continue;
    }
    const above = reading.used > threshold;
    const samePeriod = last !== undefined && isSamePeriod(last.period, period);
    const before = samePeriod
      ? last.crossings
      : 0;
    const wentAbove = above && !(samePeriod && last.above);
    const count = wentAbove
      ? before + 1
      : before;
    if (wentAbove && state) crossings.push({
      metric,
      used: reading.used,
      unit: THRESHOLD_UNITS[metric],
      threshold,
      reported: reading.reported,
      crossing: count,
    });
    metrics[metric] = {
      period,
      above,
      crossings: count,
    };
  }
  return {
    crossings,
    state: {
      scope,
      metrics,
    },
  };
}
