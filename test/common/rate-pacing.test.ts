import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Deadline } from "../../common/deadline";
import { RateBudgetError, RatePacer, pacerOf } from "../../common/rate-pacing";
import { settle, useFakeClock } from "../harness";

const NOW = Date.parse("2026-11-01T10:00:00.000Z");

describe("RatePacer", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("lets the first 30 requests of a minute go at once", async () => {
    const pacer = new RatePacer(30);
    for (let i = 0; i < 30; i++) await pacer.acquire(Deadline.after(25_000));
    expect(Date.now()).toBe(NOW);
    expect(pacer.waitMs()).toBe(60_000);
  });

  it("sends the 31st when the first leaves the 60 s window, never 31 in any minute", async () => {
    const pacer = new RatePacer(30);
    const sentAt: number[] = [];
    for (let i = 0; i < 75; i++) {
      await settle(pacer.acquire(Deadline.after(600_000)));
      sentAt.push(Date.now() - NOW);
      if (i % 7 === 0) vi.setSystemTime(Date.now() + 1300);
    }
    for (let i = 30; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 30]).toBeGreaterThanOrEqual(60_000);
    expect(sentAt[30]).toBe(60_000);
  });

  it("refuses a slot that frees only after the deadline, without waiting or counting it", async () => {
    const pacer = new RatePacer(2);
    await pacer.acquire(Deadline.after(25_000));
    await pacer.acquire(Deadline.after(25_000));
    const error = await pacer.acquire(Deadline.after(25_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateBudgetError);
    expect((error as RateBudgetError).waitMs).toBe(60_000);
    expect((error as Error).message).toBe(
      "Prisma allows about 30 requests a minute per workspace; this step has sent 2 and its next request could go only in 60 s, " +
      "after the step's time runs out. That request was not sent. Ask for less in one step (a list reads 100 items a request, so set `maxResults` to at most 3,000), " +
      "or, if other workflows used up the minute, run the step again in a minute.",
    );
    expect(Date.now()).toBe(NOW);
    expect(pacer.waitMs()).toBe(60_000);
  });

  it("holds every request after a 429 until its Retry-After has passed", async () => {
    const pacer = new RatePacer(30);
    pacer.holdFor(20_000);
    expect(pacer.waitMs()).toBe(20_000);
    await settle(pacer.acquire(Deadline.after(25_000)));
    expect(Date.now() - NOW).toBe(20_000);
  });

  it("is one per run: the same `$` shares it, another `$` or a call without one does not", () => {
    const $ = { export() {} };
    expect(pacerOf($, 30)).toBe(pacerOf($, 30));
    expect(pacerOf({ export() {} }, 30)).not.toBe(pacerOf($, 30));
    expect(pacerOf(undefined, 30)).toBeNull();
    expect(pacerOf($, null)).toBeNull();
  });
});
