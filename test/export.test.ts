// The export for Pipedream's monorepo, checked the way the monorepo's pull-request checks do: the
// layout, the key check, the TypeScript build, loading each built file in plain Node, the root
// formatting rules, and a package.json that lists what the built code loads.
import js from "@eslint/js";
import { build } from "esbuild";
import { ESLint } from "eslint";
import { execFileSync } from "node:child_process";
import {
  existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import tseslint from "typescript-eslint";
import {
  afterAll, beforeAll, describe, expect, it,
} from "vitest";
import { codeRules, componentRules } from "../eslint.config.mjs";
import {
  APP_SLUG, ExportError, exportComponent, exportPlan, rewriteImports,
} from "../scripts/export-pipedream";

const root = join(__dirname, "..");
const monorepo = mkdtempSync(join(tmpdir(), "monorepo-"));
const component = join(monorepo, "components", APP_SLUG);
// The monorepo's root node_modules, where the built files find their packages.
symlinkSync(join(root, "node_modules"), join(monorepo, "node_modules"));
afterAll(() => rmSync(monorepo, { recursive: true, force: true }));

/** Every file under `dir`, as posix paths relative to it, sorted. */
function filesIn(dir: string, inside = ""): string[] {
  return readdirSync(join(dir, inside), { withFileTypes: true }).flatMap((entry) => {
    const path = inside ? `${inside}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesIn(dir, path) : [path];
  }).sort();
}

/** Code files the key check applies to: not the app file, not on a path with `common`, not a sample event. */
const isComponentFile = (file: string) => /\.(ts|mjs)$/.test(file) && !file.startsWith("app/") &&
  !file.includes("common") && posix.basename(file) !== "test-event.mjs";

let exported: string[] = [];
let built: Record<string, { key?: string; name?: string; version?: string; type?: string; description?: string; appProp?: string; props?: string[] }> = {};

beforeAll(async () => {
  await exportComponent(monorepo);
  exported = filesIn(component);
  // The monorepo's build: each .ts under app/, actions/, sources/ and common/, into dist/.
  await build({
    entryPoints: exported.filter((file) => file.endsWith(".ts") && /^(app|actions|sources|common)\//.test(file)).map((file) => join(component, file)),
    outdir: join(component, "dist"),
    outbase: component,
    outExtension: { ".js": ".mjs" },
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: true,
    packages: "external",
    logLevel: "silent",
  });
  const toLoad = [`app/${APP_SLUG}.app.mjs`, ...exported.filter(isComponentFile).map((file) => file.replace(/\.ts$/, ".mjs"))];
  const script = `
    const out = {};
    for (const file of ${JSON.stringify(toLoad)}) {
      const c = (await import("./dist/" + file)).default;
      out[file] = { key: c.key, name: c.name, version: c.version, type: c.type, description: c.description,
        appProp: c.app ?? c.props?.app?.app, props: c.props ? Object.keys(c.props) : undefined };
    }
    console.log(JSON.stringify(out));`;
  built = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: component, encoding: "utf8" }));
}, 240_000);

describe("export:pipedream", () => {
  it("writes the app, actions/, sources/, common/, package.json and README.md, and nothing else", () => {
    const plan = [...exportPlan().values()];
    expect(exported).toEqual([...plan, "README.md", "package.json"].sort());
    expect(exported).toContain(`app/${APP_SLUG}.app.ts`);
    expect(exported.filter((file) => !/^(app|actions|sources|common)\//.test(file))).toEqual(["README.md", "package.json"]);
    // The flows that call the app are shared code there, under common/.
    expect(exported.filter((file) => file.startsWith("common/flows/")).length).toBeGreaterThan(0);
    // Sample events are plain JavaScript named as the key check exempts them.
    const samples = exported.filter((file) => file.includes("test-event"));
    expect(samples.length).toBe(readdirSync(join(root, "sources")).filter((f) => f !== "common").length);
    for (const file of samples) expect(file).toMatch(/^sources\/[a-z-]+\/test-event\.mjs$/);
  });

  it("passes the key check: every component's folder, file and key agree, no key twice, each with the app prop", () => {
    const components = exported.filter(isComponentFile);
    expect(components.length).toBe(readdirSync(join(root, "actions")).length + readdirSync(join(root, "sources")).length - 1);
    const keys = new Set<string>();
    for (const file of components) {
      const [, folder, name] = /^(?:actions|sources)\/([^/]+)\/([^/]+)\.ts$/.exec(file) ?? [];
      expect(folder, file).toBeDefined();
      expect(name, file).toBe(folder);
      const { key, appProp } = built[file.replace(/\.ts$/, ".mjs")];
      expect(key, file).toBe(`${APP_SLUG}-${folder}`);
      expect(keys.has(key as string), key).toBe(false);
      keys.add(key as string);
      expect(appProp, file).toBe(APP_SLUG);
    }
  });

  it("builds as the monorepo does: every .ts has its .mjs, and main and every component load in plain Node", () => {
    for (const file of exported.filter((f) => f.endsWith(".ts"))) {
      expect(existsSync(join(component, "dist", file.replace(/\.ts$/, ".mjs"))), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(component, "package.json"), "utf8"));
    expect(existsSync(join(component, manifest.main))).toBe(true);
    expect(built[`app/${APP_SLUG}.app.mjs`]).toMatchObject({ type: "app", appProp: APP_SLUG });
    for (const [file, c] of Object.entries(built)) {
      if (file.startsWith("app/")) continue;
      expect(c.type, file).toBe(file.startsWith("actions/") ? "action" : "source");
      expect(c.name, file).toMatch(/^[A-Z]/);
      expect(c.version, file).toMatch(/^\d+\.\d+\.\d+$/);
      expect(c.description, file).toMatch(/ \[See the documentation\]\(https:\/\/www\.prisma\.io\/docs\/[^)]+\)$/);
      expect(c.props?.[0], file).toBe("app");
    }
  });

  it("lints at 0 errors with the monorepo's formatting rules, sample events included", async () => {
    const eslint = new ESLint({
      cwd: component,
      overrideConfigFile: true,
      overrideConfig: [
        js.configs.recommended,
        ...tseslint.configs.recommended,
        { rules: { ...codeRules, ...componentRules } },
      ] as ESLint.Options["overrideConfig"],
    });
    const results = await eslint.lintFiles(exported.filter((file) => /\.(ts|mjs)$/.test(file)));
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(component.length + 1)}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(60);
  }, 240_000);

  it("has a package.json for the registry: runtime imports as dependencies, types as devDependencies, no scripts", () => {
    const manifest = JSON.parse(readFileSync(join(component, "package.json"), "utf8"));
    const own = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(manifest).toMatchObject({
      name: `@pipedream/${APP_SLUG}`,
      version: own.version,
      main: `dist/app/${APP_SLUG}.app.mjs`,
      publishConfig: { access: "public" },
    });
    expect(manifest.scripts).toBeUndefined();
    const [major, minor] = manifest.version.split(".").map(Number);
    expect(major > 0 || minor > 1, "above the registry's 0.1.0").toBe(true);
    // What the built files load, read from their text (bare specifiers only; node: built-ins are not packages).
    const loaded = new Set<string>();
    for (const file of filesIn(join(component, "dist"))) {
      const text = readFileSync(join(component, "dist", file), "utf8");
      // esbuild writes each static import or re-export at the start of a line; dynamic ones anywhere.
      const statements = /^(?:import|export)\b[^;"]*?(?:from\s*)?"([^"]+)";/gm;
      const dynamic = /\bimport\(\s*"([^"]+)"\s*\)/g;
      for (const [, specifier] of [...text.matchAll(statements), ...text.matchAll(dynamic)]) {
        if (specifier.startsWith(".")) continue;
        if (specifier.startsWith("node:")) continue;
        loaded.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
      }
    }
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...loaded].sort());
    for (const name of Object.keys(manifest.dependencies)) expect(manifest.dependencies[name]).toBe(own.dependencies[name]);
    // Type-only packages: named by the sources, never loaded.
    expect(Object.keys(manifest.devDependencies)).toContain("@prisma/management-api-sdk");
    for (const name of Object.keys(manifest.devDependencies)) expect(loaded.has(name), name).toBe(false);
  });

  it("has a README for Pipedream users, with nothing about local tools", () => {
    const readme = readFileSync(join(component, "README.md"), "utf8");
    for (const section of ["## Overview", "## Example Use Cases", "## Getting Started", "## Actions", "### Coming from the earlier Prisma actions", "## Triggers"]) {
      expect(readme).toContain(`\n${section}\n`);
    }
    expect(readme).not.toMatch(/npm (ci|test|run)|emulator|## Development|## Performance|```bash/);
  });

  it("replaces an earlier export whole: a file removed from the package is gone from the folder", async () => {
    const stale = join(component, "actions", "removed-action", "removed-action.ts");
    execFileSync("mkdir", ["-p", join(component, "actions", "removed-action")]);
    execFileSync("touch", [stale]);
    await exportComponent(monorepo);
    expect(existsSync(stale)).toBe(false);
  });
});

describe("rewriting imports", () => {
  const plan = exportPlan();
  const app = join(root, `${APP_SLUG}.app.ts`);
  const flow = [...plan.keys()].find((file) => file.includes(`${join("flows", "")}`)) as string;
  const action = [...plan.keys()].find((file) => file.includes(join("actions", ""))) as string;

  it("follows every import style on the syntax tree: static, type-only, re-export, dynamic, import types", () => {
    const text = [
      `import app from "../../${APP_SLUG}.app";`,
      `import type { Step } from "../../common/types";`,
      `export { paginate } from "../../common/pagination";`,
      `const later = await import("../../flows/waiting");`,
      `type Waiting = typeof import("../../flows/waiting");`,
      `const text = "../../flows/waiting"; // a string that is not an import stays`,
      `import { axios } from "@pipedream/platform";`,
    ].join("\n");
    expect(rewriteImports(action, text, plan).split("\n")).toEqual([
      `import app from "../../app/${APP_SLUG}.app";`,
      `import type { Step } from "../../common/types";`,
      `export { paginate } from "../../common/pagination";`,
      `const later = await import("../../common/flows/waiting");`,
      `type Waiting = typeof import("../../common/flows/waiting");`,
      `const text = "../../flows/waiting"; // a string that is not an import stays`,
      `import { axios } from "@pipedream/platform";`,
    ]);
    expect(rewriteImports(flow, `import app from "../${APP_SLUG}.app";\nimport { x } from "../common/types";`, plan))
      .toBe(`import app from "../../app/${APP_SLUG}.app";\nimport { x } from "../types";`);
    expect(rewriteImports(app, `import { x } from "./common/types";`, plan)).toBe(`import { x } from "../common/types";`);
  });

  it("stops at an import of code that is not published, or a module named by a computed string", () => {
    expect(() => rewriteImports(action, `import { startEmulator } from "../../emulator/server";`, plan)).toThrow(ExportError);
    expect(() => rewriteImports(action, `import { startEmulator } from "../../emulator/server";`, plan)).toThrow(/not published code/);
    expect(() => rewriteImports(action, "const m = await import(`../../flows/${name}`);", plan)).toThrow(/computed name/);
  });
});
