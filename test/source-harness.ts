// Runs polling sources the way Pipedream does: prop values (with their defaults) on `this`,
// `this.app` = the app's methods bound to an object carrying `$auth`, `this.db` a key-value
// store whose values go through JSON, `this.$emit` recorded, the source's methods on `this`;
// `hooks.deploy` once, then `run` on each timer tick. Plain Node: used by the tests and the demo.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { appOf, bindApp, resolvePropOf, type ActionLike, type AppOverrides } from "./pipedream";

type AnyFunction = (...args: unknown[]) => unknown;

export interface SourceLike extends ActionLike {
  version?: string;
  type?: string;
  dedupe?: string;
  hooks?: { deploy?: unknown; activate?: unknown; deactivate?: unknown };
  methods?: object;
  sampleEmit?: unknown;
}

export interface EmittedMeta {
  id: string;
  summary: string;
  ts: number;
}

export interface Emitted {
  event: Record<string, unknown>;
  meta: EmittedMeta;
}

/** `$.service.db`: values are stored as JSON, as Pipedream stores them, so only plain data survives. */
export class MemoryDb {
  private readonly values = new Map<string, string>();

  get(key: string): unknown {
    const text = this.values.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  set(key: string, value: unknown): void {
    this.values.set(key, JSON.stringify(value));
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** The stored state's size in characters of JSON: what must stay small. */
  size(): number {
    let total = 0;
    for (const [key, text] of this.values) total += key.length + text.length;
    return total;
  }
}

export interface SourceInstance {
  db: MemoryDb;
  /** Every event emitted by this instance, in order. */
  emitted: Emitted[];
  /** Runs `hooks.deploy`; returns what it emitted. */
  deploy(): Promise<Emitted[]>;
  /** Runs `run` as a timer tick does; returns what it emitted. */
  tick(): Promise<Emitted[]>;
}

/**
 * An instance of `source` with `props`; pass the `db` of an earlier instance to model a
 * restart or a redeploy (Pipedream keeps the db), and `overrides` to point its app elsewhere.
 */
export function instantiate(
  source: SourceLike,
  props: Record<string, unknown>,
  auth: Record<string, unknown>,
  db = new MemoryDb(),
  overrides: AppOverrides = {},
): SourceInstance {
  const app = appOf(source);
  const emitted: Emitted[] = [];
  const self: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(source.props ?? {})) {
    if (name === "app" || typeof definition !== "object") continue;
    const prop = resolvePropOf(app, definition);
    if (prop && "default" in prop) self[name] = prop.default;
  }
  Object.assign(self, props, {
    app: bindApp(app, auth, overrides),
    db,
    // Pipedream serializes events: what cannot go through JSON does not arrive.
    $emit: (event: unknown, meta: EmittedMeta) => {
      emitted.push({ event: JSON.parse(JSON.stringify(event)), meta: { ...meta } });
    },
  });
  for (const [name, method] of Object.entries(source.methods ?? {})) {
    self[name] = (method as AnyFunction).bind(self);
  }
  async function during(call: () => unknown): Promise<Emitted[]> {
    const before = emitted.length;
    await call();
    return emitted.slice(before);
  }
  return {
    db,
    emitted,
    deploy: () => during(() => (source.hooks?.deploy as AnyFunction | undefined)?.call(self)),
    tick: () => during(() => (source.run as AnyFunction).call(self, { timestamp: Math.floor(Date.now() / 1000), interval_seconds: 900 })),
  };
}

/** A built source from dist/: exactly the module Pipedream would load. */
export async function loadBuiltSource(folder: string): Promise<SourceLike> {
  const file = join(resolve(import.meta.dirname, ".."), "dist", "sources", folder, `${folder}.mjs`);
  if (!existsSync(file)) throw new Error(`No built source "${folder}": run \`npm run build\` first.`);
  return (await import(pathToFileURL(file).href)).default as SourceLike;
}
