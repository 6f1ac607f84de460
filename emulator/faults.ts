// Fault injection: each rule picks requests by route and by count or chance, and says what
// goes wrong with them. Rules are per emulator instance and can be replaced at any time.

export type FaultKind =
  /** Waits `ms` before the request is handled (the work happens after the wait). */
  | "latency"
  /** Handles the request at once, then waits `ms` before sending anything back. */
  | "slow"
  /** Answers 429 `rate-limit-exceeded` with `Retry-After`, without handling the request. */
  | "rate-limit"
  /** Answers 503 with `Retry-After`, without handling the request. */
  | "unavailable"
  /** Destroys the connection without answering, without handling the request. */
  | "reset";

export interface FaultRule {
  kind: FaultKind;
  /**
   * Which requests: `"GET /databases/:id"`, `"/databases/*"` (any method), `"POST *"`; paths
   * are relative to `/v1`. `:name` matches one path segment, a trailing `*` the rest. Omit for
   * every request.
   */
  route?: string;
  /** Fires on the next `times` matching requests (those it is drawn for, with `rate`), then stops. */
  times?: number;
  /** Chance (0..1) that a matching request is hit, drawn from the emulator's seeded RNG. */
  rate?: number;
  /** For `latency` and `slow`: the wait in milliseconds. */
  ms?: number;
  /** For `rate-limit` (default 1) and `unavailable` (no header when absent): the `Retry-After` seconds. */
  retryAfterSeconds?: number;
}

export interface FaultOptions {
  /** Added to every request before it is handled. */
  latencyMs?: number;
  rules?: FaultRule[];
}

/** What the faults decided for one request. */
export interface FaultPlan {
  /** Wait before handling. */
  delayMs: number;
  /** Wait after handling, before answering. */
  slowMs: number;
  /** The request is not handled: it is answered (or dropped) by the fault. */
  blocking: { kind: "rate-limit" | "unavailable" | "reset"; retryAfterSeconds?: number } | null;
  /** The kinds that fired, for the request log. */
  fired: FaultKind[];
}

interface ActiveRule extends FaultRule {
  remaining: number;
  method: string | null;
  segments: string[];
  rest: boolean;
}

function parseRoute(route: string | undefined): Pick<ActiveRule, "method" | "segments" | "rest"> {
  if (!route || route.trim() === "*") return { method: null, segments: [], rest: true };
  const parts = route.trim().split(/\s+/);
  const [method, path] = parts.length > 1 ? [parts[0].toUpperCase(), parts[1]] : [null, parts[0]];
  let segments = path.replace(/^\/v1(?=\/|$)/, "").split("/").filter(Boolean);
  const rest = segments[segments.length - 1] === "*" || path === "*";
  if (rest) segments = segments.slice(0, -1).filter((s) => s !== "*");
  return { method: method === "*" ? null : method, segments, rest };
}

function check(rule: FaultRule): void {
  const kinds: FaultKind[] = ["latency", "slow", "rate-limit", "unavailable", "reset"];
  if (!kinds.includes(rule.kind)) throw new Error(`Unknown fault kind "${rule.kind}"`);
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error("Fault rate must be between 0 and 1");
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) throw new Error("Fault times must be a non-negative integer");
  if ((rule.kind === "latency" || rule.kind === "slow") && !(typeof rule.ms === "number" && rule.ms >= 0)) {
    throw new Error(`A "${rule.kind}" fault needs ms >= 0`);
  }
}

export class Faults {
  private baseLatencyMs = 0;
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number, options: FaultOptions = {}) {
    this.set(options);
  }

  /** Added to every request, also to those the rate limit refuses. */
  get latencyMs(): number {
    return this.baseLatencyMs;
  }

  set(options: FaultOptions = {}): void {
    (options.rules ?? []).forEach(check);
    this.baseLatencyMs = Math.max(0, options.latencyMs ?? 0);
    this.rules = (options.rules ?? []).map((rule) => ({
      ...rule,
      remaining: rule.times ?? Infinity,
      ...parseRoute(rule.route),
    }));
  }

  /** Decides the faults of one request (and spends the counted rules that fire). */
  plan(method: string, path: string): FaultPlan {
    const segments = path.split("/").filter(Boolean);
    const plan: FaultPlan = { delayMs: this.baseLatencyMs, slowMs: 0, blocking: null, fired: [] };
    if (this.baseLatencyMs > 0) plan.fired.push("latency");
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matches(rule, method, segments)) continue;
      const blocking = rule.kind === "rate-limit" || rule.kind === "unavailable" || rule.kind === "reset";
      if (blocking && plan.blocking) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.remaining--;
      plan.fired.push(rule.kind);
      if (rule.kind === "latency") plan.delayMs += rule.ms ?? 0;
      else if (rule.kind === "slow") plan.slowMs += rule.ms ?? 0;
      else {
        const retryAfterSeconds = rule.retryAfterSeconds ?? (rule.kind === "rate-limit" ? 1 : undefined);
        plan.blocking = { kind: rule.kind, retryAfterSeconds };
      }
    }
    return plan;
  }
}

function matches(rule: ActiveRule, method: string, segments: string[]): boolean {
  if (rule.method && rule.method !== method) return false;
  if (rule.rest ? segments.length < rule.segments.length : segments.length !== rule.segments.length) return false;
  return rule.segments.every((s, i) => s.startsWith(":") || s === segments[i]);
}
