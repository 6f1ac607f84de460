// What every trigger shares: the app, the `db` where it keeps its place between runs, the timer
// that runs it, and `deploy` and `run` themselves. A trigger is its props, a `check` (what it
// lists, through one of the list readers in this folder) and how it reports an item.
import { DEFAULT_POLLING_SOURCE_TIMER_INTERVAL } from "@pipedream/platform";
import {
  defineSource, type JSONValue, type Source,
} from "@pipedream/types";
import { sourceAtBoundary } from "../../common/exits";
import { timeOf as timeOfAnswer } from "../../common/facts";
import type { Step } from "../../common/types";
import app, { type PrismaApp } from "../../prisma_management_api.app";

/** On deploy a trigger emits at most this many of the most recent items, so it is not silent and does not flood. */
export const HISTORY_SIZE = 10;

/**
 * The most list requests one run sends: Prisma allows about 30 a minute per workspace, and the
 * workflows of the same workspace need some of them. A list longer than this many pages is read
 * over several runs, from the place kept, where the list's order allows it.
 */
export const PAGES_PER_RUN = 20;

/** Pipedream's `$.service.db`: a small key-value store that survives between runs; values are stored as JSON. */
export interface Db {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** `meta` of an emitted event: `id` is what Pipedream dedupes on, `ts` the event's time in epoch ms. */
export interface EventMeta {
  id: string;
  summary: string;
  ts: number;
}

/** An event ready to emit. */
export interface Emission {
  event: object;
  meta: EventMeta;
}

/** What one run of a trigger is given: the app (typed here, once), the run's step, and why it runs. */
export interface CheckRun {
  app: PrismaApp;
  /** The run's own step: its requests share one deadline and one rate-limit pacer. */
  $: Step;
  /** True on deploy: the trigger emits at most its history, and records where it stands. */
  deploying: boolean;
}

/** What the shared methods find on `this` besides their own methods. */
export interface TriggerContext {
  db: Db;
  $emit(event: object, meta: EventMeta): unknown;
}

/** The props every trigger starts with: the app, its `db`, and the timer that runs it. */
export const pollingProps = {
  app,
  db: "$.service.db",
  timer: {
    type: "$.interface.timer",
    label: "Polling Schedule",
    description: `How often to check Prisma for changes. Each check sends as few requests as the API allows, at most ${PAGES_PER_RUN}; Prisma allows about 30 requests a minute per workspace.`,
    default: {
      intervalSeconds: DEFAULT_POLLING_SOURCE_TIMER_INTERVAL,
    },
  },
} as const;

/** A `projectId` prop of a trigger that watches one database: it only fills the `databaseId` dropdown. */
export const databaseDropdownProject = {
  propDefinition: [
    app,
    "projectId",
  ],
  optional: true,
  description: "Only fills the `databaseId` dropdown with the project's databases: it is not sent to Prisma and does not change what is watched. Leave empty to choose from every database.",
};

/**
 * Types an object of methods whose `this` is `Context` plus the methods themselves, the way
 * Pipedream binds a trigger's methods, so shared methods can be written outside `defineSource`.
 */
export function sourceMethods<Context>() {
  return <M>(methods: M & ThisType<Context & M>): M => methods;
}

/**
 * A stored state, or null when there is none or it does not validate (written by another
 * version, or damaged): the caller then starts again from a safe point, as on a deploy that
 * emits nothing, rather than reject its own state on every run.
 */
export function validState<S>(value: unknown, isValid: (value: unknown) => value is S): S | null {
  return isValid(value)
    ? value
    : null;
}

/** The methods every trigger has: the emit loop. */
export const triggerMethods = sourceMethods<TriggerContext>()({
  /** Emits in the order given (oldest first); the boundary redacts each event and its summary. */
  _emitAll(emissions: readonly Emission[]): void {
    for (const {
      event, meta,
    } of emissions) this.$emit(event, meta);
  },
});

/**
 * Epoch ms of an API timestamp, as `common/facts.ts` reads it (an ISO string, or a number of epoch
 * milliseconds). 0 when absent or unreadable, so it sorts first and never counts as newer.
 */
export function timeOf(value: unknown): number {
  return timeOfAnswer(value) ?? 0;
}

// Each list of IDs a state or a page holds, as a set, made once: a lookup for each item of a page
// costs the same however many IDs the state holds or the page lists.
const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** `ids` as a set, for lookups; the lists it is made of are never changed once built. */
export function idSetOf(ids: readonly string[]): ReadonlySet<string> {
  let set = idSets.get(ids);
  if (!set) {
    set = new Set(ids);
    idSets.set(ids, set);
  }
  return set;
}

/** A time a state stored: 0 (an item whose time was unknown), or a time `timeOf` reads. */
export function isStoredTime(value: unknown): boolean {
  return value === 0 || timeOfAnswer(value) !== null;
}

/** A run's own step: a trigger has no `$`, and its requests need one to share a deadline and a pacer. */
function runStep(): Step {
  return {
    export: () => undefined,
  };
}

type CheckMethod = (run: CheckRun) => Promise<void>;

/** A trigger as written: everything but `hooks` and `run`, which the base owns; a `check` method. */
type TriggerDefinition<Methods, Props> = Omit<Source<Methods, Props>, "hooks" | "run"> & {
  methods: Methods & { check: CheckMethod };
  sampleEmit: JSONValue;
};

/**
 * `defineSource`, with `deploy` and `run` owned here: both run the trigger's `check` with the
 * app, a step of their own, and whether it is the deploy, at the one boundary where all that
 * leaves is redacted (`common/exits.ts`: events and their summaries among them). Also carries
 * the sample event Pipedream shows before the first one (the typings lack `sampleEmit`).
 */
export function definePollingSource<Methods, Props>(trigger: TriggerDefinition<Methods, Props>) {
  const check = (self: unknown, deploying: boolean) => {
    const bound = self as { app: PrismaApp; check: CheckMethod };
    return bound.check({
      app: bound.app,
      $: runStep(),
      deploying,
    });
  };
  return defineSource<Methods, Props>(sourceAtBoundary({
    ...trigger,
    hooks: {
      async deploy() {
        await check(this, true);
      },
    },
    async run() {
      await check(this, false);
    },
  }) as Source<Methods, Props>) as Source<Methods, Props> & { sampleEmit: JSONValue };
}
