// The read-only query as the messages it writes and the answers it reads, against a scripted
// server: how many round trips a result takes, when no further rows are asked for, and how the
// rows are cut. The real server's side of the same is in test/actions/run-sql-query.test.ts.
import { describe, expect, it } from "vitest";
import type { FieldDef } from "pg";
import type { Exchange, SqlSession, Wire } from "../../common/sql-client";
import { QUERY_LIMITS, runReadOnlyQuery } from "../../common/sql-queries";
import { splitStatements } from "../../common/sql-lexer";

type Sent = string[];

/** A wire that records each message as text; each `flush` or `sync` ends one write to the server. */
function recordingWire(): { wire: Wire; writes: Sent[] } {
  const writes: Sent[] = [];
  let current: Sent = [];
  const push = (message: string) => current.push(message);
  const endWrite = () => { writes.push(current); current = []; };
  const wire: Wire = {
    parse: ({ text }) => push(`Parse ${text}`),
    bind: ({ values }) => push(values ? `Bind ${JSON.stringify(values)}` : "Bind"),
    describe: () => push("Describe"),
    execute: ({ rows }) => push(rows ? `Execute ${rows}` : "Execute"),
    flush: () => { push("Flush"); endWrite(); },
    sync: () => { push("Sync"); endWrite(); },
    stream: {},
  };
  return { wire, writes };
}

const field = (name: string, dataTypeID = 25) => ({ name, dataTypeID } as FieldDef);

/**
 * A session whose server is `script`: it answers what the exchange wrote, as PostgreSQL would,
 * from a table of `rows` (each a list of column texts).
 */
function scriptedSession(fields: FieldDef[], rows: (string | null)[][]) {
  const { wire, writes } = recordingWire();
  const session = {
    target: {} as SqlSession["target"],
    transactionStart: () => ["BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", "SET LOCAL statement_timeout = 24500"],
    begin: async () => {},
    query: async () => ({ rows: [] }) as never,
    parserOf: (oid: number) => (oid === 23 ? Number : (text: string) => text),
    setPhase: () => {},
    async exchange<T>(exchange: Exchange<T>): Promise<T> {
      exchange.submit(wire);
      let next = 0;
      let answered = 0;
      let described = false;
      // Answer each write in turn, until the exchange writes no more.
      while (answered < writes.length) {
        const write = writes[answered++];
        for (const message of write) {
          if (message.startsWith("Parse BEGIN") || message.startsWith("Parse SET") || message === "Parse ROLLBACK") {
            const tag = message.slice(6).split(" ")[0];
            // Its Execute completes it.
            exchange.handleCommandComplete({ text: tag }, wire);
          } else if (message === "Describe" && !described) {
            described = true;
            exchange.handleRowDescription({ fields });
          } else if (message.startsWith("Execute ")) {
            const limit = Number(message.slice(8));
            const batch = rows.slice(next, next + limit);
            next += batch.length;
            for (const row of batch) exchange.handleDataRow({ fields: row });
            if (batch.length === limit) exchange.handlePortalSuspended(wire);
            else exchange.handleCommandComplete({ text: `SELECT ${next}` }, wire);
          } else if (message === "Sync") {
            exchange.handleReadyForQuery(wire);
          }
        }
      }
      return exchange.outcome;
    },
  } satisfies SqlSession;
  return { session, writes };
}

const statementOf = (sql: string) => splitStatements(sql)[0];
const numbered = (count: number) => Array.from({ length: count }, (_, i) => [String(i + 1)]);
const START = [
  "Parse BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", "Bind", "Execute",
  "Parse SET LOCAL statement_timeout = 24500", "Bind", "Execute",
];
const END = ["Parse ROLLBACK", "Bind", "Execute", "Sync"];

describe("runReadOnlyQuery's conversation", () => {
  it("writes a query for up to one batch of rows, and its end, in one write: one round trip", async () => {
    const { session, writes } = scriptedSession([field("id", 23)], numbered(1_000));
    const outcome = await runReadOnlyQuery(session, statementOf("SELECT id FROM t WHERE id > $1"), ["0"], { maxRows: 1_000 });
    expect(writes).toEqual([
      [...START, "Parse SELECT id FROM t WHERE id > $1", `Bind ["0"]`, "Describe", "Execute 1001", ...END],
    ]);
    expect(outcome).toMatchObject({ rowCount: 1_000, truncated: false });
    expect(outcome.rows[999]).toEqual({ id: 1000 });
  });

  it("asks for more rows a batch at a time, and ends with the last batch it needs", async () => {
    const { session, writes } = scriptedSession([field("id", 23)], numbered(3_000));
    const outcome = await runReadOnlyQuery(session, statementOf("SELECT id FROM t"), [], { maxRows: 2_500 });
    expect(writes).toEqual([
      [...START, "Parse SELECT id FROM t", "Bind []", "Describe", `Execute ${QUERY_LIMITS.batchRows}`, "Flush"],
      [`Execute ${QUERY_LIMITS.batchRows}`, "Flush"],
      ["Execute 501", ...END],
    ]);
    expect(outcome).toMatchObject({ rowCount: 2_500, truncated: true });
  });

  it("ends as soon as the rows run out, before the cap", async () => {
    const { session, writes } = scriptedSession([field("id", 23)], numbered(1_500));
    const outcome = await runReadOnlyQuery(session, statementOf("SELECT id FROM t"), [], { maxRows: 5_000 });
    expect(writes).toEqual([
      [...START, "Parse SELECT id FROM t", "Bind []", "Describe", "Execute 1000", "Flush"],
      ["Execute 1000", "Flush"],
      END,
    ]);
    expect(outcome).toMatchObject({ rowCount: 1_500, truncated: false });
  });

  it("asks for no further batch once the byte cap has cut the rows", async () => {
    const big = "x".repeat(300);
    const { session, writes } = scriptedSession([field("pad")], Array.from({ length: 5_000 }, () => [big]));
    const outcome = await runReadOnlyQuery(session, statementOf("SELECT pad FROM t"), [], { maxRows: 5_000, maxBytes: 10_000 });
    expect(writes).toEqual([
      [...START, "Parse SELECT pad FROM t", "Bind []", "Describe", "Execute 1000", "Flush"],
      END,
    ]);
    const rowBytes = JSON.stringify({ pad: big }).length + 1;
    expect(outcome).toMatchObject({ rowCount: Math.floor((10_000 - 2) / rowBytes), truncated: true });
  });

  it("cuts at the exact JSON size, whatever the text holds: escapes, multi-byte characters, quotes", async () => {
    const texts = ["\u0001\u0002\"\\", "é€😀", "plain", "\n\t"].map((t) => t.repeat(40));
    const rows = Array.from({ length: 400 }, (_, i) => [texts[i % texts.length], null]);
    const maxBytes = 20_000;
    const { session } = scriptedSession([field("text"), field("none")], rows);
    const outcome = await runReadOnlyQuery(session, statementOf("SELECT text, none FROM t"), [], { maxRows: 400, maxBytes });
    // What measuring every row exactly would keep.
    let bytes = 2;
    let kept = 0;
    for (const [text] of rows) {
      const size = Buffer.byteLength(JSON.stringify({ text, none: null })) + 1;
      if (bytes + size > maxBytes) break;
      bytes += size;
      kept++;
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(400);
    expect(outcome.rowCount).toBe(kept);
    expect(outcome.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(outcome.rows))).toBeLessThanOrEqual(maxBytes);
  });

  it("keeps a column named __proto__ as data, not as the row's prototype", async () => {
    const { session } = scriptedSession([field("__proto__"), field("id", 23)], [["{}", "1"]]);
    const outcome = await runReadOnlyQuery(session, statementOf("SELECT '{}' AS \"__proto__\", 1 AS id"), [], { maxRows: 10 });
    const [row] = outcome.rows;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(["__proto__", "id"]);
    expect(JSON.stringify(row)).toBe(`{"__proto__":"{}","id":1}`);
  });

  it("sends Sync once after the server refuses, so the session can answer its close", async () => {
    const { wire, writes } = recordingWire();
    let failure: unknown;
    const session = {
      ...scriptedSession([], []).session,
      async exchange<T>(exchange: Exchange<T>): Promise<T> {
        exchange.submit(wire);
        // A multi-batch read: the server refuses while the first batch is read.
        exchange.handleCommandComplete({ text: "BEGIN" }, wire);
        exchange.handleCommandComplete({ text: "SET" }, wire);
        exchange.handleRowDescription({ fields: [field("id", 23)] });
        exchange.handleError(Object.assign(new Error("canceling statement due to statement timeout"), { severity: "ERROR", code: "57014" }), wire);
        return exchange.outcome;
      },
    } satisfies SqlSession;
    await runReadOnlyQuery(session, statementOf("SELECT id FROM t"), [], { maxRows: 5_000 }).catch((error: unknown) => { failure = error; });
    expect((failure as Error).message).toBe("canceling statement due to statement timeout");
    expect(writes).toEqual([
      [...START, "Parse SELECT id FROM t", "Bind []", "Describe", "Execute 1000", "Flush"],
      ["Sync"],
    ]);
  });
});
