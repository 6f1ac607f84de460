// Loads the built actions from dist/: exactly the modules Pipedream would load.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ActionLike } from "../test/pipedream";
import { REDACTED, redactSecrets } from "../common/redaction";

const root = resolve(import.meta.dirname, "..");

export function builtActionNames(): string[] {
  const dir = join(root, "dist", "actions");
  if (!existsSync(dir)) throw new Error("dist/ is missing: run `npm run build` first.");
  return readdirSync(dir).sort();
}

export async function loadBuiltAction(folder: string): Promise<ActionLike> {
  const file = join(root, "dist", "actions", folder, `${folder}.mjs`);
  if (!existsSync(file)) throw new Error(`No built action "${folder}". Known: ${builtActionNames().join(", ")}`);
  return (await import(pathToFileURL(file).href)).default as ActionLike;
}

/** For printing: credentials masked (`postgres://user:[redacted]@host`), everything else as is. */
export function masked(value: unknown): unknown {
  return JSON.parse(JSON.stringify(redactSecrets(value) ?? null,
    (key, v) => (key === "serviceTokenValue" && typeof v === "string" ? REDACTED : v)));
}
