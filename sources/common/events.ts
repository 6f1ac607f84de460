// The events the triggers emit, built field by field so that no credential the API sends along
// (the deprecated `directConnection.pass`, a token's `value`) can reach an event. Every event
// then passes the package's redaction when it is emitted (`sources/common/base.ts`), in case a
// name carries a URL with a password.
import type {
  Connection, Database, ServiceToken,
} from "../../common/types";

const ENDPOINT_KINDS = [
  "direct",
  "pooled",
  "accelerate",
] as const;

type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** A connection's metadata: where it points (hosts and ports), never its credentials. */
export function connectionEvent(connection: Connection) {
  const endpoints: Partial<Record<EndpointKind, { host: string; port: number }>> = {};
  for (const kind of ENDPOINT_KINDS) {
    const endpoint = connection.endpoints?.[kind];
    if (endpoint && typeof endpoint === "object") endpoints[kind] = {
      host: endpoint.host,
      port: endpoint.port,
    };
  }
  // A connection listed without its database (null, or not an object) says so with null.
  const database = connection.database && typeof connection.database === "object"
    ? {
      id: connection.database.id,
      url: connection.database.url,
      name: connection.database.name,
    }
    : null;
  return {
    id: connection.id,
    type: connection.type,
    url: connection.url,
    name: connection.name,
    kind: connection.kind,
    createdAt: connection.createdAt,
    endpoints,
    database,
  };
}

/** A database, its connections reduced to their metadata. */
export function databaseEvent(database: Database) {
  const connections: unknown = database.connections;
  return {
    ...database,
    connections: Array.isArray(connections)
      ? connections.filter((c) => c && typeof c === "object").map(connectionEvent)
      : [],
  };
}

/** A New Database summary: `orders (db_…) in project shop (proj_…), eu-central-1, ready`; what the API left out is left out. */
export function newDatabaseLine(database: Database): string {
  const project = database.project && typeof database.project === "object"
    ? ` in project ${database.project.name} (${database.project.id})`
    : "";
  const facts = [
    database.region?.id,
    database.status ?? "status unknown",
  ].filter(Boolean).join(", ");
  return `${database.name} (${database.id})${project}, ${facts}`;
}

/** A service token's metadata, with the workspace it belongs to; never its value. */
export function serviceTokenEvent(token: ServiceToken, workspaceId: string) {
  return {
    id: token.id,
    type: token.type,
    name: token.name,
    valueHint: token.valueHint,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt ?? null,
    workspaceId,
  };
}

/** `1.5 MB`: a size in bytes for people (binary units). */
export function formatBytes(bytes: number): string {
  const units = [
    "B",
    "KB",
    "MB",
    "GB",
    "TB",
  ];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0
    ? value
    : value.toFixed(1)} ${units[unit]}`;
}
