// `npm run export:pipedream -- <monorepo root>`: writes `components/prisma_management_api/` of a
// checkout of Pipedream's component monorepo, laid out as the monorepo's TypeScript components are:
//
//   app/prisma_management_api.app.ts   from the top-level app file
//   actions/, sources/                 as they are; each `test-event.ts` becomes `test-event.mjs`
//   common/                            the shared mechanisms, and flows/ as common/flows/
//   package.json, README.md            made for the registry: runtime imports only, the users' page
//
// Module specifiers are rewritten on TypeScript's syntax tree (static, type-only and dynamic
// imports, re-exports, `import("…")` types), so no import style slips past a text search. A relative
// import that leaves the published code (tests, emulator, scripts) stops the export.
import { build } from "esbuild";
import {
  existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from "node:fs";
import {
  dirname, join, posix, relative, resolve, sep,
} from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const APP_SLUG = "prisma_management_api";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where each published folder of this repository goes in the monorepo's component folder. */
const FOLDERS: readonly (readonly [string, string])[] = [
  [
    "actions",
    "actions",
  ],
  [
    "sources",
    "sources",
  ],
  [
    "common",
    "common",
  ],
  [
    "flows",
    "common/flows",
  ],
];
const APP_FILE = `${APP_SLUG}.app.ts`;
const SAMPLE_EVENT = "test-event.ts";

/** The README sections that make the users' page, in order; everything else is about local tools. */
const README_SECTIONS = [
  "Overview",
  "Example Use Cases",
  "Getting Started",
  "Actions",
  "Triggers",
  "Troubleshooting",
];

/** A problem that stops the export: one line, exit code 1. */
export class ExportError extends Error {}

const toPosix = (path: string) => path.split(sep).join(posix.sep);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory()
        ? filesUnder(path)
        : [
          path,
        ];
    });
}

/** Every published source file (absolute path) and where it goes (path inside the component folder). */
export function exportPlan(root = ROOT): Map<string, string> {
  const plan = new Map<string, string>();
  plan.set(join(root, APP_FILE), `app/${APP_FILE}`);
  for (const [
    from,
    to,
  ] of FOLDERS) {
    for (const file of filesUnder(join(root, from))) {
      if (!file.endsWith(".ts") || file.endsWith(".d.ts")) continue;
      const inside = toPosix(relative(join(root, from), file));
      const target = posix.join(to, inside);
      plan.set(file, posix.basename(target) === SAMPLE_EVENT
        ? target.replace(/\.ts$/, ".mjs")
        : target);
    }
  }
  return plan;
}

/** The string literals naming modules in a file: imports, re-exports, `import()` calls and types. */
function moduleSpecifiers(source: ts.SourceFile): ts.StringLiteralLike[] {
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier &&
      ts.isStringLiteralLike(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteralLike(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteralLike(node.argument.literal)) {
      found.push(node.argument.literal);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      const [
        argument,
      ] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument);
      else if (argument) {
        throw new ExportError(`${source.fileName}: a module loaded by a computed name cannot be exported safely; name it with a string literal.`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names, the way esbuild and TypeScript's bundler resolution find it. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    base.replace(/\.(m?js)$/, ".ts"),
    join(base, "index.ts"),
  ];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/** A file's text with each relative module specifier pointed at its target's new place. */
export function rewriteImports(file: string, text: string, plan: Map<string, string>): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const newPlace = plan.get(file);
  if (newPlace === undefined) throw new ExportError(`${file} is not part of the export.`);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const literal of moduleSpecifiers(source)) {
    const specifier = literal.text;
    if (!specifier.startsWith(".")) continue;
    const target = resolveRelative(file, specifier);
    const targetPlace = target && plan.get(target);
    if (!targetPlace) {
      throw new ExportError(`${toPosix(relative(ROOT, file))} imports "${specifier}", which is not published code (only the app, actions/, sources/, common/ and flows/ are).`);
    }
    let moved = posix.relative(posix.dirname(newPlace), targetPlace);
    if (!moved.startsWith(".")) moved = `./${moved}`;
    // Keep the specifier's own style (extensionless stays extensionless), but a sample event is
    // plain JavaScript now, named in full.
    if (!/\.[cm]?[jt]s$/.test(specifier)) moved = moved.replace(/\.ts$/, "");
    else if (!targetPlace.endsWith(".mjs")) moved = moved.replace(/\.ts$/, specifier.match(/\.[cm]?[jt]s$/)?.[0] ?? ".ts");
    if (moved === specifier) continue;
    edits.push({
      start: literal.getStart(source) + 1,
      end: literal.getEnd() - 1,
      text: moved,
    });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

/**
 * The npm packages the built code loads at run time, read from esbuild's own record of what it left
 * external when bundling the published files (the monorepo's build settings).
 */
async function runtimePackages(entryPoints: string[]): Promise<Set<string>> {
  const result = await build({
    entryPoints,
    outdir: "dist",
    outbase: ROOT,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: true,
    packages: "external",
    logLevel: "silent",
  });
  const packages = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path } of output.imports) {
      if (path.startsWith("node:") || path.startsWith(".") || path.startsWith("/")) continue;
      packages.add(packageName(path));
    }
  }
  return packages;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@")
    ? parts.slice(0, 2).join("/")
    : parts[0];
}

/** Bare packages the published sources name at all (type imports included). */
function namedPackages(plan: Map<string, string>): Set<string> {
  const packages = new Set<string>();
  for (const file of plan.keys()) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    for (const literal of moduleSpecifiers(source)) {
      const specifier = literal.text;
      if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
      packages.add(packageName(specifier));
    }
  }
  return packages;
}

interface Manifest {
  version: string;
  description: string;
  keywords?: string[];
  homepage?: string;
  author?: string;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The component's package.json: what the built code loads as dependencies, types as devDependencies. */
export async function componentManifest(plan: Map<string, string>, root = ROOT): Promise<object> {
  const own = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
  const versions = {
    ...own.devDependencies,
    ...own.dependencies,
  };
  const versionOf = (name: string) => {
    const version = versions[name];
    if (!version) throw new ExportError(`The published code imports "${name}", which package.json does not list.`);
    return version;
  };
  const entryPoints = [
    ...plan.keys(),
  ].filter((file) => !file.endsWith(SAMPLE_EVENT));
  const runtime = [
    ...await runtimePackages(entryPoints),
  ].sort();
  // Types only: named by the sources but gone from the built code, and the @types of runtime packages.
  const typesOnly = [
    ...namedPackages(plan),
    ...runtime.map((name) => `@types/${name.replace(/^@/, "").replace("/", "__")}`)
      .filter((name) => name in versions),
  ].filter((name) => !runtime.includes(name))
    .sort();
  return {
    name: `@pipedream/${APP_SLUG}`,
    version: own.version,
    description: own.description,
    main: `dist/app/${APP_SLUG}.app.mjs`,
    keywords: own.keywords,
    files: [
      "dist",
    ],
    homepage: own.homepage,
    author: own.author,
    license: own.license,
    publishConfig: {
      access: "public",
    },
    dependencies: Object.fromEntries(runtime.map((name) => [
      name,
      versionOf(name),
    ])),
    devDependencies: Object.fromEntries([
      ...new Set(typesOnly),
    ].map((name) => [
      name,
      versionOf(name),
    ])),
  };
}

/** The users' page: the repository README's title, opening and the sections about using the app. */
export function componentReadme(root = ROOT): string {
  const text = readFileSync(join(root, "README.md"), "utf8");
  const [
    opening,
    ...sections
  ] = text.split(/^(?=## )/m);
  const intro = opening.replace(/```[\s\S]*?```\n*/g, "").trimEnd();
  const wanted = README_SECTIONS.map((title) => {
    const section = sections.find((s) => s.startsWith(`## ${title}\n`));
    if (!section) throw new ExportError(`README.md has no "## ${title}" section for the users' page.`);
    return section.trimEnd();
  });
  return `${[
    intro,
    ...wanted,
  ].join("\n\n")}\n`;
}

/** Writes the component folder under `monorepoRoot`, replacing what an earlier export left there. */
export async function exportComponent(monorepoRoot: string, root = ROOT): Promise<string> {
  if (!existsSync(monorepoRoot) || !statSync(monorepoRoot).isDirectory()) {
    throw new ExportError(`${monorepoRoot} is not a folder: give the root of a checkout of Pipedream's component monorepo.`);
  }
  const target = join(monorepoRoot, "components", APP_SLUG);
  const plan = exportPlan(root);
  const files = new Map<string, string>();
  for (const [
    file,
    place,
  ] of plan) {
    // A sample event keeps its text: it is plain data, written without TypeScript syntax.
    files.set(place, rewriteImports(file, readFileSync(file, "utf8"), plan));
  }
  files.set("package.json", `${JSON.stringify(await componentManifest(plan, root), null, 2)}\n`);
  files.set("README.md", componentReadme(root));
  rmSync(target, {
    recursive: true,
    force: true,
  });
  for (const [
    place,
    text,
  ] of files) {
    const path = join(target, place);
    mkdirSync(dirname(path), {
      recursive: true,
    });
    writeFileSync(path, text);
  }
  return target;
}

async function main(args: string[]): Promise<void> {
  if (args.length !== 1 || args[0].startsWith("-")) {
    console.error("Usage: npm run export:pipedream -- <root of a checkout of Pipedream's component monorepo>");
    process.exitCode = 2;
    return;
  }
  try {
    const target = await exportComponent(resolve(args[0]));
    console.log(`Wrote ${target}. Next, at the monorepo root: pnpm install (it updates pnpm-lock.yaml), then the checks in README.md's "Submitting to Pipedream's registry".`);
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    console.error(`export:pipedream: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
