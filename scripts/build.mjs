// Builds every .ts of the app, actions/, common/, flows/ and sources/ the way Pipedream's monorepo does:
// ESM .mjs, platform node, target node20, bundled, npm packages left external.
import { build } from "esbuild";
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ["prisma_management_api.app.ts", ...sources("actions"), ...sources("common"), ...sources("flows"), ...sources("sources")],
  outdir: "dist",
  outbase: ".",
  outExtension: { ".js": ".mjs" },
  format: "esm",
  platform: "node",
  target: "node20",
  bundle: true,
  packages: "external",
  logLevel: "warning",
});
