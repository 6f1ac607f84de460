// The rules of @pipedream/eslint-plugin-pipedream and the conventions page, checked on the
// action objects themselves (the plugin cannot see inside `defineAction(...)`).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_POLLING_SOURCE_TIMER_INTERVAL } from "@pipedream/platform";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../common/redaction";
import app from "../prisma_management_api.app";
import { resolveProp } from "./harness";

const folders = readdirSync(join(__dirname, "..", "actions")).sort();

/** Actions that destroy, overwrite or give away something: each needs a typed-again `confirm`. */
const DESTRUCTIVE = new Set([
  "delete-project",
  "delete-database",
  "delete-connection-string",
  "restore-backup-in-place",
  "rotate-connection-string",
  "delete-service-token",
  "delete-integration",
  "transfer-project",
  "delete-stale-databases",
  "delete-branch",
  "delete-preview-branch",
]);

interface ActionObject {
  key: string;
  name: string;
  version: string;
  type: string;
  description: string;
  annotations: Record<string, unknown>;
  props: Record<string, unknown>;
  run: unknown;
}

const actions: [string, ActionObject][] = await Promise.all(folders.map(async (folder) => {
  const module = await import(`../actions/${folder}/${folder}.ts`);
  return [folder, module.default as ActionObject] as [string, ActionObject];
}));
const names = new Set(actions.map(([, a]) => a.name));

describe.each(actions)("%s", (folder, action) => {
  it("has the key, name, version and type Pipedream requires", () => {
    expect(action.key).toBe(`prisma_management_api-${folder}`);
    expect(action.type).toBe("action");
    expect(action.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(action.name).toMatch(/^([A-Z][a-z]*|[A-Z]{2,})( ([A-Z][a-z]*|to|in|[A-Z]{2,}))*$/);
    expect(action.name).not.toMatch(/Prisma|\b(A|An|The)\b/);
    expect(typeof action.run).toBe("function");
  });

  it("has a description for people and agents that ends with a documentation link", () => {
    expect(action.description.length).toBeGreaterThan(120);
    expect(action.description).toMatch(/ \[See the documentation\]\(https:\/\/www\.prisma\.io\/docs\/[^)\s]+\)$/);
    // Bold names an action of the package, or one of this action's own props by its label.
    const labels = Object.values(action.props).map((p) => resolveProp(p)?.label).filter(Boolean);
    for (const [, bold] of action.description.matchAll(/\*\*([^*]+)\*\*/g)) {
      expect([...names, ...labels], `"**${bold}**" should name an action or a prop`).toContain(bold);
    }
  });

  it("has all three annotation hints, destructive exactly where something is destroyed", () => {
    const { readOnlyHint, destructiveHint, openWorldHint } = action.annotations;
    expect([typeof readOnlyHint, typeof destructiveHint, typeof openWorldHint]).toEqual(["boolean", "boolean", "boolean"]);
    expect(openWorldHint).toBe(true);
    expect(destructiveHint).toBe(DESTRUCTIVE.has(folder));
    if (readOnlyHint) expect(destructiveHint).toBe(false);
    for (const key of Object.keys(action.annotations)) {
      expect(["readOnlyHint", "destructiveHint", "openWorldHint", "idempotentHint"]).toContain(key);
    }
  });

  it("labels and describes every prop, app prop first", () => {
    const entries = Object.entries(action.props);
    expect(entries[0]).toEqual(["app", app]);
    for (const [name, definition] of entries.slice(1)) {
      const prop = resolveProp(definition);
      expect(prop.label, `${name}.label`).toEqual(expect.any(String));
      expect(prop.description, `${name}.description`).toEqual(expect.any(String));
      expect((prop.description as string).length, `${name}.description`).toBeGreaterThan(20);
      if (prop.type === "integer") expect(prop.min, `${name}.min`).toEqual(expect.any(Number));
      // default-value-required-for-optional-props: an optional prop either has a default or says what empty means.
      if (prop.optional) {
        expect("default" in prop || /leave (it )?empty|empty (means|returns|uses)/i.test(prop.description as string),
          `${name} is optional: give it a default or say what leaving it empty does`).toBe(true);
      }
      if (/token|secret|password/i.test(name) && !/Id$/.test(name)) expect(prop.secret, `${name}.secret`).toBe(true);
    }
  });

  it("guards a destructive action with a required confirm prop", () => {
    const confirm = action.props.confirm ? resolveProp(action.props.confirm) : undefined;
    if (DESTRUCTIVE.has(folder)) {
      expect(confirm?.type).toBe("string");
      // Required, except where a dry run (on by default) makes the action harmless without it.
      const dryRun = action.props.dryRun ? resolveProp(action.props.dryRun) : undefined;
      if (dryRun?.default !== true) expect(confirm?.optional).not.toBe(true);
    } else {
      expect(confirm).toBeUndefined();
    }
  });
});

// Sources: the same rules for names, descriptions and props, plus those of polling sources.
const sourceFolders = readdirSync(join(__dirname, "..", "sources")).filter((folder) => folder !== "common").sort();

interface SourceObject {
  key: string;
  name: string;
  version: string;
  type: string;
  dedupe: string;
  description: string;
  props: Record<string, unknown>;
  hooks?: { deploy?: unknown };
  methods?: Record<string, unknown>;
  run: unknown;
  sampleEmit: unknown;
  annotations?: unknown;
}

const sources: [string, SourceObject][] = await Promise.all(sourceFolders.map(async (folder) => {
  const module = await import(`../sources/${folder}/${folder}.ts`);
  return [folder, module.default as SourceObject] as [string, SourceObject];
}));
const sourceNames = new Set(sources.map(([, s]) => s.name));

describe("sources", () => {
  it("are the seven polling sources", () => {
    expect(sourceFolders).toEqual([
      "database-status-changed", "database-usage-above-threshold", "new-backup", "new-connection-string",
      "new-database", "new-project", "new-service-token",
    ]);
  });
});

describe.each(sources)("source %s", (folder, source) => {
  it("has the key, name, version, type and dedupe Pipedream requires, and no annotations", () => {
    expect(source.key).toBe(`prisma_management_api-${folder}`);
    expect(source.type).toBe("source");
    expect(source.version).toBe("0.0.1");
    expect(source.dedupe).toBe("unique");
    expect(source.name).toMatch(/^([A-Z][a-z]*|[A-Z]{2,})( ([A-Z][a-z]*|to|in|[A-Z]{2,}))*$/);
    expect(source.name).not.toMatch(/Prisma|\b(A|An|The)\b/);
    if (folder.startsWith("new-")) expect(source.name).toMatch(/^New /);
    expect(source).not.toHaveProperty("annotations");
    expect(typeof source.run).toBe("function");
    expect(typeof source.hooks?.deploy).toBe("function");
  });

  it("says what it emits, and ends with a documentation link", () => {
    expect(source.description).toMatch(/^Emit (new event for each|an event when) /);
    expect(source.description.length).toBeGreaterThan(120);
    expect(source.description).toMatch(/ \[See the documentation\]\(https:\/\/www\.prisma\.io\/docs\/[^)\s]+\)$/);
    const labels = Object.values(source.props).map((p) => (typeof p === "object" ? resolveProp(p)?.label : undefined)).filter(Boolean);
    for (const [, bold] of source.description.matchAll(/\*\*([^*]+)\*\*/g)) {
      expect([...names, ...sourceNames, ...labels], `"**${bold}**" should name an action, a source or a prop`).toContain(bold);
    }
  });

  it("starts with the app, db and timer props, and labels and describes every other prop", () => {
    const entries = Object.entries(source.props);
    expect(entries.slice(0, 3)).toEqual([
      ["app", app],
      ["db", "$.service.db"],
      ["timer", expect.objectContaining({ type: "$.interface.timer", default: { intervalSeconds: DEFAULT_POLLING_SOURCE_TIMER_INTERVAL } })],
    ]);
    for (const [name, definition] of entries.slice(2)) {
      const prop = resolveProp(definition);
      expect(prop.label, `${name}.label`).toEqual(expect.any(String));
      expect(prop.description, `${name}.description`).toEqual(expect.any(String));
      expect((prop.description as string).length, `${name}.description`).toBeGreaterThan(20);
      if (prop.type === "integer") expect(prop.min, `${name}.min`).toEqual(expect.any(Number));
      if (prop.optional) {
        expect("default" in prop || /leave (it )?empty/i.test(prop.description as string),
          `${name} is optional: give it a default or say what leaving it empty does`).toBe(true);
      }
    }
  });

  it("has a sample event without credentials, and a _get…/_set… pair for each db key it uses", () => {
    expect(source.sampleEmit).toEqual(expect.any(Object));
    expect(redactSecrets(source.sampleEmit)).toEqual(source.sampleEmit);
    const methods = Object.keys(source.methods ?? {});
    const getters = methods.filter((m) => /^_get[A-Z]/.test(m));
    expect(getters.length).toBeGreaterThan(0);
    for (const getter of getters) expect(methods).toContain(getter.replace("_get", "_set"));
  });
});
