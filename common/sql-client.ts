// One PostgreSQL session for one step: the connection string read without trusting pg's own
// parsing (TLS for every host but loopback, the certificate always verified), every wait inside
// the step's deadline (a connect timeout, `statement_timeout`, and a hard stop that closes the
// socket), the client always closed, and every failure turned into an error a person can act
// on, without the password. `pg` is loaded here, lazily, so that actions that run no SQL never
// load it.
import {
  connect as connectTcp, isIP, Socket,
} from "node:net";
import { connect as connectTls } from "node:tls";
import type {
  Client, ClientConfig, FieldDef, QueryConfig, QueryResult,
} from "pg";
import { ConfigurationError } from "@pipedream/platform";
import type { Deadline } from "./deadline";
import {
  REDACTED, redactSecrets, redactText,
} from "./redaction";

export const SQL_LIMITS = {
  /** The longest a connection may take to open, when the step has that long left. */
  connectMs: 10_000,
  /** Time kept back from `statement_timeout`, so the server's cancel arrives before the hard stop. */
  statementMarginMs: 500,
  /** The least time worth connecting with. */
  minimumMs: 1_000,
  /** How long closing politely may take before the socket is simply destroyed. */
  closeGraceMs: 1_000,
  /**
   * The longest message (a row, most often) read from the server. pg holds a whole message in
   * memory before it hands it on, so a longer one ends the session when its header arrives: no
   * result can return a row that large anyway (Run SQL Query returns about 1 MB of JSON).
   */
  messageBytes: 16_000_000,
} as const;

/** Where a session connects, read from a connection string. */
export interface SqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** TLS with the certificate verified: every host but loopback. */
  tls: boolean;
}

/**
 * True for the loopback host names and addresses (127.0.0.0/8, ::1, localhost). A name under
 * `.localhost` is not one: whether it resolves to this machine is up to the resolver.
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name === "::1" ||
    (isIP(name) === 4 && name.startsWith("127.")) || name === "::ffff:127.0.0.1";
}

/**
 * The target of a `postgres://user:password@host:port/database` string. Query parameters such
 * as `sslmode` are not obeyed: TLS is decided by the host alone, so `sslmode=require` (which
 * Prisma sends) or `sslmode=no-verify` can never turn certificate checks off. The string itself
 * never appears in an error.
 */
export function sqlTargetOf(connectionString: string, label = "Connection String"): SqlTarget {
  let url: URL;
  try {
    url = new URL(connectionString.trim());
  } catch {
    throw new ConfigurationError(`${label} is not a URL: it must be a postgres:// URL naming the user, password, host and database, as **Create Connection String** returns.`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    const accelerate = url.protocol === "prisma+postgres:"
      ? " An Accelerate string (prisma+postgres://) carries no database credentials: use the direct or pooled connection string."
      : "";
    throw new ConfigurationError(`${label} must start with postgres:// or postgresql://.${accelerate}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) throw new ConfigurationError(`${label} names no host.`);
  const decoded = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new ConfigurationError(`${label} has a % in its ${what} that does not start an escape such as %40: write a % itself as %25.`);
    }
  };
  const user = decoded(url.username, "user");
  if (!user) throw new ConfigurationError(`${label} names no user.`);
  const port = url.port
    ? Number(url.port)
    : 5432;
  return {
    host,
    port,
    user,
    password: decoded(url.password, "password"),
    database: decoded(url.pathname.replace(/^\//, ""), "database name") || user,
    tls: !isLoopback(host),
  };
}

/** The TLS options of a target: verified against the system's CAs and the host name. */
export function tlsOptionsOf(target: SqlTarget): ClientConfig["ssl"] {
  if (!target.tls) return false;
  return {
    rejectUnauthorized: true,
    ...isIP(target.host)
      ? {}
      : {
        servername: target.host,
      },
  };
}

/** A failure of the SQL path, with PostgreSQL's SQLSTATE when the server sent one. */
export class SqlError extends Error {
  constructor(
    message: string,
    public sqlState?: string,
    public position?: number,
  ) {
    super(message);
    this.name = "SqlError";
  }
}

export type Phase = "connecting" | "running" | "committing";

export type TransactionMode = "READ ONLY" | "READ WRITE";

/** The protocol messages of pg's connection that an exchange writes. */
export interface Wire {
  parse(message: { text: string }): void;
  bind(message: { values?: (string | null)[] }): void;
  describe(message: { type: "P"; name: string }): void;
  execute(message: { rows?: number }): void;
  flush(): void;
  sync(): void;
  stream: { cork?(): void; uncork?(): void };
}

/**
 * A conversation written message by message (pg's Submittable): `submit` writes it, the
 * handlers receive the server's answers, and `outcome` settles once it has ended. pg clears the
 * exchange before `handleError`, so an error is its last call.
 */
export interface Exchange<T> {
  readonly outcome: Promise<T>;
  submit(wire: Wire): void;
  handleRowDescription(message: { fields: FieldDef[] }): void;
  handleDataRow(message: { fields: (string | null)[] }): void;
  handlePortalSuspended(wire: Wire): void;
  handleCommandComplete(message: { text: string }, wire: Wire): void;
  handleEmptyQuery(wire: Wire): void;
  handleCopyInResponse(wire: Wire): void;
  handleCopyData(): void;
  handleError(error: unknown, wire: Wire): void;
  handleReadyForQuery(wire: Wire): void;
}

export interface SqlSession {
  readonly target: SqlTarget;
  /**
   * The statements that open the session's transaction: BEGIN in `mode`, then
   * `statement_timeout` set inside it to what the step has left and `standard_conforming_strings`
   * on (set here rather than as startup parameters, which poolers refuse).
   */
  transactionStart(mode: TransactionMode): string[];
  /** Opens the session's transaction, as `transactionStart` says, in one round trip. */
  begin(mode: TransactionMode): Promise<void>;
  /** Runs a query; `values` are bound with the extended protocol (one statement only). */
  query(config: string | QueryConfig): Promise<QueryResult>;
  /** Runs an exchange and waits for its outcome. */
  exchange<T>(exchange: Exchange<T>): Promise<T>;
  /** How this session reads a column of type `oid` from the text the server sends. */
  parserOf(oid: number): (text: string) => unknown;
  /** Say what the session is doing, for the error if it fails. */
  setPhase(phase: Phase): void;
}

// Date, time and interval values come back as PostgreSQL wrote them (a JavaScript Date would
// drop microseconds and shift time zones), and bytea as its `\x…` hex text.
const TEXT_TYPES = new Set([
  17, // bytea
  1082, // date
  1083, // time
  1114, // timestamp
  1184, // timestamptz
  1186, // interval
  1266, // timetz
]);

const asText = (value: string) => value;

// Arrays of those types, and of numeric, come back as lists of the same texts, as their single
// values do (pg would make Dates, Buffers, interval objects, and floats that round numeric).
const TEXT_ARRAY_TYPES = new Set([
  1001, // bytea[]
  1115, // timestamp[]
  1182, // date[]
  1183, // time[]
  1185, // timestamptz[]
  1187, // interval[]
  1231, // numeric[]
  1270, // timetz[]
]);

/** text[]: a list of the element texts. */
const TEXT_ARRAY = 1009;

// real, double precision and their arrays: JSON has no NaN or Infinity (JSON.stringify writes
// null), so those values come back as the text PostgreSQL sent, `NaN`, `Infinity`, `-Infinity`.
const FLOAT_TYPES = new Set([
  700,
  701,
  1021,
  1022,
]);

function finiteOrText(value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return Array.isArray(value)
    ? value.map(finiteOrText)
    : value;
}

type PgModule = typeof import("pg")["default"];
let pgModule: Promise<PgModule> | undefined;

// pg is CommonJS: its exports are the default export of the ES module.
async function loadPg(): Promise<PgModule> {
  pgModule ??= import("pg").then((loaded) => loaded.default);
  return pgModule;
}

/**
 * Opens a session on `target`, runs `work` in it, and closes it whatever happens. Everything
 * ends by `deadline`: past it the socket is destroyed and the step fails with a timeout error.
 */
export async function withSqlSession<T>(
  target: SqlTarget,
  deadline: Deadline,
  work: (session: SqlSession) => Promise<T>,
): Promise<T> {
  const remaining = deadline.remainingMs();
  if (remaining < SQL_LIMITS.minimumMs) {
    throw new SqlError(`Nothing was run: the step has ${Math.round(remaining / 100) / 10} s left, too little to connect to the database. Raise the step's timeout, or run the SQL in a step of its own.`);
  }
  const pg = await loadPg();
  const socket = new Socket();
  let timedOut = false;
  let phase: Phase = "connecting";
  const parserOf = (oid: number): (text: string) => unknown => {
    if (TEXT_TYPES.has(oid)) return asText;
    const parse = pg.types.getTypeParser(TEXT_ARRAY_TYPES.has(oid)
      ? TEXT_ARRAY
      : oid, "text");
    return FLOAT_TYPES.has(oid)
      ? (text: string) => finiteOrText(parse(text))
      : parse;
  };
  const timer = setTimeout(() => {
    timedOut = true;
    // A closed socket alone leaves a running statement running (and its locks held) until the
    // server next writes to it, which a script that set statement_timeout to 0 may never do.
    const keys = client as unknown as { processID: number | null; secretKey: number | null };
    if (phase !== "connecting" && keys.processID !== null && keys.secretKey !== null) {
      sendCancel(target, keys.processID, keys.secretKey);
    }
    socket.destroy();
  }, remaining);
  const client: Client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: tlsOptionsOf(target),
    stream: () => socket,
    connectionTimeoutMillis: Math.min(remaining, SQL_LIMITS.connectMs),
    application_name: "prisma_management_api",
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => format === "binary"
        ? pg.types.getTypeParser(oid, format)
        : parserOf(oid)) as never,
    },
  });
  // A failure while idle arrives here; one during a call rejects that call, which reports it.
  client.on("error", () => {});
  const session: SqlSession = {
    target,
    query: (config) => client.query(config as QueryConfig),
    transactionStart(mode) {
      const left = deadline.remainingMs() - SQL_LIMITS.statementMarginMs;
      const timeoutMs = Math.max(SQL_LIMITS.minimumMs, left);
      const isolation = mode === "READ ONLY"
        ? " ISOLATION LEVEL REPEATABLE READ"
        : "";
      return [
        `BEGIN TRANSACTION${isolation} ${mode}`,
        `SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`,
        // The checks read the SQL as PostgreSQL does with standard strings; a role or database
        // set to `off` would make the server read a backslash before a quote differently.
        "SET LOCAL standard_conforming_strings = on",
      ];
    },
    async begin(mode) {
      await client.query(session.transactionStart(mode).join("; "));
    },
    exchange(exchange) {
      client.query(exchange as never);
      return exchange.outcome;
    },
    parserOf,
    setPhase: (next) => { phase = next; },
  };
  let oversized: Oversized | undefined;
  try {
    await client.connect();
    // After the startup the stream is the TLS one, if any, and the next byte starts a message.
    const { stream } = (client as unknown as { connection: { stream: Socket } }).connection;
    watchMessageSizes(stream, (found) => {
      oversized = found;
    });
    phase = "running";
    return await work(session);
  } catch (error) {
    throw sqlErrorOf(error, {
      target,
      phase,
      timedOut,
      remainingMs: remaining,
      oversized,
    });
  } finally {
    clearTimeout(timer);
    await close(client, socket);
  }
}

/**
 * Asks the server, over a connection of its own (TLS as for the session), to cancel what the
 * session with `processId` runs. Nothing waits for it; the connection ends within `closeGraceMs`.
 */
function sendCancel(target: SqlTarget, processId: number, secretKey: number): void {
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(80877102, 4);
  request.writeInt32BE(processId, 8);
  request.writeInt32BE(secretKey, 12);
  const socket = connectTcp(target.port, target.host);
  const stop = setTimeout(() => socket.destroy(), SQL_LIMITS.closeGraceMs);
  socket.on("error", () => {});
  socket.on("close", () => clearTimeout(stop));
  const tls = tlsOptionsOf(target);
  if (!tls) {
    socket.on("connect", () => socket.end(request));
    return;
  }
  socket.on("connect", () => {
    const sslRequest = Buffer.alloc(8);
    sslRequest.writeInt32BE(8, 0);
    sslRequest.writeInt32BE(80877103, 4);
    socket.write(sslRequest);
  });
  socket.once("data", (answer) => {
    if (answer[0] !== 0x53) {
      socket.destroy();
      return;
    }
    const secure = connectTls({
      socket,
      ...(tls as object),
    });
    secure.on("error", () => socket.destroy());
    secure.on("secureConnect", () => secure.end(request));
  });
}

/** A message from the server longer than `SQL_LIMITS.messageBytes`: its type byte and length. */
interface Oversized {
  type: string;
  bytes: number;
}

/**
 * Reads the header of each message the server sends on `stream` (ahead of pg, which would wait
 * for all of a message) and destroys the stream at the first longer than `SQL_LIMITS.messageBytes`.
 */
function watchMessageSizes(stream: Socket, found: (oversized: Oversized) => void): void {
  let header = Buffer.alloc(0);
  /** Bytes of the current message's body still to come. */
  let body = 0;
  const watch = (chunk: Buffer) => {
    let i = 0;
    while (i < chunk.length) {
      if (body > 0) {
        const taken = Math.min(body, chunk.length - i);
        body -= taken;
        i += taken;
        continue;
      }
      const part = chunk.subarray(i, i + 5 - header.length);
      header = Buffer.concat([
        header,
        part,
      ]);
      i += part.length;
      if (header.length < 5) return;
      // The length counts its own four bytes.
      const bytes = header.readUInt32BE(1) - 4;
      const type = String.fromCharCode(header[0]);
      header = Buffer.alloc(0);
      if (bytes > SQL_LIMITS.messageBytes) {
        stream.off("data", watch);
        found({
          type,
          bytes,
        });
        stream.destroy();
        return;
      }
      body = bytes;
    }
  };
  stream.prependListener("data", watch);
}

async function close(client: Client, socket: Socket): Promise<void> {
  if (!socket.destroyed) {
    let grace: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      client.end().catch(() => {}),
      new Promise<void>((resolve) => { grace = setTimeout(resolve, SQL_LIMITS.closeGraceMs); }),
    ]);
    clearTimeout(grace);
  }
  socket.destroy();
}

interface Failure {
  target: SqlTarget;
  phase: Phase;
  timedOut: boolean;
  remainingMs: number;
  /** The message that ended the session for its size, if one did. */
  oversized?: Oversized;
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/** What became of the work, by the phase it was in when the connection failed. */
function outcomeOf(phase: Phase): string {
  if (phase === "connecting") return "Nothing was run.";
  if (phase === "committing") return "The commit was sent, but its answer was lost: check whether the changes were applied before running the SQL again.";
  return "The transaction did not commit, so nothing was changed.";
}

/**
 * THE translation of whatever the session threw into an error a person can act on: the server's
 * SQLSTATE classes by name, network and TLS failures by what they mean, the deadline by how long
 * there was. The password never appears (redacted as a literal and in any URL).
 */
export function sqlErrorOf(error: unknown, failure: Failure): Error {
  const {
    target, phase, timedOut, remainingMs, oversized,
  } = failure;
  const secrets = [
    target.password,
  ];
  const where = `${target.host}:${target.port}`;
  const made = (message: string, sqlState?: string, position?: number) =>
    new SqlError(redactText(message, secrets), sqlState, position);
  if (error instanceof ConfigurationError || error instanceof SqlError) return error;
  const e = (error ?? {}) as {
    message?: string;
    code?: string;
    severity?: string;
    position?: string;
    detail?: string;
    hint?: string;
  };
  const message = String(e.message ?? error);
  if (oversized) {
    const size = `${Math.round(oversized.bytes / 100_000) / 10} MB`;
    const limit = `${SQL_LIMITS.messageBytes / 1_000_000} MB`;
    const what = oversized.type === "D"
      ? `A row of the result is ${size}, more than the ${limit} a step reads of one row`
      : `The database sent a message of ${size}, more than the ${limit} a step reads at once`;
    return made(`${what}, so the connection was closed before reading it. ${outcomeOf(phase)} Select less of each row (e.g. \`left(col, 1000)\` or \`length(col)\` instead of the whole value).`);
  }
  if (timedOut) {
    return made(`The database at ${where} did not finish within the ${Math.round(remainingMs / 1000)} s the step had left, so the connection was closed. ${outcomeOf(phase)} Make the SQL faster (or return fewer rows), or raise the step's timeout.`);
  }
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && e.severity) {
    const rawPosition = e.position
      ? Number(e.position)
      : undefined;
    const position = rawPosition !== undefined && rawPosition > 0
      ? rawPosition
      : undefined;
    const detail = e.detail
      ? rowValuesMasked(e.detail)
      : "";
    const extra = [
      detail
        ? `Detail: ${detail}`
        : "",
      e.hint
        ? `Hint: ${e.hint}`
        : "",
    ].filter(Boolean).join(" ");
    const server = `${message}${extra
      ? ` (${extra})`
      : ""}`;
    return made(`${describeSqlState(e.code, server, position, target, phase)}`, e.code, position);
  }
  if (/timeout expired|connection timeout/i.test(message)) {
    return made(`The database at ${where} did not accept the connection within ${Math.round(Math.min(remainingMs, SQL_LIMITS.connectMs) / 1000)} s. Nothing was run. Check that the host is right and reachable, then try again.`);
  }
  if (TLS_CODE.test(String(e.code ?? "")) || /certificate|self[- ]signed|SSL|TLS/i.test(message)) {
    return made(`The TLS connection to ${where} failed: ${message}. The server's certificate must be valid for the host name; connections to hosts other than this machine are always encrypted and verified. Nothing was run.`);
  }
  if (/terminated unexpectedly|Connection terminated|socket hang up|closed/i.test(message) ||
    NETWORK_CODES.has(String(e.code ?? ""))) {
    const code = e.code
      ? ` (${e.code})`
      : "";
    return made(`The connection to the database at ${where} was lost${code} while ${phase === "connecting"
      ? "connecting"
      : "the SQL ran"}: ${message}. ${outcomeOf(phase)}`);
  }
  return made(`The SQL failed: ${message}. ${outcomeOf(phase)}`);
}

/** Whether redaction treats a value under the column `name` as a secret (`password`, `api_token`). */
function isSecretColumn(name: string): boolean {
  const probe = "x";
  return redactSecrets({
    [name]: probe,
  })[name] !== probe;
}

/**
 * A server error's detail with the row values it quotes left out where they may be secrets: a
 * key's values (`Key (api_token)=(…) already exists.`) when a column of the key is named like a
 * secret, and always the whole row of `Failing row contains (…)`, whose values name no column.
 */
function rowValuesMasked(detail: string): string {
  const failing = /^Failing row contains \(.*\)\.?$/s;
  if (failing.test(detail)) return `Failing row contains (${REDACTED}).`;
  const key = /^Key \((.*?)\)=\((.*)\)(.*)$/s.exec(detail);
  if (!key) return detail;
  const names = key[1].split(",").map((name) => name.trim().replace(/^"|"$/g, ""));
  return names.some(isSecretColumn)
    ? `Key (${key[1]})=(${REDACTED})${key[3]}`
    : detail;
}

/** The message for a PostgreSQL error, by its SQLSTATE. */
function describeSqlState(
  code: string,
  server: string,
  position: number | undefined,
  target: SqlTarget,
  phase: Phase,
): string {
  const undone = phase === "connecting"
    ? "Nothing was run."
    : "Nothing was changed: the transaction was rolled back.";
  switch (code) {
  case "42601":
    return `Syntax error${position
      ? ` at character ${position}`
      : ""}: ${server}. ${undone}`;
  case "42P01":
    return `A table or view the SQL names does not exist: ${server}. Check the name and its schema (see **Get Database Schema**). ${undone}`;
  case "42703":
    return `A column the SQL names does not exist: ${server}. See the table's columns with **Get Database Schema**. ${undone}`;
  case "42883":
    return `A function or operator the SQL uses does not exist for these argument types: ${server}. Cast the parameters (e.g. \`$1::int\`). ${undone}`;
  case "42501":
    return `Permission denied to user "${target.user}": ${server}. ${undone}`;
  case "28P01":
  case "28000":
    return `The database refused the credentials of user "${target.user}": ${server}. The connection may have been rotated or deleted: mint new credentials with **Create Connection String** (or give the database instead, so the step mints its own). Nothing was run.`;
  case "3D000":
    return `The database "${target.database}" does not exist on ${target.host}: ${server}. Nothing was run.`;
  case "53300":
    return `The database has no connection slots free: ${server}. Close idle connections, use the pooled connection string, or try again shortly. Nothing was run.`;
  case "57P01":
  case "57P02":
  case "57P03":
    return `The database server ended or refused the session: ${server}. ${undone}`;
  case "57014":
    return `The statement ran longer than the step allows and was cancelled by the server: ${server}. ${undone} Make it faster, return fewer rows, or raise the step's timeout.`;
  case "25006":
    return `Run SQL Query runs in a read-only transaction, and this statement writes: ${server}. To change data or schema, use **Execute SQL**.`;
  case "25001":
    return `This statement cannot run inside a transaction, and the SQL runs in one: ${server}. ${undone}`;
  default:
    return code.startsWith("23")
      ? `A constraint refused the change: ${server}. ${undone}`
      : `The database refused the SQL (SQLSTATE ${code}): ${server}. ${undone}`;
  }
}
