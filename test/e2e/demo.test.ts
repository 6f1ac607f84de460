// `npm run demo` as a newcomer runs it: the built actions, end to end, against the emulator and
// its real PostgreSQL databases (the test run's server, which PRISMA_EMULATOR_POSTGRES_URL names).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";

const root = join(__dirname, "..", "..");

const STEPS = [
  "Provision Postgres Project",
  "Provision Postgres Project (run again)",
  "Provision Preview Database (with schemaSql)",
  "Provision Preview Database (run again)",
  "Execute SQL (on the direct connection string)",
  "Run SQL Query (on the direct connection string)",
  "Get Database Schema",
  "Rotate Connection String",
  "Run SQL Query (with the old string)",
  "Run SQL Query (with the new string)",
  "Execute SQL (a row written after the backup)",
  "List Backups",
  "Restore Backup to New Database (the newest backup)",
  "Run SQL Query (on the restored database, by its ID)",
  "Execute SQL (drop the table, confirmed)",
  "Delete Database",
  "Delete Preview Branch (dry run)",
  "Delete Preview Branch",
  "Delete Project",
];

const CUSTOMERS = [
  "     {\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"plan\":\"pro\"}",
  "     {\"id\":2,\"name\":\"Alan Turing\",\"email\":\"alan@example.com\",\"plan\":\"free\"}",
  "     {\"id\":3,\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\",\"plan\":\"free\"}",
];

/** The lines that follow the first line matching `start`, up to the next numbered step. */
function blockAfter(lines: string[], start: RegExp): string[] {
  const at = lines.findIndex((line) => start.test(line));
  expect(at, `no line matches ${start}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > at && /^\d+\. /.test(line));
  return lines.slice(at + 1, end === -1 ? undefined : end);
}

describe("the demo", () => {
  it("writes rows through minted credentials, refuses the rotated string, restores the backed-up rows and cleans up", async () => {
    expect(process.env.PRISMA_EMULATOR_POSTGRES_URL).toMatch(/^postgres/);
    const { stdout, stderr } = await promisify(execFile)(join(root, "node_modules", ".bin", "tsx"), ["scripts/demo.ts"], {
      cwd: root, env: { ...process.env, PRISMA_MANAGEMENT_API_URL: "" }, timeout: 90_000,
    });
    // execFile rejects on a non-zero exit code: reaching here means the demo exited 0.
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[1]).toMatch(/^PostgreSQL server ready in \d+\.\d s \(the one PRISMA_EMULATOR_POSTGRES_URL names\): every database below is a real one, and every connection string connects\.$/);

    // Every step, numbered, in order; all but the refused one end "done in N s".
    const stepLines = lines.filter((line) => /^\d+\. /.test(line));
    expect(stepLines.map((line) => line.replace(/ … .*$/, ""))).toEqual(STEPS.map((name, i) => `${i + 1}. ${name}`));
    for (const line of stepLines) {
      expect(line).toMatch(line.startsWith("9. ") ? / … refused, as it should be$/ : / … done in \d+\.\d s$/);
    }

    expect(blockAfter(lines, /^3\. /)).toEqual([
      expect.stringMatching(/^ {3}Provisioned preview database "preview-feature-demo" \(db_\w+\) on new branch "feature\/demo" .*; status ready; schema SQL applied$/),
      "   schema SQL: CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE NOT NULL, plan text NOT NULL DEFAULT 'free');",
      expect.stringMatching(/^ {3}direct connection string: postgres:\/\/emu_\w+:\[redacted\]@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/),
    ]);
    expect(blockAfter(lines, /^5\. /)).toEqual(["   Ran 2 statements in one transaction on postgres: INSERT 2, INSERT 1"]);
    expect(blockAfter(lines, /^6\. /)).toEqual(["   SELECT returned 3 rows from postgres", ...CUSTOMERS]);
    expect(blockAfter(lines, /^7\. /)).toEqual(["   Read 1 table of schema public in postgres", "     customers: id integer, name text, email text, plan text"]);

    // After the rotation the old string is refused by the database itself; the new one works.
    const user = /direct connection string: postgres:\/\/(emu_\w+):/.exec(blockAfter(lines, /^3\. /)[2])![1];
    expect(blockAfter(lines, /^9\. /)).toEqual([
      `   The database refused the credentials of user "${user}": password authentication failed for user "${user}". ` +
      "The connection may have been rotated or deleted: mint new credentials with **Create Connection String** " +
      "(or give the database instead, so the step mints its own). Nothing was run.",
    ]);
    expect(blockAfter(lines, /^10\. /)).toEqual([
      "   SELECT returned 1 row from postgres",
      "     {\"customers\":3}",
      "",
      "   A day later on the emulator's clock: it has taken its daily backup of every database.",
      "",
    ]);

    // The restored database, read by its ID: exactly the backed-up rows, over a temporary connection made and removed.
    const restored = blockAfter(lines, /^14\. /);
    expect(restored).toEqual([
      expect.stringMatching(/^ {3}SELECT returned 3 rows from db_\w+$/),
      ...CUSTOMERS,
      expect.stringMatching(/^ {3}API requests: POST \/v1\/connections → 201, DELETE \/v1\/connections\/con_\w+ → 204; the temporary connection is gone$/),
      "   The restored rows are the backed-up rows; the row written after the backup is not among them.",
    ]);
    expect(stdout).not.toContain("katherine@example.com");
    expect(blockAfter(lines, /^15\. /)).toEqual(["   Ran 1 statement on postgres: DROP TABLE"]);

    // No credential is printed: every URL password is masked.
    expect(stdout).not.toMatch(/:\/\/[^:/\s]+:(?!\[redacted\])[^@\s]+@/);
    expect(stdout).not.toMatch(/api_key=(?!\[redacted\])/);
    expect(stdout.match(/'deleted'/g)).toHaveLength(7);
    expect(stdout).not.toContain("'created'");
    // Nothing of the emulator's is left on the server: its databases, snapshots and roles carry its prefix.
    const prefix = user.slice(0, "emu_12345678_".length);
    const admin = new pg.Client({ connectionString: inject("postgresUrl") });
    await admin.connect();
    try {
      const left = await admin.query("SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1) UNION ALL SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)", [prefix]);
      expect(left.rows).toEqual([]);
    } finally {
      await admin.end();
    }
    expect(lines.at(-2)).toBe(`Demo finished: ${STEPS.length} steps, every resource cleaned up.`);
  }, 90_000);
});
