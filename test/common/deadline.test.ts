import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { STEP } from "../../common/constants";
import { Deadline, extendStepDeadline, stepDeadline } from "../../common/deadline";
import { useFakeClock } from "../harness";

const NOW = Date.parse("2026-11-01T10:00:00.000Z");

describe("deadlines", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("gives a run 25 s from its first request: inside Pipedream's 30 s default step timeout", () => {
    const $ = { export() {} };
    expect(stepDeadline($).at).toBe(NOW + STEP.budgetMs);
    vi.setSystemTime(NOW + 5000);
    // Still the same run: the deadline does not move.
    expect(stepDeadline($).at).toBe(NOW + 25_000);
    expect(stepDeadline($).remainingMs()).toBe(20_000);
  });

  it("gives every call without `$` a budget of its own", () => {
    const first = stepDeadline(undefined);
    vi.setSystemTime(NOW + 5000);
    expect(stepDeadline(undefined).at).toBe(first.at + 5000);
  });

  it("extends a run's deadline but never shortens it", () => {
    const $ = { export() {} };
    extendStepDeadline($, 100_000);
    expect(stepDeadline($).at).toBe(NOW + 100_000);
    extendStepDeadline($, 10_000);
    expect(stepDeadline($).at).toBe(NOW + 100_000);
  });

  it("tells whether a wait fits, and picks the nearer of two deadlines", () => {
    const deadline = Deadline.after(10_000);
    expect(deadline.allows(10_000)).toBe(true);
    expect(deadline.allows(10_001)).toBe(false);
    expect(deadline.min(Deadline.after(5000)).at).toBe(NOW + 5000);
    expect(deadline.min(Deadline.after(50_000))).toBe(deadline);
    expect(deadline.min(undefined)).toBe(deadline);
    vi.setSystemTime(NOW + 60_000);
    expect(deadline.remainingMs()).toBe(0);
  });
});
