// Runs actions and dropdowns the way Pipedream does: prop values (with their defaults) on
// `this`, `this.app` = the app's methods bound to an object carrying `$auth`, and a `$` that
// records exports.
import nock from "nock";
import { clientAwaiting, holdOnPurpose } from "./fake-clock";
import app from "../prisma_management_api.app";
import { bindApp, options, resolvePropOf, run, type ActionLike, type PropDef, type Run } from "./pipedream";

export const TOKEN = "pd-test-token-7f3a9c1e5b";
export const API = "https://api.prisma.io";

export type { ActionLike, Run } from "./pipedream";
export { settle, until, useFakeClock } from "./fake-clock";

/** The app as Pipedream hands it to an action: methods bound to an object with `$auth`. */
export function boundApp(auth: Record<string, unknown> = { api_token: TOKEN }) {
  return bindApp(app, auth);
}

/** A prop's definition as Pipedream resolves it. */
export function resolveProp(definition: unknown): PropDef {
  return resolvePropOf(app, definition);
}

export async function runAction<R = unknown>(
  action: ActionLike,
  props: Record<string, unknown> = {},
  auth: Record<string, unknown> = { api_token: TOKEN },
): Promise<Run<R>> {
  return run<R>(action, props, auth);
}

/** Runs the action expecting it to fail; returns the error and whatever it exported first. */
export async function runActionError(action: ActionLike, props: Record<string, unknown> = {}) {
  let outcome: Run;
  try {
    outcome = await runAction(action, props);
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error(`expected ${action.key} to fail, but it succeeded with ${JSON.stringify(outcome.summary)}`);
}

/** Loads one page of a propDefinition's options, with `this` bound to the app instance. */
export async function loadOptions(propName: string, args: Record<string, unknown> = {}) {
  return options(app, propName, args, { api_token: TOKEN }) as Promise<
    { options: { label: string; value: string }[]; context: { cursor?: string } } | { label: string; value: string }[]
  >;
}

/** A nock scope on the API that insists on the Bearer token. */
export function api() {
  return nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

/** A standard error body. */
export function errorBody(code: string, message: string, hint?: string) {
  return { error: hint === undefined ? { code, message } : { code, message, hint } };
}

/** Every string an output, export or error could leak, flattened for `not.toContain` checks. */
export function everything(...values: unknown[]): string {
  return values.map((v) => (v instanceof Error ? `${v.message} ${JSON.stringify(v)}` : JSON.stringify(v) ?? "")).join("\n");
}

/**
 * A nock reply that never comes: the request hangs until its client gives up, which on the fake
 * clock is when its timeout is due. `api().get(path).reply(hang)`.
 */
export function hang(this: nock.ReplyFnContext, _uri: string, _body: nock.Body, _callback: (error: null, result: nock.ReplyFnResult) => void): void {
  const { method, path } = this.req as unknown as { method: string; path: string };
  holdOnPurpose(clientAwaiting(method, path));
}
