// Retries for transient failures, in one place. A request is sent again only when doing so
// cannot duplicate work: GET, PATCH and DELETE on 429/502/503/504 and connection resets;
// POST only on 429, which says the request was not processed.
import { RETRY } from "./constants";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

interface FailedRequest {
  code?: string;
  response?: { status: number; headers?: Record<string, unknown> };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRetryable(method: HttpMethod, err: FailedRequest): boolean {
  const status = err?.response?.status;
  if (status === undefined) {
    return method !== "POST" && (RETRY.networkCodes as readonly string[]).includes(err?.code ?? "");
  }
  if (status === 429) return true;
  return method !== "POST" && (RETRY.statuses as readonly number[]).includes(status);
}

/** `Retry-After` in milliseconds, from delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | null {
  const raw = headers?.["retry-after"] ?? headers?.["Retry-After"];
  if (raw === undefined || raw === null || raw === "") return null;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day or month; V8 would also read "-5" or "1 2" as dates.
  if (!/[a-z]{3}/i.test(text)) return null;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential backoff with jitter: 50–100 % of base·2^(retry−1), capped. */
export function backoffMs(retry: number, random = Math.random): number {
  const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** What a retried DELETE answered 404 resolves to: the first attempt did the deleting. */
export const ALREADY_DELETED = "";

/**
 * Runs `send` until it succeeds, fails for good, or the attempt or time budget is spent.
 * The last error is rethrown as it came.
 */
export async function withRetries<T>(method: HttpMethod, send: () => Promise<T>): Promise<T | typeof ALREADY_DELETED> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const failure = err as FailedRequest;
      if (method === "DELETE" && attempt > 1 && failure?.response?.status === 404) return ALREADY_DELETED;
      if (attempt >= RETRY.maxAttempts || !isRetryable(method, failure)) throw err;
      const delay = retryAfterMs(failure.response?.headers) ?? backoffMs(attempt);
      if (Date.now() - started + delay > RETRY.budgetMs) throw err;
      await sleep(delay);
    }
  }
}
