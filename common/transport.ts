// One HTTP exchange with the API, bounded in time and kept on its origin. Every request goes
// through here once per attempt; retries, pacing and error words are decided by the callers.
import { axios } from "@pipedream/platform";
import {
  REQUEST, REQUEST_TIMEOUT_CODE,
} from "./constants";
import type { Deadline } from "./deadline";
import type { Step } from "./types";

/** A transport failure in the shape the HTTP client uses: no response, a `code` naming what happened. */
export class NetworkError extends Error {
  readonly code: string;
  /** True when the request left this machine, so the server may have acted on it. */
  readonly maybeSent: boolean;
  constructor(code: string, message: string, maybeSent: boolean) {
    super(message);
    this.name = "NetworkError";
    this.code = code;
    this.maybeSent = maybeSent;
  }
}

/** The code of an answer too large to be the API's: reading stops there. */
export const ANSWER_TOO_LARGE_CODE = "PRISMA_ANSWER_TOO_LARGE";

/** Failures that happen before the request leaves this machine: the server cannot have acted on it. */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ERR_INVALID_URL",
  "ERR_BAD_OPTION_VALUE",
  "ERR_BAD_OPTION",
]);

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  params?: object;
  data?: object;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}

// How many requests are on the wire, shared by every bundled copy of this file: a test running
// under a fake clock reads it to tell a request in flight from a pause it may skip.
const IN_FLIGHT = Symbol.for("prisma_management_api.requestsInFlight");
const counter = globalThis as unknown as Record<symbol, number>;

/** The time one attempt may take: the usual cap, or less when the deadline is nearer. */
export function attemptTimeoutMs(deadline: Deadline): number {
  return Math.min(REQUEST.timeoutMs, Math.max(REQUEST.minTimeoutMs, deadline.remainingMs()));
}

/**
 * Sends the request once. Redirects are never followed (the API does not redirect, and a
 * redirect must not carry the token or body to another origin); a request that does not finish
 * within the attempt's time, headers and body included, is abandoned as a NetworkError, and so
 * is a connection lost while the body was arriving.
 */
export async function sendOnce(
  $: Step | undefined,
  request: HttpRequest,
  deadline: Deadline,
): Promise<HttpResponse> {
  const timeoutMs = attemptTimeoutMs(deadline);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  counter[IN_FLIGHT] = (counter[IN_FLIGHT] ?? 0) + 1;
  try {
    // A fresh copy per attempt: the HTTP client edits the config it is given.
    return await axios($ as Parameters<typeof axios>[0], {
      ...request,
      headers: {
        ...request.headers,
      },
      maxRedirects: 0,
      maxContentLength: REQUEST.maxBodyBytes,
      signal: controller.signal,
      returnFullResponse: true,
    }) as HttpResponse;
  } catch (err) {
    if (controller.signal.aborted) {
      throw new NetworkError(REQUEST_TIMEOUT_CODE, `no complete answer within ${Math.round(timeoutMs / 1000)} s`, true);
    }
    const failure = err as { code?: string; message?: string; response?: { status?: number } };
    const status = failure?.response?.status;
    // A 2xx that still failed: the connection broke while its body was arriving.
    if (status !== undefined && status >= 200 && status < 300) {
      throw new NetworkError("ECONNRESET", "the connection was lost while the answer was arriving", true);
    }
    if (status !== undefined) throw err;
    if (/maxContentLength/.test(failure?.message ?? "")) {
      throw new NetworkError(ANSWER_TOO_LARGE_CODE, `the answer was larger than ${REQUEST.maxBodyBytes / 1024 / 1024} MiB`, true);
    }
    const code = failure?.code ?? "ERR_NETWORK";
    throw new NetworkError(code, failure?.message ?? String(err), !NOT_SENT.has(code));
  } finally {
    clearTimeout(timer);
    counter[IN_FLIGHT]--;
  }
}

/** Requests on the wire right now, in this process. */
export function requestsInFlight(): number {
  return counter[IN_FLIGHT] ?? 0;
}
