// Runs actions and dropdowns the way Pipedream does: prop values (with their defaults) on
// `this`, `this.app` = the app's methods bound to an object carrying `$auth`, and a `$` that
// records exports.
import nock from "nock";
import { vi } from "vitest";
import app from "../prisma_management_api.app";

export const TOKEN = "pd-test-token-7f3a9c1e5b";
export const API = "https://api.prisma.io";

type AnyFunction = (...args: unknown[]) => unknown;
type PropDef = Record<string, unknown> & { propDefinition?: unknown[]; default?: unknown; type?: string };
export interface ActionLike {
  key: string;
  props?: Record<string, unknown>;
  run: unknown;
}

/** The app as Pipedream hands it to an action: methods bound to an object with `$auth`. */
export function boundApp(auth: Record<string, unknown> = { api_token: TOKEN }) {
  const instance: Record<string, unknown> = { $auth: auth };
  for (const [name, method] of Object.entries(app.methods ?? {})) {
    instance[name] = (method as AnyFunction).bind(instance);
  }
  return instance;
}

/** A prop's definition as Pipedream resolves it: the app's propDefinition, overridden by the action's own keys. */
export function resolveProp(definition: unknown): PropDef {
  const prop = definition as PropDef;
  if (!prop || typeof prop !== "object" || !Array.isArray(prop.propDefinition)) return prop;
  const [, name] = prop.propDefinition as [unknown, string];
  const base = (app.propDefinitions as Record<string, PropDef>)[name];
  const { propDefinition: _ref, ...overrides } = prop;
  return { ...base, ...overrides };
}

export interface Run<R = unknown> {
  result: R;
  exports: Record<string, unknown>;
  summary: unknown;
}

export async function runAction<R = unknown>(
  action: ActionLike,
  props: Record<string, unknown> = {},
  auth?: Record<string, unknown>,
): Promise<Run<R>> {
  const exports: Record<string, unknown> = {};
  const $ = { export: (key: string, value: unknown) => { exports[key] = value; } };
  const self: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(action.props ?? {})) {
    if (name === "app") continue;
    const prop = resolveProp(definition);
    if (prop && "default" in prop) self[name] = prop.default;
  }
  Object.assign(self, props, { app: boundApp(auth) });
  const result = (await (action.run as AnyFunction).call(self, { $ })) as R;
  return { result, exports, summary: exports.$summary };
}

/** Runs the action expecting it to fail; returns the error and whatever it exported first. */
export async function runActionError(action: ActionLike, props: Record<string, unknown> = {}) {
  const exports: Record<string, unknown> = {};
  try {
    await runAction(action, props);
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error(`expected ${action.key} to fail, but it succeeded (exports: ${JSON.stringify(exports)})`);
}

/** Loads one page of a propDefinition's options, with `this` bound to the app instance. */
export async function loadOptions(propName: string, args: Record<string, unknown> = {}) {
  const definition = (app.propDefinitions as unknown as Record<string, { options: AnyFunction }>)[propName];
  return definition.options.call(boundApp(), args) as Promise<
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

/** Fake clocks for waits and backoff; real I/O still runs, so requests complete. */
export function useFakeClock() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
}

/**
 * Settles `promise` under fake timers: fires each pending timer in turn, letting real I/O
 * (the mocked HTTP exchanges) run between them.
 */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(() => { done = true; }, () => { done = true; });
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!done) await vi.advanceTimersToNextTimerAsync();
  }
  return promise;
}
