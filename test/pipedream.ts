// Runs actions and dropdowns the way Pipedream does: prop values (with their defaults) on
// `this`, `this.app` = the app's methods bound to an object carrying `$auth`, and a `$` that
// records exports. Plain Node: used by the tests, the demo and the action runner alike.

type AnyFunction = (...args: unknown[]) => unknown;
export type PropDef = Record<string, unknown> & { propDefinition?: unknown[]; default?: unknown; type?: string };

export interface AppLike {
  app: string;
  propDefinitions?: object;
  methods?: object;
}

export interface ActionLike {
  key: string;
  name?: string;
  description?: string;
  props?: Record<string, unknown>;
  run: unknown;
}

/** The app as Pipedream hands it to an action: methods bound to an object with `$auth`. */
export function bindApp(app: AppLike, auth: Record<string, unknown>, overrides: AppOverrides = {}) {
  const instance: Record<string, unknown> = { $auth: auth };
  for (const [name, method] of Object.entries({ ...app.methods, ...everyApp, ...overrides })) {
    instance[name] = (method as AnyFunction).bind(instance);
  }
  return instance;
}

/**
 * App methods to replace on the bound app, as a local tool points the package elsewhere: e.g.
 * `_baseUrl` for another server, `_requestsPerMinute` for one without Prisma's rate limit.
 */
export type AppOverrides = Record<string, (...args: never[]) => unknown>;

// Overrides applied to every app bound from now on, until changed.
let everyApp: AppOverrides = {};

/**
 * Points every app bound from now on at the server at `baseUrl` (e.g. an emulator's
 * `http://127.0.0.1:PORT/v1`), by overriding `_baseUrl` as a local tool does; null points them
 * back at Prisma. `requestsPerMinute: null` also turns pacing off, for a server without
 * Prisma's rate limit.
 */
export function pointAppsAt(baseUrl: string | null, { requestsPerMinute }: { requestsPerMinute?: number | null } = {}): void {
  everyApp = {};
  if (baseUrl) everyApp._baseUrl = () => baseUrl.replace(/\/+$/, "");
  if (requestsPerMinute !== undefined) everyApp._requestsPerMinute = () => requestsPerMinute;
}

/** The action's app prop: the app object it was built with. */
export function appOf(action: ActionLike): AppLike {
  return action.props?.app as AppLike;
}

/** A prop's definition as Pipedream resolves it: the app's propDefinition, overridden by the action's own keys. */
export function resolvePropOf(app: AppLike, definition: unknown): PropDef {
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

/** Runs `action` with `props`; exports are recorded even when it throws (see `error.exports`). */
export async function run<R = unknown>(
  action: ActionLike,
  props: Record<string, unknown>,
  auth: Record<string, unknown>,
  overrides: AppOverrides = {},
): Promise<Run<R>> {
  const app = appOf(action);
  const exports: Record<string, unknown> = {};
  const $ = { export: (key: string, value: unknown) => { exports[key] = value; } };
  const self: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(action.props ?? {})) {
    if (name === "app") continue;
    const prop = resolvePropOf(app, definition);
    if (prop && "default" in prop) self[name] = prop.default;
  }
  Object.assign(self, props, { app: bindApp(app, auth, overrides) });
  try {
    const result = (await (action.run as AnyFunction).call(self, { $ })) as R;
    return { result, exports, summary: exports.$summary };
  } catch (error) {
    if (error && typeof error === "object") Object.defineProperty(error, "exports", { value: exports, enumerable: false });
    throw error;
  }
}

/** Loads one page of a propDefinition's options, with `this` bound to the app instance. */
export async function options(app: AppLike, propName: string, args: Record<string, unknown>, auth: Record<string, unknown>) {
  const definition = (app.propDefinitions as Record<string, { options: AnyFunction }>)[propName];
  return definition.options.call(bindApp(app, auth), args);
}
