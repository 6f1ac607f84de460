// A virtual clock for the parts of the benchmark that wait (polls, rate-limit slots): Date.now,
// setTimeout and clearTimeout are replaced until `restore()`, and time jumps to the next due
// timer as soon as nothing else can happen. A request on the wire (real HTTP to the emulator)
// holds the clock still, so its timeout cannot fire early: network time counts as zero, and
// virtual time is the time the package spends waiting. Plain Node, no test runner needed.
import { requestsInFlight } from "../common/transport";

interface VirtualTimer {
  id: number;
  due: number;
  /** Order of creation: timers due at the same moment fire in the order they were set. */
  seq: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
}

export interface VirtualTime {
  now(): number;
  /** Moves the clock forward by `ms` at once (e.g. the minute between two scheduled runs); due timers fire after. */
  advance(ms: number): void;
  restore(): void;
}

/** Installs the virtual clock, starting at the real time now. Only one may be installed at a time. */
export function installVirtualTime(): VirtualTime {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
  let now = real.now();
  let nextId = 1;
  let scheduled = false;
  const timers = new Map<number, VirtualTimer>();

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // Once per turn of the event loop, after the promise jobs of the turn before.
    setImmediate(tick);
  };
  const tick = () => {
    scheduled = false;
    if (timers.size === 0) return;
    if (requestsInFlight() > 0) {
      // Let the I/O finish before time moves; a real timer, so the loop may block on the socket.
      scheduled = true;
      real.setTimeout(tick, 0);
      return;
    }
    let first: VirtualTimer | undefined;
    for (const timer of timers.values()) if (!first || timer.due < first.due || (timer.due === first.due && timer.seq < first.seq)) first = timer;
    timers.delete(first!.id);
    now = Math.max(now, first!.due);
    schedule();
    first!.fn(...first!.args);
  };
  const handle = (id: number) => ({
    id, ref() { return this; }, unref() { return this; }, hasRef: () => true, refresh() { return this; },
    [Symbol.toPrimitive]: () => id,
  });
  const fakeSetTimeout = (fn: (...args: unknown[]) => void, ms = 0, ...args: unknown[]) => {
    const id = nextId++;
    timers.set(id, { id, seq: id, due: now + Math.max(0, Number(ms) || 0), fn, args });
    schedule();
    return handle(id);
  };
  const fakeClearTimeout = (timer: unknown) => {
    const id = timer && typeof timer === "object" && "id" in timer ? (timer as { id: unknown }).id : undefined;
    if (typeof id === "number" && timers.has(id)) timers.delete(id);
    else real.clearTimeout(timer as Parameters<typeof clearTimeout>[0]);
  };
  globalThis.setTimeout = fakeSetTimeout as unknown as typeof setTimeout;
  globalThis.clearTimeout = fakeClearTimeout as typeof clearTimeout;
  Date.now = () => now;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
      schedule();
    },
    restore() {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
      Date.now = real.now;
      timers.clear();
    },
  };
}
