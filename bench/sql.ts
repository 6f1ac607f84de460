// Part 7: the SQL path. Run SQL Query (built, run as Pipedream runs it) reading 1,000 rows over a
// connection string, against plain `pg` running the same query on the same server through the
// same string, turns alternating in one process; the API requests of a query given by database
// ID (mint, then delete); and that importing an action loads no `pg` (only running SQL does).
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { startEmulator, type Emulator } from "../emulator/server";
import type { ActionLike } from "../test/pipedream";
import { run } from "../test/pipedream";
import { at, clearRequests, NO_RATE_LIMIT, requestShapes } from "./cases";
import { median, round } from "./stats";

const root = join(import.meta.dirname, "..");

export const SQL_ROWS = 1_000;
export const SQL_TABLE = `CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, name text NOT NULL, active boolean NOT NULL, score numeric(6,2) NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO users (email, name, active, score, created_at)
  SELECT 'user' || n || '@example.com', 'User ' || n, n % 3 <> 0, n * 1.25, timestamptz '2026-01-01 00:00:00+00' + n * interval '1 minute'
  FROM generate_series(1, ${SQL_ROWS}) n;`;
export const SQL_QUERY = "SELECT id, email, name, active, score, created_at FROM users ORDER BY id";

/** The API requests of a query given by database ID: mint the temporary connection, delete it. */
export const DATABASE_ID_QUERY_REQUESTS = ["POST /connections", "DELETE /connections/:id"];

/**
 * A project with its default database, made through the API as a user would, holding the
 * `users` table of SQL_ROWS rows; its ID and its default connection's direct string.
 */
export async function sqlDatabase(emulator: Emulator): Promise<{ databaseId: string; connectionString: string }> {
  const response = await fetch(`${emulator.url}/projects`, {
    method: "POST",
    headers: { "authorization": `Bearer ${emulator.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench-sql", region: "eu-central-1" }),
  });
  if (response.status !== 201) throw new Error(`POST /projects answered ${response.status}`);
  const { data } = await response.json() as { data: { database: { id: string; connections: { endpoints: { direct: { connectionString: string } } }[] } } };
  const connectionString = data.database.connections[0].endpoints.direct.connectionString;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(SQL_TABLE);
  } finally {
    await client.end();
  }
  return { databaseId: data.database.id, connectionString };
}

export interface SqlResult {
  rows: number;
  rounds: number;
  actionMs: number[];
  pgMs: number[];
  /** action / pg, per round. */
  ratios: number[];
  medianRatio: number;
  actionMedianMs: number;
  pgMedianMs: number;
  /** Action minus pg, median per round. */
  extraMs: number;
  /** API requests sent by every timed connection-string run, in all (must be none). */
  connectionStringRequests: number;
  /** The requests of each query given by database ID, as `METHOD /path` shapes. */
  databaseIdRequests: string[][];
  /** Connections of the database left behind by those queries (must be none). */
  connectionsLeft: number;
  pgLoading: PgLoading;
}

export interface PgLoading {
  /** Built actions in all. */
  actions: number;
  /** Built actions with a static import of pg (must be none: it would load at cold start). */
  staticImports: string[];
  /** Built actions that may load pg when they run SQL (a dynamic import). */
  lazyImports: string[];
  /** pg modules loaded after importing every built action in one fresh process (must be 0). */
  loadedAfterImport: number;
  /** The same count after importing pg itself: shows the count can see pg (must be > 0). */
  loadedAfterPg: number;
}

/** Which built actions import pg, and whether importing all of them loads it. */
export function pgLoading(): Promise<PgLoading> {
  const dir = join(root, "dist", "actions");
  const files = readdirSync(dir).sort().map((folder) => ({ folder, file: join(dir, folder, `${folder}.mjs`) }));
  const staticImports: string[] = [];
  const lazyImports: string[] = [];
  for (const { folder, file } of files) {
    const text = readFileSync(file, "utf8");
    if (/^\s*import\s[^;]*?from\s*["']pg["']|^\s*import\s*["']pg["']|require\(\s*["']pg["']\s*\)/m.test(text)) staticImports.push(folder);
    if (/import\(\s*["']pg["']\s*\)/.test(text)) lazyImports.push(folder);
  }
  const script = `import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(`${root}/`)});
const count = () => Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(k)).length;
for (const file of ${JSON.stringify(files.map((f) => f.file))}) await import(file);
const before = count();
await import("pg");
console.log(JSON.stringify([before, count()]));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: root }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`importing the built actions failed: ${stderr || error.message}`));
      const [loadedAfterImport, loadedAfterPg] = JSON.parse(stdout.trim()) as [number, number];
      resolve({ actions: files.length, staticImports, lazyImports, loadedAfterImport, loadedAfterPg });
    });
  });
}

type QueryOutput = { rows: { id: number }[]; rowCount: number; truncated: boolean };

export async function sql({ rounds, databaseIdRuns, load, log }: {
  rounds: number;
  databaseIdRuns: number;
  load: (folder: string) => Promise<ActionLike>;
  log: (line: string) => void;
}): Promise<SqlResult> {
  const emulator = await startEmulator({ readyDelayMs: 0, seed: 707 });
  const auth = { api_token: emulator.token };
  const overrides = { ...at(emulator.url), ...NO_RATE_LIMIT };
  try {
    const startedPostgres = performance.now();
    const { databaseId, connectionString } = await sqlDatabase(emulator);
    log(`  database with ${SQL_ROWS} rows ready in ${(performance.now() - startedPostgres).toFixed(0)} ms (PostgreSQL started)`);
    const action = await load("run-sql-query");
    const check = (who: string, rows: { id: number }[]) => {
      if (rows.length !== SQL_ROWS || rows[0]?.id !== 1 || rows[SQL_ROWS - 1]?.id !== SQL_ROWS) {
        throw new Error(`${who} returned ${rows.length} rows, not ids 1 to ${SQL_ROWS}`);
      }
    };
    const viaAction = async () => {
      const { result } = await run<QueryOutput>(action, { connectionString, sql: SQL_QUERY, maxRows: SQL_ROWS }, auth, overrides);
      if (result.truncated) throw new Error("Run SQL Query cut the rows");
      check("Run SQL Query", result.rows);
    };
    // What a person writes with pg: a client for the string, the query, the client closed.
    const viaPg = async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        check("pg", (await client.query(SQL_QUERY)).rows as { id: number }[]);
      } finally {
        await client.end();
      }
    };
    const timed = async (work: () => Promise<void>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };

    // One untimed turn each warms the code and the server's caches up.
    await viaAction();
    await viaPg();
    clearRequests(emulator);
    const actionMs: number[] = [];
    const pgMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so neither always runs on a warmer process.
      if (r % 2 === 0) {
        actionMs.push(await timed(viaAction));
        pgMs.push(await timed(viaPg));
      } else {
        pgMs.push(await timed(viaPg));
        actionMs.push(await timed(viaAction));
      }
    }
    const connectionStringRequests = emulator.state.requests.length;
    const ratios = actionMs.map((a, i) => a / pgMs[i]);
    log(`  ${rounds} rounds: Run SQL Query median ${median(actionMs).toFixed(1)} ms, pg ${median(pgMs).toFixed(1)} ms`);

    const connectionsOf = () => [...emulator.state.connections.values()].filter((c) => c.databaseId === databaseId).length;
    const connectionsBefore = connectionsOf();
    const databaseIdRequests: string[][] = [];
    for (let i = 0; i < databaseIdRuns; i++) {
      clearRequests(emulator);
      const { result } = await run<{ rows: { n: number }[] }>(action, { databaseId, sql: "SELECT count(*)::int AS n FROM users" }, auth, overrides);
      if (result.rows[0]?.n !== SQL_ROWS) throw new Error(`the query by database ID counted ${result.rows[0]?.n} rows`);
      databaseIdRequests.push(requestShapes(emulator));
    }

    return {
      rows: SQL_ROWS,
      rounds,
      actionMs: actionMs.map((v) => round(v)),
      pgMs: pgMs.map((v) => round(v)),
      ratios: ratios.map((v) => round(v, 3)),
      medianRatio: round(median(ratios), 3),
      actionMedianMs: round(median(actionMs)),
      pgMedianMs: round(median(pgMs)),
      extraMs: round(median(actionMs.map((a, i) => a - pgMs[i]))),
      connectionStringRequests,
      databaseIdRequests,
      connectionsLeft: connectionsOf() - connectionsBefore,
      pgLoading: await pgLoading(),
    };
  } finally {
    await emulator.close();
  }
}
