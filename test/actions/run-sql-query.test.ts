import { describe, expect, it, vi } from "vitest";
import action from "../../actions/run-sql-query/run-sql-query";
import { QUERY_LIMITS } from "../../common/sql-queries";
import { connection, page } from "../fixtures";
import { api, errorBody, everything, runAction, runActionError, TOKEN } from "../harness";
import { mintedConnection, temporaryConnectionBody, useTestDatabases } from "../sql/database";

const databases = useTestDatabases();
const databaseId = "db_csqltest00001";
const connectionId = "con_ctemporary01";
const SETUP = `CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2026-01-02 03:04:05.123456+00');
INSERT INTO users (email) SELECT 'user' || n || '@example.com' FROM generate_series(1, 5) n;`;

describe("run-sql-query over a connection string", () => {
  it("returns rows, fields with type names, and sends no API request", async () => {
    const db = await databases.create(SETUP);
    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, {
      connectionString: db.url,
      sql: "SELECT id, email, created_at FROM users WHERE id <= $1 ORDER BY id",
      params: ["2"],
    });
    expect(result).toEqual({
      rows: [
        { id: 1, email: "user1@example.com", created_at: "2026-01-02 03:04:05.123456+00" },
        { id: 2, email: "user2@example.com", created_at: "2026-01-02 03:04:05.123456+00" },
      ],
      rowCount: 2,
      fields: [
        { name: "id", type: "integer" },
        { name: "email", type: "text" },
        { name: "created_at", type: "timestamp with time zone" },
      ],
      truncated: false,
      temporaryConnectionLeft: null,
    });
    expect(summary).toBe(`SELECT returned 2 rows from ${db.name}`);
    expect(everything(result, exports)).not.toContain(db.password);
  });

  it("returns NaN and the infinities of real and double precision as their text, which JSON can hold", async () => {
    const db = await databases.create(SETUP);
    const { result } = await runAction<{ rows: unknown[] }>(action, {
      connectionString: db.url,
      sql: "SELECT 'NaN'::float8 AS a, '-Infinity'::float4 AS b, 1.5::float8 AS c, ARRAY['Infinity', '2']::float8[] AS d, 'NaN'::numeric AS e",
    });
    // As Pipedream stores a step's result.
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual([{ a: "NaN", b: "-Infinity", c: 1.5, d: ["Infinity", 2], e: "NaN" }]);
  });

  it("returns arrays of numeric, bytea, dates, times and intervals as lists of the texts their single values are", async () => {
    const db = await databases.create(SETUP);
    const { result } = await runAction<{ rows: unknown[] }>(action, {
      connectionString: db.url,
      sql: "SELECT ARRAY[12345678901234567890.123456789]::numeric[] AS n, ARRAY['\\x00ff']::bytea[] AS b, ARRAY['2026-01-02 03:04:05.123456+00']::timestamptz[] AS ts, " +
        "ARRAY['2026-01-02']::date[] AS d, ARRAY['1 day 02:00:00.5']::interval[] AS i, '12345678901234567890.123456789'::numeric AS one",
    });
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual([{
      n: ["12345678901234567890.123456789"], b: ["\\x00ff"], ts: ["2026-01-02 03:04:05.123456+00"], d: ["2026-01-02"], i: ["1 day 02:00:00.5"], one: "12345678901234567890.123456789",
    }]);
  });

  it("refuses a result with two columns of one name rather than return one of them under it", async () => {
    const db = await databases.create(SETUP);
    const error = await runActionError(action, { connectionString: db.url, sql: "SELECT a.id, a.email, b.id FROM users a JOIN users b ON b.id = a.id + 1" });
    expect(error.name).toBe("SqlError");
    expect(error.message).toBe("Columns 1 and 3 of the result are both named \"id\", and each row holds one value per name. Give each column its own name with AS (e.g. `SELECT a.id AS a_id, b.id AS b_id`).");
  });

  it("stops at maxRows and says more were left out; exactly maxRows rows is not truncated", async () => {
    const db = await databases.create(SETUP);
    const cut = await runAction<{ rows: unknown[]; rowCount: number; truncated: boolean }>(action, {
      connectionString: db.url, sql: "SELECT id FROM users ORDER BY id", maxRows: 3,
    });
    expect(cut.result).toMatchObject({ rows: [{ id: 1 }, { id: 2 }, { id: 3 }], rowCount: 3, truncated: true });
    expect(cut.summary).toBe(`SELECT returned 3 rows (truncated: more were left out) from ${db.name}`);
    const whole = await runAction<{ rowCount: number; truncated: boolean }>(action, {
      connectionString: db.url, sql: "SELECT id FROM users", maxRows: 5,
    });
    expect(whole.result).toMatchObject({ rowCount: 5, truncated: false });
  });

  it("cuts the rows at the byte cap, and reads a huge result without loading it", async () => {
    const db = await databases.create();
    // 200,000 rows of 1 kB: far more than the cap, and only what the cap keeps is fetched.
    const { result } = await runAction<{ rows: { pad: string }[]; rowCount: number; truncated: boolean }>(action, {
      connectionString: db.url, sql: "SELECT repeat('x', 1000) AS pad FROM generate_series(1, 200000)", maxRows: QUERY_LIMITS.maxRows,
    });
    expect(result.truncated).toBe(true);
    expect(result.rowCount).toBe(Math.floor((QUERY_LIMITS.maxBytes - 2) / (JSON.stringify({ pad: "x".repeat(1000) }).length + 1)));
    expect(result.rows).toHaveLength(result.rowCount);
  });

  it("leaves credentials out of the rows: a column named like a secret, the password in a URL", async () => {
    const db = await databases.create();
    const { result } = await runAction<{ rows: unknown[]; fields: unknown[] }>(action, {
      connectionString: db.url, sql: "SELECT 'ada' AS name, 'hunter2-pw' AS password, 'postgres://u:url-pw-1@h/d' AS url",
    });
    expect(result.rows).toEqual([{ name: "ada", url: "postgres://u:[redacted]@h/d" }]);
    expect(result.fields).toEqual([{ name: "name", type: "text" }, { name: "password", type: "text" }, { name: "url", type: "text" }]);
  });

  it("bounds every statement by the step's time left: statement_timeout is set inside the transaction", async () => {
    const db = await databases.create();
    // A clock that stands still (and never fires a timer here) makes the time left exact.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const { result } = await runAction<{ rows: unknown[] }>(action, { connectionString: db.url, sql: "SHOW statement_timeout" });
      expect(result.rows).toEqual([{ statement_timeout: "24500ms" }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("runs EXPLAIN and SHOW, which return rows without being a SELECT", async () => {
    const db = await databases.create(SETUP);
    const { result } = await runAction<{ rows: Record<string, unknown>[]; fields: unknown[] }>(action, {
      connectionString: db.url, sql: "SHOW transaction_read_only",
    });
    expect(result).toMatchObject({ rows: [{ transaction_read_only: "on" }], fields: [{ name: "transaction_read_only", type: "text" }] });
  });

  it("binds parameters as values, so text that looks like SQL stays text", async () => {
    const db = await databases.create(SETUP);
    const { result } = await runAction<{ rows: unknown[] }>(action, {
      connectionString: db.url, sql: "SELECT $1::text AS given, $2::int + 1 AS next, $3::text IS NULL AS missing",
      params: ["'); DROP TABLE users; --", "41", null],
    });
    expect(result.rows).toEqual([{ given: "'); DROP TABLE users; --", next: 42, missing: true }]);
    expect((await db.admin("SELECT count(*)::int AS n FROM users")).rows).toEqual([{ n: 5 }]);
  });
});

describe("run-sql-query on a database ID", () => {
  it("mints a temporary connection, runs the query with it, and deletes it: exactly two requests", async () => {
    const db = await databases.create(SETUP);
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply(201, mintedConnection(db, connectionId, databaseId));
    api().delete(`/v1/connections/${connectionId}`).reply(204);
    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, {
      databaseId, sql: "SELECT count(*)::int AS n FROM users",
    });
    expect(result).toEqual({
      rows: [{ n: 5 }], rowCount: 1, fields: [{ name: "n", type: "integer" }], truncated: false, temporaryConnectionLeft: null,
    });
    expect(summary).toBe(`SELECT returned 1 row from ${databaseId}`);
    expect(everything(result, exports)).not.toContain(db.password);
  });

  it("deletes the temporary connection when the SQL fails, and reports the SQL's error", async () => {
    const db = await databases.create(SETUP);
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply(201, mintedConnection(db, connectionId, databaseId));
    api().delete(`/v1/connections/${connectionId}`).reply(204);
    const error = await runActionError(action, { databaseId, sql: "SELECT nope FROM users" });
    expect(error.message).toBe("A column the SQL names does not exist: column \"nope\" does not exist. See the table's columns with **Get Database Schema**. Nothing was changed: the transaction was rolled back.");
    expect(everything(error)).not.toContain(db.password);
  });

  it("says which connection is left, and how to remove it, when the delete fails", async () => {
    const db = await databases.create(SETUP);
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply(201, mintedConnection(db, connectionId, databaseId));
    api().delete(`/v1/connections/${connectionId}`).reply(403, errorBody("forbidden", "Token may not delete connections"));
    const { result, summary } = await runAction<Record<string, unknown>>(action, { databaseId, sql: "SELECT 1 AS one" });
    expect(result.temporaryConnectionLeft).toEqual({
      connectionId,
      databaseId,
      reason: "The temporary connection con_ctemporary01 could not be deleted (Prisma API error 403 (forbidden): Token may not delete connections. The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access), so its credentials still work.",
      remedy: `Delete it with **Delete Connection String** (connection ID ${connectionId}).`,
    });
    expect(summary).toContain(`; The temporary connection ${connectionId} could not be deleted`);
    expect(everything(result, summary)).not.toContain(db.password);
    expect(everything(result, summary)).not.toContain(TOKEN);
  });

  it("names the connection left in the error when both the SQL and the delete fail", async () => {
    const db = await databases.create(SETUP);
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply(201, mintedConnection(db, connectionId, databaseId));
    api().delete(`/v1/connections/${connectionId}`).reply(403, errorBody("forbidden", "Token may not delete connections"));
    const error = await runActionError(action, { databaseId, sql: "SELECT * FROM missing_table" });
    expect(error.message).toBe("A table or view the SQL names does not exist: relation \"missing_table\" does not exist. Check the name and its schema (see **Get Database Schema**). Nothing was changed: the transaction was rolled back. The temporary connection con_ctemporary01 could not be deleted (Prisma API error 403 (forbidden): Token may not delete connections. The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access), so its credentials still work. Delete it with **Delete Connection String** (connection ID con_ctemporary01).");
  });
});

describe("run-sql-query on a database ID whose mint lost its answer", () => {
  /** Answers the mint with `status` and `body`, and keeps the name it was asked for. */
  function mintAnswered(status: number, body: unknown) {
    const asked = { name: "" };
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply((_, sent) => {
      asked.name = (sent as { name: string }).name;
      return [status, body];
    });
    return asked;
  }
  const listed = (rows: () => unknown[]) =>
    api().get(`/v1/databases/${databaseId}/connections`).query({ limit: "100" }).reply(200, () => page(rows()));
  const serverError = errorBody("internal-error", "Something went wrong.");

  it.each([
    ["a 500", 500, serverError],
    ["a 201 of the wrong shape", 201, { data: { id: 7 } }],
  ])("after %s, finds the connection by its name and deletes it, and says so", async (_, status, body) => {
    const asked = mintAnswered(status, body);
    listed(() => [connection("con_cother0000001", databaseId), connection(connectionId, databaseId, { name: asked.name })]);
    const deleted = api().delete(`/v1/connections/${connectionId}`).reply(204);
    const error = await runActionError(action, { databaseId, sql: "SELECT 1" });
    expect(deleted.isDone()).toBe(true);
    expect(error.message).toMatch(new RegExp(` The temporary connection ${asked.name} had been created all the same, and was deleted\\.$`));
  });

  it("after a 500, says nothing was left when no connection has its name", async () => {
    const asked = mintAnswered(500, serverError);
    listed(() => [connection("con_cother0000001", databaseId, { name: "temporary-sql-00000000" })]);
    const error = await runActionError(action, { databaseId, sql: "SELECT 1" });
    expect(error.message).toMatch(new RegExp(` No connection named ${asked.name} is listed on database ${databaseId}, so none is left there\\.$`));
  });

  it("after a 500, names the connection and how to remove it when it cannot be looked for", async () => {
    const asked = mintAnswered(500, serverError);
    api().get(`/v1/databases/${databaseId}/connections`).query({ limit: "100" }).reply(403, errorBody("forbidden", "Token may not list connections"));
    const error = await runActionError(action, { databaseId, sql: "SELECT 1" });
    expect(error.message).toBe(`Prisma API error 500 (internal-error): Something went wrong. Prisma had a server problem. The connection may have been created, and its one-time connection strings with it. Check with **List Connection Strings** and remove an unwanted one with **Delete Connection String**; a re-run creates another. The temporary connection ${asked.name} may have been created and could not be looked for (Prisma API error 403 (forbidden): Token may not list connections. The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access): if **List Connection Strings** shows it on database ${databaseId}, delete it with **Delete Connection String**, as its credentials work.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("after a refusal (400), looks for nothing: no connection was made", async () => {
    mintAnswered(400, errorBody("validation-error", "name is invalid"));
    const error = await runActionError(action, { databaseId, sql: "SELECT 1" });
    // No list or delete was sent: nock refuses any request it was not given.
    expect(error.message).not.toContain("temporary connection");
    expect(error.message).toContain("name is invalid");
  });
});

describe("run-sql-query refuses before anything is sent", () => {
  it.each([
    [{ sql: "SELECT 1" }, "Set Database (the step then mints a temporary connection) or Connection String (e.g. a previous step's `directConnectionString`)."],
    [{ databaseId, connectionString: "postgres://u:p@h/d", sql: "SELECT 1" }, "Set either Database or Connection String, not both: with a connection string the SQL runs on the database it names, and the database ID would be ignored."],
    [{ connectionString: "prisma+postgres://accelerate.prisma-data.net/?api_key=eyJhbGciOi.x", sql: "SELECT 1" }, "Connection String must start with postgres:// or postgresql://. An Accelerate string (prisma+postgres://) carries no database credentials: use the direct or pooled connection string."],
    [{ connectionString: "not a url p4ss", sql: "SELECT 1" }, "Connection String is not a URL: it must be a postgres:// URL naming the user, password, host and database, as **Create Connection String** returns."],
    [{ databaseId, sql: "DELETE FROM users" }, "Nothing was run. Run SQL Query runs only queries that read (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW); this one starts with DELETE. To change data or schema, use **Execute SQL**."],
    [{ databaseId, sql: "SELECT 1; SELECT 2" }, "Nothing was run. Run SQL Query runs one statement, and this text holds 2. Run them one at a time, or use **Execute SQL** for a script."],
    [{ databaseId, sql: "SELECT 'x" }, "SQL cannot be read, so nothing was run: The string constant that starts at character 8 is never closed."],
    [{ databaseId, sql: "SELECT 1", maxRows: 0 }, "Max Rows must be a whole number from 1 to 10000; got \"0\"."],
    [{ databaseId, sql: "SELECT $1", params: [{ a: 1 }] }, "Params item 1 must be text, a number, a boolean or null; pass JSON as text and cast it in the SQL (e.g. `$1::jsonb`)."],
  ])("%j", async (props, message) => {
    const error = await runActionError(action, props);
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe(message);
  });
});
