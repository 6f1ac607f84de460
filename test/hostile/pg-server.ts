// A misbehaving PostgreSQL server: a real TCP server on 127.0.0.1 that speaks just enough of
// the wire protocol (startup, simple and extended queries) to take a client to where it should
// fail, then hangs, resets the connection mid-result, or closes it. It records what it got.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach } from "vitest";

export type PgBehaviour =
  /** Read the startup message, then never answer. */
  | "hang-at-startup"
  /** Complete the startup, then never answer a query. */
  | "hang-at-query"
  /** Complete the startup and BEGIN; describe the first SELECT with part of its rows, then reset the connection. */
  | "reset-mid-result"
  /** Complete the startup, then close the connection when the first query arrives. */
  | "close-at-query"
  /** Like reset-mid-result, but the first SELECT's row is the header of a 100 MB row and a few of its bytes, then nothing. */
  | "huge-row";

const message = (type: string, body: Buffer = Buffer.alloc(0)) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const int32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const int16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");

const AUTH_OK = message("R", int32(0));
const ready = (status: "I" | "T") => message("Z", Buffer.from(status, "latin1"));
const complete = (tag: string) => message("C", cstring(tag));
/** One text column `n` of type int4. */
const ROW_DESCRIPTION = message("T", Buffer.concat([int16(1), cstring("n"), int32(0), int16(0), int32(23), int16(4), int32(-1), int16(0)]));
/** The start of a DataRow that says it is `bytes` long: its header, its column count and 1,000 bytes. */
const hugeRowStart = (bytes: number) => {
  const head = Buffer.alloc(5);
  head.write("D", 0, "latin1");
  head.writeInt32BE(bytes + 4, 1);
  return Buffer.concat([head, int16(1), int32(bytes - 6), Buffer.alloc(1000, "x")]);
};
const dataRow = (value: string) => message("D", Buffer.concat([int16(1), int32(Buffer.byteLength(value)), Buffer.from(value)]));

export class PgHostileServer {
  /** Every query text received (simple Query and Parse), in order. */
  readonly queries: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  port = 0;

  constructor(private readonly behaviour: PgBehaviour) {
    this.server = createServer((socket) => this.serve(socket));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  /** A connection string to this server (its password is a secret no output may show). */
  url(password: string): string {
    return `postgresql://app_user:${encodeURIComponent(password)}@127.0.0.1:${this.port}/appdb?sslmode=require`;
  }

  /** Resolves once `count` messages that matter (startup, queries) have arrived. */
  received(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.wake();
    });
  }

  private seen = 0;

  private note(): void {
    this.seen++;
    this.wake();
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.seen >= w.count) w.resolve();
      return this.seen < w.count;
    });
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    let started = false;
    let sentRows = false;
    /** The statement of the last Parse. */
    let current = "";
    const answers = this.behaviour === "reset-mid-result" || this.behaviour === "huge-row";
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 4) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          buffer = buffer.subarray(length);
          if (code === 80877103) { socket.write("N"); continue; } // SSLRequest: no TLS on loopback
          started = true;
          this.note();
          if (this.behaviour !== "hang-at-startup") socket.write(Buffer.concat([AUTH_OK, ready("I")]));
          continue;
        }
        if (buffer.length < 5) return;
        const type = String.fromCharCode(buffer[0]);
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const body = buffer.subarray(5, length + 1);
        buffer = buffer.subarray(length + 1);
        if (type === "X") { socket.end(); return; }
        if (type === "Q" || type === "P") {
          const text = (type === "P" ? body.subarray(body.indexOf(0) + 1) : body).toString("utf8").replace(/\0.*$/s, "");
          this.queries.push(text);
          this.note();
          if (this.behaviour === "hang-at-startup" || this.behaviour === "hang-at-query") continue;
          if (this.behaviour === "close-at-query") { socket.end(); return; }
          // reset-mid-result: a simple BEGIN is answered; in the extended protocol each message is.
          if (type === "Q" && /^BEGIN/i.test(text)) { socket.write(Buffer.concat([complete("BEGIN"), ready("T")])); continue; }
          if (type === "P") { current = text; socket.write(message("1")); continue; }
          if (!sentRows) {
            sentRows = true;
            socket.write(Buffer.concat([ROW_DESCRIPTION, dataRow("1"), dataRow("2")]), () => socket.resetAndDestroy());
            return;
          }
        }
        if (answers && type === "B") { socket.write(message("2")); continue; }
        if (answers && type === "D") {
          if (/^SELECT/i.test(current) && this.behaviour === "huge-row") {
            sentRows = true;
            socket.write(Buffer.concat([ROW_DESCRIPTION, hugeRowStart(100_000_000)]));
            continue;
          }
          if (/^SELECT/i.test(current)) {
            sentRows = true;
            socket.write(Buffer.concat([ROW_DESCRIPTION, dataRow("1"), dataRow("2")]), () => socket.resetAndDestroy());
            return;
          }
          socket.write(message("n"));
          continue;
        }
        if (answers && type === "E") { socket.write(complete(current.split(" ")[0].toUpperCase())); continue; }
        if (type === "S" && answers) socket.write(ready("T"));
      }
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Servers for the tests of one file, closed after each test. */
export function usePgHostileServers(): { start: (behaviour: PgBehaviour) => Promise<PgHostileServer> } {
  const running: PgHostileServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return {
    async start(behaviour) {
      const server = await new PgHostileServer(behaviour).listen();
      running.push(server);
      return server;
    },
  };
}
