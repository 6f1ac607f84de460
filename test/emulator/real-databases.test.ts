// The emulator's databases are real PostgreSQL databases on the test run's server: the strings it
// mints connect, roles are confined to their database, and rotation, deletion, backups, restores
// and usage act on the real data.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { call, emulator, manualClock, type Loose } from "./client";

const MINUTE = 60_000;

/** A connected client for a minted string; ended by `using`'s caller. */
async function open(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return client;
}

/** Runs one query on a fresh client and closes it. */
async function query<R extends pg.QueryResultRow = Loose>(connectionString: string, text: string, values?: unknown[]): Promise<R[]> {
  const client = await open(connectionString);
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Why connecting fails: PostgreSQL's SQLSTATE code and message. */
async function refusal(connectionString: string): Promise<{ code: string; message: string }> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error("connected");
}

/** A project with a ready default database; its default connection's strings. */
async function project(emu: Emulator) {
  const created = await call(emu, "POST", "/projects", { body: { name: "real" } });
  expect(created.status).toBe(201);
  const database = created.body.data.database;
  const connection = database.connections[0];
  return {
    databaseId: database.id as string,
    connectionId: connection.id as string,
    direct: connection.endpoints.direct.connectionString as string,
    pooled: connection.endpoints.pooled.connectionString as string,
    accelerate: connection.endpoints.accelerate.connectionString as string,
  };
}

async function mint(emu: Emulator, databaseId: string, name: string) {
  const minted = await call(emu, "POST", `/databases/${databaseId}/connections`, { body: { name } });
  expect(minted.status).toBe(200);
  return { id: minted.body.data.id as string, direct: minted.body.data.endpoints.direct.connectionString as string };
}

/** The superuser's view of the run's server. */
async function superuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await open(inject("postgresUrl"));
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function exists(name: string): Promise<boolean> {
  return await superuser(async (client) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
}

describe("real databases behind the emulator", () => {
  it("mints direct and pooled strings on loopback without TLS; rows written through one read back through the other", async () => {
    const emu = await emulator();
    const { databaseId, direct, pooled, accelerate } = await project(emu);
    expect(direct).toMatch(/^postgres:\/\/emu_[0-9a-f]{8}_[0-9a-f]{32}:sk_[\w-]{24}@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/);
    expect(new URL(pooled).port).not.toBe(new URL(direct).port);
    expect(accelerate).toMatch(/^prisma\+postgres:\/\/accelerate\.prisma-data\.net\/\?api_key=/);

    await query(direct, "CREATE TABLE items (id int PRIMARY KEY, label text)");
    await query(direct, "INSERT INTO items VALUES ($1, $2), ($3, $4)", [1, "one", 2, "two"]);
    expect(await query(pooled, "SELECT id, label FROM items ORDER BY id")).toEqual([{ id: 1, label: "one" }, { id: 2, label: "two" }]);
    const [where] = await query(pooled, "SELECT current_database() AS database, session_user AS login");
    expect(where).toEqual({ database: emu.postgresDatabase(databaseId), login: new URL(direct).username });
  });

  it("makes a database real only when a client first connects to it", async () => {
    const emu = await emulator();
    const { databaseId, direct } = await project(emu);
    expect(await exists(emu.postgresDatabase(databaseId))).toBe(false);
    expect(await query(direct, "SELECT current_database() AS name")).toEqual([{ name: emu.postgresDatabase(databaseId) }]);
    expect(await exists(emu.postgresDatabase(databaseId))).toBe(true);
  });

  it("lets every connection of a database read what another created, and keeps other databases' roles out", async () => {
    const emu = await emulator();
    const mine = await project(emu);
    const theirs = await project(emu);
    await query(mine.direct, "CREATE TABLE secrets (v text); INSERT INTO secrets VALUES ('mine')");
    const worker = await mint(emu, mine.databaseId, "worker");
    expect(await query(worker.direct, "SELECT v FROM secrets")).toEqual([{ v: "mine" }]);

    await query(theirs.direct, "SELECT 1");
    // Their role, on the real server, naming my database: refused.
    const intruder = new URL(inject("postgresUrl"));
    const theirUrl = new URL(theirs.direct);
    intruder.username = theirUrl.username;
    intruder.password = theirUrl.password;
    intruder.pathname = `/${emu.postgresDatabase(mine.databaseId)}`;
    expect(await refusal(intruder.toString())).toEqual({
      code: "42501", message: `permission denied for database "${emu.postgresDatabase(mine.databaseId)}"`,
    });
    intruder.pathname = "/postgres";
    expect((await refusal(intruder.toString())).code).toBe("42501");
  });

  it("rotation refuses the old password at once and the new one connects", async () => {
    const emu = await emulator();
    const { connectionId, direct } = await project(emu);
    await query(direct, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
    const rotated = await call(emu, "POST", `/connections/${connectionId}/rotate`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.data.endpoints.direct.connectionString as string;
    expect(new URL(fresh).username).toBe(new URL(direct).username);
    expect(await refusal(direct)).toEqual({ code: "28P01", message: `password authentication failed for user "${new URL(direct).username}"` });
    expect(await query(fresh, "SELECT v FROM kept")).toEqual([{ v: 7 }]);
  });

  it("deleting a connection ends its open sessions and drops its role; the data stays", async () => {
    const emu = await emulator();
    const { databaseId, direct } = await project(emu);
    const doomed = await mint(emu, databaseId, "doomed");
    const session = await open(doomed.direct);
    const ended = new Promise<string>((resolve) => session.on("error", (error: Error & { code?: string }) => resolve(error.code ?? error.message)));
    await session.query("CREATE TABLE made_by_doomed (v int); INSERT INTO made_by_doomed VALUES (1)");

    expect((await call(emu, "DELETE", `/connections/${doomed.id}`)).status).toBe(204);
    expect(await ended).toBe("57P01");
    await session.end().catch(() => {});
    const role = new URL(doomed.direct).username;
    expect(await superuser(async (client) => (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount)).toBe(0);
    expect((await refusal(doomed.direct)).code).toBe("28P01");
    expect(await query(direct, "SELECT v FROM made_by_doomed")).toEqual([{ v: 1 }]);
  });

  it("deleting a database drops it, and deleting a project drops its databases and roles", async () => {
    const emu = await emulator();
    const { databaseId } = await project(emu);
    const created = await call(emu, "POST", "/databases", { body: { projectId: (await call(emu, "GET", `/databases/${databaseId}`)).body.data.project.id, name: "extra" } });
    expect(created.status).toBe(201);
    const extra = created.body.data;
    await query(extra.connections[0].endpoints.direct.connectionString, "SELECT 1");
    expect(await exists(emu.postgresDatabase(extra.id))).toBe(true);
    expect((await call(emu, "DELETE", `/databases/${extra.id}`)).status).toBe(204);
    expect(await exists(emu.postgresDatabase(extra.id))).toBe(false);

    const other = await project(emu);
    await query(other.direct, "CREATE TABLE t (v int)");
    const projectId = (await call(emu, "GET", `/databases/${other.databaseId}`)).body.data.project.id;
    expect((await call(emu, "DELETE", `/projects/${projectId}`)).status).toBe(204);
    expect(await exists(emu.postgresDatabase(other.databaseId))).toBe(false);
    const role = new URL(other.direct).username;
    expect(await superuser(async (client) => (await client.query("SELECT rolname FROM pg_roles WHERE rolname IN ($1, $2)", [role, `${emu.postgresDatabase(other.databaseId)}_owner`])).rows)).toEqual([]);
  });

  it("takes real backups on its interval: a restore to a new database holds the backed-up rows and not later ones", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, backupIntervalMs: 10 * MINUTE, automaticBackups: 0 });
    const { databaseId, direct } = await project(emu);
    await query(direct, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2)");
    expect((await call(emu, "GET", `/databases/${databaseId}/backups`)).body.data).toEqual([]);

    clock.advance(10 * MINUTE);
    const listed = await call(emu, "GET", `/databases/${databaseId}/backups`);
    expect(listed.body.data).toEqual([{
      id: expect.any(String), type: "backup", backupType: "full", status: "completed", createdAt: new Date(clock.now()).toISOString(), size: expect.any(Number),
    }]);
    const backupId = listed.body.data[0].id;
    await query(direct, "INSERT INTO orders VALUES (3)");

    const projectId = (await call(emu, "GET", `/databases/${databaseId}`)).body.data.project.id;
    const restored = await call(emu, "POST", "/databases", { body: { projectId, name: "restored", source: { type: "backup", databaseId, backupId } } });
    expect(restored.status).toBe(201);
    const restoredString = restored.body.data.connections[0].endpoints.direct.connectionString;
    expect(await query(restoredString, "SELECT id FROM orders ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await query(direct, "SELECT count(*)::int AS n FROM orders")).toEqual([{ n: 3 }]);
    // The copy belongs to the new database: its connection can change it.
    await query(restoredString, "INSERT INTO orders VALUES (9); DROP TABLE orders");

    // Not due again until another interval has passed.
    clock.advance(10 * MINUTE - 1);
    expect((await call(emu, "GET", `/databases/${databaseId}/backups`)).body.data).toHaveLength(1);
  });

  it("a clone copies the origin's data as it is now", async () => {
    const emu = await emulator();
    const { databaseId, direct } = await project(emu);
    await query(direct, "CREATE TABLE t (v text); INSERT INTO t VALUES ('cloned')");
    const projectId = (await call(emu, "GET", `/databases/${databaseId}`)).body.data.project.id;
    const clone = await call(emu, "POST", "/databases", { body: { projectId, name: "clone", source: { type: "database", databaseId } } });
    expect(clone.status).toBe(201);
    expect(await query(clone.body.data.connections[0].endpoints.pooled.connectionString, "SELECT v FROM t")).toEqual([{ v: "cloned" }]);
    expect(await query(direct, "SELECT v FROM t")).toEqual([{ v: "cloned" }]);
  });

  it("restore in place replaces the data and keeps every connection's credentials working", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, backupIntervalMs: MINUTE, automaticBackups: 0 });
    const { databaseId, direct, pooled } = await project(emu);
    const worker = await mint(emu, databaseId, "worker");
    await query(direct, "CREATE TABLE notes (v text); INSERT INTO notes VALUES ('before')");
    clock.advance(MINUTE);
    await emu.takeDueBackups();
    const [backup] = (await call(emu, "GET", `/databases/${databaseId}/backups`)).body.data;
    await query(direct, "INSERT INTO notes VALUES ('after'); CREATE TABLE later (v int)");

    const restore = await call(emu, "POST", `/databases/${databaseId}/restore`, { body: { source: { type: "backup", databaseId, backupId: backup.id } } });
    expect(restore.status).toBe(200);
    for (const string of [direct, pooled, worker.direct]) expect(await query(string, "SELECT v FROM notes")).toEqual([{ v: "before" }]);
    expect(await query(worker.direct, "SELECT to_regclass('later') AS later")).toEqual([{ later: null }]);
    await query(worker.direct, "INSERT INTO notes VALUES ('again')");
    expect(await query(direct, "SELECT count(*)::int AS n FROM notes")).toEqual([{ n: 2 }]);
  });

  it("a snapshot ends the sessions open on the database (PostgreSQL copies only a database no one is in); clients reconnect", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, backupIntervalMs: MINUTE, automaticBackups: 0 });
    const { databaseId, direct } = await project(emu);
    const session = await open(direct);
    const ended = new Promise<string>((resolve) => session.on("error", (error: Error & { code?: string }) => resolve(error.code ?? error.message)));
    await session.query("CREATE TABLE t AS SELECT 42 AS v");
    clock.advance(MINUTE);
    await emu.takeDueBackups();
    expect(await ended).toBe("57P01");
    await session.end().catch(() => {});
    expect(emu.state.backups.get(databaseId)?.map((b) => typeof b.snapshot)).toEqual(["string"]);
    expect(await query(direct, "SELECT v FROM t")).toEqual([{ v: 42 }]);
  });

  it("a session that arrives while a snapshot is being taken waits for it, and is not ended by it", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, backupIntervalMs: MINUTE, automaticBackups: 0 });
    const { databaseId, direct } = await project(emu);
    await query(direct, "CREATE TABLE t AS SELECT 1 AS v");
    clock.advance(MINUTE);
    const taking = emu.takeDueBackups();
    const late = new pg.Client({ connectionString: direct });
    const lateError = new Promise<string | null>((resolve) => {
      late.on("error", (error: Error & { code?: string }) => resolve(error.code ?? error.message));
      late.on("end", () => resolve(null));
    });
    await late.connect();
    await taking;
    expect(emu.state.backups.get(databaseId)?.map((b) => typeof b.snapshot)).toEqual(["string"]);
    expect((await late.query("SELECT v FROM t")).rows).toEqual([{ v: 1 }]);
    await late.end();
    expect(await lateError).toBeNull();
  });

  it("drops a snapshot once its backup is past the retention", async () => {
    const clock = manualClock();
    const DAY = 86_400_000;
    const emu = await emulator({ clock: clock.now, backupIntervalMs: DAY, backupRetentionDays: 1, automaticBackups: 0 });
    const { databaseId, direct } = await project(emu);
    await query(direct, "SELECT 1");
    clock.advance(DAY);
    await emu.takeDueBackups();
    const [first] = emu.state.backups.get(databaseId) ?? [];
    expect(await exists(first.snapshot as string)).toBe(true);
    clock.advance(DAY + 1);
    await emu.takeDueBackups();
    expect(await exists(first.snapshot as string)).toBe(false);
    const kept = (await call(emu, "GET", `/databases/${databaseId}/backups`)).body.data;
    expect(kept.map((b: { id: string }) => b.id)).not.toContain(first.id);
    expect(kept).toHaveLength(1);
  });

  it("a backup of a database nobody connected to holds nothing: restoring it gives an empty database", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, backupIntervalMs: MINUTE, automaticBackups: 0 });
    const { databaseId, direct } = await project(emu);
    clock.advance(MINUTE);
    const [backup] = (await call(emu, "GET", `/databases/${databaseId}/backups`)).body.data;
    expect(backup.size).toBeUndefined();
    await query(direct, "CREATE TABLE t (v int)");
    expect((await call(emu, "POST", `/databases/${databaseId}/restore`, { body: { source: { type: "backup", databaseId, backupId: backup.id } } })).status).toBe(200);
    expect(await query(direct, "SELECT to_regclass('t') AS t")).toEqual([{ t: null }]);
  });

  it("reports the real storage size, which grows after a large insert", async () => {
    const emu = await emulator();
    const { databaseId, direct } = await project(emu);
    const storage = async () => (await call(emu, "GET", `/databases/${databaseId}/usage`)).body.metrics.storage;
    const empty = await storage();
    const bytes = await superuser(async (client) => Number((await client.query("SELECT pg_database_size('template0') AS size")).rows[0].size));
    expect(empty).toEqual({ used: Number((bytes / 2 ** 30).toFixed(6)), unit: "GiB" });
    await query(direct, "CREATE TABLE big AS SELECT g AS id, repeat('x', 200) AS filler FROM generate_series(1, 100000) g");
    const [{ size }] = await superuser(async (client) => (await client.query("SELECT pg_database_size($1) AS size", [emu.postgresDatabase(databaseId)])).rows);
    const after = await storage();
    expect(after).toEqual({ used: Number((Number(size) / 2 ** 30).toFixed(6)), unit: "GiB" });
    expect(after.used - empty.used).toBeGreaterThan(0.015);
  });

  it("close drops every database and role the emulator made on a shared server", async () => {
    const emu = await emulator();
    const { databaseId, direct } = await project(emu);
    await query(direct, "SELECT 1");
    const tag = emu.postgresDatabase(databaseId).slice(0, "emu_00000000_".length);
    await emu.close();
    const left = await superuser(async (client) => (await client.query(
      "SELECT datname AS name FROM pg_database WHERE left(datname, 13) = $1 UNION ALL SELECT rolname FROM pg_roles WHERE left(rolname, 13) = $1", [tag])).rows);
    expect(left).toEqual([]);
  });
});
