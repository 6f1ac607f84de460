// A database server that hangs, resets mid-result or closes: the step ends with an error that
// says what happened, inside its deadline (on a fake clock that moves only when the test says),
// and the password shows nowhere.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/run-sql-query/run-sql-query";
import { STEP } from "../../common/constants";
import { SQL_LIMITS } from "../../common/sql-client";
import { CLEANUP_RESERVE_MS } from "../../flows/sql";
import { api, everything, runAction } from "../harness";
import { usePgHostileServers } from "./pg-server";

const PASSWORD = "hostile-pw-9d3k";
const servers = usePgHostileServers();

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the run to fail");
}

describe("a database server that misbehaves", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("that accepts and never answers the startup: the connect timeout ends the step", async () => {
    const server = await servers.start("hang-at-startup");
    const run = failure(runAction(action, { connectionString: server.url(PASSWORD), sql: "SELECT 1" }));
    await server.received(1);
    const started = Date.now();
    await vi.advanceTimersByTimeAsync(SQL_LIMITS.connectMs);
    const error = await run;
    expect(Date.now() - started).toBe(SQL_LIMITS.connectMs);
    expect(error.message).toBe(`The database at 127.0.0.1:${server.port} did not accept the connection within 10 s. Nothing was run. Check that the host is right and reachable, then try again.`);
    expect(everything(error)).not.toContain(PASSWORD);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("that never answers a query: the step's deadline closes the connection", async () => {
    const server = await servers.start("hang-at-query");
    const run = failure(runAction(action, { connectionString: server.url(PASSWORD), sql: "SELECT 1" }));
    // The whole read is written at once: BEGIN, the timeout, standard strings, the query, ROLLBACK.
    await server.received(6);
    expect(server.queries).toEqual([
      "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY",
      "SET LOCAL statement_timeout = 24500",
      "SET LOCAL standard_conforming_strings = on",
      "SELECT 1",
      "ROLLBACK",
    ]);
    await vi.advanceTimersByTimeAsync(STEP.budgetMs - 1);
    let settled = false;
    run.then(() => { settled = true; });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await run;
    expect(error.message).toBe(`The database at 127.0.0.1:${server.port} did not finish within the 25 s the step had left, so the connection was closed. The transaction did not commit, so nothing was changed. Make the SQL faster (or return fewer rows), or raise the step's timeout.`);
    expect(everything(error)).not.toContain(PASSWORD);
  });

  it("that resets the connection in the middle of the rows: a clear error, no partial result", async () => {
    const server = await servers.start("reset-mid-result");
    const error = await failure(runAction(action, { connectionString: server.url(PASSWORD), sql: "SELECT n FROM t" }));
    expect(server.queries).toEqual([
      "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY",
      "SET LOCAL statement_timeout = 24500",
      "SET LOCAL standard_conforming_strings = on",
      "SELECT n FROM t",
    ]);
    expect(error.message).toMatch(new RegExp(`^The connection to the database at 127\\.0\\.0\\.1:${server.port} was lost( \\(ECONNRESET\\))? while the SQL ran: .+\\. The transaction did not commit, so nothing was changed\\.$`));
    expect(everything(error)).not.toContain(PASSWORD);
  });

  it("that sends a row larger than a step reads: the session ends at the row's header, before pg waits for all of it", async () => {
    const server = await servers.start("huge-row");
    const error = await failure(runAction(action, { connectionString: server.url(PASSWORD), sql: "SELECT n FROM t" }));
    expect(server.queries.at(-2)).toBe("SELECT n FROM t");
    expect(error.message).toBe("A row of the result is 100 MB, more than the 16 MB a step reads of one row, so the connection was closed before reading it. The transaction did not commit, so nothing was changed. Select less of each row (e.g. `left(col, 1000)` or `length(col)` instead of the whole value).");
    expect(everything(error)).not.toContain(PASSWORD);
  });

  it("that closes the connection when the query arrives", async () => {
    const server = await servers.start("close-at-query");
    const error = await failure(runAction(action, { connectionString: server.url(PASSWORD), sql: "SELECT 1" }));
    expect(error.message).toMatch(new RegExp(`^The connection to the database at 127\\.0\\.0\\.1:${server.port} was lost while the SQL ran: Connection terminated unexpectedly\\. The transaction did not commit, so nothing was changed\\.$`));
    expect(everything(error)).not.toContain(PASSWORD);
  });
});

describe("a temporary connection, whatever the database does", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is deleted before the step ends when the database hangs: the SQL stops early enough to leave time for it", async () => {
    const server = await servers.start("hang-at-query");
    const databaseId = "db_chostile00001";
    const connectionId = "con_chostile0001";
    const minted = {
      data: {
        id: connectionId, type: "connection", url: `https://api.prisma.io/v1/connections/${connectionId}`, name: "temporary-sql",
        createdAt: "2026-11-01T10:00:00.000Z", kind: "postgres",
        endpoints: { direct: { host: "127.0.0.1", port: server.port, connectionString: server.url(PASSWORD) } },
        database: { id: databaseId, url: `https://api.prisma.io/v1/databases/${databaseId}`, name: "appdb" },
      },
    };
    api().post("/v1/connections", (body) => body.databaseId === databaseId).reply(201, minted);
    const deleted = api().delete(`/v1/connections/${connectionId}`).reply(204);
    const started = Date.now();
    const run = failure(runAction(action, { databaseId, sql: "SELECT 1" }));
    await server.received(2);
    await vi.advanceTimersByTimeAsync(STEP.budgetMs - CLEANUP_RESERVE_MS);
    const error = await run;
    expect(deleted.isDone()).toBe(true);
    expect(Date.now() - started).toBeLessThan(STEP.budgetMs);
    expect(error.message).toMatch(/^The database at 127\.0\.0\.1:\d+ did not finish within the 20 s the step had left, so the connection was closed\./);
    expect(everything(error)).not.toContain(PASSWORD);
  });
});
