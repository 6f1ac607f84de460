import { defineAction } from "../../common/define-action";
import {
  checkDestructiveConfirmed, checkScript,
} from "../../common/sql-checks";
import { runScript } from "../../common/sql-queries";
import { exportSummary } from "../../common/summary";
import {
  checkSqlSource, confirmationName, leftNote, SQL_DATABASE_TEXT, SQL_SOURCE_TEXT, withDatabaseSql,
} from "../../flows/sql";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-execute-sql",
  name: "Execute SQL",
  description: `Runs one SQL statement or a script of several (separated by \`;\`) on a Prisma Postgres database, in one transaction: either every statement takes effect, or, when one fails, none does. Use it to create tables, apply a migration, or insert, update and delete rows. ${SQL_SOURCE_TEXT} Statements that destroy data or schema are refused before anything runs unless \`confirm\` names the database: DROP, TRUNCATE, DELETE or UPDATE without WHERE, MERGE … THEN DELETE or … NOT MATCHED BY SOURCE THEN UPDATE, ALTER … DROP, ALTER … TYPE, OWNER TO, CREATE OR REPLACE, a function or procedure whose body does any of that, and every statement whose effect is not checked (DO, CALL, EXECUTE, REVOKE, ALTER ROLE or DATABASE, a body in a language other than SQL or PL/pgSQL). A WHERE counts as choosing the rows, whatever it says; functions already in the database are not looked into when called. The script may not open or end transactions itself. Returns \`statements\`: what each statement did (\`command\` and \`rowCount\`, the rows it affected). To only read, use **Run SQL Query**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/connections/post-connections)`,
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: true,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
      optional: true,
      description: SQL_DATABASE_TEXT,
    },
    connectionString: {
      propDefinition: [
        app,
        "connectionString",
      ],
    },
    sql: {
      type: "string",
      label: "SQL",
      description: "The statement or script, e.g. `CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL); INSERT INTO users (email) VALUES ('ada@example.com');`.",
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      optional: true,
      description: "Needed only when the SQL destroys data or schema: type the database ID (e.g. `db_clx7abc123def456`), or with `connectionString` the database name in it (e.g. `postgres`). Leave empty otherwise; a destructive statement is then refused before anything runs.",
    },
  },
  async run({ $ }) {
    const source = checkSqlSource(this.databaseId, this.connectionString);
    const statements = checkScript(this.sql);
    checkDestructiveConfirmed(statements, this.confirm, confirmationName(source));
    const run = await withDatabaseSql(this.app, $, source, (session) =>
      runScript(session, this.sql, statements));
    const done = run.value.map((s) => s.rowCount === null
      ? s.command
      : `${s.command} ${s.rowCount}`);
    exportSummary($, `Ran ${done.length === 1
      ? "1 statement"
      : `${done.length} statements in one transaction`} on ${run.database}: ${done.join(", ")}${leftNote(run)}`);
    return {
      statements: run.value,
      temporaryConnectionLeft: run.temporaryConnectionLeft,
    };
  },
});
