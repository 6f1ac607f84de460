// Turns whatever the HTTP client throws into one error a person can act on: the HTTP status,
// the API's `error.code`, `error.message` and `error.hint`, plus what to do about it. Nothing of
// the request (and so no token) survives into it.
import {
  DEFAULT_BASE_URL, REQUEST_TIMEOUT_CODE,
} from "./constants";
import { RateBudgetError } from "./rate-pacing";
import {
  mayHaveActed, type HttpMethod, type RetryCutShort,
} from "./retry";
import { redactText } from "./redaction";

/**
 * What a refusal means for one endpoint. Numeric keys give advice by HTTP status. Where Prisma's
 * error says more than its status, that wins: `codes` give advice by Prisma's `error.code`, and
 * `logicalIdClash` for a 409 that `isLogicalIdClash` recognises. A 409 status advice that speaks
 * of the Logical ID is used only for such a clash, and a plan limit (`planLimitReached`) gets the
 * plan advice whatever the status advice says.
 */
export type Refusals = Partial<Record<number, string>> & {
  codes?: Readonly<Record<string, string>>;
  logicalIdClash?: string;
};

export class PrismaApiError extends Error {
  readonly status: number | null;
  readonly code: string | null;
  readonly apiMessage: string | null;
  readonly hint: string | null;
  /** On a 409, the attribute Prisma says clashed (`error.conflict`, e.g. `logicalId`), when it says. */
  readonly conflict: string | null;

  constructor(fields: {
    status: number | null;
    code: string | null;
    apiMessage: string | null;
    hint: string | null;
    conflict?: string | null;
    message: string;
    /** Literal secrets (e.g. the request's token) to mask wherever the API echoed them. */
    secrets?: readonly string[];
  }) {
    const secrets = fields.secrets ?? [];
    const clean = (text: string | null | undefined) => (text === null || text === undefined
      ? null
      : redactText(text, secrets));
    super(redactText(fields.message, secrets));
    this.name = "PrismaApiError";
    this.status = fields.status;
    this.code = clean(fields.code);
    this.apiMessage = clean(fields.apiMessage);
    this.hint = clean(fields.hint);
    this.conflict = clean(fields.conflict);
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      apiMessage: this.apiMessage,
      hint: this.hint,
      conflict: this.conflict,
    };
  }
}

/**
 * False only when the failed request certainly did nothing: refused (a 3xx or 4xx answer), or
 * never sent (a connection refused or unreachable), or stopped before it was sent (an input
 * error, the step's budget). A 5xx, a lost answer or an answer of the wrong shape may have
 * come after the work was done.
 */
export function mayHaveBeenCarriedOut(error: unknown): boolean {
  if (!(error instanceof PrismaApiError)) return false;
  // A success answered in a shape the package cannot read: the work was done.
  if (error.status !== null && error.status < 300) return true;
  // Otherwise as the retries judge an attempt (a 5xx, or a request that left).
  return mayHaveActed({
    response: error.status === null
      ? undefined
      : {
        status: error.status,
      },
    code: error.code ?? undefined,
  });
}

interface AxiosLikeError {
  message?: string;
  code?: string;
  response?: { status: number; data?: unknown; headers?: unknown };
}

interface ParsedBody {
  code: string;
  message: string;
  hint?: string;
  conflict?: string;
}

// Prisma's own shape is `{ error: { code, message, hint? } }`; `conflict` is added on an
// `app:already_exists` 409 (see the SDK's types).
function errorBodyOf(data: unknown): ParsedBody | null {
  if (data && typeof data === "object" && "error" in data) {
    const error = (data as { error: unknown }).error;
    if (error && typeof error === "object") {
      const {
        code, message, hint, conflict,
      } = error as Record<string, unknown>;
      return {
        code: typeof code === "string"
          ? code
          : "unknown",
        message: typeof message === "string"
          ? message
          : "",
        hint: typeof hint === "string"
          ? hint
          : undefined,
        conflict: typeof conflict === "string"
          ? conflict
          : undefined,
      };
    }
    // The GitHub-OIDC exchange answers `{ error: "unauthorized", errorDescription }`. A bare
    // `{ error: "Not Found" }` (a web server's, not Prisma's) carries words, not a code.
    if (typeof error === "string") {
      const description = (data as { errorDescription?: unknown }).errorDescription;
      if (typeof description === "string" || /^[\w:.-]+$/.test(error)) {
        return {
          code: error,
          message: typeof description === "string"
            ? description
            : "",
        };
      }
      return {
        code: "",
        message: error,
      };
    }
  }
  return null;
}

/** True when the body is Prisma's own error shape: `{ error: { code: string, … } }`. */
function isPrismaErrorBody(data: unknown): boolean {
  const error = data && typeof data === "object"
    ? (data as { error?: unknown }).error
    : undefined;
  return !!error && typeof error === "object" && typeof (error as { code?: unknown }).code === "string";
}

const GENERIC_ADVICE: Partial<Record<number, string>> = {
  401: "The Prisma token was rejected: reconnect the Prisma Management API account with a valid service token (Prisma Console → workspace Settings → Service Tokens).",
  403: "The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access.",
  404: "Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.",
  429: "Prisma is rate limiting requests: wait a little and run the step again.",
};
const SERVER_PROBLEM = "Prisma had a server problem.";
const SERVER_ADVICE = "Prisma had a server problem: run the step again in a moment.";

/** Advice for refusals recognised by what Prisma's error says rather than by its status. */
export const ADVICE = {
  planLimit: "The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.",
  planLimitGuess: "This looks like a limit of the workspace's Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.",
  logicalIdClash: "Something with this Logical ID already exists: use that one (find it by its Logical ID), or choose another Logical ID.",
  stateConflict: "The resource is busy or in a state that does not allow this (for example a database still provisioning or restoring): wait until it is ready, then run the step again.",
  routeNotFound: `The endpoint was not found: Prisma has no such route at this address, so this says nothing about the ID. Check the API base URL (it must end in \`/v1\`, like the default \`${DEFAULT_BASE_URL}\`).`,
} as const;

// Prisma's CLI recognises a plan limit by `error.code === "planLimitReached"`; the spelling is
// compared loosely (case, `-` and `_`), as codes elsewhere in the API use kebab-case.
const looseCode = (code: string | null) => (code ?? "").toLowerCase().replace(/[-_\s]/g, "");
const isPlanLimitCode = (code: string | null) => looseCode(code) === "planlimitreached";

const PLAN_LIMIT = /\b(plan|quota|limit(?:ed)? (?:reached|exceeded)|upgrade)\b/i;
// "exceeds … limit" on one line. Looked for as two words rather than as `exceed.*limit`, which
// backtracks over the rest of the line from every "exceed": quadratic on a long message.
const EXCEEDS = /\bexceed(?:s|ed)? /gi;
const LIMIT_WORD = /limit\b/gi;
const LINE_END = /[\n\r\u2028\u2029]/g;

/** Where the line that holds `index` ends (a line terminator, as `.` stops at), or the text's end. */
function lineEndFrom(text: string, index: number): number {
  LINE_END.lastIndex = index;
  return LINE_END.exec(text)?.index ?? text.length;
}

/** The index of the first match of the global `pattern` in `text` from `from` to `to`, or -1. */
function firstMatchBetween(pattern: RegExp, text: string, from: number, to: number): number {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match && match.index < to
    ? match.index
    : -1;
}

/** Whether a line says that something "exceeds" and then, later on it, "limit". */
function saysExceedsLimit(text: string): boolean {
  EXCEEDS.lastIndex = 0;
  for (let match = EXCEEDS.exec(text); match; match = EXCEEDS.exec(text)) {
    const end = lineEndFrom(text, EXCEEDS.lastIndex);
    if (firstMatchBetween(LIMIT_WORD, text, EXCEEDS.lastIndex, end) >= 0) return true;
    // The first "exceed" of a line is the one to try: none later on it can do better.
    EXCEEDS.lastIndex = end;
  }
  return false;
}

/** Whether Prisma's words speak of a plan's limit. */
const saysPlanLimit = (text: string) => PLAN_LIMIT.test(text) || saysExceedsLimit(text);
// A 429's "rate limit exceeded" is throttling, not a plan limit: that wording is ignored.
const RATE_LIMIT = /\brate[- _]?limit(?:ed|ing)?(?:[- _](?:exceeded|reached))?/gi;
const LOGICAL_ID = /logical[\s_-]?id/i;
// A 404 whose message names a route rather than a resource (frameworks' "Cannot GET /x").
const ROUTE_WORDS = /\b(route|endpoint)\b|\bcannot (get|post|put|patch|delete)\b/i;
// A router's own words for a path it does not serve, whatever code comes with them: "Route GET
// /projects not found". Its parts are looked for one after another (see `namesMissingRoute`).
const ROUTE_START = /^(?:route|no route)\b/i;
const ROUTE_METHOD = /\b(?:GET|POST|PUT|PATCH|DELETE)\s+\//gi;
const NOT_FOUND = /\bnot found\b/gi;

/**
 * Whether `message` starts with "route" (or "no route"), names a method and a path on its first
 * line, and then says "not found" on the line where the path starts. A scan that looks at each
 * character a bounded number of times: a regular expression such as
 * `^route\b.*\bGET\s+\/\S*.*\bnot found` backtracks quadratically on a long line.
 */
function namesMissingRoute(message: string): boolean {
  const start = ROUTE_START.exec(message);
  if (!start) return false;
  const firstLineEnd = lineEndFrom(message, 0);
  ROUTE_METHOD.lastIndex = start[0].length;
  let checkedFirstLine = false;
  for (
    let match = ROUTE_METHOD.exec(message);
    match && match.index < firstLineEnd;
    match = ROUTE_METHOD.exec(message)
  ) {
    const path = ROUTE_METHOD.lastIndex;
    // On the first line, the earliest path leaves the most room for "not found" after it.
    const onFirstLine = path <= firstLineEnd;
    if (onFirstLine && checkedFirstLine) continue;
    checkedFirstLine ||= onFirstLine;
    if (firstMatchBetween(NOT_FOUND, message, path, lineEndFrom(message, path)) >= 0) return true;
  }
  return false;
}

/**
 * True only when Prisma says a 409 is about the Logical ID: its `error.conflict` is
 * `"logicalId"` (the `app:already_exists` body the spec defines names the clashing attribute
 * there; `"name"` means a name clash), or, without that field, its code or message mentions
 * the logical ID (the API's own words for this clash: "A database with logicalId orders-prod
 * already exists"). Not for a plan limit, nor for a 409 that says nothing about it: the API
 * also answers 409 for state conflicts (restoring while provisioning, transferring while busy,
 * a branch with live databases), where looking the resource up by Logical ID would be wrong.
 */
export function isLogicalIdClash(error: Pick<PrismaApiError, "status" | "code" | "apiMessage" | "conflict">): boolean {
  if (error.status !== 409 || isPlanLimitCode(error.code)) return false;
  if (error.conflict) return error.conflict === "logicalId";
  return LOGICAL_ID.test(`${error.code ?? ""} ${error.apiMessage ?? ""}`);
}

// A code comes from the server or the network stack: never let it reach `Object.prototype`.
const ownValue = (record: Readonly<Record<string, string>>, key: string): string | undefined =>
  (Object.hasOwn(record, key)
    ? record[key]
    : undefined);

/** Words for a network failure, by the code Node, the HTTP client or the request core gives it. */
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "Could not reach the Prisma Management API: the connection was refused",
  ENOTFOUND: "Could not reach the Prisma Management API: the host name of the API base URL was not found",
  ETIMEDOUT: "Could not reach the Prisma Management API: the connection timed out",
  ECONNRESET: "Lost the connection to the Prisma Management API: it was reset before an answer arrived",
  EPIPE: "Lost the connection to the Prisma Management API: it closed while the request was being sent",
  ECONNABORTED: "The request to the Prisma Management API was aborted before an answer arrived (usually because it took too long)",
  EAI_AGAIN: "Could not reach the Prisma Management API: the host name of the API base URL could not be looked up for now",
  PRISMA_ANSWER_TOO_LARGE: "The Prisma Management API's answer was too large to be one of its own, so reading it stopped",
};
/** Node's HTTP parser codes: the server answered with bytes that are not HTTP. */
const NOT_HTTP = "The Prisma Management API answered with something that is not HTTP";
// Failures after which the request may have been received, and so may have taken effect.
const MAYBE_RECEIVED = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "ETIMEDOUT",
  REQUEST_TIMEOUT_CODE,
]);
// Failures that usually mean the address is wrong rather than the network being down.
const WRONG_ADDRESS = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
]);

function timeoutSecondsOf(error: Record<string, unknown>): number | null {
  if (typeof error.timeoutSeconds === "number") return error.timeoutSeconds;
  if (typeof error.timeoutMs === "number") return Math.round(error.timeoutMs / 1000);
  const stated = /within (\d+(?:\.\d+)?) ?s\b/.exec(String(error.message ?? ""));
  return stated
    ? Number(stated[1])
    : null;
}

/** What the request core knows of the request that failed. */
export interface RequestContext {
  method?: HttpMethod;
  /** For a create: what to say when it may have reached Prisma but its answer was lost. */
  lostAnswer?: string;
}

function networkMessage(err: unknown, {
  method, lostAnswer,
}: RequestContext): string {
  const error = (err && typeof err === "object"
    ? err
    : {}) as Record<string, unknown>;
  const code = typeof error.code === "string"
    ? error.code
    : undefined;
  if (code === undefined) {
    const reason = typeof error.message === "string"
      ? error.message
      : String(err);
    return `Could not reach the Prisma Management API (${asClause(reason)}). Check the network and run the step again.`;
  }
  let what = ownValue(NETWORK_WORDS, code) ?? (code.startsWith("HPE_")
    ? NOT_HTTP
    : undefined);
  if (code === REQUEST_TIMEOUT_CODE) {
    const seconds = timeoutSecondsOf(error);
    what = `The Prisma Management API did not answer ${seconds === null
      ? "in time"
      : `within ${seconds} s`}`;
  }
  const next = WRONG_ADDRESS.has(code)
    ? "Check the API base URL and the network, then run the step again."
    : "Check the network and run the step again.";
  // The request core knows whether the request left; without that, judge by the code.
  const maybeReceived = typeof error.maybeSent === "boolean"
    ? error.maybeSent
    : MAYBE_RECEIVED.has(code);
  const caution = maybeReceived
    ? mayHaveHappened({
      method,
      lostAnswer,
    })
    : null;
  return `${what ?? "Could not reach the Prisma Management API"} (${code}). ${next}${caution
    ? ` ${caution}`
    : ""}`;
}

/**
 * What to check before running again, after a request that may have been carried out but whose
 * outcome is unknown (its answer lost, or a server error that may have come after the work): a
 * read changed nothing; a create or change may have happened.
 */
function mayHaveHappened({
  method, lostAnswer,
}: RequestContext): string | null {
  if (method === "GET") return null;
  return lostAnswer ?? "Prisma may have received the request: if the step creates or changes something, check whether that happened before running it again.";
}

function headerOf(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== "object") return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === "function") {
    const value = (getter as (n: string) => unknown).call(headers, name);
    if (value !== undefined && value !== null) return value;
  }
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined
    ? undefined
    : record[key];
}

/**
 * The message for a 3xx: where it pointed, by origin only (a path or query could carry
 * anything). The request core does not follow redirects, so the token never went there.
 */
export function redirectMessage(location: unknown): string {
  const after = "the Management API does not redirect, so nothing was sent there. Check the API base URL.";
  const target = typeof location === "string"
    ? location.trim()
    : "";
  if (!target) return `Prisma answered with a redirect that names no address; ${after}`;
  let origin: string;
  try {
    origin = new URL(target).origin;
  } catch {
    // A relative address has no origin of its own: it points back at the same server.
    return `Prisma answered with a redirect to another path on the same server; ${after}`;
  }
  if (origin === "null") return `Prisma answered with a redirect to an address that is not a web address; ${after}`;
  return `Prisma answered with a redirect to ${origin}; ${after}`;
}

// Words are the same when, ignoring case, spacing, punctuation and camelCase, one holds the other.
const wordsOf = (text: string) => text.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()
  .replace(/[^\p{L}\p{N}]+/gu, " ")
  .trim();

/** `parts` without those that repeat another (the first of equals is kept); blanks dropped. */
function withoutRepeats(parts: (string | null | undefined)[]): (string | null)[] {
  const words = parts.map((p) => (p && p.trim()
    ? wordsOf(p)
    : ""));
  return parts.map((part, i) => {
    if (!part || !part.trim()) return null;
    const mine = words[i];
    if (!mine) return part;
    // A single word inside a longer text ("No", "Conflict") is not the same thing said twice.
    const phrase = mine.includes(" ");
    const repeated = words.some((other, j) => j !== i && other &&
      (other === mine
        ? j < i
        : phrase && other.length > mine.length && ` ${other} `.includes(` ${mine} `)));
    return repeated
      ? null
      : part;
  });
}

// Words too common to tell two sentences apart.
const COMMON_WORDS = new Set("the a an and or of to in on it its is are be this that with for from by as not no do does can cannot first then instead".split(" "));

/** The words that carry a sentence's meaning: no common words, no IDs (they hold digits). */
const meaningOf = (text: string) => new Set(wordsOf(text).split(" ")
  .filter((word) => word.length > 1 && !COMMON_WORDS.has(word) && !/\d/.test(word)));

/**
 * True when `shorter` says what `longer` says in other words: nearly all its meaningful words
 * (at least three) are in `longer`. Prisma's hint and the endpoint's advice often agree.
 */
function saysTheSame(shorter: string, longer: string): boolean {
  const mine = meaningOf(shorter);
  const theirs = meaningOf(longer);
  if (mine.size < 3) return false;
  const shared = [
    ...mine,
  ].filter((word) => theirs.has(word)).length;
  return shared / mine.size >= 0.75;
}

/** The advice to give, from what Prisma's error says first, then from the status. */
function adviceFor(
  status: number,
  body: ParsedBody | null,
  data: unknown,
  error: Pick<PrismaApiError, "status" | "code" | "apiMessage" | "conflict">,
  refusals: Refusals,
): string | undefined {
  const code = error.code;
  const forCode = code && refusals.codes
    ? ownValue(refusals.codes, code)
    : undefined;
  if (forCode) return forCode;
  if (isPlanLimitCode(code)) return ADVICE.planLimit;
  const forStatus = refusals[status];
  const planLimited = status !== 404 && status < 500 &&
    saysPlanLimit(`${code ?? ""} ${error.apiMessage ?? ""}`.replace(RATE_LIMIT, " "));
  if (status === 404) {
    // A missing route answers in a web server's words, not Prisma's `{ error: { code } }`.
    const routeMissing = !isPrismaErrorBody(data) ||
      (code !== "resource-not-found" && ROUTE_WORDS.test(body?.message ?? "")) ||
      namesMissingRoute(body?.message ?? "");
    if (routeMissing) return ADVICE.routeNotFound;
  }
  if (status === 409) {
    const speaksOfLogicalId = forStatus !== undefined && LOGICAL_ID.test(forStatus);
    if (isLogicalIdClash(error)) return refusals.logicalIdClash ?? (speaksOfLogicalId
      ? forStatus
      : ADVICE.logicalIdClash);
    if (forStatus !== undefined && !speaksOfLogicalId) return forStatus;
    return planLimited
      ? ADVICE.planLimitGuess
      : ADVICE.stateConflict;
  }
  return forStatus ?? (planLimited
    ? ADVICE.planLimitGuess
    : GENERIC_ADVICE[status]) ??
    (status >= 500
      ? SERVER_ADVICE
      : undefined);
}

/**
 * The error to throw for a failed request; `refusals` explain what a refusal means for this
 * endpoint, and `secrets` (e.g. the token sent) are masked wherever the API echoed them.
 */
export function toPrismaApiError(
  err: unknown,
  refusals: Refusals = {},
  secrets: readonly string[] = [],
  request: RequestContext = {},
): PrismaApiError {
  const error = err as AxiosLikeError;
  const status = error?.response?.status ?? null;
  if (status === null) {
    return new PrismaApiError({
      status: null,
      code: error?.code ?? null,
      apiMessage: null,
      hint: null,
      secrets,
      message: networkMessage(err, request),
    });
  }
  if (status >= 300 && status < 400) {
    return new PrismaApiError({
      status,
      code: null,
      apiMessage: null,
      hint: null,
      secrets,
      message: redirectMessage(headerOf(error.response?.headers, "location")),
    });
  }
  const data = error.response?.data;
  const body = errorBodyOf(data);
  const fields = {
    status,
    code: body?.code || null,
    apiMessage: body?.message.trim() || null,
    hint: body?.hint?.trim() || null,
    conflict: body?.conflict ?? null,
    secrets,
  };
  const advice = adviceFor(status, body, data, fields, refusals);
  // A server error can come after the work was done (a gateway giving up on a busy server):
  // before running a create or change again, check whether it happened.
  const caution = status >= 500 && request.method !== undefined
    ? mayHaveHappened(request)
    : null;
  const [
    message,
    repeatedHint,
    extra,
  ] = withoutRepeats([
    fields.apiMessage,
    fields.hint,
    advice,
  ]);
  // Said once: where the advice covers Prisma's hint in its own words, the advice (which names the step to use) stays.
  const covered = repeatedHint && extra && repeatedHint.length <= extra.length &&
    saysTheSame(repeatedHint, extra);
  const hint = covered
    ? null
    : repeatedHint;
  const parts = [
    `Prisma API error ${status}${fields.code
      ? ` (${fields.code})`
      : ""}:`,
    fields.apiMessage === null
      ? "no message."
      : sentence(message),
    hint
      ? `Hint: ${sentence(hint)}`
      : null,
    caution && extra === SERVER_ADVICE
      ? SERVER_PROBLEM
      : extra,
    caution,
  ].filter(Boolean);
  return new PrismaApiError({
    ...fields,
    message: parts.join(" "),
  });
}

/** `text` ending as a sentence does, so the advice after it reads apart: `not found` → `not found.` */
function sentence(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.trimEnd();
  return /[.!?…:;)"'`]$/.test(trimmed)
    ? trimmed
    : `${trimmed}.`;
}

/**
 * `text` put inside another sentence, in parentheses: without the full stop that ended it, so
 * the sentence around it ends once: `(… not found.).` → `(… not found).` An ellipsis stays.
 */
export function asClause(text: string): string {
  return text.trimEnd().replace(/(?<!\.)\.$/, "");
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The error a failed request ends with: `toPrismaApiError`, plus what only the request core
 * knows — that the server asked for a pause longer than the run had left, or that the run's
 * time for rate-limited requests is spent (passed on as it is: it names no server data).
 */
export function toRequestError(
  err: unknown,
  refusals: Refusals | undefined,
  secrets: readonly string[],
  request: RequestContext,
): Error {
  if (err instanceof RateBudgetError) return err;
  const error = toPrismaApiError(err, refusals, secrets, request);
  const asked = (err as RetryCutShort)?.retryAfterMs;
  if (asked !== undefined) {
    const seconds = Math.ceil(asked / 1000);
    // A pause of more than a day is no plan for a step: it is said as such, not in minutes.
    error.message += seconds > DAY_SECONDS
      ? " Prisma asked to wait more than a day before another try, far longer than this step had left: run it again later."
      : ` Prisma asked to wait ${seconds} s before another try, longer than this step had left: run it again ${seconds <= 60
        ? "in a minute"
        : `in ${Math.ceil(seconds / 60)} minutes`}.`;
  }
  return error;
}

/** A 2xx whose body is not what the API documents for the endpoint. */
export function unexpectedAnswer({
  endpoint, method, status, problem, lostAnswer,
}: {
  endpoint: string; method: HttpMethod; status: number; problem: string; lostAnswer?: string;
}): PrismaApiError {
  const done = method === "GET"
    ? "Nothing was changed."
    : method === "POST" && lostAnswer
      ? lostAnswer
      : "The change may have been made.";
  return new PrismaApiError({
    status,
    code: "unexpected-response",
    apiMessage: null,
    hint: null,
    message: `Prisma answered ${endpoint} with ${status}, but not in the shape the API documents: ${problem}. ${done} ` +
      "If this keeps happening, check that the API base URL points at the Prisma Management API.",
  });
}
