import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/delete-stale-databases/delete-stale-databases";
import { database, page } from "../fixtures";
import { api, errorBody, runAction, runActionError, settle, useFakeClock } from "../harness";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW - h * 3600_000).toISOString();
const databases = [
  database("db_cdefault00001", { name: "pr-default", isDefault: true, createdAt: hoursAgo(500) }),
  database("db_cpr10000000001", { name: "pr-101", isDefault: false, createdAt: hoursAgo(100) }),
  database("db_cpr20000000001", { name: "pr-102", isDefault: false, createdAt: hoursAgo(10) }),
  database("db_cmain000000001", { name: "main", isDefault: false, createdAt: hoursAgo(900) }),
  database("db_cpr30000000001", { name: "pr-103", isDefault: false, createdAt: hoursAgo(80) }),
];

describe("delete-stale-databases", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: NOW }));
  afterEach(() => vi.useRealTimers());

  function listing(projectId?: string) {
    const query = projectId ? { projectId, limit: "100" } : { limit: "100" };
    api().get("/v1/databases").query(query).reply(200, page(databases.slice(0, 3), "c2"));
    api().get("/v1/databases").query({ ...query, cursor: "c2" }).reply(200, page(databases.slice(3)));
  }

  it("dry run (the default) reports the matches and deletes nothing", async () => {
    listing("proj_corders00001");
    const { result, summary } = await runAction<{ matched: { databaseId: string }[]; deleted: unknown[] }>(action, {
      projectId: "proj_corders00001", namePattern: "pr-", olderThanHours: 72,
    });
    expect(result.matched.map((d) => d.databaseId)).toEqual(["db_cpr10000000001", "db_cpr30000000001"]);
    expect(result.deleted).toEqual([]);
    // The three kept: one too young, one by its name, one the default database.
    expect(result).toMatchObject({ kept: { defaultDatabase: 1, nameNotMatching: 1, notOlderThanCutoff: 1 } });
    expect(summary).toBe("Dry run: 2 of 5 databases would be deleted: pr-101, pr-103; " +
      "kept 3: 1 created in the last 72 hours, 1 not matching the name pattern, 1 default database");
  });

  it("with olderThanHours 0 takes every match, one created in the step's own millisecond too", async () => {
    const justMade = database("db_cpr40000000001", { name: "pr-104", isDefault: false, createdAt: new Date(NOW).toISOString() });
    api().get("/v1/databases").query({ projectId: "proj_corders00001", limit: "100" }).reply(200, page([...databases, justMade]));
    const { result } = await runAction<{ matched: { databaseId: string }[] }>(action, {
      projectId: "proj_corders00001", namePattern: "pr-", olderThanHours: 0,
    });
    expect(result.matched.map((d) => d.databaseId)).toEqual(["db_cpr10000000001", "db_cpr20000000001", "db_cpr30000000001", "db_cpr40000000001"]);
    expect(result).toMatchObject({ kept: { defaultDatabase: 1, nameNotMatching: 1, notOlderThanCutoff: 0 }, unconfirmed: [] });
  });

  it("deletes the matches across all projects when confirmed, never the default database", async () => {
    listing();
    api().delete("/v1/databases/db_cpr10000000001").reply(204);
    api().delete("/v1/databases/db_cpr30000000001").reply(404, errorBody("resource-not-found", "database not found"));
    const { result, summary } = await runAction<{ deleted: { databaseId: string }[]; failed: { databaseId: string; error: string }[] }>(action, {
      namePattern: "/^pr-\\d+$/", olderThanHours: 72, dryRun: false, confirm: "DELETE",
    });
    expect(result.deleted.map((d) => d.databaseId)).toEqual(["db_cpr10000000001"]);
    expect(result.failed).toEqual([expect.objectContaining({ databaseId: "db_cpr30000000001", error: expect.stringContaining("404") })]);
    expect(summary).toBe("Deleted 1 stale database; 1 failed; kept 3: 1 created in the last 72 hours, 1 not matching the name pattern, 1 default database");
  });

  it("refuses a pattern that runs for ages on a name, after the list and before any delete", async () => {
    const slow = database("db_cslow00000001", { name: `${"a".repeat(60)}!`, isDefault: false, createdAt: hoursAgo(100) });
    const listed = api().get("/v1/databases").query({ projectId: "proj_corders00001", limit: "100" }).reply(200, page([...databases, slow]));
    const error = await runActionError(action, {
      projectId: "proj_corders00001", namePattern: "/^(a+)+$/", olderThanHours: 72, dryRun: false, confirm: "DELETE",
    });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(/^Name Pattern \/\^\(a\+\)\+\$\/ took longer than 1 s to test against 6 names, so it was stopped\./);
    // The list was read; no DELETE was sent (nock refuses any request it was not given).
    expect(listed.isDone()).toBe(true);
  });

  it.each([undefined, "", "delete", "yes"])("without confirm %j it makes no request", async (confirm) => {
    const error = await runActionError(action, { namePattern: "pr-", olderThanHours: 72, dryRun: false, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain('set Confirm to exactly "DELETE"');
  });

  it.each([
    [{ namePattern: "" }, /Name Pattern is required/],
    [{ namePattern: "/[unclosed/" }, /not a valid regular expression/],
    [{ olderThanHours: -1 }, /Older Than Hours must be a whole number/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { namePattern: "pr-", olderThanHours: 72, ...bad });
    expect(error.message).toMatch(message);
  });

  it("deletes what fits in Prisma's 30 requests a minute and leaves the rest, unsent, for the next run", async () => {
    vi.useRealTimers();
    useFakeClock();
    vi.setSystemTime(NOW);
    const many = Array.from({ length: 35 }, (_, i) => database(`db_cstale${String(i).padStart(6, "0")}`, {
      name: `pr-${i}`, isDefault: false, createdAt: hoursAgo(100),
    }));
    api().get("/v1/databases").query({ limit: "100" }).reply(200, page(many));
    // The list took one slot of the minute: 29 deletes go, the 30th slot frees only in 60 s, past the run's 25 s.
    for (const d of many.slice(0, 29)) api().delete(`/v1/databases/${d.id}`).reply(204);

    const { result, summary } = await settle(runAction<{ deleted: unknown[]; failed: unknown[]; notAttempted: { databaseId: string }[] }>(action, {
      namePattern: "pr-", olderThanHours: 72, dryRun: false, confirm: "DELETE",
    }));

    expect(result.deleted).toHaveLength(29);
    expect(result.failed).toEqual([]);
    expect(result.notAttempted.map((d) => d.databaseId)).toEqual(many.slice(29).map((d) => d.id));
    expect(summary).toBe("Deleted 29 stale databases; 6 left for the next run (Prisma allows about 30 requests a minute; run the step again to continue)");
    expect(Date.now() - NOW).toBeLessThan(25_000);
  });
});
