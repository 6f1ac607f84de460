// The application's connection a provisioning composite hands back: minted on a ready
// database (or found again on a re-run, so no twin credentials are left behind), or, when it
// cannot be minted, the database's default connection with the one-time strings of the create.
import type { PrismaApp } from "../prisma_management_api.app";
import {
  connectionStringsOf, redactText, type ConnectionStrings,
} from "../common/redaction";
import type { Step } from "../common/types";
import { sameId } from "../common/validation";
import {
  NO_STRINGS, type DatabaseOutcome,
} from "./provisioning-database";

/** What a provisioning composite reports about the connection it made (or found). */
export interface ConnectionOutcome extends ConnectionStrings {
  connectionId: string;
  connectionName: string;
  /** True when a re-run found a connection of that name and minted nothing. */
  alreadyExisted: boolean;
}

/**
 * Mints a connection named `name` on the database, unless one of that name is already there,
 * so re-running a workflow never leaves twin credentials behind. `known` is null for a database
 * just created (nothing to find), or the connections a re-run already fetched with the
 * database; only when none of those matches is the full list read to be sure.
 */
export async function ensureConnection(
  app: PrismaApp,
  $: Step,
  databaseId: string,
  name: string,
  known: { id: string; name: string }[] | null,
): Promise<ConnectionOutcome> {
  if (known) {
    const found = known.find((c) => c.name === name) ??
      await findConnection(app, $, databaseId, name);
    if (found) return {
      connectionId: found.id,
      connectionName: redactText(found.name),
      alreadyExisted: true,
      ...NO_STRINGS,
    };
  }
  const minted = await app.createConnection({
    $,
    data: {
      databaseId,
      name,
    },
  });
  return {
    connectionId: minted.id,
    connectionName: redactText(minted.name),
    alreadyExisted: false,
    ...connectionStringsOf(minted),
  };
}

/** What `connectionFor` needs of the database: whether it is ready, its connections, and the create's strings. */
export type ConnectableDatabase =
  Pick<DatabaseOutcome, "databaseId" | "ready" | "alreadyExisted" | "database" | keyof ConnectionStrings>;

/**
 * The connection a provisioning composite hands back for its database: on a ready database,
 * the one named `name` (minted, or found again on a re-run); on one not ready yet, which takes
 * no new connection, its default connection with the one-time strings the create returned.
 */
export async function connectionFor(
  app: PrismaApp,
  $: Step,
  database: ConnectableDatabase,
  name: string,
): Promise<ConnectionOutcome> {
  return database.ready
    ? ensureConnection(app, $, database.databaseId, name, database.alreadyExisted
      ? database.database.connections ?? []
      : null)
    : defaultConnectionOf(database);
}

/** The database's default connection, with the one-time strings its create returned (none on a re-run). */
export function defaultConnectionOf(database: ConnectableDatabase): ConnectionOutcome {
  const {
    defaultConnectionId, connections = [],
  } = database.database as {
    defaultConnectionId?: string | null;
    connections?: { id: string; name: string }[];
  };
  const connection = connections.find((c) => c.id === defaultConnectionId) ?? connections[0];
  return {
    connectionId: connection?.id ?? "",
    connectionName: connection
      ? redactText(connection.name)
      : "",
    alreadyExisted: database.alreadyExisted,
    directConnectionString: database.directConnectionString,
    pooledConnectionString: database.pooledConnectionString,
    accelerateConnectionString: database.accelerateConnectionString,
  };
}

/** The connection of `name` on the database, read through its list, if there is one. */
export async function findConnection(app: PrismaApp, $: Step, databaseId: string, name: string) {
  for await (const connection of app.paginate(app.listDatabaseConnections, {
    $,
    databaseId,
  })) {
    // A row of another database is not this one's connection, whatever its name.
    if (connection.name === name && sameId(connection.database?.id, databaseId)) return connection;
  }
  return undefined;
}

