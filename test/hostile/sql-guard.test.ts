// Execute SQL's guard against a real database: every statement that destroys data or schema, or
// whose effect the checks cannot tell, is refused before anything runs unless `confirm` names
// the database; statements that only add or change what they choose run without it.
import { describe, expect, it } from "vitest";
import executeSql from "../../actions/execute-sql/execute-sql";
import { runAction, runActionError } from "../harness";
import { useTestDatabases, type TestDatabase } from "../sql/database";

const databases = useTestDatabases();
const SETUP = "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'keep'), (2, 'keep'); " +
  "CREATE TABLE s (id int); INSERT INTO s VALUES (1); CREATE VIEW w AS SELECT id FROM t; COMMENT ON TABLE t IS 'kept'; " +
  "CREATE PROCEDURE wipe() LANGUAGE sql AS 'DELETE FROM t'; SELECT lo_create(4242);";

/** What the statements below could destroy, as it was after SETUP. */
async function snapshot(db: TestDatabase) {
  return {
    t: (await db.admin("SELECT id, v FROM t ORDER BY id")).rows,
    s: (await db.admin("SELECT count(*)::int AS n FROM s")).rows,
    view: (await db.admin("SELECT pg_get_viewdef('w') AS def")).rows,
    comment: (await db.admin("SELECT obj_description('t'::regclass, 'pg_class') AS comment")).rows,
    owner: (await db.admin("SELECT tableowner FROM pg_tables WHERE tablename = 't'")).rows,
    routines: (await db.admin("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname")).rows,
    rules: (await db.admin("SELECT count(*)::int AS n FROM pg_rules WHERE tablename = 't'")).rows,
    largeObjects: (await db.admin("SELECT count(*)::int AS n FROM pg_largeobject_metadata WHERE oid = 4242")).rows,
  };
}

describe("Execute SQL refuses, unless confirmed, what destroys or what it cannot tell about", () => {
  it.each([
    // The server joins a string continued on the next line to the E'…' before it, backslashes and all.
    ["SELECT E'x'\n'\\'' ; DROP TABLE t; --'", "statement 2 (DROP TABLE removes it with its data)"],
    // A function may be named begin: only BEGIN ATOMIC opens a body whose semicolons do not end it.
    ["CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; DROP TABLE t", "statement 2 (DROP TABLE removes it with its data)"],
    ["MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "statement 1 (MERGE … THEN DELETE removes every row it matches)"],
    ["CALL wipe()", "statement 1 (CALL is not a statement this step can tell leaves data and schema as they are)"],
    ["PREPARE p AS SELECT 1; EXECUTE p", "statement 2 (EXECUTE is not a statement this step can tell leaves data and schema as they are)"],
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DROP TABLE t; END $$; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs DROP when called)"],
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$ BEGIN EXECUTE 'DR' || 'OP TABLE t'; END $body$; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs EXECUTE when called)"],
    // The body is read as the server stores it: escapes decoded, with the UESCAPE character given.
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS U&'BEGIN !0044ROP TABLE t; END' UESCAPE '!'; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs DROP when called)"],
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS E'BEGIN \\x44ROP TABLE t; END'; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs DROP when called)"],
    ["CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN IF true THEN UPDATE t SET v = ''gone''; END IF; RETURN NEW; END'", "statement 1 (CREATE FUNCTION defines code that runs UPDATE without WHERE changes every row)"],
    ["CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC DELETE FROM t; END; CALL p()", "statement 1 (CREATE PROCEDURE defines code that runs DELETE without WHERE removes every row); statement 2 (CALL is not a statement this step can tell leaves data and schema as they are)"],
    ["CREATE FUNCTION f() RETURNS SETOF t LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY DELETE FROM t RETURNING *; END $$; SELECT count(*) FROM f()", "statement 1 (CREATE FUNCTION defines code that runs DELETE without WHERE removes every row)"],
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN DELETE FROM t RETURNING * LOOP UPDATE s SET id = 2 WHERE id = 1; END LOOP; END $$; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs DELETE without WHERE removes every row)"],
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN UPDATE t SET v = 'gone' RETURNING * LOOP END LOOP; END $$; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs UPDATE without WHERE changes every row)"],
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE c refcursor; r record; BEGIN OPEN c FOR DELETE FROM t RETURNING *; FETCH c INTO r; END $$; SELECT f()", "statement 1 (CREATE FUNCTION defines code that runs DELETE without WHERE removes every row)"],
    ["MERGE INTO t USING (SELECT 1 AS id WHERE false) s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN UPDATE SET v = 'gone'", "statement 1 (MERGE … NOT MATCHED BY SOURCE THEN UPDATE changes every row its source does not match)"],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE plperl AS 'unlink \"/x\"; 1'", "statement 1 (CREATE FUNCTION in LANGUAGE plperl defines code that is not checked here)"],
    ["CREATE DOMAIN sql AS text; CREATE FUNCTION f(language sql) RETURNS int LANGUAGE plperl AS 'unlink \"/x\"; 1'", "statement 2 (CREATE FUNCTION in LANGUAGE plperl defines code that is not checked here)"],
    ["CREATE OR REPLACE VIEW w AS SELECT 1 AS id", "statement 1 (CREATE OR REPLACE VIEW replaces what may already exist under that name)"],
    ["CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING", "statement 1 (CREATE RULE rewrites later statements on the table, which is not checked here)"],
    ["ALTER TABLE t ALTER COLUMN v TYPE int USING 0", "statement 1 (ALTER … TYPE converts a column's values, which can lose them)"],
    ["ALTER TABLE t ALTER v SET DATA TYPE varchar(1)", "statement 1 (ALTER … TYPE converts a column's values, which can lose them)"],
    ["ALTER TABLE t OWNER TO pg_database_owner", "statement 1 (ALTER … OWNER TO hands the object to another role)"],
    ["ALTER ROLE CURRENT_USER PASSWORD 'locked-out'", "statement 1 (ALTER ROLE is not a statement this step can tell leaves data and schema as they are)"],
    ["ALTER DATABASE current_database RENAME TO elsewhere", "statement 1 (ALTER DATABASE is not a statement this step can tell leaves data and schema as they are)"],
    ["REVOKE ALL ON t FROM CURRENT_USER", "statement 1 (REVOKE is not a statement this step can tell leaves data and schema as they are)"],
    ["REASSIGN OWNED BY CURRENT_USER TO pg_database_owner", "statement 1 (REASSIGN is not a statement this step can tell leaves data and schema as they are)"],
    ["SECURITY LABEL ON TABLE t IS 'x'", "statement 1 (SECURITY is not a statement this step can tell leaves data and schema as they are)"],
    ["COMMENT ON TABLE t IS NULL", "statement 1 (COMMENT … IS NULL removes a comment)"],
    ["COMMENT ON TABLE t IS ''", "statement 1 (COMMENT … IS NULL removes a comment)"],
    ["COPY t TO '/tmp/overwritten'", "statement 1 (COPY … TO a file overwrites that file on the server)"],
    ["SELECT lo_unlink(4242)", "statement 1 (lo_unlink removes what it is given)"],
    ["ALTER TABLE t ADD COLUMN c int DEFAULT lo_unlink(4242)", "statement 1 (lo_unlink removes what it is given)"],
    ["ALTER TABLE t ADD CHECK (lo_unlink(4242) = 1)", "statement 1 (lo_unlink removes what it is given)"],
    ["CREATE FUNCTION f() RETURNS int LANGUAGE sql RETURN lo_unlink(4242); SELECT f()", "statement 1 (lo_unlink removes what it is given)"],
    ["CREATE OPERATOR !!! (FUNCTION = lo_unlink, RIGHTARG = oid); SELECT !!! 4242::oid", "statement 1 (lo_unlink removes what it is given)"],
    ["SELECT lo_export(4242, '/tmp/overwritten')", "statement 1 (lo_export overwrites a file on the server)"],
    ["CREATE TYPE pair AS (a int, b numeric(6, 2)); CREATE TABLE pairs OF pair; INSERT INTO pairs VALUES (1, 1.55); ALTER TYPE pair ALTER ATTRIBUTE b TYPE numeric(6, 0) CASCADE", "statement 4 (ALTER … TYPE converts a column's values, which can lose them)"],
    ["COPY t FROM PROGRAM 'true'", "statement 1 (COPY … PROGRAM runs a command on the server, which is not checked here)"],
  ])("%j", async (sql, list) => {
    const db = await databases.create(SETUP);
    const before = await snapshot(db);
    const error = await runActionError(executeSql, { connectionString: db.url, sql });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toBe(`Nothing was run. The SQL destroys data or schema: ${list}. To run it, set Confirm to exactly "${db.name}".`);
    expect(await snapshot(db)).toEqual(before);
  });

  it("sees a COMMIT after a routine with a parameter named begin, and runs none of the script", async () => {
    const db = await databases.create(SETUP);
    const before = await snapshot(db);
    const sql = "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql RETURN begin; COMMIT; DELETE FROM t WHERE id = 1";
    const error = await runActionError(executeSql, { connectionString: db.url, sql, confirm: db.name });
    expect(error.message).toMatch(/^Nothing was run\. Statement 2 is COMMIT: /);
    expect(await snapshot(db)).toEqual(before);
  });

  it("runs what it refused once confirm names the database", async () => {
    const db = await databases.create(SETUP);
    const { result } = await runAction<{ statements: unknown[] }>(executeSql, {
      connectionString: db.url, sql: "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", confirm: ` ${db.name} `,
    });
    expect(result.statements).toEqual([{ command: "MERGE", rowCount: 1 }]);
    expect((await db.admin("SELECT id FROM t")).rows).toEqual([{ id: 2 }]);
  });
});

describe("Execute SQL runs, without confirm, what only adds or changes the rows it chooses", () => {
  it("a trigger function, a column named type, a rename, an upsert and a MERGE that updates what it matched", async () => {
    const db = await databases.create(SETUP);
    const sql = [
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.v = 'touched'; RETURN NEW; END $$",
      "CREATE TRIGGER touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch()",
      "CREATE FUNCTION forget(x int) RETURNS void LANGUAGE sql AS 'DELETE FROM t WHERE id = x'",
      "ALTER TABLE t ADD COLUMN type text",
      "ALTER TABLE s RENAME COLUMN id TO sid",
      "INSERT INTO t (id, v) VALUES (2, 'new') ON CONFLICT (id) DO UPDATE SET v = excluded.v",
      "MERGE INTO t USING s ON t.id = s.sid WHEN MATCHED THEN UPDATE SET v = 'merged' WHEN NOT MATCHED THEN INSERT VALUES (s.sid, 'x')",
    ].join(";\n");
    const { result } = await runAction<{ statements: { command: string }[] }>(executeSql, { connectionString: db.url, sql });
    expect(result.statements.map((s) => s.command)).toEqual([
      "CREATE FUNCTION", "CREATE TRIGGER", "CREATE FUNCTION", "ALTER TABLE", "ALTER TABLE", "INSERT", "MERGE",
    ]);
    expect((await db.admin("SELECT id, v FROM t ORDER BY id")).rows).toEqual([{ id: 1, v: "touched" }, { id: 2, v: "touched" }]);
  });
});
