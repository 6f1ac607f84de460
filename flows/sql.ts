// SQL on a Prisma Postgres database, given by a connection string or by its ID. Given the ID,
// the step mints a temporary connection, runs the SQL with it, and deletes it before it ends,
// whatever happened: exactly two API requests, and the credentials never leave the step. A mint
// whose answer was lost is looked for by its name and deleted too; a delete that fails is
// reported, with the way to finish it.
import { randomBytes } from "node:crypto";
import { ConfigurationError } from "@pipedream/platform";
import {
  Deadline, stepDeadline,
} from "../common/deadline";
import {
  connectionStringsOf, redactText,
} from "../common/redaction";
import {
  SqlError, sqlTargetOf, withSqlSession, type SqlSession, type SqlTarget,
} from "../common/sql-client";
import { runScript } from "../common/sql-queries";
import { splitStatements } from "../common/sql-lexer";
import type { Step } from "../common/types";
import {
  asClause, mayHaveBeenCarriedOut,
} from "../common/errors";
import { findConnection } from "./provisioning-connection";
import {
  checkId, kindOfNonText,
} from "../common/validation";
import type { PrismaApp } from "../prisma_management_api.app";

/** What the SQL actions' descriptions say of `databaseId` and `connectionString`. */
export const SQL_SOURCE_TEXT = "Give the database either by `databaseId` (the step then mints a temporary connection, never shows its credentials, and deletes it before it ends, whatever happens; should that delete fail, `temporaryConnectionLeft` names the connection to remove with **Delete Connection String**) or by `connectionString`. Connections to hosts other than this machine always use TLS with the server's certificate verified, and everything ends within the step's time.";

/** The description of `databaseId` on the SQL actions. */
export const SQL_DATABASE_TEXT = "The database to run on. The step mints a temporary connection for itself and deletes it before it ends. Leave empty when you give `connectionString` instead.";

/** Time kept at the end of the step for deleting the temporary connection. */
export const CLEANUP_RESERVE_MS = 5_000;

export type SqlSource =
  | { databaseId: string; connectionString?: undefined }
  | { connectionString: string; databaseId?: undefined };

/** Exactly one of `databaseId` and `connectionString`. */
export function checkSqlSource(databaseId: unknown, connectionString: unknown): SqlSource {
  // Given in any form: a value that is not text reaches its check, which says so.
  const given = (value: unknown) => value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
  const hasDatabase = given(databaseId);
  const hasString = given(connectionString);
  if (hasDatabase && hasString) {
    throw new ConfigurationError("Set either Database or Connection String, not both: with a connection string the SQL runs on the database it names, and the database ID would be ignored.");
  }
  if (hasString) {
    if (typeof connectionString !== "string") {
      // The kind only: the value may be a secret.
      throw new ConfigurationError(`Connection String must be text, e.g. a previous step's \`directConnectionString\`; got ${kindOfNonText(connectionString)}.`);
    }
    const text = connectionString.trim();
    sqlTargetOf(text);
    return {
      connectionString: text,
    };
  }
  if (!hasDatabase) {
    throw new ConfigurationError("Set Database (the step then mints a temporary connection) or Connection String (e.g. a previous step's `directConnectionString`).");
  }
  return {
    databaseId: checkId("database", databaseId),
  };
}

/** The name a destructive statement's `confirm` must repeat: the database ID, or the database a connection string names. */
export function confirmationName(source: SqlSource): string {
  return source.databaseId ?? sqlTargetOf(source.connectionString).database;
}

/** A temporary connection the step could not delete, and how to remove it. */
export interface ConnectionLeft {
  connectionId: string;
  databaseId: string;
  reason: string;
  remedy: string;
}

export interface SqlRun<T> {
  value: T;
  /** The database the SQL ran on: its ID, or the database name in the connection string. */
  database: string;
  /** Null unless a temporary connection could not be deleted. */
  temporaryConnectionLeft: ConnectionLeft | null;
}

/** The end of a SQL action's summary: nothing, or the temporary connection left and how to remove it. */
export function leftNote({ temporaryConnectionLeft: left }: Pick<SqlRun<unknown>, "temporaryConnectionLeft">): string {
  return left
    ? `; ${left.reason} ${left.remedy}`
    : "";
}

/** A connection name that says what it is for and does not clash with another step's. */
function temporaryName(): string {
  return `temporary-sql-${randomBytes(4).toString("hex")}`;
}

/**
 * Runs `work` in a session on the database `source` names. Over a connection string no API
 * request is sent; over a database ID, one to mint the temporary connection and one to delete it.
 */
export async function withDatabaseSql<T>(
  app: PrismaApp,
  $: Step,
  source: SqlSource,
  work: (session: SqlSession) => Promise<T>,
): Promise<SqlRun<T>> {
  if (source.connectionString !== undefined) {
    const target = sqlTargetOf(source.connectionString);
    return {
      value: await withSqlSession(target, stepDeadline($), work),
      database: target.database,
      temporaryConnectionLeft: null,
    };
  }
  const { databaseId } = source;
  const name = temporaryName();
  let connection: Awaited<ReturnType<PrismaApp["createConnection"]>>;
  try {
    connection = await app.createConnection({
      $,
      data: {
        databaseId,
        name,
      },
    });
  } catch (error) {
    // Its answer lost, the connection may exist all the same, with live credentials: found by
    // its name, it is deleted too.
    if (mayHaveBeenCarriedOut(error) && error instanceof Error) {
      error.message += ` ${await deleteLostTemporary(app, $, databaseId, name)}`;
    }
    throw error;
  }
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    const target = mintedTarget(connection);
    const deadline = new Deadline(stepDeadline($).at - CLEANUP_RESERVE_MS);
    outcome = {
      ok: true,
      value: await withSqlSession(target, deadline, work),
    };
  } catch (error) {
    outcome = {
      ok: false,
      error,
    };
  }
  const left = await deleteTemporary(app, $, connection.id, databaseId);
  if (!outcome.ok) {
    const { error } = outcome;
    if (left && error instanceof Error) error.message += ` ${left.reason} ${left.remedy}`;
    throw error;
  }
  return {
    value: outcome.value,
    database: databaseId,
    temporaryConnectionLeft: left,
  };
}

function mintedTarget(connection: Parameters<typeof connectionStringsOf>[0]): SqlTarget {
  const {
    directConnectionString, pooledConnectionString,
  } = connectionStringsOf(connection);
  const url = directConnectionString ?? pooledConnectionString;
  if (!url) throw new SqlError("Prisma minted the temporary connection without a direct or pooled connection string, so nothing was run.");
  return sqlTargetOf(url, "The temporary connection's string");
}

async function deleteTemporary(
  app: PrismaApp,
  $: Step,
  connectionId: string,
  databaseId: string,
): Promise<ConnectionLeft | null> {
  try {
    await app.deleteConnection({
      $,
      connectionId,
    });
    return null;
  } catch (error) {
    return {
      connectionId,
      databaseId,
      reason: `The temporary connection ${connectionId} could not be deleted (${reasonOf(error)}), so its credentials still work.`,
      remedy: `Delete it with **Delete Connection String** (connection ID ${connectionId}).`,
    };
  }
}

/** Finds the temporary connection `name` whose mint lost its answer, and deletes it: what happened, in a sentence. */
async function deleteLostTemporary(
  app: PrismaApp,
  $: Step,
  databaseId: string,
  name: string,
): Promise<string> {
  let found: { id: string } | undefined;
  try {
    found = await findConnection(app, $, databaseId, name);
  } catch (error) {
    return `The temporary connection ${name} may have been created and could not be looked for (${reasonOf(error)}): if **List Connection Strings** shows it on database ${databaseId}, delete it with **Delete Connection String**, as its credentials work.`;
  }
  if (!found) return `No connection named ${name} is listed on database ${databaseId}, so none is left there.`;
  const left = await deleteTemporary(app, $, found.id, databaseId);
  return left
    ? `${left.reason} ${left.remedy}`
    : `The temporary connection ${name} had been created all the same, and was deleted.`;
}

/** An error's message, masked, for the parentheses of a sentence about it. */
function reasonOf(error: unknown): string {
  return asClause(redactText(error instanceof Error
    ? error.message
    : String(error)));
}

/** What a provisioning step knows of the database it made, when it runs the schema SQL. */
interface NewDatabase {
  ready: boolean;
  alreadyExisted: boolean;
  directConnectionString: string | null;
  pooledConnectionString: string | null;
}

/** What a provisioning step reports of its `schemaSql`. */
export interface SchemaSqlOutcome {
  /** True when the schema SQL ran and committed in this run. */
  schemaApplied: boolean;
  /** Why it did not run, or how it failed; null when it ran or none was given. */
  schemaError: string | null;
}

/** The part of a provisioning summary that tells what became of the schema SQL. */
export function schemaNote({
  schemaApplied, schemaError,
}: Partial<SchemaSqlOutcome>): string[] {
  if (schemaApplied) return [
    "schema SQL applied",
  ];
  return schemaError
    ? [
      "schema SQL not applied (see `schemaError`)",
    ]
    : [];
}

/**
 * Runs a provisioning step's `schemaSql` once, on the database it has just created, with the
 * credentials it has just minted. A database a re-run found already there is left as it is. A
 * failure is reported, never thrown: the step's one-time connection strings must reach the user.
 * Without schema SQL there is nothing to report, and the result keeps its usual fields.
 */
export async function applySchemaSql(
  $: Step,
  schemaSql: string | undefined,
  database: NewDatabase,
): Promise<Partial<SchemaSqlOutcome>> {
  if (schemaSql === undefined) return {};
  const notRun = (why: string) => ({
    schemaApplied: false,
    schemaError: `The schema SQL was not run: ${why}`,
  });
  if (database.alreadyExisted) return notRun("the database existed before this run, so it was left as it is. Run the SQL with **Execute SQL** if it is still needed.");
  if (!database.ready) return notRun("the database is not ready yet. Once it is, run the SQL with **Execute SQL**.");
  const url = database.directConnectionString ?? database.pooledConnectionString;
  if (!url) return notRun("this run has no connection string for the database. Run the SQL with **Execute SQL**.");
  try {
    await withSqlSession(sqlTargetOf(url, "The new connection string"), stepDeadline($), (session) => runScript(session, schemaSql, splitStatements(schemaSql)));
    return {
      schemaApplied: true,
      schemaError: null,
    };
  } catch (error) {
    return {
      schemaApplied: false,
      schemaError: redactText(error instanceof Error
        ? error.message
        : String(error), [
        url,
      ]),
    };
  }
}
