// Real HTTP to the emulator on loopback (test/setup.ts lets 127.0.0.1 through nock).
import { afterEach, expect, inject } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server";

// Response bodies are checked field by field in the tests; loose typing keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface Answer<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  /** A raw request body, sent as is. */
  raw?: string;
  /** Another bearer token; null sends no Authorization header. */
  token?: string | null;
}

export async function call<T = Loose>(emulator: Emulator, method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = options.raw ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined, text };
}

/** The answer is the standard error body with this status and code (and a message matching `message`). */
export function expectError(answer: Answer, status: number, code: string, message?: RegExp): void {
  expect(answer.status, answer.text).toBe(status);
  expect(Object.keys(answer.body)).toEqual(["error"]);
  expect(answer.body.error.code).toBe(code);
  expect(typeof answer.body.error.message).toBe("string");
  if (message) expect(answer.body.error.message).toMatch(message);
  expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
}

/** A manual clock: tests move time forward instead of sleeping. */
export function manualClock(start = Date.parse("2026-03-15T12:00:00.000Z")) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator (on the test run's PostgreSQL server) that is closed after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({ seed: 42, readyDelayMs: 0, postgresUrl: inject("postgresUrl"), ...options });
  running.push(started);
  return started;
}

/** Follows a cursor-paginated list to the end; returns the items and the number of pages. */
export async function followAll(emu: Emulator, path: string, limit?: number): Promise<{ items: Loose[]; pages: number }> {
  const items: Loose[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const separator = path.includes("?") ? "&" : "?";
  do {
    const query = new URLSearchParams();
    if (limit !== undefined) query.set("limit", String(limit));
    if (cursor) query.set("cursor", cursor);
    const qs = query.toString();
    const page: Answer = await call(emu, "GET", qs ? `${path}${separator}${qs}` : path);
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${page.text}`);
    pages++;
    items.push(...page.body.data);
    cursor = page.body.pagination.hasMore ? page.body.pagination.nextCursor : null;
    if (page.body.pagination.hasMore && !cursor) throw new Error("hasMore without nextCursor");
  } while (cursor);
  return { items, pages };
}
