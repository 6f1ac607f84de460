// A local, stateful, in-memory stand-in for the Prisma Management API (api.prisma.io/v1),
// for tests, benchmarks and trying the package without a Prisma account. Node's own `http`,
// loopback only. See emulator/README.md.
import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Backup, DatabaseStatus } from "../common/types";
import { instanceTag, RealDatabases } from "./databases";
import { Faults, type FaultOptions } from "./faults";
import { ApiError, Cursors, type Reply } from "./http";
import { startPostgresProxy } from "./postgres-proxy";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { Api, gitNameProblem } from "./routes";
import {
  ACCELERATE_HOST, Random, REGIONS, REQUEST_LOG_LIMIT, Store, type EmulatorState, type Endpoints, type RegionId, type RequestLogEntry, type UsageOverride,
} from "./state";

// Latency is the network's, not the client's: it takes real time even while a test runs the
// client under a fake clock (these are taken before any test can replace the global timers).
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

export type { FaultKind, FaultOptions, FaultRule } from "./faults";
export type { RateLimitOptions } from "./rate-limit";
export type { BranchRecord, EmulatorState, Endpoints, RequestLogEntry, UsageOverride } from "./state";
export { MAX_PAGE_LIMIT } from "./routes";

export interface EmulatorOptions {
  /** 0 = any free port (default). */
  port?: number;
  /** The service token it accepts; generated when absent. */
  token?: string;
  /** Databases start "provisioning" (restores "recovering") and become "ready" after this (default 1500). */
  readyDelayMs?: number;
  workspaceName?: string;
  /** Default 7. */
  backupRetentionDays?: number;
  /** How many daily automatic backups a database has once ready (default 3, at most the retention). */
  automaticBackups?: number;
  /** Regions reported "unavailable" (creating a database there is refused with 400). */
  unavailableRegions?: RegionId[];
  faults?: FaultOptions;
  /** At most this many requests per rolling minute per bearer token; more are answered 429 (default: no limit). */
  rateLimit?: RateLimitOptions;
  /** Makes IDs, secrets, backup times and fault draws repeatable. */
  seed?: number;
  /** Milliseconds since the epoch, for timestamps and state changes (default Date.now). */
  clock?: () => number;
  /**
   * A PostgreSQL superuser's URL for the real databases (tests pass the run's shared server).
   * Absent: PRISMA_EMULATOR_POSTGRES_URL, else an embedded server started at the first connection.
   */
  postgresUrl?: string;
  /** How often the emulator backs up each ready database, on its clock (default daily). */
  backupIntervalMs?: number;
  /** Called with each request's log entry once it is answered (`npm run emulator -- --log`). */
  onAnswered?: (entry: RequestLogEntry) => void;
}

export interface SeedDatabaseOptions {
  /** Default "ready". */
  status?: DatabaseStatus;
  region?: RegionId;
  /** Names are `${namePrefix}-${n}` (default "seeded"). */
  namePrefix?: string;
  /** When given, logical IDs are `${logicalIdPrefix}-${n}`. */
  logicalIdPrefix?: string;
  /** How long a seeded "provisioning" or "recovering" status lasts before "ready" (default: for ever). */
  pendingMs?: number;
  /** Backups of remote databases cannot be listed (422). */
  remote?: boolean;
  /** The branch they are attached to (default: the project's default branch); null = unassigned. */
  branchId?: string | null;
}

export interface SeedBackup {
  id?: string;
  /** Default "full". */
  backupType?: Backup["backupType"];
  /** Default "completed". */
  status?: Backup["status"];
  /** Default: one hour before now. */
  createdAt?: string | Date;
  size?: number;
}

export interface Emulator {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  port: number;
  token: string;
  workspaceId: string;
  /** Where the minted strings point: two loopback ports (direct, pooled) in front of the real server, and Accelerate's host. */
  endpoints: Endpoints;
  state: EmulatorState;
  setFaults(faults: FaultOptions): void;
  /** Replaces the request-rate limit (null: none) and starts every token's window afresh. */
  setRateLimit(rateLimit: RateLimitOptions | null): void;
  /**
   * From now on `GET /databases/{id}/usage` reports these figures for periods reaching into the
   * current month; an absent figure stays derived. null removes the override.
   */
  setUsage(databaseId: string, usage: UsageOverride | null): void;
  /** A project (without databases unless asked), with its production branch `main`, straight into the state. */
  seedProject(options?: { name?: string; logicalId?: string; region?: RegionId; withDefaultDatabase?: boolean }): string;
  /** A preview branch of the project (the default one, taking over, when `isDefault`); returns its ID. */
  seedBranch(projectId: string, options: { gitName: string; isDefault?: boolean }): string;
  /** Bulk-creates databases (each with one connection), ready unless told otherwise. */
  seedDatabases(projectId: string, count: number, options?: SeedDatabaseOptions): string[];
  /** Adds backups; unless `keepAutomatic`, they replace the database's automatic ones. */
  seedBackups(databaseId: string, backups: SeedBackup[], options?: { keepAutomatic?: boolean }): string[];
  /** An OAuth integration authorized on the workspace. */
  seedIntegration(options?: { clientName?: string; clientId?: string; scopes?: string[]; email?: string; displayName?: string | null }): { id: string; clientId: string };
  /** The name of the real PostgreSQL database behind an emulated one (it exists once a client has connected). */
  postgresDatabase(databaseId: string): string;
  /** Starts (or connects to) the PostgreSQL server now instead of at the first connection. */
  startPostgres(): Promise<void>;
  /** Takes the automatic backups due on the emulator's clock now (a timer and the backup routes also do). */
  takeDueBackups(): Promise<void>;
  /** Stops answering, drops the databases and roles it made (or stops the server it started). */
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["content-type"] = "application/json; charset=utf-8";
  headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers).end(text);
}

function errorReply(error: ApiError): Reply {
  return { status: error.status, body: error.body(), headers: error.headers };
}

const MAX_BODY_BYTES = 1_048_576;

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !failed) {
        failed = true;
        reject(new ApiError(413, `Request body exceeds this endpoint's size cap (${MAX_BODY_BYTES} bytes).`));
      }
      if (!failed) chunks.push(chunk);
    });
    req.on("end", () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ApiError(400, "The request body is not valid JSON."));
      }
    });
    req.on("error", reject);
  });
}

const DAY = 86_400_000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? randomInt(2 ** 31);
  const random = new Random(seed);
  const faultRandom = new Random(seed ^ 0x5bd1e995);
  const clock = options.clock ?? Date.now;
  const readyDelayMs = Math.max(0, options.readyDelayMs ?? 1500);
  const backupRetentionDays = options.backupRetentionDays ?? 7;
  const backupIntervalMs = options.backupIntervalMs ?? DAY;
  if (!(Number.isInteger(backupIntervalMs) && backupIntervalMs > 0)) throw new Error(`backupIntervalMs must be a positive integer, got ${String(backupIntervalMs)}`);
  // The direct and pooled strings point at two loopback ports that lead to the real server.
  let databases: RealDatabases | null = null;
  const route = async (user: string, database: string) => {
    const server = await databases!.postgres();
    const connection = [...store.state.connections.values()].find((c) => c.user === user);
    const record = connection && store.state.databases.get(connection.databaseId);
    if (!record) return { host: server.host, port: server.port };
    await databases!.ensure(record);
    // The strings name database "postgres", as Prisma's do; it is this connection's database.
    return { host: server.host, port: server.port, database: database === "postgres" ? databases!.databaseName(record.id) : database };
  };
  const upstream = () => databases!.postgres();
  const direct = await startPostgresProxy(route, upstream);
  const pooled = await startPostgresProxy(route, upstream);
  const store = new Store({
    clock, random, readyDelayMs, backupRetentionDays, backupIntervalMs,
    automaticBackups: Math.max(0, options.automaticBackups ?? 3),
    tag: instanceTag(),
    endpoints: { direct: { host: "127.0.0.1", port: direct.port }, pooled: { host: "127.0.0.1", port: pooled.port }, accelerate: { ...ACCELERATE_HOST } },
  });
  databases = new RealDatabases(store, { postgresUrl: options.postgresUrl, backupIntervalMs });
  const realDatabases = databases;
  const faults = new Faults(faultRandom.next, options.faults);
  const rateLimiter = new RateLimiter(clock, options.rateLimit);
  const workspace = store.addWorkspace(options.workspaceName ?? "Emulated Workspace");
  const token = options.token ?? store.tokenValue(workspace.id);
  store.addServiceToken(workspace.id, "Emulator", token);
  const cursors = new Cursors(random.base64url(32));

  let api: Api | null = null;
  let closed = false;
  const sleeping = new Set<() => void>();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const wake = () => {
      realClearTimeout(timer);
      sleeping.delete(wake);
      resolve();
    };
    const timer = realSetTimeout(wake, ms);
    sleeping.add(wake);
  });

  function log(entry: RequestLogEntry): void {
    const requests = store.state.requests;
    requests.push(entry);
    if (requests.length > REQUEST_LOG_LIMIT) requests.splice(0, requests.length - REQUEST_LOG_LIMIT);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const entry: RequestLogEntry = { method, path: url.pathname, query: url.search.slice(1), status: 0, faults: [], at: clock() };
    log(entry);
    const relative = url.pathname === "/v1" || url.pathname.startsWith("/v1/") ? url.pathname.slice(3) : null;

    // The limit is checked on arrival, before anything else, like a gateway in front of the API.
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    const admission = bearer === undefined ? { admitted: true as const } : rateLimiter.admit(bearer);
    if (!admission.admitted) {
      entry.faults = ["rate-limit"];
      store.state.rateLimited++;
      req.resume();
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (closed) return void req.socket.destroy();
      const limit = rateLimiter.requestsPerMinute;
      entry.status = 429;
      send(res, errorReply(new ApiError(429, `Rate limit exceeded: at most ${limit} requests per minute.`,
        `Retry after ${admission.retryAfterSeconds} s (the Retry-After header).`, { "retry-after": String(admission.retryAfterSeconds) })));
      options.onAnswered?.(entry);
      return;
    }

    const plan = faults.plan(method, relative ?? url.pathname);
    entry.faults = plan.fired;
    if (plan.delayMs > 0) await sleep(plan.delayMs);
    if (closed) return void req.socket.destroy();

    let answer: Reply;
    if (plan.blocking?.kind === "reset") {
      req.socket.destroy();
      return;
    } else if (plan.blocking) {
      const { kind, retryAfterSeconds } = plan.blocking;
      const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) };
      answer = kind === "rate-limit"
        ? errorReply(new ApiError(429, "Rate limit exceeded.", undefined, headers))
        : errorReply(new ApiError(503, "Service temporarily unavailable.", undefined, headers));
      req.resume();
    } else {
      try {
        const body = await readBody(req);
        if (relative === null || !api) throw new ApiError(404, `Route ${method} ${url.pathname} not found.`);
        answer = await api.dispatch(method, relative, url.searchParams, req.headers.authorization, body);
      } catch (error) {
        if (error instanceof ApiError) answer = errorReply(error);
        else {
          console.error("emulator: unexpected error", error);
          answer = errorReply(new ApiError(500, "Internal server error."));
        }
      }
    }
    if (plan.slowMs > 0) await sleep(plan.slowMs);
    if (closed) return void req.socket.destroy();
    entry.status = answer.status;
    send(res, answer);
    options.onAnswered?.(entry);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("emulator: request failed", error);
      if (!res.headersSent) send(res, errorReply(new ApiError(500, "Internal server error.")));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  api = new Api(store, baseUrl, cursors, {
    readyDelayMs, backupRetentionDays, unavailableRegions: options.unavailableRegions ?? [],
  }, realDatabases);

  // Automatic backups on the timers in use when the emulator starts (a test's fake timers drive them).
  const backupTimer = setInterval(() => {
    realDatabases.takeDueBackups().catch((error) => console.error("emulator: automatic backup failed", error));
  }, Math.min(backupIntervalMs, 60_000));
  backupTimer.unref?.();

  const state = store.state;
  const emulator: Emulator = {
    url: baseUrl,
    port,
    token,
    workspaceId: workspace.id,
    endpoints: store.options.endpoints,
    state,
    setFaults: (next) => faults.set(next),
    setRateLimit: (next) => rateLimiter.set(next),

    setUsage(databaseId, usage) {
      if (!state.databases.has(databaseId)) throw new Error(`setUsage: no database ${databaseId}`);
      if (usage === null) {
        state.usage.delete(databaseId);
        return;
      }
      for (const [field, value] of Object.entries(usage)) {
        if (field !== "storageGib" && field !== "operations") throw new Error(`setUsage: unknown figure ${field}`);
        if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
          throw new Error(`setUsage: ${field} must be a finite number >= 0, got ${String(value)}`);
        }
      }
      state.usage.set(databaseId, { storageGib: usage.storageGib, operations: usage.operations });
    },

    seedProject(seedOptions = {}) {
      const project = store.addProject({
        workspaceId: workspace.id, name: seedOptions.name, logicalId: seedOptions.logicalId,
        defaultRegion: seedOptions.region ?? "us-east-1",
      });
      if (seedOptions.withDefaultDatabase) {
        store.addDatabase({ projectId: project.id, name: project.name, region: seedOptions.region ?? "us-east-1", isDefault: true, status: "ready" });
      }
      return project.id;
    },

    seedBranch(projectId, seedOptions) {
      if (!state.projects.has(projectId)) throw new Error(`seedBranch: no project ${projectId}`);
      const problem = gitNameProblem(seedOptions.gitName);
      if (problem) throw new Error(`seedBranch: invalid gitName ${JSON.stringify(seedOptions.gitName)}: ${problem}`);
      if (store.branchByGitName(projectId, seedOptions.gitName)) throw new Error(`seedBranch: project ${projectId} already has a branch ${seedOptions.gitName}`);
      return store.addBranch(projectId, seedOptions.gitName, { isDefault: seedOptions.isDefault }).id;
    },

    seedDatabases(projectId, count, seedOptions = {}) {
      const project = state.projects.get(projectId);
      if (!project) throw new Error(`seedDatabases: no project ${projectId}`);
      const { branchId } = seedOptions;
      if (branchId !== undefined && branchId !== null && store.liveBranch(branchId)?.projectId !== projectId) {
        throw new Error(`seedDatabases: no live branch ${branchId} in project ${projectId}`);
      }
      const ids: string[] = [];
      const prefix = seedOptions.namePrefix ?? "seeded";
      for (let n = 1; n <= count; n++) {
        const { database } = store.addDatabase({
          projectId,
          name: `${prefix}-${n}`,
          region: seedOptions.region ?? (REGIONS.find((r) => r.id === project.defaultRegion)?.id ?? "us-east-1"),
          logicalId: seedOptions.logicalIdPrefix ? `${seedOptions.logicalIdPrefix}-${n}` : null,
          status: seedOptions.status ?? "ready",
          pendingMs: seedOptions.pendingMs ?? Infinity,
          remote: seedOptions.remote,
          branchId,
        });
        ids.push(database.id);
      }
      return ids;
    },

    seedBackups(databaseId, backups, seedOptions = {}) {
      const database = state.databases.get(databaseId);
      if (!database) throw new Error(`seedBackups: no database ${databaseId}`);
      if (seedOptions.keepAutomatic) store.backupsOf(database);
      else database.backupsMade = true;
      const list = (state.backups.get(databaseId) ?? []).filter((b) => seedOptions.keepAutomatic || !b.automatic);
      const ids = backups.map((b) => {
        const createdAt = b.createdAt === undefined ? store.iso(store.now() - 3_600_000) : new Date(b.createdAt).toISOString();
        const record = {
          id: b.id ?? random.chars(24),
          databaseId,
          backupType: b.backupType ?? "full",
          status: b.status ?? "completed",
          createdAt,
          size: b.size,
        };
        list.push(record);
        return record.id;
      });
      state.backups.set(databaseId, list);
      return ids;
    },

    seedIntegration(seedOptions = {}) {
      const integration = store.addIntegration(workspace.id, seedOptions);
      return { id: integration.id, clientId: integration.client.id };
    },

    postgresDatabase: (databaseId) => realDatabases.databaseName(databaseId),

    async startPostgres() {
      await realDatabases.postgres();
    },

    takeDueBackups: () => realDatabases.takeDueBackups(),

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(backupTimer);
      for (const wake of [...sleeping]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([direct.close(), pooled.close()]);
      await realDatabases.close();
    },
  };
  return emulator;
}
