// The loopback port the emulator's connection strings point at. It reads the PostgreSQL startup
// message, lets the emulator make the connection's database real if it is not yet (so a database
// nobody connects to costs the server nothing), and from then on passes bytes through untouched.
import { connect, createServer, type Socket } from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** A startup message is a few hundred bytes; anything far larger is not a PostgreSQL client. */
const MAX_STARTUP_BYTES = 10_000;

export interface Upstream {
  host: string;
  port: number;
  /** The database name to send instead of the one the client asked for (unchanged when absent). */
  database?: string;
}

/** Where a client's session goes, from the user and database of its startup message. */
export type Route = (user: string, database: string) => Promise<Upstream>;

export interface PostgresProxy {
  port: number;
  close(): Promise<void>;
}

/** A FATAL ErrorResponse, as the server itself would send one during startup. */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/** The key/value pairs of a startup message (after its length and protocol version). */
function startupParameters(message: Buffer): Map<string, string> {
  const parameters = new Map<string, string>();
  const parts = message.subarray(8).toString("utf8").split("\0");
  for (let i = 0; i + 1 < parts.length && parts[i] !== ""; i += 2) parameters.set(parts[i], parts[i + 1]);
  return parameters;
}

function startupMessage(protocol: number, parameters: Map<string, string>): Buffer {
  const body = Buffer.from([...parameters].map(([key, value]) => `${key}\0${value}\0`).join("") + "\0", "utf8");
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(protocol, 4);
  return Buffer.concat([head, body]);
}

/** Listens on 127.0.0.1 (any free port unless `port` is given). */
export async function startPostgresProxy(route: Route, upstream: () => Promise<{ host: string; port: number }>, port = 0): Promise<PostgresProxy> {
  const sockets = new Set<Socket>();

  function serve(client: Socket): void {
    // A relay adds no batching of its own: every message goes on at once (no Nagle delay).
    client.setNoDelay(true);
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    let pending = Buffer.alloc(0);

    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 8) {
        const length = pending.readInt32BE(0);
        if (length < 8 || length > MAX_STARTUP_BYTES) {
          client.destroy();
          return;
        }
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          // Loopback only: no TLS here (the strings say sslmode=disable).
          client.write("N");
          continue;
        }
        client.off("data", onData);
        client.pause();
        if (code === CANCEL_REQUEST) void forwardCancel(message);
        else void forwardSession(code, message, pending);
        return;
      }
    };
    client.on("data", onData);

    async function forwardCancel(message: Buffer): Promise<void> {
      try {
        const target = await upstream();
        const socket = connect(target.port, target.host, () => socket.end(message));
        socket.on("error", () => socket.destroy());
      } finally {
        client.destroy();
      }
    }

    async function forwardSession(protocol: number, message: Buffer, rest: Buffer): Promise<void> {
      let target: Upstream;
      const parameters = startupParameters(message);
      const user = parameters.get("user") ?? "";
      try {
        target = await route(user, parameters.get("database") ?? user);
      } catch (error) {
        client.end(fatal("08006", `The emulator could not reach its PostgreSQL server: ${error instanceof Error ? error.message : String(error)}`));
        return;
      }
      if (client.destroyed) return;
      if (target.database !== undefined) parameters.set("database", target.database);
      const server = connect({ port: target.port, host: target.host, noDelay: true });
      let connected = false;
      sockets.add(server);
      server.once("close", () => {
        sockets.delete(server);
        client.destroy();
      });
      client.once("close", () => server.destroy());
      server.on("error", () => {
        if (!connected && !client.destroyed) client.end(fatal("08006", "The emulator's PostgreSQL server refused the connection."));
        server.destroy();
      });
      server.once("connect", () => {
        connected = true;
        server.write(startupMessage(protocol, parameters));
        if (rest.length > 0) server.write(rest);
        server.pipe(client);
        client.pipe(server);
        client.resume();
      });
    }
  }

  const listener = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(port, "127.0.0.1", () => resolve());
  });
  const address = listener.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    async close() {
      await new Promise<void>((resolve) => {
        listener.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
