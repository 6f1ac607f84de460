import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseStatus } from "../../common/types";
import { DatabaseWaitError, waitUntilReady } from "../../common/waiting";
import type { PrismaApp } from "../../prisma_management_api.app";
import { database } from "../fixtures";
import { api, boundApp, settle, useFakeClock } from "../harness";

const id = "db_cnewdb000001";
const db = (status: DatabaseStatus) => ({ id, status });

/** A fetcher answering `statuses` in turn, recording the fake time of each poll. */
function polling(statuses: DatabaseStatus[]) {
  const started = Date.now();
  const at: number[] = [];
  const fetch = vi.fn(async () => {
    at.push(Date.now() - started);
    const status = statuses[Math.min(at.length - 1, statuses.length - 1)];
    return db(status);
  });
  return { fetch, at };
}

describe("waitUntilReady", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(new Date("2026-11-01T10:00:00.000Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("polls until ready, waiting about 1 s, then 1.5 times longer each time", async () => {
    const { fetch, at } = polling(["provisioning", "provisioning", "provisioning", "ready"]);

    const result = await settle(waitUntilReady(db("provisioning"), fetch, 60));

    expect(result).toEqual({ database: db("ready"), polls: 4, waitedMs: 1000 + 1500 + 2250 + 3375 });
    expect(at).toEqual([1000, 2500, 4750, 8125]);
  });

  it("caps the interval at 5 s", async () => {
    const { fetch, at } = polling([...Array(7).fill("provisioning"), "ready"]);

    const result = await settle(waitUntilReady(db("provisioning"), fetch, 120));

    const gaps = at.map((t, i) => t - (at[i - 1] ?? 0));
    expect(gaps).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000, 5000]);
    expect(result.polls).toBe(8);
  });

  it("on long waits lets the interval grow to a tenth of the time waited, so polls grow like log(T)", async () => {
    const readyAt = (seconds: number) => {
      const started = Date.now();
      const at: number[] = [];
      const fetch = vi.fn(async () => {
        at.push(Date.now() - started);
        return db(Date.now() - started >= seconds * 1000 ? "ready" : "provisioning");
      });
      return { fetch, at };
    };
    const long = readyAt(300);
    const result = await settle(waitUntilReady(db("provisioning"), long.fetch, 600));

    const gaps = long.at.map((t, i) => t - (long.at[i - 1] ?? 0));
    // Up to 50 s waited the cap is 5 s; after that each gap is at most a tenth of the time so far.
    for (const [i, gap] of gaps.entries()) {
      const waitedBefore = long.at[i] - gap;
      expect(gap).toBeLessThanOrEqual(Math.max(5000, waitedBefore * 0.1) + 1);
    }
    expect(gaps.at(-1)).toBeGreaterThan(20_000);
    // Noticed within a tenth of the wait, with 32 polls where a fixed 5 s cap takes 63.
    expect(result.waitedMs - 300_000).toBeLessThanOrEqual(30_000);
    expect(result.polls).toBe(32);

    const short = readyAt(60);
    const shortResult = await settle(waitUntilReady(db("provisioning"), short.fetch, 600));
    expect(shortResult.polls).toBe(15);
  });

  it("keeps polling while the database is recovering", async () => {
    const { fetch } = polling(["recovering", "ready"]);
    const result = await settle(waitUntilReady(db("recovering"), fetch, 60));
    expect(result.database.status).toBe("ready");
    expect(result.polls).toBe(2);
  });

  it("fails when the database ends in failure", async () => {
    const { fetch } = polling(["provisioning", "failure"]);

    const error = await settle(waitUntilReady(db("provisioning"), fetch, 60)).then(() => null, (e: DatabaseWaitError) => e);

    expect(error).toBeInstanceOf(DatabaseWaitError);
    expect(error).toMatchObject({ name: "DatabaseWaitError", databaseId: id, lastStatus: "failure" });
    expect(error?.message).toBe(
      `Database ${id} failed to become ready (status "failure"). ` +
      "Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.",
    );
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("fails at once, without polling, when the database already failed", async () => {
    const fetch = vi.fn();
    await expect(settle(waitUntilReady(db("failure"), fetch, 60))).rejects.toThrow(`Database ${id} failed to become ready`);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("times out naming the database, its last status and that it exists", async () => {
    const { fetch, at } = polling(["provisioning", "provisioning", "provisioning", "recovering"]);

    const started = Date.now();
    const error = await settle(waitUntilReady(db("provisioning"), fetch, 5)).then(() => null, (e: DatabaseWaitError) => e);

    expect(error).toBeInstanceOf(DatabaseWaitError);
    expect(error).toMatchObject({ databaseId: id, lastStatus: "recovering" });
    expect(error?.message).toBe(
      `Database ${id} is still "recovering" after 5 s. It exists: do not create it again. ` +
      "Check it later with **Get Database**, or run this step with a larger Max Wait Seconds.",
    );
    // The last wait is shortened to end at the deadline; nothing is polled after it.
    expect(at).toEqual([1000, 2500, 4750, 5000]);
    expect(Date.now() - started).toBe(5000);
  });

  it("makes no request when Max Wait Seconds is 0, and returns the database as created", async () => {
    const fetch = vi.fn();
    await expect(settle(waitUntilReady(db("provisioning"), fetch, 0))).resolves.toEqual({ database: db("provisioning"), polls: 0, waitedMs: 0 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("makes no request when the database is ready already", async () => {
    const fetch = vi.fn();
    await expect(settle(waitUntilReady(db("ready"), fetch, 60))).resolves.toEqual({ database: db("ready"), polls: 0, waitedMs: 0 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("passes a failing poll's error through", async () => {
    const fetch = vi.fn(async () => { throw new Error("Prisma API error 500"); });
    await expect(settle(waitUntilReady(db("provisioning"), fetch, 60))).rejects.toThrow("Prisma API error 500");
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("app.waitForDatabase", () => {
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it("polls GET /v1/databases/{id} until ready", async () => {
    api().get(`/v1/databases/${id}`).reply(200, { data: database(id, { status: "provisioning" }) });
    api().get(`/v1/databases/${id}`).reply(200, { data: database(id, { status: "ready" }) });

    const prisma = boundApp() as unknown as PrismaApp;
    const result = await settle(prisma.waitForDatabase({ database: db("provisioning"), maxWaitSeconds: 60 }));

    expect(result.polls).toBe(2);
    expect(result.database).toMatchObject({ id, status: "ready", name: "orders" });
  });
});
