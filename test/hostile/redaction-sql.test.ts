// The SQL actions against the real PostgreSQL: rows whose columns are named like secrets, a
// server error whose detail quotes a stored connection string, and connection strings typed
// with passwords that hold every character a URL makes hard (raw spaces among them). No
// password may show in a result, summary or error.
import { createServer as createTcpServer } from "node:net";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import executeSql from "../../actions/execute-sql/execute-sql";
import getDatabaseSchema from "../../actions/get-database-schema/get-database-schema";
import runSqlQuery from "../../actions/run-sql-query/run-sql-query";
import { REDACTED } from "../../common/redaction";
import { runAction, runActionError } from "../harness";
import { useTestDatabases } from "../sql/database";

const databases = useTestDatabases();

const STORED = "postgresql://app:st0red pw@db.example.com/app";

/** Everything of an error a person or a log could see. */
function seen(error: Error): string {
  return [error.message, String(error.stack), JSON.stringify(error), inspect(error, { showHidden: true, depth: 6 })].join("\n");
}

describe("rows and server errors", () => {
  it("Run SQL Query: columns named like a secret are left out, and a stored URL's spaced password is masked", async () => {
    const db = await databases.create();

    const { result } = await runAction<{ rows: Record<string, unknown>[] }>(runSqlQuery, {
      connectionString: db.url,
      sql: "SELECT 1 AS id, 'pw-col-1' AS passwd, 'pw-col-2' AS db_password, 'pw-col-3' AS api_key, 'pw-col-4' AS client_secret, $1::text AS dsn",
      params: [STORED],
    });

    expect(result.rows).toEqual([{ id: 1, dsn: `postgresql://app:${REDACTED}@db.example.com/app` }]);
  });

  it("Execute SQL: a unique violation whose detail quotes a stored connection string", async () => {
    const db = await databases.create();
    const sql = `CREATE TABLE targets (dsn text UNIQUE); INSERT INTO targets VALUES ('${STORED}'); INSERT INTO targets VALUES ('${STORED}')`;

    const error = await runActionError(executeSql, { connectionString: db.url, sql });

    expect(error).toMatchObject({ sqlState: "23505" });
    expect(seen(error)).not.toContain("st0red");
  });

  it("Execute SQL: the values a constraint's detail quotes, of a key named like a secret and of a failing row", async () => {
    const db = await databases.create();
    await runAction(executeSql, { connectionString: db.url, sql: "CREATE TABLE accounts (email text NOT NULL, api_token text UNIQUE, password text)" });

    const duplicate = await runActionError(executeSql, {
      connectionString: db.url,
      sql: "INSERT INTO accounts VALUES ('a@example.com', 'tok-value-1', 'pw-value-1'), ('b@example.com', 'tok-value-1', 'pw-value-2')",
    });
    expect(duplicate.message).toBe(`A constraint refused the change: duplicate key value violates unique constraint "accounts_api_token_key" (Detail: Key (api_token)=(${REDACTED}) already exists.). Nothing was changed: the transaction was rolled back.`);
    const missing = await runActionError(executeSql, { connectionString: db.url, sql: "INSERT INTO accounts VALUES (NULL, 'tok-value-2', 'pw-value-3')" });
    expect(missing.message).toBe(`A constraint refused the change: null value in column "email" of relation "accounts" violates not-null constraint (Detail: Failing row contains (${REDACTED}).). Nothing was changed: the transaction was rolled back.`);
    for (const error of [duplicate, missing]) expect(seen(error)).not.toMatch(/tok-value|pw-value/);
    // A key of no secret is shown, as the person needs it to find the row.
    const email = await runActionError(executeSql, { connectionString: db.url, sql: "CREATE UNIQUE INDEX ON accounts (email); INSERT INTO accounts VALUES ('c@example.com', NULL, NULL), ('c@example.com', NULL, NULL)" });
    expect(email.message).toContain("(Detail: Key (email)=(c@example.com) already exists.)");
  });

  it.each([
    "ALTER ROLE CURRENT_USER WITH LOGIN PASSWORD bare_pw_value_1",
    "CREATE ROLE someone PASSWORD bare_pw_value_2",
  ])("Execute SQL: a password the server quotes back in its error, %j", async (sql) => {
    const db = await databases.create();
    const password = sql.split(" ").pop() as string;
    const error = await runActionError(executeSql, { connectionString: db.url, sql, confirm: db.name });
    expect(error.message).toMatch(/^Syntax error at character \d+: syntax error at or near "\[redacted\]"/);
    expect(seen(error)).not.toContain(password);
  });

  it("Get Database Schema: a column default that holds a connection string", async () => {
    const db = await databases.create(`CREATE TABLE settings (id int PRIMARY KEY, dsn text DEFAULT '${STORED}')`);

    const { result } = await runAction(getDatabaseSchema, { connectionString: db.url });

    expect(JSON.stringify(result)).toContain("settings");
    expect(JSON.stringify(result)).not.toContain("st0red");
  });
});

describe("connection strings typed with hard passwords", () => {
  const PASSWORDS = ["p@ss w/rd:#?%'\"€", "  leading and trailing  ", "ünï cödé"];

  it.each(PASSWORDS)("a refused password %j shows in no form, encoded or not", async (password) => {
    const db = await databases.create();
    const wrong = db.url.replace(db.password, encodeURIComponent(password));

    const error = await runActionError(runSqlQuery, { connectionString: wrong, sql: "SELECT 1" });

    expect(error).toMatchObject({ sqlState: "28P01" });
    for (const form of [password, encodeURIComponent(password), password.trim()]) expect(seen(error)).not.toContain(form);
  });

  it("a password typed with raw spaces, to a host that refuses connections", async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const error = await runActionError(executeSql, { connectionString: `postgresql://u:sp aced pw@127.0.0.1:${port}/d`, sql: "SELECT 1" });

    expect(error.message).toContain("ECONNREFUSED");
    expect(seen(error)).not.toContain("aced");
  });
});
