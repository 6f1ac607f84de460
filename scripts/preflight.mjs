// `node scripts/preflight.mjs <script>`: run first by `npm run action`, `demo`, `emulator`,
// `bench` and `test`, so that a missing `npm ci` (or too old a Node.js) is reported as one line
// saying what to do, instead of a module-not-found stack trace. Plain Node, no dependencies.
// PREFLIGHT_NODE_MODULES names another node_modules folder to check (for testing this script).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Not `import.meta.dirname`: this must run, and say what is wrong, on a Node.js too old to have it.
const root = fileURLToPath(new URL("..", import.meta.url));
const MIN_NODE_MAJOR = 20;

// What each script loads at run time; `test` needs everything the package lists.
const RUNNER = ["tsx", "esbuild", "@pipedream/platform"];
const NEEDS = {
  action: RUNNER,
  demo: RUNNER,
  bench: RUNNER,
  emulator: ["tsx"],
  "export:pipedream": ["tsx", "esbuild", "typescript"],
};

/** The packages `script` needs that `nodeModules` lacks. */
export function missingPackages(script, nodeModules) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const needed = NEEDS[script] ?? Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return needed.filter((name) => !existsSync(join(nodeModules, name, "package.json")));
}

const command = (script) => (script === "test" ? "npm test" : `npm run ${script}`);

/** The one line to print when `script` cannot run here, or null when it can. */
export function problem(script, nodeModules, nodeVersion = process.versions.node) {
  const major = Number(nodeVersion.split(".")[0]);
  if (major < MIN_NODE_MAJOR) {
    return `${command(script)} needs Node.js ${MIN_NODE_MAJOR} or newer; this is ${nodeVersion}. Install a newer Node.js, then run \`npm ci\`.`;
  }
  const missing = missingPackages(script, nodeModules);
  if (missing.length === 0) return null;
  const shown = missing.length > 4 ? `${missing.slice(0, 4).join(", ")} and ${missing.length - 4} more` : missing.join(", ");
  return `Dependencies are missing (${shown}): run \`npm ci\` first, then \`${command(script)}\` again.`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const script = process.argv[2] ?? "test";
  const line = problem(script, process.env.PREFLIGHT_NODE_MODULES || join(root, "node_modules"));
  if (line) {
    console.error(line);
    process.exit(1);
  }
}
