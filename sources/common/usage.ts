// When a database's usage passes a threshold. `GET /databases/{id}/usage` answers for the
// current period (the calendar month so far) in one request. Per metric the state is the
// period, whether the last reading was above the threshold, and how many times it went above
// in that period: an event is emitted when a reading goes above, once, and again only after
// a reading has fallen back under.
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
  used: number;
  unit: string;
  threshold: number;
  /** 1 for the first crossing of the period, 2 after falling back under and going above again, … */
  crossing: number;
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
 * counts as this period's first crossing, without an event.
 */
export function usageCrossings(
  state: UsageState | null,
  scope: string,
  usage: DatabaseUsage,
  thresholds: Partial<Record<UsageMetric, number>>,
): { crossings: Crossing[]; state: UsageState } {
  const period = usage.period.start;
  const crossings: Crossing[] = [];
  const metrics: UsageState["metrics"] = {};
  for (const metric of USAGE_METRICS) {
    const threshold = thresholds[metric];
    if (threshold === undefined) continue;
    const {
      used, unit,
    } = usage.metrics[metric];
    const above = used > threshold;
    const last = state?.metrics[metric];
    const samePeriod = last?.period === period;
    const before = samePeriod
      ? last.crossings
      : 0;
    const wentAbove = above && !(samePeriod && last.above);
    const count = wentAbove
      ? before + 1
      : before;
    if (wentAbove && state) crossings.push({
      metric,
      used,
      unit,
      threshold,
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
