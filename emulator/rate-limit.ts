// The request-rate limit: at most N requests per rolling minute per bearer token, counted on
// the emulator's clock. Prisma's own limit is about 30 requests per minute per workspace.

export interface RateLimitOptions {
  /** Requests each bearer token may make in any 60-second window. */
  requestsPerMinute: number;
}

export const RATE_WINDOW_MS = 60_000;

/** Request times of one token within the window, oldest first (`head` skips the expired ones). */
interface Window {
  times: number[];
  head: number;
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

export class RateLimiter {
  private limit: number | null = null;
  private windows = new Map<string, Window>();

  constructor(private readonly clock: () => number, options?: RateLimitOptions | null) {
    this.set(options);
  }

  /** Replaces the limit (null: none) and starts every token's window afresh. */
  set(options: RateLimitOptions | null | undefined): void {
    if (options) {
      const n = options.requestsPerMinute;
      if (!(Number.isInteger(n) && n >= 1)) throw new Error(`rateLimit.requestsPerMinute must be a positive integer, got ${String(n)}`);
    }
    this.limit = options ? options.requestsPerMinute : null;
    this.windows = new Map();
  }

  get requestsPerMinute(): number | null {
    return this.limit;
  }

  /**
   * Takes a slot for one request of `token`, or refuses it with the whole seconds until the
   * oldest request in the window leaves it (at least 1). A refused request takes no slot.
   */
  admit(token: string): Admission {
    if (this.limit === null) return { admitted: true };
    const now = this.clock();
    let window = this.windows.get(token);
    if (!window) this.windows.set(token, window = { times: [], head: 0 });
    const { times } = window;
    while (window.head < times.length && times[window.head] <= now - RATE_WINDOW_MS) window.head++;
    if (window.head > 1024 && window.head * 2 > times.length) {
      times.splice(0, window.head);
      window.head = 0;
    }
    if (times.length - window.head < this.limit) {
      times.push(now);
      return { admitted: true };
    }
    const freesAt = times[window.head] + RATE_WINDOW_MS;
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }
}
