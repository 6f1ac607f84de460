// `npm run emulator`: starts the emulator on loopback and keeps it up until Ctrl-C.
// Settings from the environment or `--name=value` arguments:
//   PORT (--port)                        default 4466; 0 = any free port
//   PRISMA_EMULATOR_TOKEN (--token)      the service token to accept; generated when absent
//   READY_DELAY_MS (--ready-delay-ms)    provisioning/recovering time, default 1500
//   SEED (--seed)                        repeatable IDs and secrets
//   REQUESTS_PER_MINUTE (--requests-per-minute)  per-token limit, answered 429 beyond it (Prisma's
//                                        is about 30); absent or 0 = no limit
import { startEmulator } from "./server";

function setting(flag: string, env: string): string | undefined {
  const prefix = `--${flag}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return arg !== undefined ? arg.slice(prefix.length) : process.env[env];
}

function integer(flag: string, env: string, fallback?: number): number | undefined {
  const raw = setting(flag, env);
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`${env} (--${flag}) must be a non-negative integer, got "${raw}".`);
    process.exit(2);
  }
  return Number(raw);
}

async function main(): Promise<void> {
  const requestsPerMinute = integer("requests-per-minute", "REQUESTS_PER_MINUTE");
  const emulator = await startEmulator({
    port: integer("port", "PORT", 4466),
    token: setting("token", "PRISMA_EMULATOR_TOKEN") || undefined,
    readyDelayMs: integer("ready-delay-ms", "READY_DELAY_MS"),
    seed: integer("seed", "SEED"),
    rateLimit: requestsPerMinute ? { requestsPerMinute } : undefined,
  });
  emulator.seedIntegration({ clientName: "Example OAuth App" });

  console.log(`Prisma Management API emulator listening on ${emulator.url}`);
  console.log(`  port:      ${emulator.port}`);
  console.log(`  token:     ${emulator.token}`);
  console.log(`  workspace: ${emulator.workspaceId}`);
  console.log(`  limit:     ${requestsPerMinute ? `${requestsPerMinute} requests per minute per token` : "none"}`);
  console.log("");
  console.log("Point the package at it:");
  console.log(`  export PRISMA_MANAGEMENT_API_URL=${emulator.url}`);
  console.log("  and use the token above as the account's API token.");
  console.log("");
  console.log(`Try: curl -H "Authorization: Bearer ${emulator.token}" ${emulator.url}/me`);
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
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
