import { describe, expect, it } from "vitest";
import action from "../../actions/execute-sql/execute-sql";
import { api, everything, runAction, runActionError } from "../harness";
import { mintedConnection, temporaryConnectionBody, useTestDatabases } from "../sql/database";

const databases = useTestDatabases();
const databaseId = "db_csqltest00001";
const connectionId = "con_ctemporary01";
const SETUP = "CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL); INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com');";
const count = async (db: { admin: (text: string) => Promise<{ rows: { n: number }[] }> }, table = "users") =>
  (await db.admin(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

describe("execute-sql", () => {
  it("runs a script in one transaction and says what each statement did", async () => {
    const db = await databases.create(SETUP);
    const { result, summary, exports } = await runAction(action, {
      connectionString: db.url,
      sql: `CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users, title text);
        INSERT INTO posts (user_id, title) SELECT id, 'hello; world' FROM users;
        UPDATE users SET email = upper(email) WHERE id = 1; -- one row
        DELETE FROM posts WHERE title = 'none';`,
    });
    expect(result).toEqual({
      statements: [
        { command: "CREATE TABLE", rowCount: null },
        { command: "INSERT", rowCount: 2 },
        { command: "UPDATE", rowCount: 1 },
        { command: "DELETE", rowCount: 0 },
      ],
      temporaryConnectionLeft: null,
    });
    expect(summary).toBe(`Ran 4 statements in one transaction on ${db.name}: CREATE TABLE, INSERT 2, UPDATE 1, DELETE 0`);
    expect(await count(db, "posts")).toBe(2);
    expect(everything(result, exports)).not.toContain(db.password);
  });

  it("changes nothing when a statement fails: all or nothing", async () => {
    const db = await databases.create(SETUP);
    const error = await runActionError(action, {
      connectionString: db.url,
      sql: "INSERT INTO users (email) VALUES ('c@example.com'); INSERT INTO users (email) VALUES ('a@example.com');",
    });
    expect(error.message).toBe("A constraint refused the change: duplicate key value violates unique constraint \"users_email_key\" (Detail: Key (email)=(a@example.com) already exists.). Nothing was changed: the transaction was rolled back.");
    expect(await count(db)).toBe(2);
  });

  it("reports a syntax error with its position in the script", async () => {
    const db = await databases.create(SETUP);
    const error = await runActionError(action, { connectionString: db.url, sql: "INSERT INTO users (email) VALUES ('x@example.com');\nSELEC 1;" });
    expect(error).toMatchObject({ sqlState: "42601", position: 53 });
    expect(error.message).toBe("Syntax error at character 53: syntax error at or near \"SELEC\". Nothing was changed: the transaction was rolled back.");
    expect(await count(db)).toBe(2);
  });

  it("refuses a destructive statement before anything runs unless confirm names the database", async () => {
    const db = await databases.create(SETUP);
    const sql = "INSERT INTO users (email) VALUES ('c@example.com'); /* tidy */ DeLeTe FrOm \"users\";";
    const error = await runActionError(action, { connectionString: db.url, sql, confirm: "yes" });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe(`Nothing was run. The SQL destroys data or schema: statement 2 (DELETE without WHERE removes every row). To run it, set Confirm to exactly "${db.name}" (it was "yes").`);
    expect(await count(db)).toBe(2);

    const { result } = await runAction(action, { connectionString: db.url, sql, confirm: db.name });
    expect(result).toMatchObject({ statements: [{ command: "INSERT", rowCount: 1 }, { command: "DELETE", rowCount: 3 }] });
    expect(await count(db)).toBe(0);
  });

  it("asks for the database ID as confirmation on a database ID, and checks it before minting anything", async () => {
    const error = await runActionError(action, { databaseId, sql: "DROP TABLE users" });
    expect(error.message).toBe(`Nothing was run. The SQL destroys data or schema: statement 1 (DROP TABLE removes it with its data). To run it, set Confirm to exactly "${databaseId}".`);
  });

  it.each([["a number", 12345, "a number (12345)"], ["a list", [databaseId], "a list"]])("refuses Confirm sent as %s before minting anything, even for SQL that needs none", async (_, confirm, shown) => {
    const error = await runActionError(action, { databaseId, sql: "SELECT 1", confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe(`Confirm must be text, e.g. "${databaseId}"; got ${shown}.`);
  });

  it("on a database ID, mints a temporary connection and deletes it: two requests", async () => {
    const db = await databases.create(SETUP);
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply(201, mintedConnection(db, connectionId, databaseId));
    api().delete(`/v1/connections/${connectionId}`).reply(204);
    const { result, summary } = await runAction(action, { databaseId, sql: "TRUNCATE users", confirm: databaseId });
    expect(result).toEqual({ statements: [{ command: "TRUNCATE", rowCount: null }], temporaryConnectionLeft: null });
    expect(summary).toBe(`Ran 1 statement on ${databaseId}: TRUNCATE`);
    expect(await count(db)).toBe(0);
  });

  it.each([
    ["INSERT INTO users (email) VALUES ('c@x'); COMMIT; DROP TABLE users", "Nothing was run. Statement 2 is COMMIT: the script runs in one transaction that commits only when every statement succeeded, so it may not open or end transactions itself (SAVEPOINT and ROLLBACK TO are fine)."],
    ["begin; delete from users where id = 1", "Nothing was run. Statement 1 is BEGIN: the script runs in one transaction that commits only when every statement succeeded, so it may not open or end transactions itself (SAVEPOINT and ROLLBACK TO are fine)."],
    ["ROLLBACK", "Nothing was run. Statement 1 is ROLLBACK: the script runs in one transaction that commits only when every statement succeeded, so it may not open or end transactions itself (SAVEPOINT and ROLLBACK TO are fine)."],
    ["COPY users FROM STDIN", "Nothing was run. Statement 1 copies through the client (COPY … FROM STDIN or TO STDOUT), which this step cannot carry: use INSERT … VALUES, or COPY from a file on the server."],
    ["-- nothing\n;;", "SQL holds no statement (only comments or semicolons)."],
  ])("refuses %j before anything runs", async (sql, message) => {
    const error = await runActionError(action, { databaseId, sql });
    expect(error.message).toBe(message);
  });

  it("runs SAVEPOINT and ROLLBACK TO inside its transaction", async () => {
    const db = await databases.create(SETUP);
    const { result } = await runAction(action, {
      connectionString: db.url,
      sql: "SAVEPOINT s; INSERT INTO users (email) VALUES ('c@example.com'); ROLLBACK TO SAVEPOINT s; INSERT INTO users (email) VALUES ('d@example.com')",
    });
    expect(result).toMatchObject({ statements: [{ command: "SAVEPOINT" }, { command: "INSERT", rowCount: 1 }, { command: "ROLLBACK" }, { command: "INSERT", rowCount: 1 }] });
    expect((await db.admin("SELECT email FROM users ORDER BY id")).rows.map((r) => r.email)).toEqual(["a@example.com", "b@example.com", "d@example.com"]);
  });

  it("reports a statement the server cancelled for running too long", async () => {
    const db = await databases.create(SETUP);
    const error = await runActionError(action, { connectionString: db.url, sql: "SET LOCAL statement_timeout = 50; SELECT pg_sleep(5)" });
    expect(error).toMatchObject({ sqlState: "57014" });
    expect(error.message).toBe("The statement ran longer than the step allows and was cancelled by the server: canceling statement due to statement timeout. Nothing was changed: the transaction was rolled back. Make it faster, return fewer rows, or raise the step's timeout.");
  });
});
