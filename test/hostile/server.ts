// A misbehaving stand-in for the Prisma Management API: a real `node:http` server on 127.0.0.1
// (the only network test/setup.ts lets through), scripted per test by a queue of behaviours or a
// function of the request, recording every request it received. Behaviours cover what a broken
// server, proxy or network does: answers of any status and body, hanging, trickling a byte at a
// time, cutting the connection before or during the body, and redirecting elsewhere.
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach } from "vitest";
import { clientOf, holdOnPurpose } from "../fake-clock";
import { pointAppsAt } from "../pipedream";

// Tests fake `setTimeout`; the server's own clock must stay real so that a trickle keeps trickling.
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;

/** One request as the server received it. */
export interface Received {
  method: string;
  /** The path without the query, e.g. `/v1/databases/db_x`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw body ("" when none). */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** `Date.now()` when it arrived: the fake clock's time under `useFakeClock`. */
  at: number;
}

export type Behaviour =
  /** Answer with this status, headers and raw body. */
  | { kind: "answer"; status: number; headers: Record<string, string>; body: string }
  /** Read the request, then never answer. */
  | { kind: "hang" }
  /** Send the status line, headers and `prefix`, then one byte every `everyMs` ms of real time, forever. */
  | { kind: "trickle"; status: number; everyMs: number; prefix: string }
  /** Send the status line, headers promising a longer body, part of the body, then destroy the socket. */
  | { kind: "reset-mid-body"; status: number; partial: string }
  /** Destroy the socket without answering. */
  | { kind: "reset" }
  /** Write these bytes to the socket as they are (not HTTP, or HTTP no parser accepts), then close it. */
  | { kind: "bytes"; bytes: string };

/** What the server does with a request, decided from the request itself. */
export type Handler = (request: Received) => Behaviour;

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

/** Behaviours, by name. */
export const reply = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): Behaviour {
    return { kind: "answer", status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) };
  },
  /** A raw body under any content type (malformed JSON labelled as JSON, an HTML page, …). */
  raw(status: number, body: string, contentType = "application/json; charset=utf-8", headers: Record<string, string> = {}): Behaviour {
    return { kind: "answer", status, headers: { "content-type": contentType, ...headers }, body };
  },
  html(status: number, body = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"): Behaviour {
    return reply.raw(status, body, "text/html; charset=utf-8");
  },
  /** A status with no body and no content type, e.g. 204. */
  status(status: number, headers: Record<string, string> = {}): Behaviour {
    return { kind: "answer", status, headers, body: "" };
  },
  /** No body at all, but labelled as JSON. */
  empty(status = 200): Behaviour {
    return { kind: "answer", status, headers: { ...JSON_TYPE }, body: "" };
  },
  redirect(status: 301 | 302 | 303 | 307 | 308, location: string | null): Behaviour {
    return { kind: "answer", status, headers: location === null ? {} : { location }, body: "" };
  },
  hang(): Behaviour {
    return { kind: "hang" };
  },
  trickle(everyMs = 40, prefix = "{", status = 200): Behaviour {
    return { kind: "trickle", status, everyMs, prefix };
  },
  resetMidBody(partial: string, status = 200): Behaviour {
    return { kind: "reset-mid-body", status, partial };
  },
  reset(): Behaviour {
    return { kind: "reset" };
  },
  bytes(bytes: string): Behaviour {
    return { kind: "bytes", bytes };
  },
};

/** What an unscripted request is answered: a status no real server sends, so a test sees it. */
export const UNSCRIPTED_STATUS = 599;

export class HostileServer {
  /** Every request received, in order. */
  readonly requests: Received[] = [];
  private readonly queue: Behaviour[] = [];
  private handler: Handler | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly trickles = new Set<ReturnType<typeof setInterval>>();
  private readonly server: http.Server;
  private port = 0;

  constructor() {
    this.server = http.createServer((req, res) => this.receive(req, res));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** `http://127.0.0.1:PORT` */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where the API lives on this server: `http://127.0.0.1:PORT/v1`. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Answers the next requests with these behaviours, one each, in order. */
  respond(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** Decides every request (once the queue is empty) with `handler`. */
  handle(handler: Handler): this {
    this.handler = handler;
    return this;
  }

  /** `METHOD /path?query` of every request received, for exact comparisons. */
  get log(): string[] {
    return this.requests.map((r) => {
      const query = new URLSearchParams(r.query).toString();
      return `${r.method} ${r.path}${query ? `?${query}` : ""}`;
    });
  }

  async close(): Promise<void> {
    for (const trickle of this.trickles) realClearInterval(trickle);
    this.trickles.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.origin);
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const received: Received = {
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        json,
        at: Date.now(),
      };
      this.requests.push(received);
      const behaviour = this.queue.shift() ?? this.handler?.(received) ??
        reply.json(UNSCRIPTED_STATUS, { error: { code: "unscripted", message: `No behaviour scripted for ${received.method} ${received.path}` } });
      this.act(behaviour, req, res);
    });
  }

  /** Tells the fake clock that the server holds this request on purpose, for as long as its client waits. */
  private stall(req: http.IncomingMessage): void {
    holdOnPurpose(clientOf(req.socket));
  }

  private act(behaviour: Behaviour, req: http.IncomingMessage, res: http.ServerResponse): void {
    switch (behaviour.kind) {
      case "answer":
        res.writeHead(behaviour.status, { ...behaviour.headers, "content-length": String(Buffer.byteLength(behaviour.body)) });
        res.end(behaviour.body);
        return;
      case "hang":
        this.stall(req);
        return;
      case "trickle": {
        this.stall(req);
        res.writeHead(behaviour.status, JSON_TYPE);
        res.write(behaviour.prefix);
        const trickle = realSetInterval(() => res.write(" "), behaviour.everyMs);
        this.trickles.add(trickle);
        res.on("close", () => {
          realClearInterval(trickle);
          this.trickles.delete(trickle);
        });
        return;
      }
      case "reset-mid-body": {
        const promised = Buffer.byteLength(behaviour.partial) + 4096;
        res.writeHead(behaviour.status, { ...JSON_TYPE, "content-length": String(promised) });
        // Destroy only once the part has left, so the client sees headers and part of the body.
        res.write(behaviour.partial, () => req.socket.destroy());
        return;
      }
      case "reset":
        req.socket.destroy();
        return;
      case "bytes":
        req.socket.end(behaviour.bytes);
        return;
    }
  }
}

/** Starts a server on 127.0.0.1, port 0. */
export async function startServer(): Promise<HostileServer> {
  return new HostileServer().listen();
}

/**
 * Servers for the tests of one file: `start()` gives a new one, and every server started in a
 * test is closed after it, sockets and trickles included.
 */
export function useHostileServers(): { start: () => Promise<HostileServer> } {
  const running: HostileServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });
  return {
    async start() {
      const server = await startServer();
      running.push(server);
      return server;
    },
  };
}

/** The one place that points the app at a server: `_baseUrl` overridden on every bound app. */
export function pointAppAt(server: HostileServer | string): void {
  pointAppsAt(typeof server === "string" ? server : server.baseUrl);
}

/** An origin where nothing listens (connections are refused): a server started, then closed. */
export async function refusingOrigin(): Promise<string> {
  const server = await startServer();
  const origin = server.origin;
  await server.close();
  return origin;
}
