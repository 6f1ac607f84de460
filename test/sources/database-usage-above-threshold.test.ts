import { describe, expect, it } from "vitest";
import source from "../../sources/database-usage-above-threshold/database-usage-above-threshold";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, sourceWith } from "./helpers";

const databaseId = "db_corders000001";
const path = `/v1/databases/${databaseId}/usage`;
const NOVEMBER = "2026-11-01T00:00:00.000Z";
const DECEMBER = "2026-12-01T00:00:00.000Z";

function reply(storageGib: number, operations: number, start = NOVEMBER, at = "2026-11-14T08:30:00.000Z") {
  api().get(path).reply(200, {
    period: { start, end: at },
    metrics: { operations: { used: operations, unit: "ops" }, storage: { used: storageGib, unit: "GiB" } },
    generatedAt: at,
  });
}

async function deployed(storageGib = 0.4, operations = 1000, props: Record<string, unknown> = { storageGibThreshold: "1", operationsThreshold: 50_000 }) {
  reply(storageGib, operations);
  const instance = sourceWith(source, { databaseId, ...props });
  expect(await instance.deploy()).toEqual([]);
  return instance;
}

describe("database-usage-above-threshold", () => {
  it("on deploy reads the usage once and records it, emitting nothing", async () => {
    const instance = await deployed();
    expect(instance.db.get("usage")).toEqual({
      scope: `usage database=${databaseId} storage>1 operations>50000`,
      metrics: {
        storage: { period: NOVEMBER, above: false, crossings: 0 },
        operations: { period: NOVEMBER, above: false, crossings: 0 },
      },
    });
  });

  it("emits once when storage goes above the threshold, and again only after it fell back under", async () => {
    const instance = await deployed();

    reply(0.9, 2000);
    expect(await instance.tick()).toEqual([]);

    reply(1.274, 3000, NOVEMBER, "2026-11-15T08:30:00.000Z");
    expect(await instance.tick()).toEqual([{
      event: {
        databaseId, metric: "storage", used: 1.274, unit: "GiB", threshold: 1, reported: null, crossing: 1,
        period: { start: NOVEMBER, end: "2026-11-15T08:30:00.000Z" }, generatedAt: "2026-11-15T08:30:00.000Z",
      },
      meta: {
        id: `${databaseId}-storage-${NOVEMBER}-1`,
        summary: `Database ${databaseId}: storage 1.274 GiB is above the threshold of 1 GiB`,
        ts: Date.parse("2026-11-15T08:30:00.000Z"),
      },
    }]);

    reply(1.5, 4000);
    expect(await instance.tick()).toEqual([]);
    reply(0.8, 5000);
    expect(await instance.tick()).toEqual([]);
    reply(1.1, 6000);
    expect(ids(await instance.tick())).toEqual([`${databaseId}-storage-${NOVEMBER}-2`]);
  });

  it("emits for operations in the period, and anew in the next period while still above", async () => {
    const instance = await deployed();

    reply(0.5, 75_000);
    const emitted = await instance.tick();
    expect(emitted.map((e) => e.meta.summary)).toEqual([
      `Database ${databaseId}: 75,000 operations since 2026-11-01, above the threshold of 50,000`,
    ]);

    reply(0.5, 80_000);
    expect(await instance.tick()).toEqual([]);
    reply(1.2, 60_000, DECEMBER, "2026-12-20T00:00:00.000Z");
    expect(ids(await instance.tick())).toEqual([`${databaseId}-storage-${DECEMBER}-1`, `${databaseId}-operations-${DECEMBER}-1`]);
  });

  it("counts usage already above at deploy as this period's first crossing, without an event", async () => {
    const instance = await deployed(2, 1000);
    reply(2.1, 1000);
    expect(await instance.tick()).toEqual([]);
    reply(0.9, 1000);
    expect(await instance.tick()).toEqual([]);
    reply(1.5, 1000);
    expect(ids(await instance.tick())).toEqual([`${databaseId}-storage-${NOVEMBER}-2`]);
  });

  it("watches only the metrics with a threshold", async () => {
    const instance = await deployed(0.4, 1000, { operationsThreshold: 10 });
    reply(500, 5);
    expect(await instance.tick()).toEqual([]);
    expect(instance.db.get("usage")).toMatchObject({ metrics: { operations: { above: false } } });
    expect((instance.db.get("usage") as { metrics: object }).metrics).not.toHaveProperty("storage");
  });

  it("emits nothing after a failed run, then the crossing once; nothing twice after a restart", async () => {
    const instance = await deployed();

    api().get(path).reply(404, errorBody("resource-not-found", "Database not found"));
    await expect(instance.tick()).rejects.toMatchObject({ status: 404 });
    expect(instance.emitted).toEqual([]);

    reply(3, 1000);
    expect(ids(await instance.tick())).toEqual([`${databaseId}-storage-${NOVEMBER}-1`]);
    const restarted = sourceWith(source, { databaseId, storageGibThreshold: "1", operationsThreshold: 50_000 }, instance.db);
    reply(3, 1000);
    expect(await restarted.tick()).toEqual([]);
    expectNoSecrets(instance.emitted);
  });

  it("on a redeploy with the same props keeps its state and emits a crossing since", async () => {
    const instance = await deployed();
    reply(1.5, 1000);
    const redeployed = sourceWith(source, { databaseId, storageGibThreshold: "1", operationsThreshold: 50_000 }, instance.db);
    expect(ids(await redeployed.deploy())).toEqual([`${databaseId}-storage-${NOVEMBER}-1`]);
  });

  it("starts afresh, quietly, when redeployed with another threshold", async () => {
    const instance = await deployed();
    reply(1.5, 1000);
    const redeployed = sourceWith(source, { databaseId, storageGibThreshold: "1.2" }, instance.db);
    expect(await redeployed.deploy()).toEqual([]);
    expect(instance.db.get("usage")).toMatchObject({ scope: `usage database=${databaseId} storage>1.2 operations>-` });
  });

  it("needs at least one valid threshold, checked before any request", async () => {
    const deploy = (props: Record<string, unknown>) => sourceWith(source, { databaseId, ...props }).deploy();
    await expect(deploy({})).rejects.toThrow("Set at least one threshold: Storage Threshold (GiB), Operations Threshold, or both.");
    await expect(deploy({ storageGibThreshold: "", operationsThreshold: "" })).rejects.toThrow(/Set at least one threshold/);
    for (const bad of ["abc", "1e3", "-1", "0", "Infinity", "0x10"]) {
      await expect(deploy({ storageGibThreshold: bad }), bad).rejects.toThrow(`Storage Threshold (GiB) must be a number greater than 0, such as 0.5 or 10; got "${bad}".`);
    }
    await expect(deploy({ operationsThreshold: 0 })).rejects.toThrow(/Operations Threshold must be a whole number from 1/);
    await expect(sourceWith(source, { storageGibThreshold: "1" }).deploy()).rejects.toThrow(/Database ID is required/);
  });
});
