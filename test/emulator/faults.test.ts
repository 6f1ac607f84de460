import { describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type FaultOptions } from "../../emulator/server";
import { until } from "../fake-clock";
import { call, emulator } from "./client";

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function statuses(emu: Emulator, path: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await call(emu, "GET", path)).status);
  return out;
}

describe("emulator faults", () => {
  it("adds latency to every request, or to one route", async () => {
    const emu = await emulator({ faults: { latencyMs: 60 } });
    const slow = await timed(() => call(emu, "GET", "/me"));
    expect(slow.value.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(55);

    emu.setFaults({ rules: [{ kind: "latency", route: "GET /databases/:id", ms: 200 }] });
    const projectId = emu.seedProject();
    const [db] = emu.seedDatabases(projectId, 1);
    const hit = await timed(() => call(emu, "GET", `/databases/${db}`));
    expect(hit.value.status).toBe(200);
    expect(hit.ms).toBeGreaterThanOrEqual(195);
    // Another route gets no latency: the log says which requests were held.
    expect((await call(emu, "GET", `/databases/${db}/backups`)).status).toBe(200);
    expect(emu.state.requests.map((r) => r.faults)).toEqual([["latency"], ["latency"], []]);
  });

  it("answers 429 with Retry-After for the next N matching requests, without handling them", async () => {
    const emu = await emulator({ faults: { rules: [{ kind: "rate-limit", route: "POST /projects", times: 2, retryAfterSeconds: 3 }] } });
    for (let i = 0; i < 2; i++) {
      const limited = await call(emu, "POST", "/projects", { body: { name: "x" } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("3");
      expect(limited.body).toEqual({ error: { code: "rate-limit-exceeded", message: "Rate limit exceeded." } });
      expect((await call(emu, "GET", "/projects")).status).toBe(200);
    }
    expect(emu.state.projects.size).toBe(0);
    expect((await call(emu, "POST", "/projects", { body: { name: "x" } })).status).toBe(201);
    expect(emu.state.requests.map((r) => `${r.method} ${r.status} ${r.faults.join(",")}`)).toEqual([
      "POST 429 rate-limit", "GET 200 ", "POST 429 rate-limit", "GET 200 ", "POST 201 ",
    ]);
  });

  it("answers a burst of 503s on one route, with Retry-After only when configured", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [db] = emu.seedDatabases(projectId, 1);
    emu.setFaults({ rules: [{ kind: "unavailable", route: "GET /databases/:databaseId/usage", times: 3 }] });
    expect(await statuses(emu, `/databases/${db}/usage`, 4)).toEqual([503, 503, 503, 200]);
    emu.setFaults({ rules: [{ kind: "unavailable", route: "/databases/*", times: 1, retryAfterSeconds: 2 }] });
    const burst = await call(emu, "GET", `/databases/${db}`);
    expect(burst.status).toBe(503);
    expect(burst.headers.get("retry-after")).toBe("2");
    expect(burst.body.error.code).toBe("service-unavailable");
    const first = emu.state.requests.find((r) => r.status === 503);
    expect(first?.faults).toEqual(["unavailable"]);
    expect((await call(emu, "GET", `/databases/${db}`)).status).toBe(200);
  });

  it("resets the connection without answering for the next N requests", async () => {
    const emu = await emulator({ faults: { rules: [{ kind: "reset", times: 1 }] } });
    await expect(call(emu, "POST", "/projects", { body: { name: "lost" } })).rejects.toThrow();
    expect(emu.state.projects.size).toBe(0);
    expect(emu.state.requests[0]).toMatchObject({ method: "POST", path: "/v1/projects", status: 0, faults: ["reset"] });
    expect((await call(emu, "GET", "/me")).status).toBe(200);
  });

  it("slow responses are handled at once but answered late", async () => {
    const emu = await emulator({ faults: { rules: [{ kind: "slow", route: "POST /projects", ms: 150, times: 1 }] } });
    const started = performance.now();
    const pending = call(emu, "POST", "/projects", { body: { name: "late" } });
    let answered = false;
    void pending.then(() => { answered = true; });
    await until(() => emu.state.projects.size === 1);
    // The project exists before the client has its answer (a client timeout here would leave it behind).
    expect(answered).toBe(false);
    const answer = await pending;
    expect(answer.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(emu.state.requests[0].faults).toEqual(["slow"]);
  });

  it("draws rate-based faults from the seeded RNG: repeatable per seed, 0 never and 1 always", async () => {
    const faults: FaultOptions = { rules: [{ kind: "rate-limit", route: "GET /me", rate: 0.5 }] };
    const run = async () => {
      const emu = await startEmulator({ seed: 99, faults });
      try {
        return await statuses(emu, "/me", 40);
      } finally {
        await emu.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const limited = first.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThan(8);
    expect(limited).toBeLessThan(32);

    const emu = await emulator({ faults: { rules: [{ kind: "rate-limit", rate: 0 }] } });
    expect(await statuses(emu, "/me", 5)).toEqual([200, 200, 200, 200, 200]);
    emu.setFaults({ rules: [{ kind: "unavailable", rate: 1, times: 2 }] });
    expect(await statuses(emu, "/me", 3)).toEqual([503, 503, 200]);
  });

  it("replaces the rules on setFaults and refuses malformed ones", async () => {
    const emu = await emulator({ faults: { rules: [{ kind: "rate-limit" }] } });
    expect((await call(emu, "GET", "/me")).status).toBe(429);
    emu.setFaults({});
    expect((await call(emu, "GET", "/me")).status).toBe(200);
    expect(() => emu.setFaults({ rules: [{ kind: "latency" }] })).toThrow(/ms/);
    expect(() => emu.setFaults({ rules: [{ kind: "reset", rate: 2 }] })).toThrow(/rate/);
    expect(() => emu.setFaults({ rules: [{ kind: "explode" as "reset" }] })).toThrow(/Unknown fault kind/);
  });

  it("closes promptly while a request is held by latency", async () => {
    // An hour: were the close to wait for it, the test would time out.
    const emu = await startEmulator({ faults: { latencyMs: 3_600_000 } });
    const pending = call(emu, "GET", "/me");
    await until(() => emu.state.requests.length === 1);
    await emu.close();
    await expect(pending).rejects.toThrow();
    expect(emu.state.requests[0]).toMatchObject({ path: "/v1/me", status: 0, faults: ["latency"] });
  });
});
