// The HTTP-facing rules shared by every route: error bodies, typed success replies, request
// validation (IDs, limits, cursors, dates) and the opaque cursors.
import { createHmac } from "node:crypto";
import type { operations } from "@prisma/management-api-sdk";
import type { ErrorBody, OperationId } from "../common/types";

const ERROR_CODES: Record<number, string> = {
  400: "client-error",
  401: "authentication-failed",
  403: "permission-denied",
  404: "resource-not-found",
  409: "conflict",
  413: "payload-too-large",
  422: "validation-error",
  429: "rate-limit-exceeded",
  500: "internal-server-error",
  503: "service-unavailable",
};

/** A refusal: answered with the standard error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    const error: ErrorBody["error"] = { code: ERROR_CODES[this.status] ?? "error", message: this.message };
    if (this.hint !== undefined) error.hint = this.hint;
    return { error };
  }
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Responses<K extends OperationId> = operations[K]["responses"];
/** The success statuses the official spec declares for an operation. */
export type SuccessStatus<K extends OperationId> = Extract<keyof Responses<K>, 200 | 201 | 204>;
/** The JSON body the spec declares for that status (undefined for 204). */
export type ReplyBody<K extends OperationId, S extends SuccessStatus<K>> =
  Responses<K>[S] extends { content: { "application/json": infer B } } ? B : undefined;

/**
 * A success reply, checked against the SDK: the status must be one the operation declares,
 * and the body must be the type declared for it.
 */
export function reply<K extends OperationId, S extends SuccessStatus<K>>(_operation: K, status: S, body: ReplyBody<K, S>): Reply {
  return { status, body };
}

// ---- IDs

export const ID_BODY = String.raw`([cC][^\s-]{8,}|[a-z0-9]+)`;
export type Prefix = "wksp" | "proj" | "db" | "con" | "itgr" | "br";
const PATTERNS = new Map<Prefix, RegExp>();

function idPattern(prefix: Prefix): RegExp {
  let pattern = PATTERNS.get(prefix);
  if (!pattern) PATTERNS.set(prefix, pattern = new RegExp(`^(${prefix}_)?${ID_BODY}$`));
  return pattern;
}

/** The prefixed form of an ID sent with or without its prefix; 400 when it does not match the API's pattern. */
export function canonicalId(prefix: Prefix, value: unknown, label: string, status = 400): string {
  if (typeof value !== "string" || !idPattern(prefix).test(value)) {
    throw new ApiError(status, `Invalid ${label}: ${JSON.stringify(value)} does not match ^(${prefix}_)?([cC][^\\s-]{8,}|[a-z0-9]+)$.`);
  }
  return value.startsWith(`${prefix}_`) ? value : `${prefix}_${value}`;
}

// ---- query parameters

/** An integer query parameter within bounds, or the default when absent; 400 otherwise. */
export function queryInteger(query: URLSearchParams, name: string, bounds: { min: number; max: number; default: number }): number {
  const raw = query.get(name);
  if (raw === null) return bounds.default;
  if (!/^\d+$/.test(raw) || Number(raw) < bounds.min || Number(raw) > bounds.max) {
    throw new ApiError(400, `Invalid query parameter ${name}: expected an integer from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(raw)}.`);
  }
  return Number(raw);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 date-time query parameter in epoch milliseconds, or undefined when absent; 400 otherwise. */
export function queryDateTime(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const time = DATE_TIME.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(time)) throw new ApiError(400, `Invalid query parameter ${name}: expected a date-time such as 2026-01-31T00:00:00Z, got ${JSON.stringify(raw)}.`);
  return time;
}

// ---- request bodies

export type Json = Record<string, unknown>;

/** The body as an object (an absent body counts as `{}`); `status` when it is something else. */
export function objectBody(body: unknown, status = 400): Json {
  if (body === undefined) return {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ApiError(status, "The request body must be a JSON object.");
  return body as Json;
}

export function optionalString(body: Json, field: string, status: number, limits: { min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ApiError(status, `${field} must be a string.`);
  if (limits.min !== undefined && value.length < limits.min) throw new ApiError(status, `${field} must be at least ${limits.min} characters long.`);
  if (limits.max !== undefined && value.length > limits.max) throw new ApiError(status, `${field} must be at most ${limits.max} characters long.`);
  if (limits.pattern && !limits.pattern.test(value)) throw new ApiError(status, `${field} ${JSON.stringify(value)} does not match ${limits.pattern.source}.`);
  return value;
}

export function requiredString(body: Json, field: string, status: number, limits: { min?: number; max?: number; pattern?: RegExp } = {}): string {
  const value = optionalString(body, field, status, limits);
  if (value === undefined) throw new ApiError(status, `${field} is required.`);
  return value;
}

export function optionalBoolean(body: Json, field: string, status: number): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new ApiError(status, `${field} must be a boolean.`);
  return value;
}

// ---- cursors

/**
 * Opaque keyset cursors: which list (a digest of the route and its filters) and the sequence
 * number of the last item served, signed so that an edited or foreign cursor is refused.
 * Items deleted or added between pages cause no duplicates or omissions among the others.
 */
export class Cursors {
  constructor(private readonly secret: string) {}

  private mac(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url").slice(0, 16);
  }

  private listDigest(list: string): string {
    return createHmac("sha256", this.secret).update(`list:${list}`).digest("base64url").slice(0, 12);
  }

  encode(list: string, afterSeq: number): string {
    const payload = `${this.listDigest(list)}.${afterSeq}`;
    return Buffer.from(`${payload}.${this.mac(payload)}`).toString("base64url");
  }

  /** The sequence number to continue after; 400 for garbage or a cursor of another list. */
  decode(list: string, cursor: string): number {
    const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString() : "";
    const match = /^([A-Za-z0-9_-]{12})\.(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(text);
    if (!match || this.mac(`${match[1]}.${match[2]}`) !== match[3]) {
      throw new ApiError(400, "Invalid cursor.", "Pass pagination.nextCursor from the previous page unchanged, or omit cursor for the first page.");
    }
    if (match[1] !== this.listDigest(list)) {
      throw new ApiError(400, "Invalid cursor: it belongs to a different list.", "A cursor only continues the list (same path and filters) it came from.");
    }
    return Number(match[2]);
  }
}

export interface PageOf<T> {
  data: T[];
  pagination: { nextCursor: string | null; hasMore: boolean };
}

/**
 * One page of `items` (ordered by `seq`, ascending or descending) after the cursor.
 * `limit` bounds are per list.
 */
export function paginate<T extends { seq: number }, R>(
  cursors: Cursors,
  list: string,
  items: readonly T[],
  query: URLSearchParams,
  render: (item: T) => R,
  options: { maxLimit: number; descending?: boolean },
): PageOf<R> {
  const limit = queryInteger(query, "limit", { min: 1, max: options.maxLimit, default: 100 });
  const rawCursor = query.get("cursor");
  let start = 0;
  if (rawCursor) {
    const after = cursors.decode(list, rawCursor);
    // First index past `after` in the list's order (items are sorted by seq).
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const past = options.descending ? items[mid].seq < after : items[mid].seq > after;
      if (past) hi = mid;
      else lo = mid + 1;
    }
    start = lo;
  }
  const slice = items.slice(start, start + limit);
  const hasMore = start + limit < items.length;
  return {
    data: slice.map(render),
    pagination: { nextCursor: hasMore ? cursors.encode(list, slice[slice.length - 1].seq) : null, hasMore },
  };
}
