// Every action and trigger of the package, loaded from its folder (a new one is swept without
// being named), with props a person could have filled in, and a hostile stand-in for the API
// that answers every request in the shape the package expects, carrying credentials in every
// field it can: the sweeps of redaction-boundary.test.ts and inputs.test.ts run on these.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { appOf, resolvePropOf, type ActionLike, type PropDef } from "../pipedream";
import type { SourceLike } from "../source-harness";
import { runAction } from "./harness";
import { reply, type Behaviour, type Received } from "./server";

const root = join(import.meta.dirname, "..", "..");

async function load<T>(kind: "actions" | "sources"): Promise<[string, T][]> {
  const folders = readdirSync(join(root, kind)).filter((folder) => folder !== "common").sort();
  return Promise.all(folders.map(async (folder) =>
    [folder, (await import(join(root, kind, folder, `${folder}.ts`))).default as T] as [string, T]));
}

export const ACTIONS = await load<ActionLike>("actions");
export const SOURCES = await load<SourceLike>("sources");

/** A component's props as Pipedream resolves them, without the app and Pipedream's own. */
export function fillableProps(component: ActionLike): [string, PropDef][] {
  const app = appOf(component);
  return Object.entries(component.props ?? {}).flatMap(([name, definition]) => {
    if (name === "app" || typeof definition !== "object") return [];
    const prop = resolvePropOf(app, definition);
    return typeof prop?.type === "string" && !prop.type.startsWith("$") ? [[name, prop] as [string, PropDef]] : [];
  });
}

/** True for a prop the component may be run without. */
export function isOptional(prop: PropDef): boolean {
  return prop.optional === true || "default" in prop;
}

/** A well-formed value for each prop name the package uses. */
const WELL_FORMED: Record<string, unknown> = {
  workspaceId: "wksp_csweep000001",
  projectId: "proj_csweep000001",
  databaseId: "db_csweep0000001",
  sourceDatabaseId: "db_csweep0000002",
  targetDatabaseId: "db_csweep0000003",
  branchId: "br_csweep0000001",
  connectionId: "con_csweep000001",
  serviceTokenId: "itgr_csweep00001",
  integrationId: "itgr_csweep00002",
  backupId: "bkp_sweep00001",
  region: "us-east-1",
  regions: ["us-east-1"],
  gitName: "feature/sweep",
  name: "sweep",
  namePattern: "pr-",
  recipientAccessToken: "recipient-sweep-token-77",
  // Run SQL Query refuses what does not read before any request.
  sql: "SELECT 1",
};

/**
 * Props for `component`: a well-formed value for each required prop and, with `optional`, for
 * each optional one the table knows (so that an update has something to change).
 */
export function wellFormedProps(component: ActionLike, { optional = false } = {}): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [name, prop] of fillableProps(component)) {
    if (isOptional(prop) && !(optional && name in WELL_FORMED)) continue;
    props[name] = name in WELL_FORMED
      ? WELL_FORMED[name]
      : prop.type === "integer" ? 1 : prop.type === "boolean" ? false : String(prop.type).endsWith("[]") ? ["sweep"] : "sweep";
  }
  return props;
}

/** What a guarded action asks to be typed in Confirm, read from its own refusal. */
export function confirmationAsked(error: Error | undefined): string | undefined {
  return /set Confirm to exactly "([^"]+)"/.exec(error?.message ?? "")?.[1];
}

/** A password holding `@`, `/` and `:`, so that a pattern cut short at any of them leaks its tail. */
export const PASSWORD = "p@ss/w0rd:9x@Z";
export const RAW_URL = `postgresql://admin:${PASSWORD}@db.example.com:5432/app?sslmode=require`;
export const ENCODED_URL = encodeURIComponent(RAW_URL);
export const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzd2VlcCJ9.c2lnbmF0dXJlLXN3ZWVw";
export const QUERY_SECRETS = "https://files.example.com/dump?sslpassword=qs-secret-91&api_key=qs-key-42";
export const SERVICE_TOKEN_VALUE = "prisma_sk_sweep_0c2a9e7d1b4c";

/** Each way a credential is written, as an input or inside an answer. */
export const CREDENTIALS = {
  "a connection string whose password holds @, / and :": RAW_URL,
  "a URL-encoded connection string": ENCODED_URL,
  "a JWT": JWT,
  "credentials in a query string": QUERY_SECRETS,
  "all of them in one text": `see ${RAW_URL} or ${ENCODED_URL}, token ${JWT}; ${QUERY_SECRETS}`,
};

/** What must show nowhere: the password (raw, or any piece of it), the JWT, the query's secrets. */
export const FORBIDDEN = [PASSWORD, "w0rd", JWT, "c2lnbmF0dXJlLXN3ZWVw", "qs-secret-91", "qs-key-42", SERVICE_TOKEN_VALUE];

const COLLECTIONS = new Set(["workspaces", "projects", "databases", "branches", "connections", "service-tokens", "integrations", "backups", "postgres"]);
const AT = "2026-10-01T10:00:00.000Z";

/** A resource with every field the package reads, credentials planted wherever text can go. */
export function resourceFullOfSecrets(id: string, token: string): Record<string, unknown> {
  const endpoint = (host: string) => ({ host, port: 5432, connectionString: RAW_URL });
  const ref = (refId: string) => ({ id: refId, url: `https://api.example.com/${ENCODED_URL}`, name: `ref ${JWT}` });
  return {
    id,
    type: id.startsWith("itgr_") ? "serviceToken" : "database",
    url: `https://api.example.com/v1/x?api_key=qs-key-42`,
    name: `sweep ${ENCODED_URL}`,
    gitName: `feature/${JWT}`,
    logicalId: null,
    status: "ready",
    role: "preview",
    isDefault: false,
    kind: "postgres",
    createdAt: AT,
    expiresAt: null,
    defaultRegion: "us-east-1",
    region: { id: "us-east-1", name: `US East ${RAW_URL}` },
    project: ref("proj_csweep000001"),
    workspace: ref("wksp_csweep000001"),
    database: ref("db_csweep0000001"),
    branch: ref("br_csweep0000001"),
    defaultConnectionId: "con_csweep000001",
    connections: [{ id: "con_csweep000001", name: `default ${QUERY_SECRETS}`, kind: "postgres", createdAt: AT, database: ref("db_csweep0000001"),
      endpoints: { direct: endpoint("db.example.com"), pooled: endpoint("pool.example.com") },
      directConnection: { host: "db.example.com", user: "admin", pass: PASSWORD } }],
    endpoints: { direct: endpoint("db.example.com"), pooled: endpoint("pool.example.com"), accelerate: endpoint("accelerate.example.com") },
    connectionString: RAW_URL,
    directConnection: { host: "db.example.com", user: "admin", pass: PASSWORD },
    value: SERVICE_TOKEN_VALUE,
    valueHint: "…c4d",
    client: { id: "cli_sweep", name: `client ${JWT}`, createdAt: AT },
    createdByUser: { id: "usr_sweep", email: "someone@example.com", displayName: `Bearer ${token}` },
    scopes: ["workspace:admin"],
    backupType: "full",
    size: 10,
    source: { type: "empty", note: `restored from ${RAW_URL}` },
    echo: token,
    metadata: { dsn: RAW_URL, session: JWT, encoded: ENCODED_URL, auth: `Bearer ${token}` },
  };
}

/**
 * A stand-in that answers every request with success, in the shape the package expects (a
 * page for a list, the resource for anything else), every answer full of credentials and of
 * the account's `token`.
 */
export function successFullOfSecrets(token: string) {
  return (request: Received): Behaviour => {
    const segments = request.path.split("/").filter(Boolean);
    const last = segments.at(-1) ?? "";
    const id = /^[a-z]+_/.test(last) ? last : (segments.find((s) => /^[a-z]+_c/.test(s)) ?? "db_csweep0000001");
    if (request.method === "DELETE") return { kind: "answer", status: 204, headers: {}, body: "" };
    if (request.method === "GET" && COLLECTIONS.has(last)) {
      const item = last === "backups"
        ? { ...resourceFullOfSecrets("bkp_sweep00001", token), status: "completed" }
        : resourceFullOfSecrets("db_csweep0000001", token);
      return reply.json(200, { data: [item], pagination: { hasMore: false, nextCursor: null }, meta: { backupRetentionDays: 7 } });
    }
    return reply.json(request.method === "POST" ? 201 : 200, { data: resourceFullOfSecrets(id, token) });
  };
}

/** A stand-in that refuses every request, quoting the token, an encoded connection string and a JWT. */
export function refusalFullOfSecrets(token: string, status = 401) {
  return (): Behaviour => reply.json(status, {
    error: {
      code: `invalid_${JWT}`,
      message: `The token "${token}" is not valid here (${RAW_URL})`,
      hint: `Connect with ${ENCODED_URL} or ${QUERY_SECRETS}`,
    },
  }, { "x-echo": encodeURIComponent(token) });
}

/**
 * Runs `action` with well-formed props (and `extra`) against the current server; a guarded
 * action is run again with what it asked to be typed in Confirm, so that its requests are made.
 */
export async function runPastGuards(
  action: ActionLike,
  { token, extra = {}, optional = true, omit }: { token?: string; extra?: Record<string, unknown>; optional?: boolean; omit?: string } = {},
) {
  const props: Record<string, unknown> = { ...wellFormedProps(action, { optional }), dryRun: false, ...extra };
  if (omit !== undefined) delete props[omit];
  const first = await runAction(action, props, { token });
  const confirm = confirmationAsked(first.error);
  return confirm === undefined ? first : runAction(action, { ...props, confirm }, { token });
}
