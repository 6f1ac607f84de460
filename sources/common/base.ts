// What every polling source shares: the app, the `db` where it keeps its place between runs,
// the timer that runs it, and the loop that emits events.
import { DEFAULT_POLLING_SOURCE_TIMER_INTERVAL } from "@pipedream/platform";
import {
  defineSource, type JSONValue, type Source,
} from "@pipedream/types";
import { redactText } from "../../common/redaction";
import { sourceAtBoundary } from "../../common/exits";
import app, { type PrismaApp } from "../../prisma_management_api.app";

/** On deploy a source emits at most this many of the most recent items, so it is not silent and does not flood. */
export const HISTORY_SIZE = 10;

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

/** What the shared methods find on `this` besides their own methods. */
export interface SourceContext {
  app: PrismaApp;
  db: Db;
  $emit(event: object, meta: EventMeta): unknown;
}

/** The props every source starts with: the app, its `db`, and the timer that runs it. */
export const pollingProps = {
  app,
  db: "$.service.db",
  timer: {
    type: "$.interface.timer",
    label: "Polling Schedule",
    description: "How often to check Prisma for changes. Each check sends as few requests as the API allows; Prisma allows about 30 requests a minute per workspace.",
    default: {
      intervalSeconds: DEFAULT_POLLING_SOURCE_TIMER_INTERVAL,
    },
  },
} as const;

/** A `projectId` prop of a source that watches one database: it only fills the `databaseId` dropdown. */
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
 * Pipedream binds a source's methods, so shared methods can be written outside `defineSource`.
 */
export function sourceMethods<Context>() {
  return <M>(methods: M & ThisType<Context & M>): M => methods;
}

/** The emit loop: in the order given (oldest first), each event with its meta. */
export const emitMethods = sourceMethods<SourceContext>()({
  _emitAll(emissions: readonly Emission[]): void {
    for (const {
      event, meta,
    } of emissions) this.$emit(event, meta);
  },
});

/** A summary line: built from API data, so credentials that a name or text might carry are masked. */
export function summaryOf(text: string): string {
  return redactText(text);
}

/** Epoch ms of an API timestamp; 0 when unreadable, so it sorts first and never counts as newer. */
export function timeOf(iso: string | null | undefined): number {
  const ms = iso
    ? Date.parse(iso)
    : NaN;
  return Number.isNaN(ms)
    ? 0
    : ms;
}

/** A source with the sample event Pipedream shows before the first one. */
type PollingSource<Methods, Props> = Source<Methods, Props> & { sampleEmit: JSONValue };

/** `defineSource` with its run and hooks at the one boundary (`common/exits.ts`), plus the sample event Pipedream shows before the first one (the typings lack `sampleEmit`). */
export function definePollingSource<Methods, Props>(source: PollingSource<Methods, Props>) {
  return defineSource<Methods, Props>(sourceAtBoundary(source)) as PollingSource<Methods, Props>;
}
