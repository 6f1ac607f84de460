// Retries for transient failures, in one place. A request is sent again only when doing so
// cannot duplicate work:
// - 429 on any method: Prisma refuses a throttled request before processing it;
// - 502, 503, 504 and lost connections on GET, PATCH and DELETE (they can be repeated), and
//   500 on GET, a few times;
// - a refused connection on any method: nothing reached the server.
// Every pause honours the server's Retry-After and ends early enough before the run's deadline
// for the attempt after it to get the least time a request needs. A retried
// DELETE answered 404 counts as done only when an earlier attempt may have done it.
import {
  REQUEST, RETRY,
} from "./constants";
import {
  sleep, type Deadline,
} from "./deadline";
import type { RatePacer } from "./rate-pacing";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface FailedRequest {
  code?: string;
  maybeSent?: boolean;
  response?: { status: number; headers?: Record<string, unknown> };
}

/** Why another attempt may be made, or null when it may not. */
function retryReason(method: HttpMethod, err: FailedRequest): "throttled" | "server" | "network" | null {
  const status = err?.response?.status;
  if (status === undefined) {
    const code = err?.code ?? "";
    if ((RETRY.notSentCodes as readonly string[]).includes(code)) return "network";
    return method !== "POST" && (RETRY.networkCodes as readonly string[]).includes(code)
      ? "network"
      : null;
  }
  if (status === 429) return "throttled";
  if (method === "POST") return null;
  if ((RETRY.statuses as readonly number[]).includes(status)) return "server";
  return status === 500 && method === "GET"
    ? "server"
    : null;
}

function attemptsFor(reason: "throttled" | "server" | "network", status: number | undefined): number {
  if (reason === "throttled") return RETRY.maxThrottledAttempts;
  return status === 500
    ? RETRY.maxAttemptsAfter500
    : RETRY.maxAttempts;
}

/** `Retry-After` in milliseconds, from delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(
  headers: Record<string, unknown> | undefined,
  now = Date.now(),
): number | null {
  const raw = headers?.["retry-after"] ?? headers?.["Retry-After"];
  if (raw === undefined || raw === null || raw === "") return null;
  const text = String(raw).trim();
  // Whole milliseconds, rounded up: a pause of a fraction of one would end before it began.
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date names its day or month; V8 would also read "-5" or "1 2" as dates.
  if (!/[a-z]{3}/i.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date)
    ? null
    : Math.max(0, date - now);
}

/** Exponential backoff with jitter: 50–100 % of base·2^(retry−1), capped. */
export function backoffMs(retry: number, random = Math.random): number {
  const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** What a retried DELETE answered 404 resolves to: an earlier attempt did the deleting. */
export const ALREADY_DELETED = "";

/**
 * True when the failed attempt may have been carried out: a 5xx (the server may have acted
 * before failing), or a connection lost after the request left. A 429 is refused before
 * processing and a refused connection reached nobody, so neither can have done anything.
 */
export function mayHaveActed(err: FailedRequest): boolean {
  const status = err?.response?.status;
  if (status !== undefined) return status >= 500;
  if ((RETRY.notSentCodes as readonly string[]).includes(err?.code ?? "")) return false;
  return err?.maybeSent !== false;
}

/** Set on the last error when the server asked for a pause longer than the run had left. */
export interface RetryCutShort {
  retryAfterMs?: number;
}

export interface RetryOptions {
  deadline: Deadline;
  /** Paces every attempt, and learns of the server's Retry-After. */
  pacer?: RatePacer | null;
}

/**
 * Runs `send` until it succeeds, fails for good, or the attempts or the deadline are spent.
 * The last error is rethrown as it came.
 */
export async function withRetries<T>(method: HttpMethod, send: () => Promise<T>, {
  deadline, pacer,
}: RetryOptions): Promise<T | typeof ALREADY_DELETED> {
  // A 404 means "already deleted" only after an attempt that may have done the deleting; after
  // nothing but refusals (429s, refused connections) it means the thing never existed.
  let earlierMayHaveActed = false;
  for (let attempt = 1; ; attempt++) {
    await pacer?.acquire(deadline);
    try {
      return await send();
    } catch (err) {
      const failure = err as FailedRequest & RetryCutShort;
      if (method === "DELETE" && earlierMayHaveActed && failure?.response?.status === 404) return ALREADY_DELETED;
      earlierMayHaveActed ||= mayHaveActed(failure);
      const reason = retryReason(method, failure);
      if (!reason || attempt >= attemptsFor(reason, failure.response?.status)) throw err;
      const asked = retryAfterMs(failure.response?.headers);
      if (asked !== null && reason === "throttled") pacer?.holdFor(asked);
      const delay = asked ?? backoffMs(attempt);
      // A pause after which the attempt would have no time to answer is not worth starting.
      if (!deadline.allows(delay + REQUEST.minTimeoutMs)) {
        if (asked !== null && failure && typeof failure === "object") failure.retryAfterMs = asked;
        throw err;
      }
      await sleep(delay);
    }
  }
}
