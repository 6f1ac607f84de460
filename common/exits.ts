// The one boundary every component's exits pass. A component's code runs with its empty
// optional props set to their defaults, and with a `$` whose exports are redacted; what it
// returns, emits or throws is redacted on the way out. Only an action that mints credentials
// keeps them, and only in the named fields. No component can forget: `defineAction` and the
// sources' definition wrap every `run` (and a source's hooks) in this.
import {
  MINTED_FIELDS, redactAll, redactError, redactOutput, redactText,
} from "./redaction";
import { emptyOptionalProps } from "./validation";
import type { Step } from "./types";

type Self = Record<string, unknown>;

/**
 * The account's token, as it was saved and as it is sent (trimmed), read from an app without
 * importing it: masked wherever an answer or an error quotes it.
 */
export function tokenFormsOf(app: unknown): string[] {
  const methods = app as Self | null | undefined;
  const found: unknown[] = [
    (methods?.$auth as Self | undefined)?.api_token,
  ];
  try {
    if (typeof methods?._token === "function") found.push((methods._token as () => unknown).call(methods));
  } catch {
    // No token to read: nothing more to mask.
  }
  return found.filter((item): item is string => typeof item === "string" && item.trim() !== "");
}

/** `tokenFormsOf` the component's `app`. */
export function accountSecretsOf(self: unknown): string[] {
  return tokenFormsOf((self as Self | null | undefined)?.app);
}

const redactingSteps = new WeakMap<object, Step>();

/**
 * `$` with every export redacted: `$summary` as text, anything else (the HTTP client's `debug`
 * among them) as data with its secret keys dropped. Everything else of `$` (its context, the
 * flow's suspend and rerun) is the original's. The same `$` always gives the same wrapper, so
 * what is kept per run (its pacing, its deadline) stays one per run.
 */
export function redactingExports<S extends Step>($: S, secrets: readonly string[]): S {
  if (!$ || typeof $ !== "object") return $;
  const known = redactingSteps.get($);
  if (known) return known as S;
  const exportRedacted = (key: string, value: unknown) => $.export(key, key === "$summary" && typeof value === "string"
    ? redactText(value, secrets)
    : redactAll(value, secrets));
  const wrapped = new Proxy($, {
    get(target, key) {
      return key === "export"
        ? exportRedacted
        : Reflect.get(target, key, target);
    },
  });
  redactingSteps.set($, wrapped);
  return wrapped;
}

/** `self` as the component's code sees it: the same, with empty optional props at their defaults. */
function withInputDefaults(self: unknown, props: BoundaryOptions["props"]): unknown {
  if (!self || typeof self !== "object") return self;
  const replaced = emptyOptionalProps(props, self as Self);
  if (!replaced) return self;
  // A view on top of the instance: its methods, app and `db` stay the instance's own.
  const view = Object.create(self) as Self;
  for (const [
    name,
    value,
  ] of Object.entries(replaced)) view[name] = value;
  return view;
}

export interface BoundaryOptions {
  /** The component's props, for the defaults of empty optional ones. */
  props?: Readonly<Record<string, unknown>>;
  /** True for an action that mints credentials: only it returns them, in the named fields. */
  mints?: boolean;
}

/**
 * `run` (an action's, or a source's `run` or hook) wrapped in the boundary: its props read with
 * defaults, `$` and `$emit` redacted, its result redacted except for the minted fields of an
 * action that mints them, and any error redacted in every field before it is thrown on.
 */
export function atBoundary<A extends unknown[], R>(
  run: (this: never, ...args: A) => R | Promise<R>,
  {
    props, mints = false,
  }: BoundaryOptions,
): (this: unknown, ...args: A) => Promise<R> {
  const keep = mints
    ? MINTED_FIELDS
    : new Set<string>();
  return async function boundary(this: unknown, ...args: A): Promise<R> {
    const secrets = accountSecretsOf(this);
    try {
      const self = redactingEmits(withInputDefaults(this, props), secrets);
      const [
        options,
        ...rest
      ] = args;
      const step = (options as { $?: Step } | undefined)?.$;
      const passed = (step
        ? [
          {
            ...(options as object),
            $: redactingExports(step, secrets),
          },
          ...rest,
        ]
        : args) as A;
      const result = await (run as (...a: A) => R | Promise<R>).apply(self, passed);
      return redactOutput(result, secrets, keep);
    } catch (error) {
      throw redactError(error, secrets);
    }
  };
}

/** `self` with `$emit` redacting every event and its meta (the summary among them), when it emits. */
function redactingEmits(self: unknown, secrets: readonly string[]): unknown {
  const emit = (self as Self | null | undefined)?.$emit;
  if (typeof emit !== "function") return self;
  const view = Object.create(self as object) as Self;
  view.$emit = (event: unknown, meta: unknown) =>
    emit.call(self, redactAll(event, secrets), redactAll(meta, secrets));
  return view;
}

interface HookedComponent {
  props?: Readonly<Record<string, unknown>>;
  run?: unknown;
  hooks?: Record<string, unknown>;
}

/** A source with its `run` and every hook (deploy, activate, deactivate) at the boundary. */
export function sourceAtBoundary<C extends object>(source: C): C {
  const component = source as HookedComponent;
  const wrap = (fn: unknown) => (typeof fn === "function"
    ? atBoundary(fn as (...args: unknown[]) => unknown, {
      props: component.props,
    })
    : fn);
  return {
    ...source,
    run: wrap(component.run),
    ...(component.hooks
      ? {
        hooks: Object.fromEntries(Object.entries(component.hooks).map(([
          name,
          hook,
        ]) => [
          name,
          wrap(hook),
        ])),
      }
      : {}),
  };
}
