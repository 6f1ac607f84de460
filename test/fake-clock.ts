// The tests' fake clock. It moves only when a test says so: `vi.setSystemTime`, or `settle`,
// which moves it to the next timer only when the code under test cannot go on without it. Real
// time never moves it, so a slow or busy machine changes how long a test takes, never what the
// code sees: a pause, a backoff, a rate-limit slot and a poll all fall at exact virtual times.
import { subscribe } from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import type { Socket } from "node:net";
import { vi } from "vitest";
import { requestsInFlight } from "../common/transport";

// Requests a test server holds on purpose (it hangs, or trickles without end), each with a test
// that is true while its client still waits for it.
const held = new Set<() => boolean>();

/** Fake `setTimeout` and `Date`; real I/O, `setImmediate` and `setInterval` still run. Forgets earlier tests' holds. */
export function useFakeClock(): void {
  held.clear();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
}

/** Counts a request as held on purpose while `clientWaits()` is true. */
export function holdOnPurpose(clientWaits: () => boolean): void {
  held.add(clientWaits);
}

/** Requests held on purpose whose client still waits. */
export function heldOnPurpose(): number {
  let count = 0;
  for (const clientWaits of held) {
    if (clientWaits()) count++;
    else held.delete(clientWaits);
  }
  return count;
}

// The client ends of this process's connections and the requests it sent (mocked ones included),
// so that a server here can tell whether the client of a request it holds still waits: a client
// that gives up destroys its request and socket at once, while a server hears of it later or never.
// Tracked once per thread, however many test files load this module.
interface Sent {
  sockets: Set<Socket>;
  requests: Set<ClientRequest>;
}
const SENT = Symbol.for("test.fake-clock.sent");
const sent = ((globalThis as Record<symbol, Sent | undefined>)[SENT] ??= (() => {
  const tracked: Sent = { sockets: new Set(), requests: new Set() };
  subscribe("net.client.socket", (message) => {
    const { socket } = message as { socket: Socket };
    tracked.sockets.add(socket);
    socket.once("close", () => tracked.sockets.delete(socket));
  });
  subscribe("http.client.request.start", (message) => {
    const { request } = message as { request: ClientRequest };
    tracked.requests.add(request);
    request.once("close", () => tracked.requests.delete(request));
  });
  return tracked;
})());

/** For a server in this process: a test that is true while the client of `serverSocket` is connected. */
export function clientOf(serverSocket: Socket): () => boolean {
  const client = [...sent.sockets].find((socket) =>
    socket.localPort === serverSocket.remotePort && socket.remotePort === serverSocket.localPort);
  return () => client !== undefined && !client.destroyed;
}

// Sent requests already matched to a hold.
const claimed = new WeakSet<ClientRequest>();

/**
 * For a mock that holds a request: a test that is true while the client still waits for the
 * oldest unanswered request with this method and path that no other hold has taken.
 */
export function clientAwaiting(method: string, path: string): () => boolean {
  const request = [...sent.requests].find((candidate) => !claimed.has(candidate) && !candidate.destroyed &&
    !(candidate as { res?: unknown }).res && candidate.method === method && candidate.path === path);
  if (!request) throw new Error(`no request ${method} ${path} is waiting for an answer`);
  claimed.add(request);
  return () => !request.destroyed;
}

/**
 * Settles `promise` under the fake clock, moving the clock from timer to timer while the code
 * waits on it. While a request is on the wire the clock stands still, however long the answer
 * takes in real time, unless every request on the wire is one a test server holds on purpose:
 * then the next timer (a request's timeout) is due, and fires.
 */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(() => { done = true; }, () => { done = true; });
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (done) return promise;
    const onTheWire = requestsInFlight();
    if (onTheWire > 0 && onTheWire > heldOnPurpose()) continue;
    await vi.advanceTimersToNextTimerAsync();
  }
}

/** Waits, without moving the clock, until `condition()` holds (e.g. until a server has received a request). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
