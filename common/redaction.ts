// One place that decides what a secret is. Everything an action returns, exports or throws
// passes through `redactSecrets`, except the named fields of the actions that mint credentials.
import type { Step } from "./types";

export const REDACTED = "[redacted]";

/** Keys whose values are credentials wherever they appear. */
const SECRET_KEYS = new Set([
  "connectionString",
  "pass",
  "password",
  "apiKeys",
  "value",
  "token",
  "accessToken",
  "access_token",
  "refresh_token",
  "recipientAccessToken",
  "api_token",
  "authorization",
  "Authorization",
]);

// `value` is only a secret on service tokens; elsewhere (e.g. dropdown options) it is not.
function isSecretKey(key: string, parent: Record<string, unknown>): boolean {
  if (key === "value") return parent.type === "serviceToken" || "valueHint" in parent;
  return SECRET_KEYS.has(key);
}

// No word boundary before the scheme (text such as `x_postgres://…` must be masked too), and
// the user may be empty (`redis://:password@host`).
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]+)@/gi;
const SECRET_QUERY_PARAMS = /([?&](?:api_key|apikey|password|token|access_token)=)[^&\s"']+/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

/**
 * Masks credentials inside free text: URL passwords, secret query parameters, bearer tokens,
 * and every occurrence of the literal `secrets` given (e.g. the token a request was sent with).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret && masked.includes(secret)) masked = masked.split(secret).join(REDACTED);
  }
  // Each pattern needs a character most strings lack: checking for it first skips most scans,
  // which is what keeps redacting a list of thousands of items cheap.
  if (masked.includes("@")) masked = masked.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`);
  if (masked.includes("=")) masked = masked.replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`);
  if (masked.includes("Bearer")) masked = masked.replace(BEARER, `$1${REDACTED}`);
  return masked;
}

/**
 * A deep copy of `value` without credentials: secret keys are dropped, and passwords inside
 * URLs or query strings (and the literal `secrets` given) are masked. Plain data only (what
 * JSON can hold).
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  return redact(value, secrets) as T;
}

function redact(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets));
  if (value && typeof value === "object") {
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      if (!isSecretKey(key, source)) copy[key] = redact(item, secrets);
    }
    return copy;
  }
  return value;
}

/**
 * The strings held under secret keys anywhere in `value`, such as a token sent in a request
 * body, so they can be masked wherever a response echoes them.
 */
export function secretValuesOf(value: unknown): string[] {
  const found: string[] = [];
  const visit = (item: unknown) => {
    if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (item && typeof item === "object") {
      const source = item as Record<string, unknown>;
      for (const [key, child] of Object.entries(source)) {
        if (typeof child === "string") {
          if (child && isSecretKey(key, source)) found.push(child);
        } else {
          visit(child);
        }
      }
    }
  };
  visit(value);
  return found;
}

interface EndpointsLike {
  direct?: { connectionString?: string };
  pooled?: { connectionString?: string };
  accelerate?: { connectionString?: string };
}

export interface ConnectionStrings {
  directConnectionString: string | null;
  pooledConnectionString: string | null;
  accelerateConnectionString: string | null;
}

/** The one-time connection strings of a freshly minted connection, in their named fields. */
export function connectionStringsOf(
  connection: { endpoints?: EndpointsLike } | null | undefined,
): ConnectionStrings {
  const endpoints = connection?.endpoints ?? {};
  return {
    directConnectionString: endpoints.direct?.connectionString ?? null,
    pooledConnectionString: endpoints.pooled?.connectionString ?? null,
    accelerateConnectionString: endpoints.accelerate?.connectionString ?? null,
  };
}

interface CreatedDatabaseLike {
  defaultConnectionId: string | null;
  connections: { id: string; endpoints?: EndpointsLike }[];
  // Deprecated fields the older create routes still send; used only when `endpoints` lack strings.
  connectionString?: string | null;
  directConnection?: { host: string; user: string; pass: string } | null;
}

/** The connection strings of a freshly created database: those of its default connection. */
export function databaseConnectionStrings(
  database: CreatedDatabaseLike | null | undefined,
): ConnectionStrings {
  const connections = database?.connections ?? [];
  const chosen = connections.find((c) => c.id === database?.defaultConnectionId) ?? connections[0];
  const strings = connectionStringsOf(chosen);
  const legacy = database?.directConnection;
  if (!strings.directConnectionString && legacy) {
    strings.directConnectionString =
      `postgresql://${encodeURIComponent(legacy.user)}:${encodeURIComponent(legacy.pass)}@${legacy.host}/postgres?sslmode=require`;
  }
  const legacyString = database?.connectionString;
  if (!strings.accelerateConnectionString && legacyString?.startsWith("prisma+postgres://")) {
    strings.accelerateConnectionString = legacyString;
  }
  return strings;
}

/**
 * Wraps the step `$` so that whatever the HTTP client exports for debugging is stripped of
 * secrets, including the literal `secrets` given (the token or a credential sent, should the
 * API echo them).
 */
export function redactingStep($: Step | undefined, secrets: readonly string[]): Step | undefined {
  if (!$) return undefined;
  return {
    context: $.context,
    export: (key, value) => $.export(key, redactSecrets(value, secrets)),
  };
}
