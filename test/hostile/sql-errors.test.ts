// The failures a person meets on the SQL path, each as an error that says what to do, against
// the real server (refused and rotated passwords, a missing database, permission, no free
// connection slot) and a TLS server whose certificate nobody signed; no password anywhere.
import { createServer as createTcpServer, type Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/run-sql-query/run-sql-query";
import executeSql from "../../actions/execute-sql/execute-sql";
import { STEP } from "../../common/constants";
import { Deadline } from "../../common/deadline";
import { sqlTargetOf, tlsOptionsOf, withSqlSession } from "../../common/sql-client";
import { everything, runActionError } from "../harness";
import { useTestDatabases } from "../sql/database";
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from "./self-signed";

const databases = useTestDatabases();

describe("errors a person can act on", () => {
  it("a refused password: the credentials may have been rotated or deleted", async () => {
    const db = await databases.create();
    const wrong = db.url.replace(db.password, "wrong-password-123");
    const error = await runActionError(action, { connectionString: wrong, sql: "SELECT 1" });
    expect(error).toMatchObject({ name: "SqlError", sqlState: "28P01" });
    expect(error.message).toBe(`The database refused the credentials of user "${db.user}": password authentication failed for user "${db.user}". The connection may have been rotated or deleted: mint new credentials with **Create Connection String** (or give the database instead, so the step mints its own). Nothing was run.`);
    expect(everything(error)).not.toContain("wrong-password-123");
  });

  it("a rotated password: the old string is refused the same way", async () => {
    const db = await databases.create();
    await db.admin(`ALTER ROLE ${db.user} PASSWORD 'rotated-pw-0001'`);
    const error = await runActionError(action, { connectionString: db.url, sql: "SELECT 1" });
    expect(error).toMatchObject({ sqlState: "28P01" });
    expect(everything(error)).not.toContain(db.password);
  });

  it("a database that does not exist", async () => {
    const db = await databases.create();
    const error = await runActionError(action, { connectionString: db.url.replace(`/${db.name}?`, "/no_such_db?"), sql: "SELECT 1" });
    expect(error).toMatchObject({ sqlState: "3D000" });
    expect(error.message).toBe(`The database "no_such_db" does not exist on 127.0.0.1: database "no_such_db" does not exist. Nothing was run.`);
  });

  it("permission denied names the user", async () => {
    const db = await databases.create();
    await db.admin("CREATE TABLE secret_stuff (a int)");
    const error = await runActionError(action, { connectionString: db.url, sql: "SELECT * FROM secret_stuff" });
    expect(error).toMatchObject({ sqlState: "42501" });
    expect(error.message).toBe(`Permission denied to user "${db.user}": permission denied for table secret_stuff. Nothing was changed: the transaction was rolled back.`);
  });

  it("no connection slot free", async () => {
    const db = await databases.create();
    await db.admin(`ALTER ROLE ${db.user} CONNECTION LIMIT 0`);
    const error = await runActionError(action, { connectionString: db.url, sql: "SELECT 1" });
    expect(error).toMatchObject({ sqlState: "53300" });
    expect(error.message).toBe(`The database has no connection slots free: too many connections for role "${db.user}". Close idle connections, use the pooled connection string, or try again shortly. Nothing was run.`);
  });

  it("a syntax error's position counts from the start of the query as written", async () => {
    const db = await databases.create();
    const error = await runActionError(action, { connectionString: db.url, sql: "SELECT 1 FROM WHERE" });
    expect(error).toMatchObject({ sqlState: "42601", position: 15 });
    expect(error.message).toBe("Syntax error at character 15: syntax error at or near \"WHERE\". Nothing was changed: the transaction was rolled back.");
  });

  it("a row larger than a step reads of one row: the query ends, saying how to read less", async () => {
    const db = await databases.create();
    const error = await runActionError(action, { connectionString: db.url, sql: "SELECT repeat('x', 17000000) AS big" });
    expect(error).toMatchObject({ name: "SqlError" });
    expect(error.message).toBe("A row of the result is 17 MB, more than the 16 MB a step reads of one row, so the connection was closed before reading it. The transaction did not commit, so nothing was changed. Select less of each row (e.g. `left(col, 1000)` or `length(col)` instead of the whole value).");
  });

  it("a % in the password that starts no escape: said before anything is sent, without the password", async () => {
    const error = await runActionError(action, { connectionString: "postgres://u:pass%zzword@db.prisma.io/postgres", sql: "SELECT 1" });
    expect(error).toMatchObject({ name: "ConfigurationError" });
    expect(error.message).toBe("Connection String has a % in its password that does not start an escape such as %40: write a % itself as %25.");
    expect(everything(error)).not.toContain("pass%zzword");
  });

  it.each([
    ["SELECT $1::int + $2::int", ["1"], "The SQL uses $2, but Params has only 1: give one value for each of $1…$2, in order. Nothing was run."],
    ["SELECT $1::int", [], "The SQL uses $1, but Params has no values: give one value for each of $1…$1, in order. Nothing was run."],
    ["SELECT '$1', $$ $2 $$", ["a"], "Params has 1 value, but the SQL uses no placeholders: write $1, $2, … in the SQL where each value goes, or leave Params empty. Nothing was run."],
  ])("params that do not match the placeholders of %j: said before a connection is minted", async (sql, params, message) => {
    // No API answer is set up: minting a connection would fail the test with another error.
    const error = await runActionError(action, { databaseId: "db_cparams000001", sql, params });
    expect(error).toMatchObject({ name: "ConfigurationError", message });
  });

  it("a host that refuses connections", async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await runActionError(action, { connectionString: `postgres://u:refused-pw-77@127.0.0.1:${port}/d`, sql: "SELECT 1" });
    expect(error.message).toBe(`The connection to the database at 127.0.0.1:${port} was lost (ECONNREFUSED) while connecting: connect ECONNREFUSED 127.0.0.1:${port}. Nothing was run.`);
    expect(everything(error)).not.toContain("refused-pw-77");
  });
});

describe("the step's deadline", () => {
  it("cancels on the server a statement that a script freed of statement_timeout, so it holds no lock past the step", async () => {
    const db = await databases.create("CREATE TABLE t (id int)");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const run = runActionError(executeSql, { connectionString: db.url, sql: "SET LOCAL statement_timeout = 0; LOCK TABLE t; SELECT pg_sleep(600)" });
      const sleeping = async () => (await db.admin("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND state = 'active' AND query LIKE '%pg_sleep(600)%'", [db.user])).rows[0].n as number;
      while (await sleeping() === 0) { /* the script has not reached pg_sleep yet */ }
      await vi.advanceTimersByTimeAsync(STEP.budgetMs);
      const error = await run;
      expect(error.message).toMatch(/^The database at 127\.0\.0\.1:\d+ did not finish within the 25 s the step had left, so the connection was closed\. /);
      // The test's own timeout bounds this: without the cancel the backend sleeps for 600 s.
      while (await sleeping() > 0) { /* the cancel is on its way */ }
      expect((await db.admin("SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 't' AND l.mode = 'AccessExclusiveLock'")).rows).toEqual([{ n: 0 }]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("TLS", () => {
  it.each([
    "postgres://u:p@db.prisma.io:5432/postgres?sslmode=require",
    "postgres://u:p@db.prisma.io:5432/postgres?sslmode=no-verify",
    "postgres://u:p@db.prisma.io:5432/postgres?sslmode=disable",
    "postgres://u:p@db.prisma.io/postgres",
  ])("verifies the certificate of every host but loopback, whatever sslmode says: %s", (url) => {
    const target = sqlTargetOf(url);
    expect(target).toEqual({ host: "db.prisma.io", port: 5432, user: "u", password: "p", database: "postgres", tls: true });
    expect(tlsOptionsOf(target)).toEqual({ rejectUnauthorized: true, servername: "db.prisma.io" });
  });

  it("verifies the certificate of a name under .localhost: whether it is this machine is up to the resolver", () => {
    expect(sqlTargetOf("postgres://u:p@db.localhost:5432/postgres").tls).toBe(true);
  });

  it.each(["127.0.0.1", "localhost", "[::1]", "127.0.0.2"])("connects to loopback %s without TLS", (host) => {
    expect(tlsOptionsOf(sqlTargetOf(`postgres://u:p@${host}:5432/postgres?sslmode=require`))).toBe(false);
  });

  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  it("refuses a server whose certificate no trusted authority signed", async () => {
    // Answers the SSLRequest with "S", then speaks TLS with a self-signed certificate.
    const server = createTcpServer((socket) => {
      sockets.push(socket);
      socket.once("data", () => {
        socket.write("S");
        const tls = new TLSSocket(socket, { isServer: true, key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT });
        tls.on("error", () => {});
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const target = { host: "127.0.0.1", port, user: "u", password: "tls-pw-31", database: "d", tls: true };
      const error = await withSqlSession(target, Deadline.after(20_000), async () => "ran").then(() => null, (e: Error) => e);
      expect(error?.message).toMatch(new RegExp(`^The TLS connection to 127\\.0\\.0\\.1:${port} failed: self-signed certificate\\. The server's certificate must be valid for the host name; connections to hosts other than this machine are always encrypted and verified\\. Nothing was run\\.$`));
      expect(everything(error)).not.toContain("tls-pw-31");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
