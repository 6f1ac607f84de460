import { describe, expect, it } from "vitest";
import action from "../../actions/list-backups/list-backups";
import { backup } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError } from "../harness";

const databaseId = "db_corders000001";
const path = `/v1/databases/${databaseId}/backups`;

function backupList(data: ReturnType<typeof backup>[], hasMore = false, retention = 7) {
  return { data, meta: { backupRetentionDays: retention }, pagination: { hasMore, limit: 100 } };
}

interface Listed {
  backups: { id: string; createdAt: string }[];
  backupRetentionDays: number;
  hasMore: boolean;
}

describe("list-backups", () => {
  it("asks for 100 backups (no cursor) and returns them newest first with the retention", async () => {
    api().get(path).query({ limit: "100" }).reply(200, backupList([
      backup("bkp_2", "2026-11-02T03:00:00.000Z"),
      backup("bkp_3", "2026-11-03T03:00:00.000Z", { backupType: "incremental", status: "running" }),
      backup("bkp_1", "2026-11-01T03:00:00.000Z"),
    ]));

    const { result, summary } = await runAction<Listed>(action, { databaseId });

    expect(result.backups.map((b) => b.id)).toEqual(["bkp_3", "bkp_2", "bkp_1"]);
    expect(result.backups[0]).toEqual(backup("bkp_3", "2026-11-03T03:00:00.000Z", { backupType: "incremental", status: "running" }));
    expect(result.backupRetentionDays).toBe(7);
    expect(result.hasMore).toBe(false);
    expect(Object.keys(result).sort()).toEqual(["backupRetentionDays", "backups", "hasMore"]);
    expect(summary).toBe(`Found 3 backups of database ${databaseId}; Prisma keeps backups for 7 days`);
  });

  it("honours Max Results as the limit and reports that more exist", async () => {
    api().get(path).query({ limit: "2" }).reply(200, {
      data: [backup("bkp_3", "2026-11-03T03:00:00.000Z"), backup("bkp_2", "2026-11-02T03:00:00.000Z")],
      meta: { backupRetentionDays: 30 },
      pagination: { hasMore: true, limit: 2 },
    });

    const { result, summary } = await runAction<Listed>(action, { databaseId, maxResults: 2 });

    expect(result).toMatchObject({ backupRetentionDays: 30, hasMore: true });
    expect(result.backups).toHaveLength(2);
    expect(summary).toBe(`Found 2 backups of database ${databaseId} (more exist); Prisma keeps backups for 30 days`);
  });

  it("says so when there are none yet", async () => {
    api().get(path).query({ limit: "100" }).reply(200, backupList([], false, 1));
    const { result, summary } = await runAction<Listed>(action, { databaseId });
    expect(result.backups).toEqual([]);
    expect(summary).toBe(`Found 0 backups of database ${databaseId}; Prisma keeps backups for 1 day`);
  });

  it("explains the 422 for remote databases in words", async () => {
    api().get(path).query({ limit: "100" }).reply(422, errorBody("validation-error", "Remote database backups are not supported"));
    const error = await runActionError(action, { databaseId });
    expect(error.message).toContain("Prisma API error 422 (validation-error): Remote database backups are not supported");
    expect(error.message).toContain("backups are not available for remote databases");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("surfaces the API's status, code, message and hint without the token", async () => {
    api().get(path).query({ limit: "100" })
      .reply(404, errorBody("resource-not-found", `database with id ${databaseId} not found`, "Check the database ID"));
    const error = await runActionError(action, { databaseId });
    expect(error.message).toContain(`Prisma API error 404 (resource-not-found): database with id ${databaseId} not found. Hint: Check the database ID.`);
    expect(everything(error)).not.toContain(TOKEN);
  });

  it.each([
    [{ maxResults: 0 }, /Max Results must be a whole number from 1 to 100/],
    [{ maxResults: 101 }, /Max Results must be a whole number from 1 to 100/],
    [{ maxResults: 2.5 }, /Max Results must be a whole number from 1 to 100/],
    [{ databaseId: "db-1" }, /Database ID "db-1" is not a valid Prisma database ID/],
    [{ databaseId: undefined }, /Database ID is required/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { databaseId, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });

  it("has no projectId: the backups Prisma answers name no project to check them against", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "maxResults"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
