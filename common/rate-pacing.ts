// Prisma limits a workspace to about 30 requests a minute and refuses the excess with 429.
// A run paces its own requests inside that limit rather than spend requests on refusals: the
// first `limit` requests of any 60 s go at once, the next waits for the oldest to leave the
// window. After a 429 the whole run holds off until the server's Retry-After has passed.
import {
  RATE_LIMIT, REQUEST,
} from "./constants";
import {
  Deadline, sleep,
} from "./deadline";

/** Thrown when the next free slot comes later than the run's deadline: waiting would be cut off. */
export class RateBudgetError extends Error {
  readonly waitMs: number;
  constructor(waitMs: number, sent: number) {
    super(
      `Prisma allows about ${RATE_LIMIT.requestsPerMinute} requests a minute per workspace; this step has sent ${sent} ` +
      `and its next request could go only in ${Math.ceil(waitMs / 1000)} s, after the step's time runs out. ` +
      "That request was not sent. Ask for less in one step (a list reads 100 items a request, so set `maxResults` to at most 3,000), " +
      "or, if other workflows used up the minute, run the step again in a minute.",
    );
    this.name = "RateBudgetError";
    this.waitMs = waitMs;
  }
}

export class RatePacer {
  private readonly sentAt: number[] = [];
  private heldUntil = 0;
  private sent = 0;

  constructor(private readonly limit: number, private readonly windowMs = RATE_LIMIT.windowMs) {}

  /** How long the next request must wait for a slot, from `now`. */
  waitMs(now = Date.now()): number {
    while (this.sentAt.length && this.sentAt[0] <= now - this.windowMs) this.sentAt.shift();
    const slot = this.sentAt.length < this.limit
      ? now
      : this.sentAt[this.sentAt.length - this.limit] + this.windowMs;
    return Math.max(0, Math.max(slot, this.heldUntil) - now);
  }

  /** Waits for a slot (early enough in `deadline` for the request to answer) and takes it. */
  async acquire(deadline: Deadline): Promise<void> {
    for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) {
      if (!deadline.allows(wait + REQUEST.minTimeoutMs)) throw new RateBudgetError(wait, this.sent);
      await sleep(wait);
    }
    this.sentAt.push(Date.now());
    this.sent++;
  }

  /** The server asked every request to wait `ms` (a 429's Retry-After). */
  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, Date.now() + ms);
  }
}

// One pacer per run, keyed by its `$`, like the deadline.
const pacers = new WeakMap<object, RatePacer>();

/** The pacer of the run `$` belongs to; null (no pacing) for a lone call without `$` or no limit. */
export function pacerOf($: object | undefined, requestsPerMinute: number | null): RatePacer | null {
  if (!$ || !requestsPerMinute || !Number.isFinite(requestsPerMinute)) return null;
  let pacer = pacers.get($);
  if (!pacer) pacers.set($, pacer = new RatePacer(requestsPerMinute));
  return pacer;
}
