// The loopback ports the minted strings point at, against clients and servers that misbehave:
// TLS asked for, bytes that are not PostgreSQL, a client gone mid-start, an unknown role, a
// server that cannot be reached, a cancel request, and backups driven by fake timers.
import { connect } from "node:net";
import pg from "pg";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import type { Emulator } from "../../emulator/server";
import { call, emulator } from "./client";

afterEach(() => {
  vi.useRealTimers();
});

async function defaultConnection(emu: Emulator) {
  const created = await call(emu, "POST", "/projects", { body: { name: "proxy" } });
  expect(created.status).toBe(201);
  const database = created.body.data.database;
  return { databaseId: database.id as string, direct: database.connections[0].endpoints.direct.connectionString as string };
}

async function failure(config: pg.ClientConfig): Promise<{ code?: string; message: string }> {
  const client = new pg.Client(config);
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return code === undefined ? { message } : { code, message };
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error("connected");
}

/** Sends raw bytes to a port and resolves with what comes back before the socket closes. */
function exchange(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, "127.0.0.1", () => socket.write(bytes));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("close", () => resolve(Buffer.concat(chunks)));
    socket.on("error", reject);
  });
}

async function select1(connectionString: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query("SELECT 1 AS one")).rows;
  } finally {
    await client.end();
  }
}

describe("the emulator's PostgreSQL ports", () => {
  it("answers a request for TLS with no, so a client that requires TLS is refused before any credential is sent", async () => {
    const emu = await emulator();
    const { direct } = await defaultConnection(emu);
    expect(await failure({ connectionString: direct.replace("sslmode=disable", "sslmode=require") })).toEqual({
      message: "The server does not support SSL connections",
    });
    const sslRequest = Buffer.alloc(8);
    sslRequest.writeInt32BE(8, 0);
    sslRequest.writeInt32BE(80877103, 4);
    const socket = connect(emu.endpoints.direct.port, "127.0.0.1", () => socket.write(sslRequest));
    const answer = await new Promise<string>((resolve) => socket.once("data", (chunk) => resolve(chunk.toString("latin1"))));
    socket.destroy();
    expect(answer).toBe("N");
  });

  it("closes a connection whose first bytes are not PostgreSQL's, and keeps serving others", async () => {
    const emu = await emulator();
    const { direct } = await defaultConnection(emu);
    expect(await exchange(emu.endpoints.direct.port, Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))).toEqual(Buffer.alloc(0));
    expect(await select1(direct)).toEqual([{ one: 1 }]);
  });

  it("survives a client that leaves in the middle of its startup message", async () => {
    const emu = await emulator();
    const { direct } = await defaultConnection(emu);
    const half = Buffer.alloc(6);
    half.writeInt32BE(64, 0);
    const socket = connect(emu.endpoints.pooled.port, "127.0.0.1", () => socket.end(half));
    await new Promise((resolve) => socket.once("close", resolve));
    expect(await select1(direct.replace(`:${emu.endpoints.direct.port}/`, `:${emu.endpoints.pooled.port}/`))).toEqual([{ one: 1 }]);
  });

  it("passes a role it does not know to the server unchanged, which refuses it", async () => {
    const emu = await emulator();
    const { direct } = await defaultConnection(emu);
    const stranger = new URL(direct);
    stranger.username = "nobody_here";
    expect(await failure({ connectionString: stranger.toString() })).toEqual({
      code: "28P01", message: "password authentication failed for user \"nobody_here\"",
    });
  });

  it("forwards a cancel request, so a running query can be cancelled through the minted string", async () => {
    const emu = await emulator();
    const { direct } = await defaultConnection(emu);
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    try {
      const running = client.query("SELECT pg_sleep(300)");
      const outcome = running.then(() => "finished", (error: { code?: string }) => error.code);
      // Wait until the server runs it, then cancel it the way pg does (a second connection).
      const watcher = new pg.Client({ connectionString: inject("postgresUrl") });
      await watcher.connect();
      await vi.waitFor(async () => {
        const { rows } = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(300)' AND state = 'active'");
        expect(rows[0].n).toBe(1);
      }, { timeout: 60_000, interval: 20 });
      await watcher.end();
      const cancel = new pg.Client({ connectionString: direct }) as pg.Client & { cancel(target: pg.Client, query: unknown): void };
      cancel.cancel(client, (client as unknown as { activeQuery: unknown }).activeQuery);
      expect(await outcome).toBe("57014");
    } finally {
      await client.end();
    }
  });

  it("works without any server until a client connects, then says plainly that the server cannot be reached", async () => {
    // Port 1 is privileged and unused: nothing else can take it while the test runs (a freed port could be).
    const emu = await emulator({ postgresUrl: "postgresql://postgres:x@127.0.0.1:1/postgres" });
    const { databaseId, direct } = await defaultConnection(emu);
    expect((await call(emu, "DELETE", `/projects/${(await call(emu, "GET", `/databases/${databaseId}`)).body.data.project.id}`)).status).toBe(204);
    const again = await defaultConnection(emu);
    expect(again.direct).not.toBe(direct);
    const refused = await failure({ connectionString: again.direct });
    expect(refused.code).toBe("08006");
    expect(refused.message).toMatch(/^The emulator could not reach its PostgreSQL server: .*ECONNREFUSED/);
    // A role it does not know goes straight to the server, which is not there either.
    const stranger = new URL(again.direct);
    stranger.username = "nobody_here";
    expect(await failure({ connectionString: stranger.toString() })).toEqual({
      code: "08006", message: "The emulator's PostgreSQL server refused the connection.",
    });
  });

  it("takes the automatic backups on its timer: fake timers move both the clock and the schedule", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"], now: Date.parse("2026-05-01T00:00:00.000Z") });
    const emu = await emulator({ backupIntervalMs: 5_000, automaticBackups: 0 });
    const { databaseId, direct } = await defaultConnection(emu);
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    await client.query("CREATE TABLE t AS SELECT 1 AS v");
    await client.end();
    expect(emu.state.backups.get(databaseId) ?? []).toEqual([]);

    vi.advanceTimersByTime(5_000);
    await emu.takeDueBackups();
    expect(emu.state.backups.get(databaseId)).toEqual([{
      id: expect.any(String), databaseId, backupType: "full", status: "completed", createdAt: "2026-05-01T00:00:05.000Z",
      automatic: true, snapshot: expect.stringMatching(/^emu_[0-9a-f]{8}_bk1$/), size: expect.any(Number),
    }]);
  });
});
