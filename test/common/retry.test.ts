import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RETRY } from "../../common/constants";
import { Deadline } from "../../common/deadline";
import { RatePacer } from "../../common/rate-pacing";
import { ALREADY_DELETED, backoffMs, retryAfterMs, withRetries, type HttpMethod, type RetryCutShort } from "../../common/retry";
import { settle, useFakeClock } from "../harness";

const NOW = Date.parse("2026-11-01T10:00:00.000Z");

describe("retryAfterMs", () => {
  it.each([
    ["0", 0],
    ["1", 1000],
    ["7", 7000],
    [" 30 ", 30_000],
    ["1.5", 1500],
    [120, 120_000],
  ])("reads delta-seconds %j as %i ms", (value, ms) => {
    expect(retryAfterMs({ "retry-after": value }, NOW)).toBe(ms);
  });

  it("reads an HTTP date as the time left until it", () => {
    expect(retryAfterMs({ "retry-after": new Date(NOW + 12_000).toUTCString() }, NOW)).toBe(12_000);
    expect(retryAfterMs({ "retry-after": "Sun, 01 Nov 2026 10:01:00 GMT" }, NOW)).toBe(60_000);
    // The obsolete RFC 850 form HTTP still allows.
    expect(retryAfterMs({ "retry-after": "Sunday, 01-Nov-26 10:00:05 GMT" }, NOW)).toBe(5000);
  });

  it("treats a date in the past as no wait", () => {
    expect(retryAfterMs({ "retry-after": new Date(NOW - 5000).toUTCString() }, NOW)).toBe(0);
  });

  it("accepts the header in either case", () => {
    expect(retryAfterMs({ "Retry-After": "3" }, NOW)).toBe(3000);
  });

  it.each([
    ["no headers", undefined],
    ["no Retry-After", { "content-type": "application/json" }],
    ["an empty value", { "retry-after": "" }],
    ["null", { "retry-after": null }],
    ["a negative number", { "retry-after": "-5" }],
    ["text", { "retry-after": "soon" }],
    ["numbers V8 would read as a date", { "retry-after": "1 2" }],
  ])("gives null for %s", (_what, headers) => {
    expect(retryAfterMs(headers, NOW)).toBeNull();
  });

  it("uses the current time by default", () => {
    useFakeClock();
    vi.setSystemTime(NOW);
    try {
      expect(retryAfterMs({ "retry-after": new Date(NOW + 4000).toUTCString() })).toBe(4000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("backoffMs", () => {
  it("waits between half and all of 500 ms × 2^(retry − 1)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
      const ceiling = 500 * 2 ** (retry - 1);
      const delay = backoffMs(retry, () => r);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(Number.isInteger(delay)).toBe(true);
    }));
  });

  it("gives the bounds at the ends of the jitter range", () => {
    expect([1, 2, 3, 4].map((retry) => backoffMs(retry, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((retry) => backoffMs(retry, () => 0.999_999))).toEqual([500, 1000, 2000, 4000]);
  });

  it("is capped at 8 s however many retries", () => {
    fc.assert(fc.property(fc.integer({ min: 5, max: 1000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
      const delay = backoffMs(retry, () => r);
      expect(delay).toBeGreaterThanOrEqual(RETRY.maxDelayMs / 2);
      expect(delay).toBeLessThanOrEqual(RETRY.maxDelayMs);
    }));
  });

  it("uses Math.random by default", () => {
    const spy = vi.spyOn(Math, "random").mockReturnValue(0.5);
    try {
      expect(backoffMs(2)).toBe(750);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

/** What platform axios throws: a status and headers, or a socket error code. */
const httpFailure = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`status ${status}`), { response: { status, headers } });
const socketFailure = (code: string) => Object.assign(new Error(code), { code });

/** A `send` that fails with each of `failures` in turn and then succeeds. */
function sender(failures: Error[], result: unknown = "ok") {
  let calls = 0;
  const send = vi.fn(async () => {
    const failure = failures[calls++];
    if (failure) throw failure;
    return result;
  });
  return send;
}

describe("withRetries", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  const METHODS: HttpMethod[] = ["GET", "PATCH", "DELETE"];
  /** The run's deadline: 25 s from now unless a test says otherwise. */
  const within = (ms = 25_000) => ({ deadline: Deadline.after(ms) });

  it.each(METHODS.flatMap((m) => RETRY.statuses.map((s) => [m, s] as const)))("retries %s on %i", async (method, status) => {
    const send = sender([httpFailure(status)]);
    await expect(settle(withRetries(method, send, within()))).resolves.toBe("ok");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it.each(METHODS.flatMap((m) => RETRY.networkCodes.map((c) => [m, c] as const)))("retries %s after %s", async (method, code) => {
    const send = sender([socketFailure(code)]);
    await expect(settle(withRetries(method, send, within()))).resolves.toBe("ok");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it.each([...RETRY.networkCodes, 500, 502, 503, 504])("does not retry POST after %s: it may have taken effect", async (failure) => {
    const error = typeof failure === "number" ? httpFailure(failure) : socketFailure(failure);
    const send = sender([error]);
    await expect(settle(withRetries("POST", send, within()))).rejects.toBe(error);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("retries POST on 429: a throttled request is refused before it is processed", async () => {
    const send = sender([httpFailure(429), httpFailure(429)]);
    await expect(settle(withRetries("POST", send, within()))).resolves.toBe("ok");
    expect(send).toHaveBeenCalledTimes(3);
  });

  it.each<HttpMethod>(["GET", "POST", "PATCH", "DELETE"])("retries %s when the connection was refused: nothing was sent", async (method) => {
    const send = sender([socketFailure("ECONNREFUSED")]);
    await expect(settle(withRetries(method, send, within()))).resolves.toBe("ok");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it.each([400, 401, 403, 404, 405, 409, 413, 422, 501])("does not retry GET on %i", async (status) => {
    const error = httpFailure(status);
    const send = sender([error]);
    await expect(settle(withRetries("GET", send, within()))).rejects.toBe(error);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("retries GET on 500 at most 3 attempts", async () => {
    const failures = [httpFailure(500), httpFailure(500), httpFailure(500), httpFailure(500)];
    const send = sender(failures);
    await expect(settle(withRetries("GET", send, within()))).rejects.toBe(failures[2]);
    expect(send).toHaveBeenCalledTimes(RETRY.maxAttemptsAfter500);
  });

  it.each<HttpMethod>(["PATCH", "DELETE"])("does not retry %s on 500: it may have been half applied", async (method) => {
    const error = httpFailure(500);
    await expect(settle(withRetries(method, sender([error]), within()))).rejects.toBe(error);
  });

  it.each(["ENOTFOUND", "EAI_AGAIN", undefined])("does not retry GET after %s", async (code) => {
    const error = code ? socketFailure(code) : new Error("unknown");
    const send = sender([error]);
    await expect(settle(withRetries("GET", send, within()))).rejects.toBe(error);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("rethrows the last error after 4 attempts of passing server errors", async () => {
    const failures = [httpFailure(503), httpFailure(502), httpFailure(504), httpFailure(503), httpFailure(503)];
    const send = sender(failures);
    await expect(settle(withRetries("GET", send, within()))).rejects.toBe(failures[3]);
    expect(send).toHaveBeenCalledTimes(RETRY.maxAttempts);
  });

  it("keeps retrying 429 up to 8 attempts while the deadline allows", async () => {
    const failures = Array.from({ length: 9 }, () => httpFailure(429, { "retry-after": "1" }));
    const send = sender(failures);
    await expect(settle(withRetries("GET", send, within()))).rejects.toBe(failures[7]);
    expect(send).toHaveBeenCalledTimes(RETRY.maxThrottledAttempts);
    expect(Date.now() - NOW).toBe(7000);
  });

  it("sleeps the backoff between attempts when there is no Retry-After", async () => {
    const spy = vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      const send = sender([httpFailure(503), httpFailure(503), httpFailure(503)]);
      await settle(withRetries("GET", send, within()));
      expect(Date.now() - NOW).toBe(250 + 500 + 1000);
    } finally {
      spy.mockRestore();
    }
  });

  it("sleeps the Retry-After instead of the backoff", async () => {
    const send = sender([httpFailure(429, { "retry-after": "4" }), httpFailure(503, { "retry-after": new Date(NOW + 10_000).toUTCString() })]);
    await expect(settle(withRetries("GET", send, within()))).resolves.toBe("ok");
    // 4 s, then until 10 s after the start.
    expect(Date.now() - NOW).toBe(10_000);
  });

  it("honours a 60 s Retry-After when the run's deadline allows it", async () => {
    const send = sender([httpFailure(429, { "retry-after": "60" })]);
    await expect(settle(withRetries("POST", send, within(90_000)))).resolves.toBe("ok");
    expect(Date.now() - NOW).toBe(60_000);
  });

  it("stops when the next wait would pass the deadline, and records what the server asked for", async () => {
    const last = httpFailure(503, { "retry-after": "11" });
    const send = sender([httpFailure(503, { "retry-after": "10" }), last]);
    const error = await settle(withRetries("GET", send, within(20_000))).catch((e: unknown) => e);
    expect(error).toBe(last);
    expect((error as RetryCutShort).retryAfterMs).toBe(11_000);
    expect(send).toHaveBeenCalledTimes(2);
    expect(Date.now() - NOW).toBe(10_000);
  });

  it("counts the time the attempts took against the deadline", async () => {
    let calls = 0;
    const slow = vi.fn(async () => {
      calls++;
      vi.setSystemTime(Date.now() + 20_000);
      if (calls === 1) throw httpFailure(503, { "retry-after": "6" });
      return "ok";
    });
    await expect(settle(withRetries("GET", slow, within()))).rejects.toMatchObject({ response: { status: 503 } });
    expect(slow).toHaveBeenCalledTimes(1);
  });

  it("takes a pacing slot before every attempt and holds the pacer for a 429's Retry-After", async () => {
    const pacer = new RatePacer(30);
    const acquire = vi.spyOn(pacer, "acquire");
    const send = sender([httpFailure(429, { "retry-after": "3" })]);
    await expect(settle(withRetries("GET", send, { ...within(), pacer }))).resolves.toBe("ok");
    expect(acquire).toHaveBeenCalledTimes(2);
    expect(Date.now() - NOW).toBe(3000);
    expect(pacer.waitMs()).toBe(0);
  });

  it("resolves a retried DELETE answered 404 as already deleted", async () => {
    const send = sender([httpFailure(502), httpFailure(404)]);
    await expect(settle(withRetries("DELETE", send, within()))).resolves.toBe(ALREADY_DELETED);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["a 503", () => httpFailure(503)],
    ["a lost answer", () => socketFailure("ECONNRESET")],
    ["a 429, then a 502", null],
  ])("resolves a DELETE answered 404 after %s as already deleted", async (_what, first) => {
    const failures = first ? [first(), httpFailure(404)] : [httpFailure(429), httpFailure(502), httpFailure(404)];
    const send = sender(failures);
    await expect(settle(withRetries("DELETE", send, within()))).resolves.toBe(ALREADY_DELETED);
    expect(send).toHaveBeenCalledTimes(failures.length);
  });

  it.each([
    ["a 429", [httpFailure(429, { "retry-after": "1" })]],
    ["two 429s", [httpFailure(429), httpFailure(429)]],
    ["a refused connection", [socketFailure("ECONNREFUSED")]],
    ["a 429 and a refused connection", [httpFailure(429), socketFailure("ECONNREFUSED")]],
  ])("rethrows a DELETE answered 404 after %s: nothing was carried out, so the thing never existed", async (_what, refusals) => {
    const notFound = httpFailure(404);
    const send = sender([...refusals, notFound]);
    await expect(settle(withRetries("DELETE", send, within()))).rejects.toBe(notFound);
    expect(send).toHaveBeenCalledTimes(refusals.length + 1);
  });

  it("rethrows a DELETE answered 404 on its first attempt", async () => {
    const notFound = httpFailure(404);
    await expect(settle(withRetries("DELETE", sender([notFound]), within()))).rejects.toBe(notFound);
  });

  it.each<HttpMethod>(["GET", "PATCH"])("rethrows a retried %s answered 404", async (method) => {
    const notFound = httpFailure(404);
    await expect(settle(withRetries(method, sender([httpFailure(503), notFound]), within()))).rejects.toBe(notFound);
  });
});
