// Vitest global setup: dist/ as `npm run build` makes it, built once before any test that loads
// it (the built components in plain Node, the local tools), and only when it is missing or older
// than what it is built from, so `npm test`, which has just built it, does not build it twice.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");
/** What scripts/build.mjs builds: the app and every .ts under these folders. */
const SOURCE_FOLDERS = ["actions", "common", "flows", "sources"];
/** Files that change every output without being one's source. */
const BUILD_INPUTS = ["scripts/build.mjs", "package.json", "package-lock.json"];

function files(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => keep(path) && statSync(path).isFile());
}

/** Why dist/ must be built again, or null when it is up to date. */
export function staleness(root = ROOT): string | null {
  const sources = [join(root, "prisma_management_api.app.ts"), ...SOURCE_FOLDERS.flatMap((folder) =>
    files(join(root, folder), (path) => path.endsWith(".ts") && !path.endsWith(".d.ts")))];
  const expected = new Set(sources.map((path) => relative(root, path).replace(/\.ts$/, ".mjs")));
  const built = files(join(root, "dist"), (path) => path.endsWith(".mjs")).map((path) => relative(join(root, "dist"), path));
  const missing = [...expected].filter((path) => !built.includes(path));
  if (missing.length) return `${missing.length} of ${expected.size} modules missing (${missing[0]}, …)`;
  const extra = built.filter((path) => !expected.has(path));
  if (extra.length) return `${extra[0]} has no source any more`;
  const builtAt = Math.min(...built.map((path) => statSync(join(root, "dist", path)).mtimeMs));
  const newer = [...sources, ...BUILD_INPUTS.map((path) => join(root, path))]
    .find((path) => existsSync(path) && statSync(path).mtimeMs > builtAt);
  return newer ? `${relative(root, newer)} changed since the last build` : null;
}

export function setup(): void {
  const reason = staleness();
  if (reason === null) return;
  console.log(`Building dist/: ${reason}`);
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: ROOT, stdio: "inherit" });
}
