import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { applySchemaSql, schemaNote } from "../../flows/sql";
import { useTestDatabases } from "../sql/database";

const databases = useTestDatabases();
const schema = "CREATE TABLE t (a int)";
const $ = { export: () => {} };

describe("applySchemaSql", () => {
  it("reports nothing without schema SQL", async () => {
    expect(await applySchemaSql($, undefined, { ready: true, alreadyExisted: false, directConnectionString: "postgres://u:p@h/d", pooledConnectionString: null })).toEqual({});
    expect(schemaNote({})).toEqual([]);
  });

  it("leaves a database a re-run found as it is", async () => {
    const db = await databases.create();
    const outcome = await applySchemaSql($, schema, { ready: true, alreadyExisted: true, directConnectionString: db.url, pooledConnectionString: null });
    expect(outcome).toEqual({
      schemaApplied: false,
      schemaError: "The schema SQL was not run: the database existed before this run, so it was left as it is. Run the SQL with **Execute SQL** if it is still needed.",
    });
    expect((await db.admin("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'")).rows).toEqual([{ n: 0 }]);
  });

  it("says so when the run has no connection string to run it with", async () => {
    expect(await applySchemaSql($, schema, { ready: true, alreadyExisted: false, directConnectionString: null, pooledConnectionString: null })).toEqual({
      schemaApplied: false,
      schemaError: "The schema SQL was not run: this run has no connection string for the database. Run the SQL with **Execute SQL**.",
    });
  });

  it("falls back to the pooled string", async () => {
    const db = await databases.create();
    expect(await applySchemaSql($, schema, { ready: true, alreadyExisted: false, directConnectionString: null, pooledConnectionString: db.url }))
      .toEqual({ schemaApplied: true, schemaError: null });
  });
});

// An action that runs no SQL must not load pg: its bundle (as the package is built) neither
// imports pg nor holds it; the SQL actions import it only when they run.
async function bundle(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, format: "esm", platform: "node", packages: "external", logLevel: "silent" });
  return result.outputFiles[0].text;
}

describe("pg is loaded only by the SQL path", () => {
  it.each(["actions/get-database/get-database.ts", "actions/list-databases/list-databases.ts", "actions/create-connection-string/create-connection-string.ts"])(
    "%s does not import pg",
    async (entry) => {
      expect(await bundle(entry)).not.toMatch(/["']pg["']/);
    },
  );

  it.each(["actions/run-sql-query/run-sql-query.ts", "actions/provision-preview-database/provision-preview-database.ts"])(
    "%s imports pg lazily, never at load",
    async (entry) => {
      const code = await bundle(entry);
      expect(code).toContain('import("pg")');
      expect(code).not.toMatch(/^import[^\n]*["']pg["']/m);
    },
  );
});
