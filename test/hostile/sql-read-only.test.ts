// Run SQL Query against a real database, with every way out of its read-only transaction we
// know of: refused by the checks before anything runs, or by PostgreSQL inside the READ ONLY
// transaction. Either way the data is untouched afterwards.
import pg from "pg";
import { describe, expect, it } from "vitest";
import action from "../../actions/run-sql-query/run-sql-query";
import executeSql from "../../actions/execute-sql/execute-sql";
import { runAction, runActionError } from "../harness";
import { useTestDatabases, type TestDatabase } from "../sql/database";

const databases = useTestDatabases();
const SETUP = "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'keep'); CREATE SEQUENCE s;";

async function untouched(db: TestDatabase): Promise<void> {
  expect((await db.admin("SELECT id, v FROM t ORDER BY id")).rows).toEqual([{ id: 1, v: "keep" }]);
  expect((await db.admin("SELECT last_value::int AS n, is_called FROM s")).rows).toEqual([{ n: 1, is_called: false }]);
  expect((await db.admin("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'made'")).rows).toEqual([{ n: 0 }]);
}

describe("Run SQL Query cannot write", () => {
  it.each([
    "COMMIT; DELETE FROM t",
    "SELECT 1; COMMIT; UPDATE t SET v = 'gone'",
    "BEGIN READ WRITE",
    "SET TRANSACTION READ WRITE",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    "RESET ALL",
    "ROLLBACK",
    "END",
    "DELETE FROM t",
    "CREATE TABLE made (a int)",
    "CALL anything()",
    "DO $$ BEGIN DELETE FROM t; END $$",
    "SELECT 1 /* ; */ ; ; DELETE FROM t",
    "SELECT set_config('transaction_read_only', 'off', true)",
    "SELECT pg_terminate_backend(pg_backend_pid())",
    "SELECT \"pg_cancel_backend\"(1)",
    "SELECT dblink_exec('dbname=postgres', 'CREATE TABLE made (a int)')",
    "SELECT query_to_xml('DELETE FROM t', true, true, '')",
    // A session's advisory lock outlives the transaction; a pooled connection keeps it for its next client.
    "SELECT pg_advisory_lock(72707369)",
    // The server joins a string continued on the next line to the E'…' before it, backslashes and all.
    "SELECT E'x'\n'\\'', set_config('statement_timeout', '0', false) --'",
  ])("refuses %j before it runs", async (sql) => {
    const db = await databases.create(SETUP);
    const error = await runActionError(action, { connectionString: db.url, sql });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/^Nothing was run\. /);
    await untouched(db);
  });

  it.each([
    ["WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone", /^Run SQL Query runs in a read-only transaction, and this statement writes: cannot execute SELECT in a read-only transaction\./],
    ["SELECT * FROM t FOR UPDATE", /^Run SQL Query runs in a read-only transaction, and this statement writes: cannot execute SELECT FOR UPDATE in a read-only transaction\./],
    ["SELECT nextval('s')", /^Run SQL Query runs in a read-only transaction, and this statement writes: cannot execute nextval\(\) in a read-only transaction\./],
    ["SELECT * INTO made FROM t", /^Run SQL Query runs in a read-only transaction, and this statement writes: cannot execute SELECT INTO in a read-only transaction\./],
    ["EXPLAIN ANALYZE DELETE FROM t", /^Run SQL Query runs in a read-only transaction, and this statement writes: cannot execute DELETE in a read-only transaction\./],
    ["EXPLAIN ANALYZE INSERT INTO t VALUES (2, 'x')", /^Run SQL Query runs in a read-only transaction, and this statement writes: cannot execute INSERT in a read-only transaction\./],
  ])("%j is stopped by the READ ONLY transaction", async (sql, message) => {
    const db = await databases.create(SETUP);
    const error = await runActionError(action, { connectionString: db.url, sql });
    expect(error.name).toBe("SqlError");
    expect(error.message).toMatch(message);
    await untouched(db);
  });
});

describe("a byte order mark in front of the SQL", () => {
  it.each([
    ["Run SQL Query", action, "\uFEFFSELECT 1"],
    ["Execute SQL", executeSql, "\uFEFFINSERT INTO t VALUES (2, 'x')"],
  ])("%s names it rather than report a syntax error at an invisible character", async (_name, component, sql) => {
    const db = await databases.create(SETUP);
    const error = await runActionError(component, { connectionString: db.url, sql });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe("SQL starts with a byte order mark (U+FEFF, invisible; editors add it to files saved as UTF-8 with BOM), which PostgreSQL reads as part of the first word, so nothing was run. Remove it: copy the SQL again without it, or save the file as UTF-8 without BOM.");
    await untouched(db);
  });
});

describe("Run SQL Query reaches no other session", () => {
  it("refuses a query given as text to ts_stat, whose own calls no check reads", async () => {
    const db = await databases.create(SETUP);
    const other = new pg.Client({ connectionString: db.url.replace(/\?.*$/, "") });
    await other.connect();
    other.on("error", () => {});
    try {
      const pid = (await other.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      const sql = `SELECT * FROM ts_stat($$SELECT to_tsvector(pg_terminate_backend(${pid})::text)$$)`;
      const error = await runActionError(action, { connectionString: db.url, sql });
      expect(error.name).toBe("ConfigurationError");
      expect(error.message).toBe("Nothing was run. ts_stat runs SQL given as text, which the checks cannot read, so Run SQL Query does not call it.");
      expect((await other.query("SELECT 1 AS alive")).rows).toEqual([{ alive: 1 }]);
    } finally {
      await other.end().catch(() => {});
    }
  });
});

describe("the text checked is the text that runs", () => {
  it("reads backslashes as the checks do, whatever the role sets standard_conforming_strings to", async () => {
    const db = await databases.create(SETUP);
    await db.admin(`ALTER ROLE ${db.user} SET standard_conforming_strings = off`);
    // With the setting off, the server would end the string at \' and run the DROP.
    const { result } = await runAction<{ statements: unknown[] }>(executeSql, { connectionString: db.url, sql: "SELECT '\\'' ; DROP TABLE t; --'" });
    expect(result.statements).toEqual([{ command: "SELECT", rowCount: 1 }]);
    const read = await runAction<{ rows: unknown[] }>(action, { connectionString: db.url, sql: "SELECT '\\'', pg_advisory_lock(1) --' AS text" });
    expect(read.result.rows).toEqual([{ text: "\\', pg_advisory_lock(1) --" }]);
    await untouched(db);
  });

  it.each([
    ["Run SQL Query", action, "SELECT 1\0; DELETE FROM t"],
    ["Execute SQL", executeSql, "DELETE FROM t\0 WHERE id = 2"],
  ])("%s refuses a NUL, at which the server would end the statement", async (_name, component, sql) => {
    const db = await databases.create(SETUP);
    const error = await runActionError(component, { connectionString: db.url, sql });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe("SQL holds a NUL character (\\0), which a PostgreSQL statement cannot hold, so nothing was run. Remove it; to store such bytes, pass them as a parameter or use bytea.");
    await untouched(db);
  });
});
