import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/restore-backup-in-place/restore-backup-in-place";
import { SECRETS, database } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";

const targetId = "db_corders000001";
const otherId = "db_cstaging00001";
const backupId = "bkp_c2026110300";
const path = `/v1/databases/${targetId}/restore`;
const props = { databaseId: targetId, backupId, confirm: targetId, maxWaitSeconds: 0 };

function restoring(sourceDatabaseId = targetId, status: "recovering" | "ready" = "recovering") {
  return { data: database(targetId, { status, source: { type: "backup", databaseId: sourceDatabaseId, backupId } }) };
}

describe("restore-backup-in-place", () => {
  afterEach(() => vi.useRealTimers());

  it("restores one of the target's own backups when no source is given", async () => {
    api().post(path, { source: { type: "backup", databaseId: targetId, backupId } }).reply(200, restoring());

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toMatchObject({
      databaseId: targetId,
      databaseName: "orders",
      status: "recovering",
      sourceDatabaseId: targetId,
      backupId,
      polls: 0,
    });
    expect(result.database).toMatchObject({ id: targetId, source: { type: "backup", databaseId: targetId, backupId } });
    expect(summary).toBe(`Started restoring database ${targetId} from backup ${backupId}; status recovering`);
    for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
  });

  it("restores a backup of another database into the target", async () => {
    api().post(path, { source: { type: "backup", databaseId: otherId, backupId } }).reply(200, restoring(otherId, "ready"));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, sourceDatabaseId: otherId });

    expect(result).toMatchObject({ databaseId: targetId, sourceDatabaseId: otherId, status: "ready", polls: 0 });
    expect(summary).toBe(`Restored database ${targetId} from backup ${backupId} of database ${otherId}; it is ready`);
  });

  it("lists the backups of the source database, or of the target when no source is chosen", () => {
    const backupProp = action.props?.backupId as unknown as { propDefinition: [unknown, string, (c: object) => object] };
    const [, name, args] = backupProp.propDefinition;
    expect(name).toBe("backupId");
    expect(args({ databaseId: targetId })).toEqual({ databaseId: targetId });
    expect(args({ databaseId: targetId, sourceDatabaseId: otherId })).toEqual({ databaseId: otherId });
  });

  it("names the safe alternative in its description and is marked destructive", () => {
    expect(action.description).toContain("**Restore Backup to New Database**");
    expect(action.description).toMatch(/Everything written to the target since that backup was taken is lost/);
    expect(action.description).toMatch(/Connections and credentials are kept/);
    expect(action.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });

  describe("waiting until ready", () => {
    beforeEach(() => useFakeClock());

    it("polls the target until the restore is done", async () => {
      api().post(path, { source: { type: "backup", databaseId: targetId, backupId } }).reply(200, restoring());
      api().get(`/v1/databases/${targetId}`).times(2).reply(200, { data: database(targetId, { status: "recovering" }) });
      api().get(`/v1/databases/${targetId}`).reply(200, { data: database(targetId, { status: "ready" }) });

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toMatchObject({ databaseId: targetId, status: "ready", polls: 3 });
      expect(summary).toBe(`Restored database ${targetId} from backup ${backupId}; it is ready`);
      for (const secret of SECRETS) expect(everything(result, exports)).not.toContain(secret);
    });

    it("ends with an error naming the database when the restore fails", async () => {
      api().post(path).reply(200, restoring());
      api().get(`/v1/databases/${targetId}`).reply(200, { data: database(targetId, { status: "failure" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 60 }));

      expect(error.message).toContain(`Database ${targetId} failed to become ready (status "failure")`);
    });

    it("names the database, its last status and that it exists when time runs out", async () => {
      api().post(path).reply(200, restoring());
      api().get(`/v1/databases/${targetId}`).times(4).reply(200, { data: database(targetId, { status: "recovering" }) });

      const error = await settle(runActionError(action, { ...props, maxWaitSeconds: 5 }));

      expect(error.message).toContain(`Database ${targetId} is still "recovering" after 5 s. It exists`);
    });

    it("makes no poll when Max Wait Seconds is 0", async () => {
      api().post(path).reply(200, restoring());
      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 0 }));
      expect(result).toMatchObject({ status: "recovering", polls: 0 });
    });
  });

  it("explains the 409 for a target that is provisioning or restoring", async () => {
    api().post(path).reply(409, errorBody("conflict", "Database is currently recovering", "Wait for the current operation to finish"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 409 (conflict): Database is currently recovering Hint: Wait for the current operation to finish");
    expect(error.message).toContain("still provisioning or already restoring");
    expect(error.message).toContain("**Get Database**");
    expect(everything(error)).not.toContain(TOKEN);
  });

  it("explains the 422 for an unusable backup", async () => {
    api().post(path).reply(422, errorBody("validation-error", "Backup is not usable"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 422 (validation-error): Backup is not usable");
    expect(error.message).toContain("Pick a completed backup from **List Backups**");
  });

  it.each([undefined, "", otherId, "yes", backupId])("makes no request when confirm is %j", async (confirm) => {
    const error = await runActionError(action, { ...props, confirm });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${targetId}"`);
  });

  it("asks for the target's ID, not the source's, in Confirm", async () => {
    const error = await runActionError(action, { ...props, sourceDatabaseId: otherId, confirm: otherId });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toContain(`set Confirm to exactly "${targetId}"`);
  });

  it.each([
    [{ databaseId: undefined }, /Target Database ID is required/],
    [{ databaseId: "db-1", confirm: "db-1" }, /Target Database ID "db-1" is not a valid Prisma database ID/],
    [{ sourceDatabaseId: "db 2" }, /Source Database ID "db 2" is not a valid Prisma database ID/],
    [{ backupId: "" }, /Backup ID is required/],
    [{ backupId: " \t" }, /Backup ID is required/],
    [{ maxWaitSeconds: 700 }, /Max Wait Seconds must be a whole number from 0 to 600/],
  ])("rejects %j before any request", async (bad, message) => {
    const error = await runActionError(action, { ...props, ...bad });
    expect(error.name).toBe("ConfigurationError");
    expect(error.message).toMatch(message);
  });
});
