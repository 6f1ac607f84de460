import { describe, expect, it } from "vitest";
import { commandOf, destructiveReason, readOnlyProblem, splitStatements, SqlLexError, tokenize } from "../../common/sql-lexer";

const kinds = (text: string) => tokenize(text).map((t) => `${t.kind}:${t.value}`);
const texts = (script: string) => splitStatements(script).map((s) => s.text);

describe("tokenize", () => {
  it("folds unquoted words to lower case, keeps quoted names exactly, and drops comments", () => {
    expect(kinds(`SeLeCt "MixedCase", x -- comment; DROP TABLE t\n/* a /* nested */ DROP */ FROM t`))
      .toEqual(["word:select", "quoted:MixedCase", "punctuation:,", "word:x", "word:from", "word:t"]);
  });

  it("reads every kind of string constant, each as one token", () => {
    expect(kinds(`'it''s' E'a\\'b;' B'01' X'ff' N'n' U&'\\0041' $$a;b$$ $tag$x $$ y$tag$`)).toEqual([
      "string:it's", "string:a'b;", "string:01", "string:ff", "string:n", "string:A", "string:a;b", "string:x $$ y",
    ]);
  });

  it("reads a backslash in a standard string as a character, so the quote after it closes the string", () => {
    expect(kinds(`'a\\'; DROP TABLE t; --'`)).toEqual(["string:a\\", "punctuation:;", "word:drop", "word:table", "word:t", "punctuation:;"]);
  });

  it("joins a string continued after a newline to the one before, in the same mode", () => {
    expect(kinds("E'a'\n'\\'b' -- c\n  'c' x")).toEqual(["string:a'bc", "word:x"]);
    expect(kinds("'a' -- c\n'b' 'c'")).toEqual(["string:ab", "string:c"]);
    expect(kinds("'a' /* no */\n'b'")).toEqual(["string:a", "string:b"]);
  });

  it("tells parameters, dollar quotes and identifiers holding $ apart", () => {
    expect(kinds("$1 a$b$c $q$z$q$ $2::int")).toEqual(["param:$1", "word:a$b$c", "string:z", "param:$2", "punctuation::", "punctuation::", "word:int"]);
  });

  it("decodes Unicode escapes in quoted names", () => {
    expect(kinds(`U&"\\0064blink"`)).toEqual(["quoted:dblink"]);
  });

  it("reads an E'…' constant as the text it denotes, escapes decoded", () => {
    expect(kinds(String.raw`E'\x44ROP \104\122OP \u0044\U00000052OP \q\\ \t.' e'\xc3\xa9'`)).toEqual(["string:DROP DROP DROP q\\ \t.", "string:\u00e9"]);
  });

  it("reads a UESCAPE clause as part of the constant or name before it, with its escape character", () => {
    expect(kinds("U&'!0044ROP a\\b !!' /* c */ UESCAPE '!' x")).toEqual(["string:DROP a\\b !", "word:x"]);
    expect(kinds(`U&"lo#+00005Funlink" uescape '#'(1)`)).toEqual(["quoted:lo_unlink", "punctuation:(", "number:1", "punctuation:)"]);
    expect(() => tokenize("U&'x' UESCAPE 'a'")).toThrow(SqlLexError);
  });

  it.each([
    ["'never closed", "The string constant that starts at character 1 is never closed.", 1],
    ["SELECT \"x", "The quoted name that starts at character 8 is never closed.", 8],
    ["/* /* */", "The comment that starts at character 1 is never closed.", 1],
    ["$a$ body", "The dollar-quoted string $a$ that starts at character 1 is never closed.", 1],
    ["SELECT \"\"", "A quoted name cannot be empty (at character 8).", 8],
  ])("refuses what PostgreSQL could not read: %j", (text, message, position) => {
    let thrown: unknown;
    try {
      tokenize(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SqlLexError);
    expect(thrown).toMatchObject({ message, position });
  });
});

describe("splitStatements", () => {
  it("splits at semicolons outside strings, names and comments, and leaves out empty statements", () => {
    expect(texts(`SELECT ';' ; ;; SELECT "a;b" -- ;\n; SELECT $$;$$;`)).toEqual([`SELECT ';'`, `SELECT "a;b"`, "SELECT $$;$$"]);
  });

  it("opens a routine's body only at BEGIN ATOMIC, outside parentheses", () => {
    expect(texts("CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; SELECT 2")).toEqual([
      "CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1", "SELECT 2",
    ]);
    expect(texts("CREATE PROCEDURE p(begin int) BEGIN ATOMIC SELECT (CASE WHEN begin > 0 THEN 1 END); END; SELECT 3")).toEqual([
      "CREATE PROCEDURE p(begin int) BEGIN ATOMIC SELECT (CASE WHEN begin > 0 THEN 1 END); END", "SELECT 3",
    ]);
  });

  it("keeps a BEGIN ATOMIC function body whole", () => {
    const script = "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END; SELECT 3";
    expect(texts(script)).toEqual([
      "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END",
      "SELECT 3",
    ]);
  });
});

describe("commandOf", () => {
  it.each([
    ["select 1", "SELECT"],
    ["create table t (id int)", "CREATE TABLE"],
    ["CREATE UNIQUE INDEX i ON t (a)", "CREATE UNIQUE INDEX"],
    ["create or replace view v as select 1", "CREATE OR REPLACE VIEW"],
    ["drop materialized view v", "DROP MATERIALIZED VIEW"],
    ["insert into t values (1)", "INSERT"],
    ["(select 1)", "UNKNOWN"],
  ])("%s is %s", (text, command) => {
    expect(commandOf(splitStatements(text)[0])).toBe(command);
  });
});

const reason = (text: string) => destructiveReason(splitStatements(text)[0]);

describe("destructiveReason", () => {
  it.each([
    ["DROP TABLE users", "DROP TABLE removes it with its data"],
    ["drop schema s cascade", "DROP SCHEMA removes it with its data"],
    ["TRUNCATE users", "TRUNCATE removes every row"],
    ["DELETE FROM users", "DELETE without WHERE removes every row"],
    ["delete from only users returning *", "DELETE without WHERE removes every row"],
    ["UPDATE users SET email = NULL", "UPDATE without WHERE changes every row"],
    ["UPDATE users SET flag = (SELECT x FROM y WHERE z)", "UPDATE without WHERE changes every row"],
    ["DELETE FROM users USING (SELECT id FROM a WHERE b) s", "DELETE without WHERE removes every row"],
    ["WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone", "DELETE without WHERE removes every row"],
    ["WITH x AS (SELECT 1) UPDATE users SET a = 1", "UPDATE without WHERE changes every row"],
    ["EXPLAIN ANALYZE DELETE FROM users", "DELETE without WHERE removes every row"],
    ["EXPLAIN (ANALYZE, FORMAT JSON) DROP TABLE users", "DROP TABLE removes it with its data"],
    ["ALTER TABLE users DROP COLUMN email", "ALTER … DROP removes part of the schema"],
    ["alter table users alter column email drop not null", "ALTER … DROP removes part of the schema"],
    ["PREPARE wipe AS DELETE FROM users", "DELETE without WHERE removes every row"],
    ["DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$", "DO runs a block of code that is not checked here"],
  ])("%s: %s", (text, why) => {
    expect(reason(text)).toBe(why);
  });

  it.each([
    "DELETE FROM users WHERE id = 1",
    "DELETE FROM users WHERE CURRENT OF c",
    "UPDATE users SET a = 1 WHERE id = 2",
    "UPDATE users SET a = 1 FROM b WHERE b.id = users.id",
    "SELECT * FROM users FOR UPDATE",
    "INSERT INTO users (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 1",
    "CREATE TABLE orders (user_id int REFERENCES users ON DELETE CASCADE ON UPDATE CASCADE)",
    "GRANT UPDATE, DELETE ON users TO app",
    "SELECT 'DROP TABLE users; DELETE FROM users'",
    "SELECT $x$ TRUNCATE users $x$",
    "SELECT 1 -- DROP TABLE users",
    "SELECT \"drop\", \"delete\" FROM \"truncate\"",
    "ALTER TABLE users ADD COLUMN \"drop\" int",
    "CREATE INDEX ON users (email)",
    // A WHERE chooses the rows, whatever it says.
    "DELETE FROM users WHERE true",
    // A rename removes nothing, and a rename back undoes it.
    "ALTER TABLE users RENAME TO people",
    // No command at all: the server refuses the whole script before it runs any of it.
    "SELEC * FROM users",
  ])("%s is not destructive", (text) => {
    expect(reason(text)).toBeNull();
  });
});

describe("readOnlyProblem", () => {
  const problem = (text: string) => readOnlyProblem(splitStatements(text));

  it.each([
    "SELECT 1",
    "(SELECT 1) UNION (SELECT 2)",
    "WITH a AS (SELECT 1) SELECT * FROM a",
    "VALUES (1), (2)",
    "TABLE users",
    "EXPLAIN SELECT 1",
    "SHOW server_version",
    "select 'pg_terminate_backend(1)'",
    "SELECT 1;",
  ])("accepts %s", (text) => {
    expect(problem(text)).toBeNull();
  });

  it.each([
    ["SELECT 1; COMMIT; DELETE FROM users", "Run SQL Query runs one statement, and this text holds 3. Run them one at a time, or use **Execute SQL** for a script."],
    ["COMMIT", "Run SQL Query runs only queries that read (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW); this one starts with COMMIT. To change data or schema, use **Execute SQL**."],
    ["BEGIN READ WRITE", "Run SQL Query runs only queries that read (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW); this one starts with BEGIN. To change data or schema, use **Execute SQL**."],
    ["SET TRANSACTION READ WRITE", "Run SQL Query runs only queries that read (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW); this one starts with SET. To change data or schema, use **Execute SQL**."],
    ["/* SELECT */ RESET ALL", "Run SQL Query runs only queries that read (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW); this one starts with RESET. To change data or schema, use **Execute SQL**."],
    ["SELECT pg_terminate_backend(pid) FROM pg_stat_activity", "pg_terminate_backend acts outside the read-only transaction, so Run SQL Query does not call it."],
    ["SELECT \"PG_CATALOG\".\"pg_cancel_backend\"(1)", "pg_cancel_backend acts outside the read-only transaction, so Run SQL Query does not call it."],
    ["SELECT * FROM dblink_exec('dbname=x', 'DELETE FROM t')", "dblink_exec acts outside the read-only transaction, so Run SQL Query does not call it."],
    ["SELECT U&\"\\0064blink\"('x', 'y')", "dblink acts outside the read-only transaction, so Run SQL Query does not call it."],
    ["SELECT set_config('transaction_read_only', 'off', true)", "set_config acts outside the read-only transaction, so Run SQL Query does not call it."],
    ["SELECT query_to_xml('DELETE FROM t', true, true, '')", "query_to_xml runs SQL given as text, which the checks cannot read, so Run SQL Query does not call it."],
    ["SELECT * FROM ts_stat('SELECT to_tsvector(pg_advisory_lock(1)::text)')", "ts_stat runs SQL given as text, which the checks cannot read, so Run SQL Query does not call it."],
    ["SELECT ts_rewrite('a'::tsquery, 'SELECT set_config(''a.b'', ''c'', false)::tsquery, ''b''::tsquery')", "ts_rewrite runs SQL given as text, which the checks cannot read, so Run SQL Query does not call it."],
    ["SELECT * FROM public.crosstab('SELECT 1') AS c(a int)", "crosstab runs SQL given as text, which the checks cannot read, so Run SQL Query does not call it."],
    ["SELECT U&\"d!0062link\" UESCAPE '!'('x', 'y')", "dblink acts outside the read-only transaction, so Run SQL Query does not call it."],
    ["-- only a comment", "The query is empty."],
  ])("refuses %s", (text, message) => {
    expect(problem(text)).toBe(message);
  });
});
