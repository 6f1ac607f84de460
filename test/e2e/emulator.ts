// Runs the package's actions against a live local emulator: real HTTP, real state.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server";
import { pointAppsAt, run, type ActionLike, type Run } from "../pipedream";

/** The named output fields that may carry credentials. */
export const SECRET_FIELDS = ["directConnectionString", "pooledConnectionString", "accelerateConnectionString", "serviceTokenValue"];

export const ACTION_FOLDERS = readdirSync(join(__dirname, "..", "..", "actions")).sort();

export async function loadAction(folder: string): Promise<ActionLike> {
  return (await import(`../../actions/${folder}/${folder}.ts`)).default as ActionLike;
}

/** Starts an emulator for the file's tests and points the package at it. */
export function useEmulator(options: EmulatorOptions = {}) {
  const context = { emulator: undefined as unknown as Emulator };
  beforeAll(async () => { context.emulator = await startEmulator({ seed: 11, ...options }); });
  afterAll(async () => { await context.emulator?.close(); });
  beforeEach(() => { pointAppsAt(context.emulator.url); });
  return context;
}

/** Every credential the emulator holds now: its own token, connection passwords and API keys, service token values. */
export function emulatorSecrets(emulator: Emulator): string[] {
  const secrets = [emulator.token];
  for (const c of emulator.state.connections.values()) secrets.push(c.pass, c.apiKey);
  for (const t of emulator.state.serviceTokens.values()) secrets.push(t.value);
  return secrets.filter((s) => s && s.length >= 8);
}

/** The credentials inside an action's named fields: whole strings, URL passwords and API keys. */
export function mintedSecrets(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value ?? null, (key, v) => {
    if (SECRET_FIELDS.includes(key) && typeof v === "string") {
      found.push(v);
      if (/^[a-z+]+:\/\//.test(v)) {
        const url = new URL(v);
        if (url.password) found.push(decodeURIComponent(url.password));
        const apiKey = url.searchParams.get("api_key");
        if (apiKey) found.push(apiKey);
      }
    }
    return v;
  });
  return found;
}

/** An action's outcome without the named credential fields, anywhere in it. */
export function withoutSecretFields(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (key, v) => (SECRET_FIELDS.includes(key) ? undefined : v)));
}

export function runOn<R = Record<string, unknown>>(emulator: Emulator, action: ActionLike, props: Record<string, unknown>): Promise<Run<R>> {
  return run<R>(action, props, { api_token: emulator.token });
}
