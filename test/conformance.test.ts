// The rules of @pipedream/eslint-plugin-pipedream and the conventions page, checked on the
// action objects themselves (the plugin cannot see inside `defineAction(...)`).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_POLLING_SOURCE_TIMER_INTERVAL } from "@pipedream/platform";
import { describe, expect, it } from "vitest";
import { DOCS_URL } from "../common/constants";
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
  "execute-sql",
]);

/** Destructive actions whose `confirm` is needed only for some inputs: Execute SQL's destructive statements. */
const CONFIRM_WHEN_DESTRUCTIVE_INPUT = new Set([
  "execute-sql",
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

// What an agent reads (descriptions and prop descriptions) names things exactly: **bold** is for
// the names of the package's actions (and, in a trigger's text, its triggers), never prop labels;
// a prop is named by its key in backticks, and only a prop the component has. A "Returns …" or
// "Each event …" sentence names output fields, which may share a key with some prop.

/** Output fields a description may name in backticks outside its "Returns …" sentence. */
const OUTPUT_FIELDS = new Set([
  "directConnectionString", "pooledConnectionString", "accelerateConnectionString", "serviceTokenValue",
  "waitError", "followUpError", "notAttempted", "previousStatus", "temporaryConnectionLeft", "schemaApplied", "schemaError",
]);

/** Every `**…**` of `text` that names none of `allowed`. */
function boldProblems(text: string, allowed: ReadonlySet<string>): string[] {
  return [...text.matchAll(/\*\*([^*]+)\*\*/g)].map(([, bold]) => bold).filter((bold) => !allowed.has(bold))
    .map((bold) => `**${bold}** names no action of the package`);
}

/** Sentences of `text`: a full stop ends one, unless it is that of "e.g." or "i.e.". */
function sentencesOf(text: string): string[] {
  return text.split(/(?<!\b(?:e\.g|i\.e)\.)(?<=[.!?])\s+/);
}

/**
 * Every backticked word of `text` that looks like a prop key but is not one of `ownKeys`: the key
 * of another component's prop, or a camelCase word no component has. Output sentences ("Returns …",
 * "Each event …") and the allow-listed output fields are exempt.
 */
function keyProblems(text: string, ownKeys: ReadonlySet<string>, allKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const sentence of sentencesOf(text)) {
    if (/^(Returns|Each event)\b/.test(sentence)) continue;
    for (const [, word] of sentence.matchAll(/`([^`]+)`/g)) {
      if (!/^[a-z][A-Za-z0-9]*$/.test(word) || ownKeys.has(word) || OUTPUT_FIELDS.has(word)) continue;
      if (allKeys.has(word)) problems.push(`\`${word}\` is a prop of another component, not of this one`);
      else if (/[A-Z]/.test(word)) problems.push(`\`${word}\` looks like a prop key, but no component has it`);
    }
  }
  return problems;
}

/** The texts of a component an agent reads: its description, then each prop's, by key. */
function textsOf(component: { description: string; props: Record<string, unknown> }): [string, string][] {
  const props = Object.entries(component.props)
    .map(([key, definition]) => [key, typeof definition === "object" ? resolveProp(definition)?.description : undefined])
    .filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return [["description", component.description], ...props];
}

/** A documentation link: Prisma's current REST API pages. */
const DOCS_LINK = new RegExp(` \\[See the documentation\\]\\((${DOCS_URL.overview.replace(/[.]/g, "\\.")}(?:/[a-z0-9-]+)*)\\)$`);

// Keys Pipedream's registry already holds from an earlier package, with their published versions:
// a key reused here must publish a greater version, or the registry refuses it.
const REGISTRY_VERSIONS: Record<string, string> = {
  "prisma_management_api-create-database": "1.0.2",
  "prisma_management_api-delete-database": "1.0.1",
  "prisma_management_api-create-new-database-in-existing-project": "1.0.2",
  "prisma_management_api-get-postgres-regions": "1.0.2",
  "prisma_management_api-list-databases-from-project": "1.0.2",
  "prisma_management_api-list-projects-in-prisma-workspace": "1.0.2",
  "prisma_management_api-delete-database-by-database-id": "1.0.1",
  "prisma_management_api-delete-database-connection-string": "1.0.2",
  "prisma_management_api-get-database-details": "1.0.2",
  "prisma_management_api-get-project-details": "1.0.1",
  "prisma_management_api-list-database-connection-strings": "1.0.1",
  "prisma_management_api-create-database-connection-string": "1.0.0",
};
const semver = (v: string) => v.split(".").map(Number);
const greater = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

describe("registry keys", () => {
  it("publishes a greater version than the registry holds for every key it reuses", () => {
    const reused = actions.filter(([, a]) => a.key in REGISTRY_VERSIONS);
    expect(reused.map(([folder]) => folder).sort()).toEqual(["create-database", "delete-database"]);
    for (const [, action] of reused) expect(greater(action.version, REGISTRY_VERSIONS[action.key])).toBe(true);
  });

  it("marks the reused keys' change of meaning as a major version", () => {
    for (const [, action] of actions.filter(([, a]) => a.key in REGISTRY_VERSIONS)) expect(action.version).toBe("2.0.0");
  });
});

describe.each(actions)("%s", (folder, action) => {
  it("has the key, name, version and type Pipedream requires", () => {
    expect(action.key).toBe(`prisma_management_api-${folder}`);
    expect(action.type).toBe("action");
    expect(action.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(action.name).toMatch(/^([A-Z][a-z]*|[A-Z]{2,})( ([A-Z][a-z]*|to|in|[A-Z]{2,}))*$/);
    expect(action.name).not.toMatch(/Prisma|\b(A|An|The)\b/);
    expect(typeof action.run).toBe("function");
  });

  it("has a description for people and agents that ends with a link to Prisma's REST API pages", () => {
    expect(action.description.length).toBeGreaterThan(120);
    expect(action.description).toMatch(DOCS_LINK);
  });

  it("bolds only action names and names only its own props by key, in its description and every prop's", () => {
    const ownKeys = new Set(Object.keys(action.props));
    const problems = textsOf(action).flatMap(([where, text]) =>
      [...boldProblems(text, names), ...keyProblems(text, ownKeys, allPropKeys())].map((problem) => `${where}: ${problem}`));
    expect(problems).toEqual([]);
  });

  it("has all three annotation hints, destructive exactly where something is destroyed", () => {
    const { readOnlyHint, destructiveHint, openWorldHint } = action.annotations;
    expect([typeof readOnlyHint, typeof destructiveHint, typeof openWorldHint]).toEqual(["boolean", "boolean", "boolean"]);
    expect(openWorldHint).toBe(true);
    expect(destructiveHint).toBe(DESTRUCTIVE.has(folder));
    if (readOnlyHint) expect(destructiveHint).toBe(false);
    // Reading twice changes nothing more than reading once.
    if (readOnlyHint) expect(action.annotations.idempotentHint).toBe(true);
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
      if (dryRun?.default !== true && !CONFIRM_WHEN_DESTRUCTIVE_INPUT.has(folder)) expect(confirm?.optional).not.toBe(true);
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

/** Every prop key of every action and trigger. */
function allPropKeys(): Set<string> {
  return new Set([...actions, ...sources].flatMap(([, component]) => Object.keys(component.props)));
}

describe("the app's prop definitions", () => {
  it("bold only action names", () => {
    const definitions = Object.entries(app.propDefinitions as Record<string, { description: string }>);
    expect(definitions.flatMap(([key, { description }]) => boldProblems(description, names).map((p) => `${key}: ${p}`))).toEqual([]);
  });
});

describe("the text rules themselves", () => {
  const allKeys = new Set(["app", "projectId", "databaseId", "logicalId", "maxWaitSeconds", "name"]);
  const own = new Set(["app", "projectId", "name"]);

  it("flag a bold prop label, and pass a bold action name", () => {
    expect(boldProblems("Set **Logical ID** to re-run safely.", names)).toEqual(["**Logical ID** names no action of the package"]);
    expect(boldProblems("Find it with **List Databases**.", names)).toEqual([]);
  });

  it("flag a key of another component's prop, and a camelCase word no component has", () => {
    expect(keyProblems("Set `logicalId` so that a re-run finds it.", own, allKeys))
      .toEqual(["`logicalId` is a prop of another component, not of this one"]);
    expect(keyProblems("Leave `projectId` empty; `maxWaitSecond` is ignored.", own, allKeys))
      .toEqual(["`maxWaitSecond` looks like a prop key, but no component has it"]);
  });

  it("pass output fields: in a Returns sentence, or allow-listed, and values that are no key", () => {
    expect(keyProblems("Creates it. Returns `databaseId` and `logicalId`. Store them.", own, allKeys)).toEqual([]);
    expect(keyProblems("A slow database is not an error: see `waitError`, e.g. `us-east-1` or `inherit`.", own, allKeys)).toEqual([]);
    expect(keyProblems("Each event carries `databaseId`.", own, allKeys)).toEqual([]);
  });

  it("do not let an abbreviation's full stop end the Returns sentence early", () => {
    expect(keyProblems("Returns the copy, e.g. `databaseId`, `databaseName`.", own, allKeys)).toEqual([]);
  });
});

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

  it("says what it emits, and ends with a link to Prisma's REST API pages", () => {
    expect(source.description).toMatch(/^Emit (new event for each|an event when) /);
    expect(source.description.length).toBeGreaterThan(120);
    expect(source.description).toMatch(DOCS_LINK);
  });

  it("bolds only action and trigger names and names only its own props by key, in its description and every prop's", () => {
    const ownKeys = new Set(Object.keys(source.props));
    const allowed = new Set([...names, ...sourceNames]);
    const problems = textsOf(source).flatMap(([where, text]) =>
      [...boldProblems(text, allowed), ...keyProblems(text, ownKeys, allPropKeys())].map((problem) => `${where}: ${problem}`));
    expect(problems).toEqual([]);
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
