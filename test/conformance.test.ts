// The rules of @pipedream/eslint-plugin-pipedream and the conventions page, checked on the
// action objects themselves (the plugin cannot see inside `defineAction(...)`).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
