// `npm run emulator`: starts the emulator on loopback and keeps it up until Ctrl-C.
// Settings from the environment or arguments (`--name=value` or `--name value`):
//   PORT (--port)                        default 4466; 0 = any free port
//   PRISMA_EMULATOR_TOKEN (--token)      the service token to accept; generated when absent
//   READY_DELAY_MS (--ready-delay-ms)    provisioning/recovering time, default 1500
//   SEED (--seed)                        repeatable IDs and secrets
//   REQUESTS_PER_MINUTE (--requests-per-minute)  per-token limit, answered 429 beyond it (Prisma's
//                                        is about 30); absent or 0 = no limit
//   BACKUP_INTERVAL_MS (--backup-interval-ms)  how often each database is backed up, default daily
// The databases are real: PRISMA_EMULATOR_POSTGRES_URL names a PostgreSQL server to use, else an
// embedded one starts at the first connection (see emulator/README.md).
//   --log                                each request on stdout as it is answered (method, path, status)
import { startEmulator } from "./server";

const SETTINGS = {
  port: { env: "PORT", help: "port to listen on, default 4466; 0 = any free port" },
  token: { env: "PRISMA_EMULATOR_TOKEN", help: "the service token to accept; generated when absent" },
  "ready-delay-ms": { env: "READY_DELAY_MS", help: "how long provisioning and restoring take, default 1500" },
  seed: { env: "SEED", help: "a number that makes IDs and secrets repeatable" },
  "requests-per-minute": { env: "REQUESTS_PER_MINUTE", help: "per-token limit, like Prisma's (about 30); 0 = none (default)" },
  "backup-interval-ms": { env: "BACKUP_INTERVAL_MS", help: "how often each database is backed up, default 86400000 (daily)" },
} as const;
type Setting = keyof typeof SETTINGS;
/** Settings that take no value. */
const SWITCHES = {
  log: "print each request as it is answered: method, path and query, status, time taken",
} as const;
type Switch = keyof typeof SWITCHES;
const KNOWN = [...Object.keys(SETTINGS), ...Object.keys(SWITCHES)].map((name) => `--${name}`).join(", ");

const DEFAULT_PORT = 4466;

/** A mistake on the command line: reported as one line, exit code 2. */
class UsageError extends Error {}

function usage(): string {
  const width = Math.max(...Object.keys(SETTINGS).map((name) => name.length)) + 2;
  return [
    "Usage: npm run emulator -- [--<setting>=<value> …]",
    "",
    "A local stand-in for the Prisma Management API. Settings (or the environment variable named):",
    ...Object.entries(SETTINGS).map(([name, { env, help }]) => `  --${name.padEnd(width)}${env.padEnd(24)}${help}`),
    ...Object.entries(SWITCHES).map(([name, help]) => `  --${name.padEnd(width)}${"".padEnd(24)}${help}`),
    "",
    "The token is new at each start unless given: --token=<value> (or PRISMA_EMULATOR_TOKEN) keeps one across restarts.",
  ].join("\n");
}

/** The `--name=value` / `--name value` arguments, refusing unknown names so a typo is not silently ignored. */
function parseArguments(args: string[]): { given: Partial<Record<Setting, string>>; switches: Set<Switch> } {
  const given: Partial<Record<Setting, string>> = {};
  const switches = new Set<Switch>();
  for (let i = 0; i < args.length; i++) {
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(args[i]);
    if (!match) throw new UsageError(`Unexpected argument "${args[i]}". Settings take the form --port=5000; see npm run emulator -- --help.`);
    const name = match[1];
    if (Object.hasOwn(SWITCHES, name)) {
      if (match[2] !== undefined) throw new UsageError(`--${name} takes no value.`);
      switches.add(name as Switch);
      continue;
    }
    if (!Object.hasOwn(SETTINGS, name)) {
      throw new UsageError(`Unknown setting --${name}. Known: ${KNOWN}.`);
    }
    let value = match[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value, e.g. --${name}=${name === "token" ? "dev-token" : "5000"}.`);
      i++;
    }
    given[name as Setting] = value;
  }
  return { given, switches };
}

function integer(given: Partial<Record<Setting, string>>, name: Setting, fallback?: number): number | undefined {
  const raw = given[name] ?? process.env[SETTINGS[name].env];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${SETTINGS[name].env} (--${name}) must be a whole number of 0 or more; got "${raw}".`);
  return Number(raw);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage());
    return;
  }
  const { given, switches } = parseArguments(args);
  const logging = switches.has("log");
  const requestsPerMinute = integer(given, "requests-per-minute");
  const port = integer(given, "port", DEFAULT_PORT) as number;
  if (port > 65535) throw new UsageError(`PORT (--port) must be from 0 to 65535; got ${port}.`);
  const emulator = await startEmulator({
    port,
    token: (given.token ?? process.env.PRISMA_EMULATOR_TOKEN) || undefined,
    readyDelayMs: integer(given, "ready-delay-ms"),
    seed: integer(given, "seed"),
    rateLimit: requestsPerMinute ? { requestsPerMinute } : undefined,
    backupIntervalMs: integer(given, "backup-interval-ms") || undefined,
    // The path and query only: the token travels in a header and is never printed.
    onAnswered: logging
      ? (entry) => console.log(`${entry.method} ${entry.path}${entry.query ? `?${entry.query}` : ""} → ${entry.status} (${Date.now() - entry.at} ms)`)
      : undefined,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    const other = port === 65535 ? port - 1 : port + 1;
    throw new Error(
      `Port ${port} is already in use (another emulator?). Start this one on another port: ` +
      `PORT=${other} npm run emulator, or npm run emulator -- --port=0 for any free port.`,
    );
  });
  emulator.seedIntegration({ clientName: "Example OAuth App" });

  console.log(`Prisma Management API emulator listening on ${emulator.url}`);
  console.log(`  port:      ${emulator.port}`);
  console.log(`  token:     ${emulator.token}`);
  console.log(`  workspace: ${emulator.workspaceId}`);
  console.log(`  limit:     ${requestsPerMinute ? `${requestsPerMinute} requests per minute per token` : "none"}`);
  console.log(`  databases: real PostgreSQL on 127.0.0.1:${emulator.endpoints.direct.port} (direct) and :${emulator.endpoints.pooled.port} (pooled), ` +
    `${process.env.PRISMA_EMULATOR_POSTGRES_URL ? "on the server PRISMA_EMULATOR_POSTGRES_URL names" : "embedded, started at the first connection"}`);
  console.log(`  log:       ${logging ? "each request on this terminal" : "off (--log prints each request)"}`);
  console.log("");
  console.log("Point `npm run action` at it from another terminal:");
  console.log(`  export PRISMA_MANAGEMENT_API_URL=${emulator.url}`);
  console.log(`  export PRISMA_API_TOKEN=${emulator.token}`);
  console.log("  npm run action -- create-project --name shop --region eu-central-1");
  console.log("");
  console.log("Or in one line:");
  console.log(`  PRISMA_MANAGEMENT_API_URL=${emulator.url} PRISMA_API_TOKEN=${emulator.token} npm run action -- list-projects`);
  console.log("");
  console.log(`Try: curl -H "Authorization: Bearer ${emulator.token}" ${emulator.url}/me`);
  console.log(`To keep this token across restarts, start it with --token=${emulator.token} (or PRISMA_EMULATOR_TOKEN=${emulator.token}).`);
  console.log("Ctrl-C to stop.");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await emulator.close();
    console.log(`Stopped after ${emulator.state.requests.length} logged requests.`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof UsageError ? 2 : 1);
});
