// The error a failed request ends with: Prisma's refusal in words (`common/errors.ts`), plus
// what only the request core knows: that a create's answer was lost after it may have reached
// Prisma, that the server asked for a pause longer than the run had left, or that a success
// answer was not the documented shape.
import { PrismaApiError, toPrismaApiError, type Refusals } from "./errors";
import { RateBudgetError } from "./rate-pacing";
import type { HttpMethod, RetryCutShort } from "./retry";

export type { Refusals } from "./errors";

interface RequestContext {
  endpoint: string;
  method: HttpMethod;
  refusals?: Refusals;
  lostAnswer?: string;
  secrets: readonly string[];
}

/** True when the request may have reached Prisma although no answer came back. */
function answerLost(err: unknown): boolean {
  const failure = err as { response?: unknown; maybeSent?: boolean; code?: string };
  if (failure?.response) return false;
  if (failure?.maybeSent !== undefined) return failure.maybeSent;
  return failure?.code !== "ECONNREFUSED" && failure?.code !== "ENOTFOUND";
}

export function toRequestError(err: unknown, { method, refusals, lostAnswer, secrets }: RequestContext): Error {
  if (err instanceof RateBudgetError) return err;
  const error = toPrismaApiError(err, refusals, secrets);
  const asked = (err as RetryCutShort)?.retryAfterMs;
  if (asked !== undefined) {
    addAdvice(error, `Prisma asked to wait ${Math.ceil(asked / 1000)} s before another try, longer than this step had left: run it again in a minute.`);
  }
  if (method === "POST" && lostAnswer && answerLost(err)) addAdvice(error, lostAnswer);
  return error;
}

/** Appends what to do to an error's message. */
function addAdvice(error: Error, advice: string): void {
  error.message = `${error.message} ${advice}`;
}

/** A 2xx whose body is not what the API documents for the endpoint. */
export function unexpectedAnswer({ endpoint, method, status, problem, lostAnswer }: {
  endpoint: string; method: HttpMethod; status: number; problem: string; lostAnswer?: string;
}): PrismaApiError {
  const done = method === "GET" ? "Nothing was changed." : method === "POST" && lostAnswer ? lostAnswer : "The change may have been made.";
  return new PrismaApiError({
    status,
    code: "unexpected-response",
    apiMessage: null,
    hint: null,
    message: `Prisma answered ${endpoint} with ${status}, but not in the shape the API documents: ${problem}. ${done} ` +
      "If this keeps happening, check that the API base URL points at the Prisma Management API.",
  });
}
