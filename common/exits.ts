// The one boundary every component's exits pass. A component's code runs with its empty
// optional props set to their defaults, and with a `$` whose exports are redacted; what it
// returns, emits or throws is redacted on the way out. Only an action that mints credentials
// keeps them, and only in the named fields. No component can forget: `defineAction` and the
// sources' definition wrap every `run` (and a source's hooks) in this.
import {
  MINTED_FIELDS, redactAll, redactError, redactingStep, redactOutput,
} from "./redaction";
import { emptyOptionalProps } from "./validation";
import type { Step } from "./types";

type Self = Record<string, unknown>;

/** A scheme typed in front of the token: `Bearer eyJ…` pasted whole from a header. */
const TYPED_SCHEME = /^\s*(?:bearer|basic|token)\s+/i;

/**
 * The account's token, as it was saved, as it is sent (trimmed) and without a scheme typed in
 * front of it, read from an app without importing it: masked wherever an answer or an error
 * quotes it.
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
  const forms = found.filter((item): item is string => typeof item === "string" && item.trim() !== "");
  // A token pasted with its scheme (`Bearer eyJ…`) is sent as typed, but an answer may quote
  // the credential alone.
  for (const form of [
    ...forms,
  ]) {
    const bare = form.replace(TYPED_SCHEME, "").trim();
    if (bare !== "" && bare !== form.trim()) forms.push(bare);
  }
  return forms;
}

/** `tokenFormsOf` the component's `app`. */
export function accountSecretsOf(self: unknown): string[] {
  return tokenFormsOf((self as Self | null | undefined)?.app);
}

const redactingSteps = new WeakMap<object, Step>();

/**
 * `redactingStep` of the run's `$`, the same wrapper for the same `$`, so that what is kept
 * per run (its pacing, its deadline) stays one per run.
 */
export function redactingExports<S extends Step>($: S, secrets: readonly string[]): S {
  if (!$ || typeof $ !== "object") return $;
  const known = redactingSteps.get($);
  if (known) return known as S;
  const wrapped = redactingStep($, secrets);
  redactingSteps.set($, wrapped);
  return wrapped;
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
    const {
      target, restore,
    } = overlay(this, secrets, props);
    try {
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
      const result = await (run as (...a: A) => R | Promise<R>).apply(target, passed);
      return redactOutput(result, secrets, keep);
    } catch (error) {
      throw redactError(error, secrets);
    } finally {
      restore();
    }
  };
}

/**
 * What the component's code sees on `self` for the length of one call: its empty optional props
 * at their defaults, and `$emit` redacting every event and its meta (the summary among them).
 * They are set on the instance itself, since Pipedream may bind a component's methods to it,
 * and put back afterwards; on an instance that will not take them, on a view on top of it.
 */
function overlay(self: unknown, secrets: readonly string[], props: BoundaryOptions["props"]) {
  if (!self || typeof self !== "object") return {
    target: self,
    restore: () => {},
  };
  const instance = self as Self;
  const changes: Self = {
    ...emptyOptionalProps(props, instance),
  };
  const emit = instance.$emit;
  if (typeof emit === "function") {
    changes.$emit = (event: unknown, meta: unknown) =>
      emit.call(instance, redactAll(event, secrets), redactAll(meta, secrets));
  }
  const names = Object.keys(changes);
  const before = names.map((name) => Object.getOwnPropertyDescriptor(instance, name));
  try {
    for (const name of names) instance[name] = changes[name];
    if (names.every((name) => instance[name] === changes[name])) {
      return {
        target: instance,
        restore: () => names.forEach((name, i) => {
          const descriptor = before[i];
          if (descriptor) Object.defineProperty(instance, name, descriptor);
          else delete instance[name];
        }),
      };
    }
  } catch {
    // Read-only: fall through to a view.
  }
  const view = Object.create(instance) as Self;
  for (const name of names) Object.defineProperty(view, name, {
    value: changes[name],
    writable: true,
    enumerable: true,
  });
  return {
    target: view,
    restore: () => {},
  };
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
