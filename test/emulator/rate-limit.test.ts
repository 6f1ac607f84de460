import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { RateLimiter } from "../../emulator/rate-limit";
import { startEmulator, type Emulator } from "../../emulator/server";
import { call, emulator, expectError, manualClock } from "./client";

function logged(emu: Emulator): string[] {
  return emu.state.requests.map((r) => `${r.method} ${r.path.replace(/^\/v1/, "")} ${r.status} ${r.faults.join(",")}`.trimEnd());
}

async function statuses(emu: Emulator, count: number, token?: string | null): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await call(emu, "GET", "/me", { token })).status);
  return out;
}

describe("emulator rate limit", () => {
  it("admits N requests per rolling minute, then answers 429 with the seconds until a slot frees, without handling the request", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, rateLimit: { requestsPerMinute: 3 } });
    expect((await call(emu, "POST", "/projects", { body: { name: "a" } })).status).toBe(201); // t = 0
    clock.advance(10_000);
    expect((await call(emu, "GET", "/projects")).status).toBe(200); // t = 10 s
    clock.advance(10_000);
    expect((await call(emu, "GET", "/me")).status).toBe(200); // t = 20 s

    clock.advance(10_500); // t = 30.5 s: the first slot frees at 60 s, 29.5 s away
    const refused = await call(emu, "POST", "/projects", { body: { name: "b" } });
    expectError(refused, 429, "rate-limit-exceeded");
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(refused.body).toEqual({
      error: { code: "rate-limit-exceeded", message: "Rate limit exceeded: at most 3 requests per minute.", hint: "Retry after 30 s (the Retry-After header)." },
    });
    expect(emu.state.projects.size).toBe(1);
    expect(emu.state.rateLimited).toBe(1);

    // The window slides with the clock: 1 ms before the first request leaves it, still refused.
    clock.advance(29_499); // t = 59.999 s
    const almost = await call(emu, "GET", "/me");
    expect(almost.status).toBe(429);
    expect(almost.headers.get("retry-after")).toBe("1");
    clock.advance(1); // t = 60 s
    expect((await call(emu, "POST", "/projects", { body: { name: "b" } })).status).toBe(201);
    expect(emu.state.projects.size).toBe(2);
    // Full again; the next slot is the 10 s request's, free at 70 s.
    const next = await call(emu, "GET", "/me");
    expect(next.status).toBe(429);
    expect(next.headers.get("retry-after")).toBe("10");
    clock.advance(10_000);
    expect((await call(emu, "GET", "/me")).status).toBe(200);

    expect(emu.state.rateLimited).toBe(3);
    expect(logged(emu)).toEqual([
      "POST /projects 201", "GET /projects 200", "GET /me 200", "POST /projects 429 rate-limit",
      "GET /me 429 rate-limit", "POST /projects 201", "GET /me 429 rate-limit", "GET /me 200",
    ]);
  });

  it("does not count refused requests, counts each token on its own, and leaves unauthenticated requests to the 401", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, rateLimit: { requestsPerMinute: 2 } });
    const minted = await call(emu, "POST", `/workspaces/${emu.workspaceId}/service-tokens`, { body: { name: "ci" } });
    expect(minted.status).toBe(201);
    const other: string = minted.body.data.value;
    expect(await statuses(emu, 2)).toEqual([200, 429]);
    // The other token has a window of its own.
    expect(await statuses(emu, 3, other)).toEqual([200, 200, 429]);
    expect(await statuses(emu, 3, null)).toEqual([401, 401, 401]);
    expect(await statuses(emu, 2, "not-a-token")).toEqual([401, 401]);
    expect(await statuses(emu, 1, "not-a-token")).toEqual([429]);

    // Hammering while refused takes no slot: once the first requests leave the window, both slots are free.
    clock.advance(30_000);
    const hammered = await call(emu, "GET", "/me");
    expect(hammered.headers.get("retry-after")).toBe("30");
    expect(await statuses(emu, 5)).toEqual([429, 429, 429, 429, 429]);
    clock.advance(30_000);
    expect(await statuses(emu, 3)).toEqual([200, 200, 429]);
    expect(emu.state.rateLimited).toBe(1 + 1 + 1 + 1 + 5 + 1);
  });

  it("is checked before faults: a refused request spends no fault rule", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, rateLimit: { requestsPerMinute: 1 } });
    expect(await statuses(emu, 1)).toEqual([200]);
    emu.setFaults({ rules: [{ kind: "unavailable", route: "GET /me", times: 1 }] });
    expect(await statuses(emu, 2)).toEqual([429, 429]);
    clock.advance(60_000);
    expect(await statuses(emu, 1)).toEqual([503]);
    clock.advance(60_000);
    expect(await statuses(emu, 1)).toEqual([200]);
    expect(logged(emu)).toEqual(["GET /me 200", "GET /me 429 rate-limit", "GET /me 429 rate-limit", "GET /me 503 unavailable", "GET /me 200"]);
  });

  it("is off by default; setRateLimit replaces it, starts the windows afresh, and checks its input", async () => {
    const emu = await emulator();
    expect((await statuses(emu, 40)).every((s) => s === 200)).toBe(true);
    emu.setRateLimit({ requestsPerMinute: 1 });
    const [first, second] = [await call(emu, "GET", "/me"), await call(emu, "GET", "/me")];
    expect([first.status, second.status]).toEqual([200, 429]);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(Number(second.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    emu.setRateLimit({ requestsPerMinute: 1 });
    expect(await statuses(emu, 2)).toEqual([200, 429]);
    emu.setRateLimit(null);
    expect(await statuses(emu, 5)).toEqual([200, 200, 200, 200, 200]);
    for (const requestsPerMinute of [0, -1, 1.5, Number.NaN]) {
      expect(() => emu.setRateLimit({ requestsPerMinute })).toThrow(/positive integer/);
    }
    await expect(startEmulator({ rateLimit: { requestsPerMinute: 0 } })).rejects.toThrow(/positive integer/);
  });

  it("keeps an exact window over long runs of requests", () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock.now, { requestsPerMinute: 600 });
    // One request every 100 ms fills the window exactly and never overflows it.
    for (let i = 0; i < 5000; i++) {
      expect(limiter.admit("t")).toEqual({ admitted: true });
      clock.advance(100);
    }
    // 599 requests in the window: one more fits, then it is full until the oldest leaves, 0.1 s later.
    expect(limiter.admit("t")).toEqual({ admitted: true });
    expect(limiter.admit("t")).toEqual({ admitted: false, retryAfterSeconds: 1 });
    clock.advance(100);
    expect(limiter.admit("t")).toEqual({ admitted: true });
    expect(limiter.admit("other")).toEqual({ admitted: true });
  });
});

describe("npm run emulator with a rate limit", () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
  });

  /** Starts `emulator/main.ts` and reads its URL and token from the banner. */
  async function launch(args: string[], env: Record<string, string> = {}): Promise<{ url: string; token: string; banner: string }> {
    const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", "--port=0", ...args], {
      env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let banner = "";
    return new Promise((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        banner += chunk.toString();
        const url = /listening on (\S+)/.exec(banner)?.[1];
        const token = /token:\s+(\S+)/.exec(banner)?.[1];
        if (url && token && banner.includes("Ctrl-C")) resolve({ url, token, banner });
      });
      child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${banner}`)));
    });
  }

  async function meStatuses(url: string, token: string, count: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } })).status);
    return out;
  }

  // Starting a process is slow on a busy machine, hence the longer timeout.
  it("takes --requests-per-minute or REQUESTS_PER_MINUTE", { timeout: 60_000 }, async () => {
    const flag = await launch(["--requests-per-minute=2"]);
    expect(flag.banner).toMatch(/limit:\s+2 requests per minute per token/);
    expect(await meStatuses(flag.url, flag.token, 3)).toEqual([200, 200, 429]);

    const env = await launch([], { REQUESTS_PER_MINUTE: "1" });
    expect(env.banner).toMatch(/limit:\s+1 requests per minute per token/);
    expect(await meStatuses(env.url, env.token, 2)).toEqual([200, 429]);
  });
});
