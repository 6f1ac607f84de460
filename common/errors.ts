// Turns whatever axios throws into one error a person can act on: the HTTP status, the API's
// `error.code`, `error.message` and `error.hint`, plus what to do about it. Nothing of the
// request (and so no token) survives into it.
import { redactText } from "./redaction";
import type { ErrorBody } from "./types";

/** Advice for the statuses an endpoint is known to refuse with, keyed by HTTP status. */
export type Refusals = Partial<Record<number, string>>;

export class PrismaApiError extends Error {
  readonly status: number | null;
  readonly code: string | null;
  readonly apiMessage: string | null;
  readonly hint: string | null;

  constructor(fields: {
    status: number | null;
    code: string | null;
    apiMessage: string | null;
    hint: string | null;
    message: string;
    /** Literal secrets (e.g. the request's token) to mask wherever the API echoed them. */
    secrets?: readonly string[];
  }) {
    const secrets = fields.secrets ?? [];
    const clean = (text: string | null) => (text === null ? null : redactText(text, secrets));
    super(redactText(fields.message, secrets));
    this.name = "PrismaApiError";
    this.status = fields.status;
    this.code = clean(fields.code);
    this.apiMessage = clean(fields.apiMessage);
    this.hint = clean(fields.hint);
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      apiMessage: this.apiMessage,
      hint: this.hint,
    };
  }
}

interface AxiosLikeError {
  message?: string;
  code?: string;
  response?: { status: number; data?: unknown };
}

function errorBodyOf(data: unknown): ErrorBody["error"] | null {
  if (data && typeof data === "object" && "error" in data) {
    const error = (data as { error: unknown }).error;
    if (error && typeof error === "object") {
      const { code, message, hint } = error as Record<string, unknown>;
      return {
        code: typeof code === "string" ? code : "unknown",
        message: typeof message === "string" ? message : "",
        hint: typeof hint === "string" ? hint : undefined,
      };
    }
    // The GitHub-OIDC exchange answers `{ error: "unauthorized", errorDescription }`.
    if (typeof error === "string") {
      const description = (data as { errorDescription?: unknown }).errorDescription;
      return { code: error, message: typeof description === "string" ? description : "" };
    }
  }
  return null;
}

const GENERIC_ADVICE: Refusals = {
  401: "The Prisma token was rejected: reconnect the Prisma Management API account with a valid service token (Prisma Console → workspace Settings → Service Tokens).",
  403: "The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access.",
  404: "Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.",
  429: "Prisma is rate limiting requests: wait a little and run the step again.",
};

const PLAN_LIMIT = /\b(plan|quota|limit(?:ed)? (?:reached|exceeded)|exceed(?:s|ed)? .*limit|upgrade)\b/i;
// A 429's "rate limit exceeded" is throttling, not a plan limit: that wording is ignored.
const RATE_LIMIT = /\brate[- _]?limit(?:ed|ing)?(?:[- _](?:exceeded|reached))?/gi;
const PLAN_ADVICE = "This looks like a limit of the workspace's Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.";

/**
 * The error to throw for a failed request; `refusals` explain what a status means for this
 * endpoint, and `secrets` (e.g. the token sent) are masked wherever the API echoed them.
 */
export function toPrismaApiError(err: unknown, refusals: Refusals = {}, secrets: readonly string[] = []): PrismaApiError {
  const error = err as AxiosLikeError;
  const status = error?.response?.status ?? null;
  if (status === null) {
    const reason = error?.code ?? error?.message ?? String(err);
    return new PrismaApiError({
      status: null,
      code: error?.code ?? null,
      apiMessage: null,
      hint: null,
      secrets,
      message: `Could not reach the Prisma Management API (${reason}). Check the network and run the step again.`,
    });
  }
  const body = errorBodyOf(error.response?.data);
  const code = body?.code ?? null;
  const apiMessage = body?.message || null;
  const hint = body?.hint ?? null;
  const planLimited = status !== 404 && status < 500 &&
    PLAN_LIMIT.test(`${code ?? ""} ${apiMessage ?? ""}`.replace(RATE_LIMIT, " "));
  const advice = refusals[status] ?? (planLimited ? PLAN_ADVICE : GENERIC_ADVICE[status]) ??
    (status >= 500 ? "Prisma had a server problem: run the step again in a moment." : undefined);
  const parts = [
    `Prisma API error ${status}${code ? ` (${code})` : ""}: ${apiMessage ?? "no message"}`,
    hint ? `Hint: ${hint}` : null,
    advice ?? null,
  ].filter(Boolean);
  return new PrismaApiError({ status, code, apiMessage, hint, secrets, message: parts.join(" ") });
}

/**
 * Prefixes an error with what already exists, for a multi-step action that fails part way:
 * nobody should have to guess what was left behind. Keeps the error's class and fields.
 */
export function withContext<E>(error: E, context: string): E {
  if (error instanceof Error) error.message = `${context} ${error.message}`;
  return error;
}
