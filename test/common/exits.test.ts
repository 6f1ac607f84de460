import { describe, expect, it } from "vitest";
import { atBoundary, redactingExports, sourceAtBoundary, tokenFormsOf } from "../../common/exits";
import { REDACTED } from "../../common/redaction";

const TOKEN = "tok-boundary-1234";
const URL = "postgres://u:pw-9f@h.example.com/x";
const MASKED_URL = `postgres://u:${REDACTED}@h.example.com/x`;

/** A component instance as Pipedream builds one: props on `this`, the app with the account. */
function instance(props: Record<string, unknown> = {}) {
  return { app: { $auth: { api_token: `${TOKEN}\n` }, _token: () => TOKEN }, ...props };
}

function recordingStep() {
  const exports: Record<string, unknown> = {};
  const step = { context: { id: "run" }, flow: { rerun: () => "reran" }, export: (key: string, value: unknown) => { exports[key] = value; } };
  return { step, exports };
}

describe("atBoundary", () => {
  it("returns the result redacted, the token masked in both forms, and keeps minted fields only for an action that mints (dropping them elsewhere)", async () => {
    const body = { name: `${URL} ${TOKEN}`, directConnectionString: URL };
    const plain = atBoundary(async (_options: unknown) => body, {});
    const minting = atBoundary(async (_options: unknown) => body, { mints: true });

    expect(await plain.call(instance(), { $: recordingStep().step })).toEqual({ name: `${MASKED_URL} ${REDACTED}` });
    expect(await minting.call(instance(), { $: recordingStep().step })).toEqual({ name: `${MASKED_URL} ${REDACTED}`, directConnectionString: URL });
  });

  it("throws the same error, every field masked: an input error that quoted a connection string, a JWT or the token", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
    const thrown = Object.assign(new Error(`Database ID "${URL}" is not valid; Confirm was "${jwt}"`), { hint: `token ${TOKEN}\n` });
    const run = atBoundary(async (_options: unknown) => {
      throw thrown;
    }, {});

    const error = await run.call(instance(), { $: recordingStep().step }).catch((caught: unknown) => caught as Error & { hint: string });

    expect(error).toBe(thrown);
    expect(error.message).toBe(`Database ID "${MASKED_URL}" is not valid; Confirm was "${REDACTED}"`);
    // The token as saved (trailing newline included) is masked whole.
    expect(error.hint).toBe(`token ${REDACTED}`);
    for (const secret of ["pw-9f", jwt, TOKEN]) expect(String(error.stack)).not.toContain(secret);
  });

  it("passes a `$` whose exports are redacted and whose everything else is the run's own", async () => {
    const { step, exports } = recordingStep();
    let seen: { context: unknown; rerun: unknown } | undefined;
    const run = atBoundary(async function ({ $ }: { $: typeof step }) {
      $.export("$summary", `Created ${URL}`);
      $.export("debug", { status: 401, data: { message: `token ${TOKEN}`, token: TOKEN } });
      seen = { context: $.context, rerun: $.flow.rerun() };
    }, {});

    await run.call(instance(), { $: step });

    expect(exports).toEqual({ $summary: `Created ${MASKED_URL}`, debug: { status: 401, data: { message: `token ${REDACTED}` } } });
    expect(seen).toEqual({ context: step.context, rerun: "reran" });
  });

  it("gives the same wrapper for the same `$`, so what is kept per run stays one per run", () => {
    const { step } = recordingStep();
    expect(redactingExports(step, [TOKEN])).toBe(redactingExports(step, [TOKEN]));
  });

  it("reads empty optional props as their defaults for the call, on the instance itself, and puts them back", async () => {
    const props = {
      hours: { type: "integer", default: 24 },
      tags: { type: "string[]", optional: true },
      dryRun: { type: "boolean", default: true },
      required: { type: "string" },
      db: "$.service.db",
    };
    const self = instance({ hours: "", tags: [""], dryRun: null, required: "" });
    // A method bound to the instance, as Pipedream may bind them: it must see the defaults too.
    const read = function (this: Record<string, unknown>) {
      return { hours: this.hours, tags: this.tags, dryRun: this.dryRun, required: this.required };
    }.bind(self);
    const run = atBoundary(async (_options: unknown) => read(), { props });

    expect(await run.call(self, { $: recordingStep().step })).toEqual({ hours: 24, tags: undefined, dryRun: true, required: "" });
    expect(self).toMatchObject({ hours: "", tags: [""], dryRun: null, required: "" });
  });

  it("resolves a prop's default through its propDefinition", async () => {
    const app = { propDefinitions: { maxResults: { type: "integer", optional: true, default: 50 } } };
    const run = atBoundary(async function (this: Record<string, unknown>, _options: unknown) {
      return this.maxResults;
    }, { props: { maxResults: { propDefinition: [app, "maxResults"] } } });

    expect(await run.call(instance({ maxResults: "  " }), { $: recordingStep().step })).toBe(50);
  });

  it("reads the defaults on a view when the instance will not take them", async () => {
    const self = Object.freeze(instance({ hours: "" }));
    const run = atBoundary(async function (this: Record<string, unknown>, _options: unknown) {
      return this.hours;
    }, { props: { hours: { type: "integer", default: 24 } } });

    expect(await run.call(self, { $: recordingStep().step })).toBe(24);
  });
});

describe("sourceAtBoundary", () => {
  it("redacts every event and its summary, in run and in every hook, and puts `$emit` back", async () => {
    const emitted: unknown[] = [];
    const $emit = (event: unknown, meta: unknown) => emitted.push({ event, meta });
    const self = instance({ $emit });
    const emitOne = function (this: { $emit: typeof $emit }) {
      this.$emit({ name: URL, value: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", type: "serviceToken" }, { id: "1", summary: `New ${URL}`, ts: 1 });
    };
    const source = sourceAtBoundary({ props: {}, run: emitOne, hooks: { deploy: emitOne } });

    await (source.hooks.deploy as (this: unknown) => Promise<void>).call(self);
    await (source.run as (this: unknown) => Promise<void>).call(self);

    const clean = { event: { name: MASKED_URL, type: "serviceToken" }, meta: { id: "1", summary: `New ${MASKED_URL}`, ts: 1 } };
    expect(emitted).toEqual([clean, clean]);
    expect((self as { $emit?: unknown }).$emit).toBe($emit);
  });
});

describe("tokenFormsOf", () => {
  it("gives the token as saved and as sent, and nothing for an app without one", () => {
    expect(tokenFormsOf(instance().app)).toEqual([`${TOKEN}\n`, TOKEN]);
    expect(tokenFormsOf({ $auth: {}, _token: () => { throw new Error("no account"); } })).toEqual([]);
    expect(tokenFormsOf(undefined)).toEqual([]);
  });
});
