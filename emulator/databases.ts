// The real PostgreSQL databases behind the emulator's database records.
//
// Every emulated database is a real database named `<tag><databaseId>`, owned by the superuser;
// every connection is a LOGIN role (its `user`) with the connection's password, a member of the
// database's NOLOGIN owner role `<tag><databaseId>_owner`, which alone may connect to it and create
// in its public schema. Sessions start as the owner role (ALTER ROLE … IN DATABASE … SET role), so
// everything any connection creates belongs to the database, not to one connection: another
// connection reads it, and deleting a connection leaves the data. `<tag>` is unique per emulator
// instance, so many emulators share one server.
//
// A database is made real the first time a client connects to it (or its data is copied or
// measured): until then it is a record only, and a suite that makes hundreds of databases through
// the API without connecting costs the server nothing. Work on one database runs one step at a
// time, in order, so a session that arrives during a copy waits for it.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { startPostgres, type PostgresServer } from "./postgres";
import type { BackupRecord, ConnectionRecord, DatabaseRecord, Store } from "./state";

/** A fresh tag for one emulator instance: lowercase, so names need no quoting in psql. */
export function instanceTag(): string {
  return `emu_${randomBytes(4).toString("hex")}_`;
}

export interface RealDatabasesOptions {
  /** A superuser's URL; absent: PRISMA_EMULATOR_POSTGRES_URL, else an embedded server. */
  postgresUrl?: string;
  /** How often the emulator snapshots each ready database. */
  backupIntervalMs: number;
}

export class RealDatabases {
  private server: Promise<PostgresServer> | null = null;
  /** Emulator database IDs whose real database exists. */
  private readonly made = new Set<string>();
  private readonly chains = new Map<string, Promise<void>>();
  private backupRun: Promise<void> | null = null;
  private snapshots = 0;
  private emptySize: number | null = null;
  /** Whether anything was ever created on the server (else closing has nothing to drop). */
  private touched = false;
  private closed = false;

  constructor(private readonly store: Store, private readonly options: RealDatabasesOptions) {}

  get tag(): string {
    return this.store.options.tag;
  }

  /** The real database behind an emulated one. */
  databaseName(databaseId: string): string {
    return `${this.tag}${databaseId}`;
  }

  private ownerRole(databaseId: string): string {
    return `${this.tag}${databaseId}_owner`;
  }

  /** Whether the database has been made real (a client connected, or data was copied into it). */
  isReal(databaseId: string): boolean {
    return this.made.has(databaseId);
  }

  /** The server, started (or connected to) on first need. */
  postgres(): Promise<PostgresServer> {
    if (this.closed) return Promise.reject(new Error("The emulator is closed."));
    if (!this.server) {
      this.server = startPostgres({ url: this.options.postgresUrl });
      this.server.catch(() => {
        this.server = null;
      });
    }
    return this.server;
  }

  /** Runs `work` as a superuser connected to `database` (default: the maintenance database). */
  private async admin<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
    const client = await (await this.postgres()).connect(database);
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Whether the database has no real database and nothing queued that could make one. */
  private untouched(databaseId: string): boolean {
    return !this.made.has(databaseId) && !this.chains.has(databaseId);
  }

  /** Work on one database, after the work queued before it (whether that failed or not). */
  private serial<T>(databaseId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(databaseId) ?? Promise.resolve();
    const next = previous.then(work);
    const tail = next.then(() => {}, () => {});
    this.chains.set(databaseId, tail);
    void tail.then(() => {
      if (this.chains.get(databaseId) === tail) this.chains.delete(databaseId);
    });
    return next;
  }

  // ---- making a database real

  /** Makes the database real if it is not yet (the proxy calls this before a session starts). */
  ensure(database: DatabaseRecord): Promise<void> {
    return this.serial(database.id, () => this.materialize(database, null));
  }

  /** Creates the real database (empty, or a copy of `template`), its owner role and its logins. */
  private async materialize(database: DatabaseRecord, template: string | null): Promise<void> {
    if (this.made.has(database.id) || !this.store.state.databases.has(database.id)) return;
    const name = this.databaseName(database.id);
    const owner = this.ownerRole(database.id);
    await this.admin(async (client) => {
      const id = (text: string) => client.escapeIdentifier(text);
      this.touched = true;
      if (template) await this.endSessions(client, template);
      await client.query(`CREATE DATABASE ${id(name)} TEMPLATE ${id(template ?? "template0")}`);
      // A copy gets the default privileges (PUBLIC may connect), not its template's.
      await client.query(`REVOKE ALL ON DATABASE ${id(name)} FROM PUBLIC`);
      const existing = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [owner]);
      if (existing.rowCount === 0) await client.query(`CREATE ROLE ${id(owner)} NOLOGIN`);
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id(name)} TO ${id(owner)}`);
    });
    await this.admin(async (client) => {
      const id = (text: string) => client.escapeIdentifier(text);
      // A copy of another database holds objects owned by that database's roles: hand them over.
      const strangers = await client.query<{ rolname: string }>(
        `SELECT DISTINCT r.rolname FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
          WHERE d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND d.refclassid = 'pg_authid'::regclass AND r.rolname <> $1 AND NOT r.rolsuper`,
        [owner],
      );
      for (const { rolname } of strangers.rows) {
        await client.query(`REASSIGN OWNED BY ${id(rolname)} TO ${id(owner)}`);
        // Also revokes what it holds on shared objects: an owner role gets its own database back.
        await client.query(`DROP OWNED BY ${id(rolname)}`);
        const itsDatabase = rolname.endsWith("_owner") ? rolname.slice(0, -"_owner".length) : null;
        const live = itsDatabase && (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [itsDatabase])).rowCount === 1;
        if (live) await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id(itsDatabase)} TO ${id(rolname)}`);
      }
      await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${id(owner)}`);
    }, name);
    this.made.add(database.id);
    for (const connection of this.connectionsOf(database)) await this.createLogin(connection, database);
  }

  private connectionsOf(database: DatabaseRecord): ConnectionRecord[] {
    return database.connectionIds.map((id) => this.store.state.connections.get(id)).filter((c) => c !== undefined);
  }

  /** The connection's role (made, or given back its password and membership) and its session role in the database. */
  private async createLogin(connection: ConnectionRecord, database: DatabaseRecord): Promise<void> {
    const owner = this.ownerRole(database.id);
    await this.admin(async (client) => {
      const id = (text: string) => client.escapeIdentifier(text);
      const password = client.escapeLiteral(connection.pass);
      const existing = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [connection.user]);
      if (existing.rowCount === 0) await client.query(`CREATE ROLE ${id(connection.user)} LOGIN PASSWORD ${password} IN ROLE ${id(owner)}`);
      else await client.query(`ALTER ROLE ${id(connection.user)} LOGIN PASSWORD ${password}`);
      await client.query(`GRANT ${id(owner)} TO ${id(connection.user)}`);
      await client.query(`ALTER ROLE ${id(connection.user)} IN DATABASE ${id(this.databaseName(database.id))} SET role = ${client.escapeLiteral(owner)}`);
    });
  }

  /** Ends every other session on `database` (PostgreSQL copies a database only when no one is in it). */
  private async endSessions(client: pg.Client, database: string): Promise<void> {
    await client.query("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
  }

  // ---- changes the API makes

  /** A new connection on a real database gets its role now. */
  connectionAdded(connection: ConnectionRecord, database: DatabaseRecord): Promise<void> {
    return this.serial(database.id, async () => {
      if (this.made.has(database.id)) await this.createLogin(connection, database);
    });
  }

  /** A rotated connection's role takes its new password: the old one is refused from now on. */
  connectionRotated(connection: ConnectionRecord): Promise<void> {
    return this.serial(connection.databaseId, async () => {
      if (!this.made.has(connection.databaseId)) return;
      await this.admin((client) => client.query(`ALTER ROLE ${client.escapeIdentifier(connection.user)} PASSWORD ${client.escapeLiteral(connection.pass)}`));
    });
  }

  /** Ends the connection's sessions and drops its role (what it created stays: it belongs to the database). */
  connectionRemoved(connection: ConnectionRecord): Promise<void> {
    return this.serial(connection.databaseId, async () => {
      if (!this.made.has(connection.databaseId)) return;
      const role = connection.user;
      await this.admin(async (client) => {
        await client.query("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = $1", [role]);
      });
      await this.admin(async (client) => {
        const id = (text: string) => client.escapeIdentifier(text);
        await client.query(`REASSIGN OWNED BY ${id(role)} TO ${id(this.ownerRole(connection.databaseId))}`);
        await client.query(`DROP OWNED BY ${id(role)}`);
      }, this.databaseName(connection.databaseId));
      await this.admin(async (client) => {
        const id = client.escapeIdentifier(role);
        // It could still own objects in a snapshot; then it can no longer log in, and goes when the emulator stops.
        await client.query(`DROP ROLE IF EXISTS ${id}`).catch(() => client.query(`ALTER ROLE ${id} NOLOGIN PASSWORD NULL`));
      });
    });
  }

  /** Drops the database, its snapshots and its roles (its sessions end). Call before the record goes. */
  databaseRemoved(database: DatabaseRecord): Promise<void> {
    const snapshots = (this.store.state.backups.get(database.id) ?? []).map((b) => b.snapshot).filter((s) => typeof s === "string");
    const roles = this.connectionsOf(database).map((c) => c.user);
    // Most databases are never connected to: nothing to drop, and no need to wait in line.
    if (snapshots.length === 0 && this.untouched(database.id)) return Promise.resolve();
    return this.serial(database.id, async () => {
      if (!this.made.has(database.id) && snapshots.length === 0) return;
      await this.admin(async (client) => {
        const id = (text: string) => client.escapeIdentifier(text);
        for (const name of [this.databaseName(database.id), ...snapshots]) await client.query(`DROP DATABASE IF EXISTS ${id(name)} WITH (FORCE)`);
        for (const role of [...roles, this.ownerRole(database.id)]) await client.query(`DROP ROLE IF EXISTS ${id(role)}`);
      });
      this.made.delete(database.id);
    });
  }

  /**
   * Copies of data: a clone copies its origin as it is now, a database made from a backup copies
   * the snapshot. Backups without a snapshot (the history a database starts with, or taken while
   * it was never connected to) hold nothing, and leave the new database empty.
   */
  async databaseCreated(database: DatabaseRecord): Promise<void> {
    const source = database.source;
    if (source?.type === "database" && this.made.has(source.databaseId)) {
      const origin = this.databaseName(source.databaseId);
      await this.serial(source.databaseId, () => this.serial(database.id, () => this.materialize(database, origin)));
    } else if (source?.type === "backup") {
      const snapshot = this.snapshotOf(source.databaseId, source.backupId);
      if (snapshot) await this.serial(database.id, () => this.materialize(database, snapshot));
    }
  }

  private snapshotOf(databaseId: string, backupId: string): string | null {
    return (this.store.state.backups.get(databaseId) ?? []).find((b) => b.id === backupId)?.snapshot ?? null;
  }

  /**
   * Restore in place: the database's data becomes the backup's (dropped and made again from the
   * snapshot), while its roles, and so every connection string, keep working.
   */
  async restored(target: DatabaseRecord, backup: BackupRecord): Promise<void> {
    const snapshot = backup.snapshot ?? null;
    await this.serial(target.id, async () => {
      if (!this.made.has(target.id) && snapshot === null) return;
      if (this.made.has(target.id)) {
        await this.admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(this.databaseName(target.id))} WITH (FORCE)`));
        this.made.delete(target.id);
      }
      await this.materialize(target, snapshot);
    });
  }

  /** The database's size in bytes (an empty database's before it is made real). */
  async size(database: DatabaseRecord): Promise<number> {
    return await this.serial(database.id, async () => {
      if (this.made.has(database.id)) return await this.sizeOf(this.databaseName(database.id));
      this.emptySize ??= await this.sizeOf("template0");
      return this.emptySize;
    });
  }

  private async sizeOf(name: string): Promise<number> {
    return await this.admin(async (client) => Number((await client.query<{ size: string }>("SELECT pg_database_size($1) AS size", [name])).rows[0].size));
  }

  // ---- automatic backups

  /**
   * Takes the backups that are due on the emulator's clock: one per database whose interval has
   * passed (several missed intervals give one backup, taken now). A database that is real is
   * copied with CREATE DATABASE … TEMPLATE, which needs no other session on it: its sessions are
   * ended first, and sessions arriving meanwhile wait for the copy. Expired backups' snapshots
   * are dropped.
   */
  takeDueBackups(): Promise<void> {
    this.backupRun ??= this.runDueBackups().finally(() => {
      this.backupRun = null;
    });
    return this.backupRun;
  }

  private async runDueBackups(): Promise<void> {
    const { state, options } = this.store;
    const interval = this.options.backupIntervalMs;
    const now = this.store.now();
    for (const database of [...state.databases.values()]) {
      if (database.nextBackupAt > now || database.status !== "ready") continue;
      database.nextBackupAt += Math.floor((now - database.nextBackupAt) / interval + 1) * interval;
      if (this.untouched(database.id)) await this.snapshot(database);
      else await this.serial(database.id, () => this.snapshot(database));
    }
    const oldest = now - options.backupRetentionDays * 86_400_000;
    for (const [databaseId, backups] of state.backups) {
      const expired = backups.filter((b) => typeof b.snapshot === "string" && Date.parse(b.createdAt) < oldest);
      if (expired.length === 0) continue;
      await this.serial(databaseId, () => this.admin(async (client) => {
        for (const backup of expired) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(backup.snapshot as string)}`);
      }));
      state.backups.set(databaseId, backups.filter((b) => !expired.includes(b)));
    }
  }

  private async snapshot(database: DatabaseRecord): Promise<void> {
    if (!this.store.state.databases.has(database.id)) return;
    this.store.backupsOf(database);
    const backup: BackupRecord = {
      id: this.store.random.chars(24),
      databaseId: database.id,
      backupType: "full",
      status: "completed",
      createdAt: this.store.iso(),
      automatic: true,
      snapshot: null,
    };
    if (this.made.has(database.id)) {
      const name = `${this.tag}bk${++this.snapshots}`;
      await this.admin(async (client) => {
        const id = (text: string) => client.escapeIdentifier(text);
        await this.endSessions(client, this.databaseName(database.id));
        await client.query(`CREATE DATABASE ${id(name)} TEMPLATE ${id(this.databaseName(database.id))}`);
        await client.query(`REVOKE ALL ON DATABASE ${id(name)} FROM PUBLIC`);
        await client.query(`ALTER DATABASE ${id(name)} ALLOW_CONNECTIONS false`);
      });
      backup.snapshot = name;
      backup.size = await this.sizeOf(name);
    }
    const list = this.store.state.backups.get(database.id) ?? [];
    list.push(backup);
    this.store.state.backups.set(database.id, list);
  }

  // ---- stopping

  /** Waits for queued work, then drops what this emulator made (or stops the server it started). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.backupRun?.catch(() => {});
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
    const server = this.server && await this.server.catch(() => null);
    this.closed = true;
    if (!server || !this.touched) return;
    if (server.embedded) {
      await server.stop();
      return;
    }
    const client = await server.connect();
    try {
      const id = (text: string) => client.escapeIdentifier(text);
      const databases = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1", [this.tag]);
      for (const { datname } of databases.rows) await client.query(`DROP DATABASE IF EXISTS ${id(datname)} WITH (FORCE)`);
      // Logins before the owner roles they belong to.
      const roles = await client.query<{ rolname: string }>(
        "SELECT rolname FROM pg_roles WHERE left(rolname, length($1)) = $1 ORDER BY right(rolname, 6) = '_owner', rolname", [this.tag]);
      for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS ${id(rolname)}`);
    } finally {
      await client.end().catch(() => {});
    }
  }
}
