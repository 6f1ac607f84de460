// The emulator's data: plain records in insertion-ordered maps (inspectable by tests), a
// seeded random source for IDs and secrets, and the lifecycle rules of databases.
import type { Backup, DatabaseSource, DatabaseStatus, PostgresRegionId } from "../common/types";

export const REGIONS = [
  { id: "us-east-1", name: "US East (N. Virginia)" },
  { id: "us-west-1", name: "US West (N. California)" },
  { id: "eu-west-3", name: "EU West (Paris)" },
  { id: "eu-central-1", name: "EU Central (Frankfurt)" },
  { id: "ap-northeast-1", name: "Asia Pacific (Tokyo)" },
  { id: "ap-southeast-1", name: "Asia Pacific (Singapore)" },
] as const satisfies readonly { id: PostgresRegionId; name: string }[];

export type RegionId = (typeof REGIONS)[number]["id"];

/** Where the minted strings point: the emulator's two loopback ports, and Accelerate's host (which does not connect). */
export interface Endpoints {
  direct: { host: string; port: number };
  pooled: { host: string; port: number };
  accelerate: { host: string; port: number };
}

export const ACCELERATE_HOST = { host: "accelerate.prisma-data.net", port: 443 } as const;

const DAY = 86_400_000;

/** The git name of the branch every project is created with. */
export const PRODUCTION_GIT_NAME = "main";

// ---- random source

/** mulberry32: small, fast and good enough for IDs and jitter; the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable number from a string, for figures that must not change between calls. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  chars(length: number, alphabet = LOWER): string {
    const codes = new Array<number>(length);
    for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(Math.floor(this.next() * alphabet.length));
    // One flat string (concatenating char by char would keep a rope node per character).
    return String.fromCharCode(...codes);
  }
  /** A resource ID: prefix + 24 lowercase alphanumerics, starting with a letter like a cuid2. */
  id(prefix: string): string {
    return `${prefix}_c${this.chars(23)}`;
  }
  base64url(length: number): string {
    return this.chars(length, B64URL);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

// ---- records

export interface WorkspaceRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ProjectRecord {
  seq: number;
  id: string;
  name: string;
  logicalId: string | null;
  createdAt: string;
  defaultRegion: string | null;
  workspaceId: string;
  settings: Record<string, unknown>;
}

export type BranchRole = "production" | "preview";

/** A branch of a project; soft-deleted ones keep their record with `deletedAt` set. */
export interface BranchRecord {
  seq: number;
  id: string;
  projectId: string;
  gitName: string;
  isDefault: boolean;
  role: BranchRole;
  createdAt: string;
  updatedAt: string;
  /** Set when the branch is deleted: it is then gone from lists and gets, and its git name is free. */
  deletedAt: string | null;
}

/** Figures that `GET /databases/{id}/usage` reports instead of the derived ones (see `setUsage`). */
export interface UsageOverride {
  storageGib?: number;
  operations?: number;
}

export type PendingStatus = "provisioning" | "recovering";

/** A database; `status` follows the clock: pending until `pendingUntil`, then `settledStatus`. */
export class DatabaseRecord {
  seq = 0;
  id = "";
  projectId = "";
  name = "";
  region: RegionId = "us-east-1";
  createdAt = "";
  isDefault = false;
  logicalId: string | null = null;
  branchId: string | null = null;
  source: DatabaseSource | null = null;
  defaultConnectionId: string | null = null;
  connectionIds: string[] = [];
  /** Backups of "remote" databases cannot be listed (422). */
  remote = false;
  pendingStatus: PendingStatus | null = null;
  pendingUntil = 0;
  settledStatus: "ready" | "failure" = "ready";
  /** Whether the automatic backups were made (they are made once the database is first ready). */
  backupsMade = false;
  /** When the emulator takes its next backup of it (epoch ms on the emulator's clock). */
  nextBackupAt = Infinity;

  constructor(private readonly clock: () => number, fields: Partial<DatabaseRecord>) {
    Object.assign(this, fields);
  }

  get status(): DatabaseStatus {
    if (this.pendingStatus !== null && this.clock() < this.pendingUntil) return this.pendingStatus;
    return this.settledStatus;
  }

  /** Puts the database in a pending state for `ms`, after which it is `settled`. */
  startPending(status: PendingStatus, ms: number, settled: "ready" | "failure" = "ready"): void {
    this.pendingStatus = status;
    this.pendingUntil = this.clock() + ms;
    this.settledStatus = settled;
  }
}

export interface ConnectionRecord {
  seq: number;
  id: string;
  databaseId: string;
  name: string;
  createdAt: string;
  kind: "postgres" | "accelerate";
  user: string;
  pass: string;
  apiKey: string;
}

export interface BackupRecord {
  id: string;
  databaseId: string;
  backupType: Backup["backupType"];
  status: Backup["status"];
  createdAt: string;
  size?: number;
  /** Made by the emulator's daily schedule (as opposed to seeded). */
  automatic?: boolean;
  /**
   * The real database holding the backed-up data. Absent or null: the backup holds no data (the
   * history a database starts with, seeded ones, or taken before anyone connected), and restoring
   * it gives an empty database.
   */
  snapshot?: string | null;
}

export interface ServiceTokenRecord {
  seq: number;
  id: string;
  workspaceId: string;
  name: string;
  /** Kept so that the emulator can accept the token; never sent again after creation. */
  value: string;
  valueHint: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface IntegrationRecord {
  seq: number;
  id: string;
  workspaceId: string;
  createdAt: string;
  scopes: string[];
  client: { id: string; name: string; createdAt: string };
  createdByUser: { id: string; email: string; displayName: string | null };
}

export interface RequestLogEntry {
  method: string;
  /** The path as received, without the query. */
  path: string;
  /** The query string without `?` ("" when none). */
  query: string;
  /** The status sent; 0 when the connection was reset. */
  status: number;
  /** The faults that hit this request. */
  faults: string[];
  /** When it arrived, on the emulator's clock (epoch ms). */
  at: number;
}

export interface TransferRecord {
  projectId: string;
  databaseIds: string[];
  at: string;
}

/** Everything the emulator holds. Maps iterate in creation order. */
export interface EmulatorState {
  workspaces: Map<string, WorkspaceRecord>;
  projects: Map<string, ProjectRecord>;
  /** Every branch ever made, soft-deleted ones included (`deletedAt` set). */
  branches: Map<string, BranchRecord>;
  databases: Map<string, DatabaseRecord>;
  connections: Map<string, ConnectionRecord>;
  /** Backups by database ID (automatic ones appear once the database was ready). */
  backups: Map<string, BackupRecord[]>;
  serviceTokens: Map<string, ServiceTokenRecord>;
  integrations: Map<string, IntegrationRecord>;
  /** Projects given away with POST /projects/{id}/transfer (gone from this workspace). */
  transfers: TransferRecord[];
  /** Usage figures set with `setUsage`, by database ID. */
  usage: Map<string, UsageOverride>;
  /** The latest requests, oldest first (at most `REQUEST_LOG_LIMIT`). */
  requests: RequestLogEntry[];
  /** How many requests the `rateLimit` option refused (429, not handled). */
  rateLimited: number;
}

export const REQUEST_LOG_LIMIT = 50_000;

export interface StoreOptions {
  clock: () => number;
  random: Random;
  readyDelayMs: number;
  backupRetentionDays: number;
  automaticBackups: number;
  /** How often the emulator backs up each ready database. */
  backupIntervalMs: number;
  /** Prefix of every role and database name this emulator makes on the PostgreSQL server. */
  tag: string;
  endpoints: Endpoints;
}

/** The data plus the rules that keep it consistent. Routes and seed helpers both go through it. */
export class Store {
  readonly state: EmulatorState = {
    workspaces: new Map(),
    projects: new Map(),
    branches: new Map(),
    databases: new Map(),
    connections: new Map(),
    backups: new Map(),
    serviceTokens: new Map(),
    integrations: new Map(),
    transfers: [],
    usage: new Map(),
    requests: [],
    rateLimited: 0,
  };
  private seq = 0;
  private version = 0;
  /** Every branch record by project, in creation order (projects with thousands of siblings stay cheap). */
  private readonly branchesByProject = new Map<string, BranchRecord[]>();
  private readonly lists = new Map<string, { version: number; items: unknown[] }>();

  constructor(readonly options: StoreOptions) {}

  get random(): Random {
    return this.options.random;
  }

  now(): number {
    return this.options.clock();
  }

  iso(time = this.now()): string {
    return new Date(time).toISOString();
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Call after any change to which items a list holds. */
  changed(): void {
    this.version++;
  }

  /** A filtered list, cached until the next change (lists of 100,000 items are paged cheaply). */
  cachedList<T>(key: string, build: () => T[]): T[] {
    const hit = this.lists.get(key);
    if (hit && hit.version === this.version) return hit.items as T[];
    const items = build();
    if (this.lists.size > 200) this.lists.clear();
    this.lists.set(key, { version: this.version, items });
    return items;
  }

  // ---- workspace and tokens

  addWorkspace(name: string): WorkspaceRecord {
    const workspace = { id: this.random.id("wksp"), name, createdAt: this.iso(this.now() - 90 * DAY) };
    this.state.workspaces.set(workspace.id, workspace);
    return workspace;
  }

  /** A JWT-shaped token value bound to the workspace. */
  tokenValue(workspaceId: string): string {
    const header = Buffer.from(JSON.stringify({ alg: "ES256", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ workspace_id: workspaceId, jti: this.random.chars(24) })).toString("base64url");
    return `${header}.${payload}.${this.random.base64url(86)}`;
  }

  addServiceToken(workspaceId: string, name: string, value = this.tokenValue(workspaceId)): ServiceTokenRecord {
    const token: ServiceTokenRecord = {
      seq: this.nextSeq(),
      id: this.random.id("itgr"),
      workspaceId,
      name,
      value,
      valueHint: `...${value.slice(-4)}`,
      createdAt: this.iso(),
      expiresAt: null,
    };
    this.state.serviceTokens.set(token.id, token);
    this.changed();
    return token;
  }

  tokenByValue(value: string): ServiceTokenRecord | undefined {
    for (const token of this.state.serviceTokens.values()) if (token.value === value) return token;
    return undefined;
  }

  addIntegration(workspaceId: string, fields: { clientName?: string; scopes?: string[]; email?: string; displayName?: string | null; clientId?: string } = {}): IntegrationRecord {
    const createdAt = this.iso();
    const integration: IntegrationRecord = {
      seq: this.nextSeq(),
      id: this.random.id("itgr"),
      workspaceId,
      createdAt,
      scopes: fields.scopes ?? ["workspace:admin", "offline_access"],
      client: { id: fields.clientId ?? this.random.id("itgr"), name: fields.clientName ?? "Example OAuth App", createdAt: this.iso(this.now() - 30 * DAY) },
      createdByUser: { id: this.random.id("usr"), email: fields.email ?? "owner@example.com", displayName: fields.displayName === undefined ? "Workspace Owner" : fields.displayName },
    };
    this.state.integrations.set(integration.id, integration);
    this.changed();
    return integration;
  }

  // ---- projects

  /** A project with its production branch `main` (also when it gets no database). */
  addProject(fields: { workspaceId: string; name?: string; logicalId?: string | null; defaultRegion?: string | null }): ProjectRecord {
    const seq = this.nextSeq();
    const project: ProjectRecord = {
      seq,
      id: this.random.id("proj"),
      name: fields.name ?? `Project ${seq}`,
      logicalId: fields.logicalId ?? null,
      createdAt: this.iso(),
      defaultRegion: fields.defaultRegion ?? null,
      workspaceId: fields.workspaceId,
      settings: {},
    };
    this.state.projects.set(project.id, project);
    this.addBranch(project.id, PRODUCTION_GIT_NAME);
    this.changed();
    return project;
  }

  projectDatabases(projectId: string): DatabaseRecord[] {
    return this.cachedList(`databases:${projectId}`, () => [...this.state.databases.values()].filter((d) => d.projectId === projectId));
  }

  /** Removes a project with its branches and databases (and their connections and backups). */
  removeProject(projectId: string): DatabaseRecord[] {
    const databases = [...this.projectDatabases(projectId)];
    for (const database of databases) this.removeDatabase(database.id);
    for (const branch of this.branchesByProject.get(projectId) ?? []) this.state.branches.delete(branch.id);
    this.branchesByProject.delete(projectId);
    this.state.projects.delete(projectId);
    this.changed();
    return databases;
  }

  // ---- branches

  /**
   * A new live branch. The project's first branch is its production branch and its default;
   * later ones are previews, default only when asked (the previous default then gives it up).
   */
  addBranch(projectId: string, gitName: string, options: { isDefault?: boolean } = {}): BranchRecord {
    const first = this.projectBranches(projectId).length === 0;
    const now = this.iso();
    const branch: BranchRecord = {
      seq: this.nextSeq(),
      id: this.random.id("br"),
      projectId,
      gitName,
      isDefault: false,
      role: first ? "production" : "preview",
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    this.state.branches.set(branch.id, branch);
    const ofProject = this.branchesByProject.get(projectId);
    if (ofProject) ofProject.push(branch);
    else this.branchesByProject.set(projectId, [branch]);
    this.changed();
    if (first || options.isDefault) this.makeDefaultBranch(branch);
    return branch;
  }

  /** The project's live branches, in creation order. */
  projectBranches(projectId: string): BranchRecord[] {
    return this.cachedList(`branches:${projectId}`, () => (this.branchesByProject.get(projectId) ?? []).filter((b) => b.deletedAt === null));
  }

  /** A live branch by ID (undefined for unknown or deleted ones). */
  liveBranch(branchId: string): BranchRecord | undefined {
    const branch = this.state.branches.get(branchId);
    return branch && branch.deletedAt === null ? branch : undefined;
  }

  branchByGitName(projectId: string, gitName: string): BranchRecord | undefined {
    return this.projectBranches(projectId).find((b) => b.gitName === gitName);
  }

  defaultBranch(projectId: string): BranchRecord | undefined {
    return this.projectBranches(projectId).find((b) => b.isDefault);
  }

  /** The project's one default branch becomes this one (one step: there is never none or two). */
  makeDefaultBranch(branch: BranchRecord): void {
    if (branch.isDefault) return;
    const now = this.iso();
    for (const other of this.projectBranches(branch.projectId)) {
      if (other !== branch && other.isDefault) {
        other.isDefault = false;
        other.updatedAt = now;
      }
    }
    branch.isDefault = true;
    branch.updatedAt = now;
  }

  /** The databases attached to the branch. */
  branchDatabases(branch: BranchRecord): DatabaseRecord[] {
    return this.projectDatabases(branch.projectId).filter((d) => d.branchId === branch.id);
  }

  softDeleteBranch(branch: BranchRecord): void {
    branch.deletedAt = this.iso();
    branch.updatedAt = branch.deletedAt;
    this.changed();
  }

  // ---- databases

  addDatabase(fields: {
    projectId: string;
    name?: string;
    region: RegionId;
    isDefault?: boolean;
    logicalId?: string | null;
    /** Default: the project's default branch; null = unassigned (as databases made before branches). */
    branchId?: string | null;
    source?: DatabaseSource | null;
    status?: DatabaseStatus;
    /** How long a provisioning/recovering status lasts (default readyDelayMs). */
    pendingMs?: number;
    remote?: boolean;
  }): { database: DatabaseRecord; connection: ConnectionRecord } {
    const seq = this.nextSeq();
    const database = new DatabaseRecord(this.options.clock, {
      seq,
      id: this.random.id("db"),
      projectId: fields.projectId,
      name: fields.name ?? `database-${seq}`,
      region: fields.region,
      createdAt: this.iso(),
      isDefault: fields.isDefault ?? false,
      logicalId: fields.logicalId ?? null,
      branchId: fields.branchId === undefined ? this.defaultBranch(fields.projectId)?.id ?? null : fields.branchId,
      source: fields.source ?? { type: "empty" },
      remote: fields.remote ?? false,
    });
    const status = fields.status ?? (this.options.readyDelayMs > 0 ? "provisioning" : "ready");
    if (status === "provisioning" || status === "recovering") database.startPending(status, fields.pendingMs ?? this.options.readyDelayMs);
    else if (status === "failure") database.settledStatus = "failure";
    database.nextBackupAt = (database.pendingStatus === null ? this.now() : database.pendingUntil) + this.options.backupIntervalMs;
    if (database.isDefault) this.makeDefault(database);
    this.state.databases.set(database.id, database);
    const connection = this.addConnection(database, "default");
    database.defaultConnectionId = connection.id;
    this.changed();
    return { database, connection };
  }

  /** The project's one default database becomes this one. */
  makeDefault(database: DatabaseRecord): void {
    for (const other of this.projectDatabases(database.projectId)) if (other !== database) other.isDefault = false;
    database.isDefault = true;
  }

  removeDatabase(databaseId: string): void {
    const database = this.state.databases.get(databaseId);
    if (!database) return;
    for (const connectionId of database.connectionIds) this.state.connections.delete(connectionId);
    this.state.backups.delete(databaseId);
    this.state.usage.delete(databaseId);
    this.state.databases.delete(databaseId);
    this.changed();
  }

  /**
   * The database's backups within retention, newest first. The automatic ones (daily, in the
   * days before now) are made the first time the database is seen ready.
   */
  backupsOf(database: DatabaseRecord): BackupRecord[] {
    if (!database.backupsMade && database.status !== "provisioning") {
      database.backupsMade = true;
      const made: BackupRecord[] = [];
      const count = Math.min(this.options.automaticBackups, this.options.backupRetentionDays);
      for (let day = count; day >= 1; day--) {
        const midnight = Math.floor((this.now() - day * DAY) / DAY) * DAY;
        made.push({
          id: this.random.chars(24),
          databaseId: database.id,
          backupType: day === count ? "full" : "incremental",
          status: "completed",
          createdAt: this.iso(midnight + 3 * 3_600_000 + this.random.int(0, 45 * 60_000)),
          size: (8 + (hash(database.id) % 200)) * 1_048_576 + this.random.int(0, 1_048_575) + (count - day) * 262_144,
          automatic: true,
        });
      }
      this.state.backups.set(database.id, [...made, ...(this.state.backups.get(database.id) ?? [])]);
    }
    const oldest = this.now() - this.options.backupRetentionDays * DAY;
    return (this.state.backups.get(database.id) ?? [])
      .filter((b) => Date.parse(b.createdAt) >= oldest)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  // ---- connections

  /** A new connection's role name (unique on the shared server: it starts with the instance tag). */
  user(): string {
    return `${this.options.tag}${this.random.chars(32, "0123456789abcdef")}`;
  }

  /** A fresh password and Accelerate key (rotation keeps the role, so the user stays). */
  secrets(): Pick<ConnectionRecord, "pass" | "apiKey"> {
    return { pass: `sk_${this.random.base64url(24)}`, apiKey: `ey${this.random.base64url(120)}` };
  }

  addConnection(database: DatabaseRecord, name: string): ConnectionRecord {
    const connection: ConnectionRecord = {
      seq: this.nextSeq(),
      id: this.random.id("con"),
      databaseId: database.id,
      name,
      createdAt: this.iso(),
      kind: "postgres",
      user: this.user(),
      ...this.secrets(),
    };
    this.state.connections.set(connection.id, connection);
    database.connectionIds.push(connection.id);
    this.changed();
    return connection;
  }

  removeConnection(connectionId: string): void {
    const connection = this.state.connections.get(connectionId);
    if (!connection) return;
    const database = this.state.databases.get(connection.databaseId);
    if (database) {
      database.connectionIds = database.connectionIds.filter((c) => c !== connectionId);
      if (database.defaultConnectionId === connectionId) database.defaultConnectionId = null;
    }
    this.state.connections.delete(connectionId);
    this.changed();
  }

  /**
   * Strings that carry the connection's credentials. Direct and pooled connect (loopback, so
   * `sslmode=disable`: the local server has no certificate to verify); Accelerate's does not.
   */
  connectionStrings(connection: ConnectionRecord): { direct: string; pooled: string; accelerate: string } {
    const auth = `${connection.user}:${connection.pass}`;
    const { direct, pooled, accelerate } = this.options.endpoints;
    return {
      direct: `postgres://${auth}@${direct.host}:${direct.port}/postgres?sslmode=disable`,
      pooled: `postgres://${auth}@${pooled.host}:${pooled.port}/postgres?sslmode=disable`,
      accelerate: `prisma+postgres://${accelerate.host}/?api_key=${connection.apiKey}`,
    };
  }
}
