import { describe, expect, it } from "vitest";
import type { Emulator, UsageOverride } from "../../emulator/server";
import { call, emulator, manualClock, type Loose } from "./client";

const DAY = 86_400_000;

async function usage(emu: Emulator, databaseId: string, query = ""): Promise<Loose> {
  const answer = await call(emu, "GET", `/databases/${databaseId}/usage${query}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

/** A project with two ready databases made ten days before 2026-03-15T12:00Z, the clock then at that time. */
async function world() {
  const clock = manualClock(Date.parse("2026-03-15T12:00:00.000Z"));
  const emu = await emulator({ clock: clock.now });
  const projectId = emu.seedProject();
  clock.advance(-10 * DAY);
  const [db, other] = emu.seedDatabases(projectId, 2);
  clock.advance(10 * DAY);
  return { clock, emu, projectId, db, other };
}

describe("emulator usage override", () => {
  it("reports the figures set with setUsage instead of the derived ones; an absent figure stays derived", async () => {
    const { emu, db, other } = await world();
    const derived = await usage(emu, db);
    const otherDerived = await usage(emu, other);
    expect(derived.metrics.operations.used).toBeGreaterThan(0);

    emu.setUsage(db, { storageGib: 12.5, operations: 1_000_000 });
    expect(await usage(emu, db)).toEqual({
      ...derived,
      metrics: { operations: { used: 1_000_000, unit: "ops" }, storage: { used: 12.5, unit: "GiB" } },
    });
    expect(await usage(emu, other)).toEqual(otherDerived);

    // Each call replaces the previous override.
    emu.setUsage(db, { storageGib: 3 });
    expect((await usage(emu, db)).metrics).toEqual({ operations: derived.metrics.operations, storage: { used: 3, unit: "GiB" } });
    emu.setUsage(db, { operations: 0 });
    expect((await usage(emu, db)).metrics).toEqual({ operations: { used: 0, unit: "ops" }, storage: derived.metrics.storage });
    emu.setUsage(db, {});
    expect(await usage(emu, db)).toEqual(derived);
    emu.setUsage(db, { operations: 42 });
    emu.setUsage(db, null);
    expect(await usage(emu, db)).toEqual(derived);
    expect(emu.state.usage.has(db)).toBe(false);
  });

  it("applies to periods that reach into the current month, not to earlier ones", async () => {
    const { clock, emu, db } = await world();
    emu.setUsage(db, { operations: 42, storageGib: 7 });
    const ops = async (query: string) => (await usage(emu, db, query)).metrics.operations.used;
    expect(await ops("")).toBe(42);
    expect(await ops("?startDate=2026-03-01T00:00:00Z&endDate=2026-03-15T12:00:00Z")).toBe(42);
    expect(await ops("?startDate=2026-02-20T00:00:00Z")).toBe(42);
    expect(await ops("?startDate=2026-03-14T00:00:00Z&endDate=2026-03-31T00:00:00Z")).toBe(42);
    expect(await ops("?startDate=2026-03-01T00:00:00Z&endDate=2026-03-02T00:00:00Z")).toBe(42);
    // February, before the database existed: the derived nothing.
    const february = await usage(emu, db, "?startDate=2026-02-01T00:00:00Z&endDate=2026-02-28T00:00:00Z");
    expect(february.metrics.operations.used).toBe(0);
    expect(february.metrics.storage.used).not.toBe(7);
    // Later in the month the override still stands; the period follows the clock.
    clock.advance(DAY);
    const later = await usage(emu, db);
    expect(later.metrics).toEqual({ operations: { used: 42, unit: "ops" }, storage: { used: 7, unit: "GiB" } });
    expect(later.period).toEqual({ start: "2026-03-01T00:00:00.000Z", end: "2026-03-16T12:00:00.000Z" });
  });

  it("applies to a database still provisioning, whose derived figures are zero", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [db] = emu.seedDatabases(projectId, 1, { status: "provisioning" });
    expect((await usage(emu, db)).metrics.storage.used).toBe(0);
    emu.setUsage(db, { storageGib: 0.5 });
    expect((await usage(emu, db)).metrics.storage.used).toBe(0.5);
  });

  it("checks its input, and forgets the override of a deleted database", async () => {
    const { emu, db, other } = await world();
    expect(() => emu.setUsage("db_cunknown0000", { operations: 1 })).toThrow(/no database/);
    for (const bad of [{ operations: -1 }, { storageGib: Number.NaN }, { storageGib: Number.POSITIVE_INFINITY }, { operations: "5" }, { storage: 1 }]) {
      expect(() => emu.setUsage(db, bad as unknown as UsageOverride), JSON.stringify(bad)).toThrow(/setUsage/);
    }
    expect(emu.state.usage.size).toBe(0);

    emu.setUsage(other, { operations: 9 });
    expect((await call(emu, "DELETE", `/databases/${other}`)).status).toBe(204);
    expect(emu.state.usage.has(other)).toBe(false);
  });
});
