// Response bodies shaped exactly as the SDK types declare them, carrying secrets in every
// place the API puts them, so tests can prove none leaks.
import type { Backup, Connection, ConnectionWithSecrets, Data, Database, DatabaseCreated, Integration, Project, ProjectCreated, ServiceToken, Workspace } from "../common/types";

export const SECRET_PASSWORD = "s3cr3tPa55word";
export const SECRET_API_KEY = "eyJhbGciOiJIUzI1NiJ9.secretkey";
export const DIRECT_URL = `postgres://user_abc:${SECRET_PASSWORD}@db.prisma.io:5432/postgres?sslmode=require`;
export const POOLED_URL = `postgres://user_abc:${SECRET_PASSWORD}@pooled.db.prisma.io:5432/postgres?sslmode=require`;
export const ACCELERATE_URL = `prisma+postgres://accelerate.prisma-data.net/?api_key=${SECRET_API_KEY}`;
export const SECRETS = [SECRET_PASSWORD, SECRET_API_KEY];

const API = "https://api.prisma.io/v1";
const at = "2026-11-01T10:00:00.000Z";

export function workspace(id = "wksp_cmain0000001", name = "Main"): Workspace {
  return { id, type: "workspace", url: `${API}/workspaces/${id}`, name, createdAt: at };
}

export function project(id = "proj_corders00001", name = "orders", extra: Partial<Project> = {}): Project {
  return {
    id, type: "project", url: `${API}/projects/${id}`, name, logicalId: null, createdAt: at,
    defaultRegion: "us-east-1", workspace: { id: "wksp_cmain0000001", url: `${API}/workspaces/wksp_cmain0000001`, name: "Main" },
    ...extra,
  };
}

export function connection(id = "con_cdefault0001", databaseId = "db_corders000001", extra: Partial<Connection> = {}): Connection {
  return {
    id, type: "connection", url: `${API}/connections/${id}`, name: "default", createdAt: at, kind: "postgres",
    endpoints: { direct: { host: "db.prisma.io", port: 5432 }, pooled: { host: "pooled.db.prisma.io", port: 5432 } },
    // Deprecated, still sent: carries the password.
    directConnection: { host: "db.prisma.io:5432", user: "user_abc", pass: SECRET_PASSWORD },
    database: { id: databaseId, url: `${API}/databases/${databaseId}`, name: "orders" },
    ...extra,
  };
}

export function connectionWithSecrets(id = "con_cnew00000001", databaseId = "db_corders000001"): ConnectionWithSecrets {
  return {
    id, type: "connection", url: `${API}/connections/${id}`, name: "app-server", createdAt: at, kind: "postgres",
    endpoints: {
      direct: { host: "db.prisma.io", port: 5432, connectionString: DIRECT_URL },
      pooled: { host: "pooled.db.prisma.io", port: 5432, connectionString: POOLED_URL },
      accelerate: { host: "accelerate.prisma-data.net", port: 443, connectionString: ACCELERATE_URL },
    },
    connectionString: ACCELERATE_URL,
    directConnection: { host: "db.prisma.io:5432", user: "user_abc", pass: SECRET_PASSWORD },
    database: { id: databaseId, url: `${API}/databases/${databaseId}`, name: "orders" },
    host: "db.prisma.io:5432", pass: SECRET_PASSWORD, user: "user_abc",
  };
}

export function database(id = "db_corders000001", extra: Partial<Database> = {}): Database {
  return {
    id, type: "database", url: `${API}/databases/${id}`, name: "orders", status: "ready", createdAt: at,
    isDefault: true, defaultConnectionId: "con_cdefault0001", connections: [connection("con_cdefault0001", id)],
    project: { id: "proj_corders00001", url: `${API}/projects/proj_corders00001`, name: "orders" },
    region: { id: "us-east-1", name: "US East (N. Virginia)" }, source: { type: "empty" }, branchId: null, logicalId: null,
    ...extra,
  };
}

/** What `POST /v1/databases` answers: the database with its default connection's strings. */
export function databaseCreated(id = "db_cnewdb000001", extra: Partial<DatabaseCreated> = {}): DatabaseCreated {
  const minted = connectionWithSecrets("con_cnewdefault1", id);
  return {
    ...database(id, { isDefault: false, status: "provisioning", defaultConnectionId: minted.id }),
    connections: [{ ...connection(minted.id, id), endpoints: minted.endpoints }],
    ...extra,
  };
}

/** What `POST /v1/projects` answers: the project with its new default database and every deprecated secret field. */
export function projectCreated(projectId = "proj_cnewproj0001", databaseId = "db_cnewdefault01", status: "provisioning" | "ready" = "provisioning"): ProjectCreated {
  const minted = connectionWithSecrets("con_cnewdefault1", databaseId);
  const { project: _p, ...db } = database(databaseId, { status: "ready", defaultConnectionId: minted.id });
  return {
    ...project(projectId, "orders"),
    database: {
      ...db,
      status,
      region: { id: "us-east-1", name: "US East (N. Virginia)" },
      connections: [{ ...connection(minted.id, databaseId), endpoints: minted.endpoints }],
      apiKeys: [{ ...connection(minted.id, databaseId), connectionString: ACCELERATE_URL }],
      connectionString: ACCELERATE_URL,
      directConnection: { host: "db.prisma.io:5432", user: "user_abc", pass: SECRET_PASSWORD },
    },
  };
}

export function backup(id: string, createdAt: string, extra: Partial<Backup> = {}): Backup {
  return { id, backupType: "full", createdAt, size: 1024, status: "completed", type: "backup", ...extra };
}

export function serviceToken(id = "itgr_ctoken000001", name = "ci"): ServiceToken {
  return { id, type: "serviceToken", name, valueHint: "…x9f2", createdAt: at, expiresAt: null };
}

export function integration(id = "itgr_cintegr00001"): Integration {
  return {
    id, url: `${API}/integrations/${id}`, createdAt: at, scopes: ["workspace:admin"],
    client: { id: "itgr_cclient000001", name: "Acme Deploys", createdAt: at },
    createdByUser: { id: "usr_cuser0000001", email: "dev@example.com", displayName: "Dev" },
  };
}

export function workspaceSubscription(extra: Partial<Data<"getV1WorkspacesByIdSubscription">> = {}): Data<"getV1WorkspacesByIdSubscription"> {
  return { planName: "Pro", usageBlocked: false, upgradeUrl: "https://console.prisma.io/wksp_cmain0000001/settings/billing", ...extra };
}

export function page<T>(data: T[], nextCursor: string | null = null) {
  return { data, pagination: { nextCursor, hasMore: nextCursor !== null } };
}

/** A preview branch of project `proj_corders00001`; pass `{ role: "production", isDefault: true }` for its first branch. */
export function branch(id = "br_cfeature00001", gitName = "feature/login", extra: Partial<Data<"getV1BranchesByBranchId">> = {}): Data<"getV1BranchesByBranchId"> {
  return {
    id, type: "branch", url: `${API}/branches/${id}`, gitName, isDefault: false, role: "preview", createdAt: at, updatedAt: at,
    project: { id: "proj_corders00001", url: `${API}/projects/proj_corders00001`, name: "orders" },
    ...extra,
  };
}

/** The production branch of project `proj_corders00001`: its default, where a database goes when no branch is named. */
export function defaultBranch(id = "br_cmain00000001"): Data<"getV1BranchesByBranchId"> {
  return branch(id, "main", { isDefault: true, role: "production" });
}

/** A socket-level failure as Node reports it (nock needs an Error instance for `replyWithError`). */
export function networkError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}
