import { describe, expect, it } from "vitest";
import source from "../../sources/new-backup/new-backup";
import { backup } from "../fixtures";
import { api, errorBody } from "../harness";
import { expectNoSecrets, ids, sourceWith } from "./helpers";

const databaseId = "db_corders000001";
const path = `/v1/databases/${databaseId}/backups`;
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 3, 0, 0)).toISOString();
const backupOn = (n: number, extra = {}) => backup(`bkp-${String(n).padStart(2, "0")}`, day(n), { size: 2 * 1024 * 1024, ...extra });
/** Newest first, as the API lists them. */
const list = (...backups: ReturnType<typeof backup>[]) => ({
  data: [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  meta: { backupRetentionDays: 30 },
  pagination: { hasMore: false, limit: 100 },
});
const completed = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => backupOn(from + i));

function reply(...backups: ReturnType<typeof backup>[]) {
  api().get(path).query({ limit: "100" }).reply(200, list(...backups));
}

async function deployed(props: Record<string, unknown> = {}) {
  // Days 1..12 completed, day 13 failed, day 14 still running.
  reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14, { status: "running" }));
  const instance = sourceWith(source, { databaseId, ...props });
  const history = await instance.deploy();
  return { instance, history };
}

describe("new-backup", () => {
  it("on deploy emits the 10 most recent completed backups, oldest first, with the database ID", async () => {
    const { instance, history } = await deployed();

    expect(ids(history)).toEqual(completed(3, 12).map((b) => b.id));
    expect(history[9]).toEqual({
      event: { ...backupOn(12), databaseId },
      meta: { id: "bkp-12", summary: `Backup bkp-12 of database ${databaseId} completed (full, 2.0 MB)`, ts: Date.parse(day(12)) },
    });
    // The oldest backup still running bounds the state; nothing past it was dealt with yet.
    expect(instance.db.get("backups")).toEqual({ scope: databaseId, createdAt: day(14), ids: [] });
  });

  it("sends one request per run and emits nothing while no backup settles", async () => {
    const { instance } = await deployed();

    reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14, { status: "running" }), backupOn(15, { status: "unknown" }));
    expect(await instance.tick()).toEqual([]);
  });

  it("emits a backup once it has completed, however many runs that takes, and each new one once", async () => {
    const { instance } = await deployed();

    reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14, { status: "running" }), backupOn(15));
    expect(ids(await instance.tick())).toEqual(["bkp-15"]);

    reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14), backupOn(15), backupOn(16));
    const emitted = await instance.tick();
    expect(emitted.map((e) => e.meta)).toEqual([
      { id: "bkp-14", summary: `Backup bkp-14 of database ${databaseId} completed (full, 2.0 MB)`, ts: Date.parse(day(14)) },
      { id: "bkp-16", summary: `Backup bkp-16 of database ${databaseId} completed (full, 2.0 MB)`, ts: Date.parse(day(16)) },
    ]);
    expect(instance.db.get("backups")).toEqual({ scope: databaseId, createdAt: day(16), ids: ["bkp-16"] });

    const restarted = sourceWith(source, { databaseId }, instance.db);
    reply(...completed(2, 12), backupOn(13, { status: "failed" }), backupOn(14), backupOn(15), backupOn(16));
    expect(await restarted.tick()).toEqual([]);
  });

  it("on a redeploy with the same db emits only backups settled since, not the history again", async () => {
    const { instance } = await deployed();
    reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14));
    expect(ids(await sourceWith(source, { databaseId }, instance.db).deploy())).toEqual(["bkp-14"]);
  });

  it("skips failed backups unless Include Failed Backups is on", async () => {
    const { instance } = await deployed();
    reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14, { status: "failed" }));
    expect(await instance.tick()).toEqual([]);

    const { instance: withFailed, history } = await deployed({ includeFailed: true });
    expect(ids(history)).toEqual([...completed(4, 12).map((b) => b.id), "bkp-13"]);
    reply(...completed(1, 12), backupOn(13, { status: "failed" }), backupOn(14, { status: "failed" }));
    const emitted = await withFailed.tick();
    expect(emitted.map((e) => e.meta.summary)).toEqual([`Backup bkp-14 of database ${databaseId} failed (full, 2.0 MB)`]);
  });

  it("emits oldest first even when the API lists backups out of order", async () => {
    const { instance } = await deployed();
    api().get(path).query({ limit: "100" }).reply(200, {
      ...list(), data: [backupOn(15), backupOn(14), backupOn(17), backupOn(16), ...completed(1, 12)],
    });
    expect(ids(await instance.tick())).toEqual(["bkp-14", "bkp-15", "bkp-16", "bkp-17"]);
  });

  it("emits nothing after a failed run, then each backup once", async () => {
    const { instance } = await deployed();

    api().get(path).query({ limit: "100" }).reply(404, errorBody("resource-not-found", "Database not found"));
    await expect(instance.tick()).rejects.toMatchObject({ status: 404 });

    reply(...completed(1, 12), backupOn(14), backupOn(15));
    expect(ids(await instance.tick())).toEqual(["bkp-14", "bkp-15"]);
    expect(instance.emitted).toHaveLength(12);
    expectNoSecrets(instance.emitted);
  });

  it("keeps the state within the listed backups when one stays running for days", async () => {
    const { instance } = await deployed();
    reply(...completed(1, 12), backupOn(14, { status: "running" }), ...completed(15, 40));
    expect(await instance.tick()).toHaveLength(26);
    const state = instance.db.get("backups") as { createdAt: string; ids: string[] };
    expect(state.createdAt).toBe(day(14));
    expect(state.ids).toHaveLength(26);

    // Once it drops out of the list (retention), the state shrinks back to the newest.
    reply(...completed(15, 41));
    expect(ids(await instance.tick())).toEqual(["bkp-41"]);
    expect(instance.db.get("backups")).toEqual({ scope: databaseId, createdAt: day(41), ids: ["bkp-41"] });
  });

  it("refuses an invalid database ID or Include Failed Backups value before any request", async () => {
    await expect(sourceWith(source, {}).deploy()).rejects.toThrow(/Database ID is required/);
    await expect(sourceWith(source, { databaseId, includeFailed: "sometimes" }).deploy()).rejects.toThrow(/Include Failed Backups must be true or false/);
  });
});
