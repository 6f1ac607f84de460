import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import action from "../../actions/restore-backup-in-place/restore-backup-in-place";
import { DIRECT_URL, SECRETS, SECRET_PASSWORD, database, networkError } from "../fixtures";
import { TOKEN, api, errorBody, everything, runAction, runActionError, settle, useFakeClock } from "../harness";
import { answerPolls, passingFailure, passingFailureReason, resumeInWorkflow, runInWorkflow } from "../workflow";

const targetId = "db_corders000001";
const otherId = "db_cstaging00001";
const backupId = "bkp_c2026110300";
const path = `/v1/databases/${targetId}/restore`;
const props = { databaseId: targetId, backupId, confirm: targetId, maxWaitSeconds: 0 };
const ownBackup = { source: { type: "backup", databaseId: targetId, backupId } };
const START = Date.parse("2026-11-01T10:00:00.000Z");

function restoring(sourceDatabaseId = targetId, status: "recovering" | "ready" = "recovering") {
  return { data: database(targetId, { status, source: { type: "backup", databaseId: sourceDatabaseId, backupId } }) };
}

/** The result of a restore of the target's own backup. */
function outcome(extra: Record<string, unknown> = {}) {
  return {
    databaseId: targetId, databaseName: "orders", status: "ready", ready: true, waitError: null,
    sourceDatabaseId: targetId, backupId, polls: 0,
    database: expect.objectContaining({ id: targetId, status: extra.status ?? "ready", source: ownBackup.source }),
    ...extra,
  };
}

const startedSummary = (readiness: string) => `Started restoring database ${targetId} from backup ${backupId}; ${readiness}`;
const restoredSummary = `Restored database ${targetId} from backup ${backupId}; it is ready`;
// The database existed before the restore: nothing tells to create it again or delete it.
const stillRecovering = (seconds: number, lastCheck?: string) =>
  `Database ${targetId} is still "recovering" at the end of its ${seconds} s wait: the restore goes on at Prisma. Check it with **Get Database** before using it; do not restore again.` +
  (lastCheck ? ` The last check failed (${lastCheck}).` : "");
const checkFailed = (reason: string) =>
  `Database ${targetId} is restoring, but checking whether it is done failed (${reason}). Check it with **Get Database** before using it; do not restore again.`;
const notFound = (id: string, reason: string) =>
  `Database ${id} was not found when checked (${reason}): it may have been deleted since. Check with **List Databases** whether it is still there before creating or restoring it again.`;

describe("restore-backup-in-place", () => {
  afterEach(() => vi.useRealTimers());

  it("restores one of the target's own backups when no source is given, returning ready: false without a wait", async () => {
    api().post(path, ownBackup).reply(200, restoring());

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    expect(result).toEqual(outcome({
      status: "recovering", ready: false,
      waitError: `Database ${targetId} is "recovering": the step did not wait (Max Wait Seconds is 0). Check it with **Get Database** before using it.`,
    }));
    expect(summary).toBe(startedSummary("status recovering, not ready (see `waitError`)"));
    for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
  });

  it("restores a backup of another database into the target", async () => {
    api().post(path, { source: { type: "backup", databaseId: otherId, backupId } }).reply(200, restoring(otherId, "ready"));

    const { result, summary } = await runAction<Record<string, unknown>>(action, { ...props, sourceDatabaseId: otherId });

    expect(result).toMatchObject({ databaseId: targetId, sourceDatabaseId: otherId, status: "ready", ready: true, waitError: null, polls: 0 });
    expect(summary).toBe(`Restored database ${targetId} from backup ${backupId} of database ${otherId}; it is ready`);
  });

  it("masks a connection URL held in the database's name, in the result and the summary", async () => {
    const name = `orders ${DIRECT_URL}`;
    api().post(path, ownBackup).reply(200, { data: database(targetId, { name, status: "ready", source: { type: "backup", databaseId: targetId, backupId } }) });

    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, props);

    const masked = `orders ${DIRECT_URL.replace(SECRET_PASSWORD, "[redacted]")}`;
    expect(result).toEqual(outcome({ databaseName: masked, database: expect.objectContaining({ id: targetId, name: masked }) }));
    expect(summary).toBe(restoredSummary);
    // Nothing is minted here: no secret anywhere in the output.
    for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
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

  it("sends the restore once when its answer is lost, and says how to check whether it started", async () => {
    api().post(path, ownBackup).replyWithError(networkError("ECONNRESET", "socket hang up"));

    const error = await runActionError(action, props);

    expect(error.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
    expect(error.message).toContain("The restore may have started. Check the target database with **Get Database** (status `recovering`) before restoring again.");
    expect(everything(error)).not.toContain(TOKEN);
  });

  describe("waiting until ready", () => {
    beforeEach(() => {
      useFakeClock();
      vi.setSystemTime(START);
    });

    it("polls the target 2.5 s after the restore, then every 5 s, until it goes from recovering to ready", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      const at = answerPolls(targetId, ["recovering", "recovering", "ready"], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(at).toEqual([2500, 7500, 12_500]);
      expect(result).toEqual(outcome({ polls: 3 }));
      expect(summary).toBe(restoredSummary);
      for (const secret of [...SECRETS, TOKEN]) expect(everything(result, exports)).not.toContain(secret);
    });

    it("returns ready: false, without throwing, when Max Wait Seconds runs out", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      const at = answerPolls(targetId, ["recovering"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 5 }));

      // No second poll at 3 s, only 0.5 s after the first.
      expect(at).toEqual([2500]);
      expect(result).toEqual(outcome({ status: "recovering", ready: false, polls: 1, waitError: stillRecovering(5) }));
      expect(summary).toBe(startedSummary("status recovering, not ready (see `waitError`)"));
    });

    it("keeps waiting after a poll answered 503, and notes it when the wait ends on it", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      const at = answerPolls(targetId, [passingFailure(503), "recovering", passingFailure(503)], START);

      const { result, summary, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 13 }));

      expect(at).toEqual([2500, 7500, 11_000]);
      expect(result).toEqual(outcome({ status: "recovering", ready: false, polls: 3, waitError: stillRecovering(13, passingFailureReason(503)) }));
      expect(summary).toBe(startedSummary("status recovering, not ready (see `waitError`)"));
      expect(everything(result, exports)).not.toContain(TOKEN);
    });

    it("waits 20 s by default where the step cannot suspend", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      const at = answerPolls(targetId, Array(4).fill("recovering"), START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }));

      expect(at).toEqual([2500, 7500, 12_500, 17_500]);
      expect(result).toEqual(outcome({ status: "recovering", ready: false, polls: 4, waitError: stillRecovering(20) }));
    });

    it("returns ready: false with a waitError when the restore ends in failure", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      answerPolls(targetId, ["failure"], START);

      const { result, summary } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "failure", ready: false, polls: 1,
        // Not "delete it": the restore overwrote an existing database.
        waitError: `Restoring database ${targetId} failed (status "failure"). Check it with **Get Database**; restore again from another backup, or contact Prisma support.`,
      }));
      expect(summary).toBe(startedSummary("status failure, not ready (see `waitError`)"));
    });

    it("returns ready: false with the poll's error when a poll fails for good", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      answerPolls(targetId, ["recovering", [401, errorBody("authentication-failed", "Invalid token")]], START);

      const { result, exports } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "recovering", ready: false, polls: 2,
        waitError: checkFailed("Prisma API error 401 (authentication-failed): Invalid token"),
      }));
      expect(everything(result, exports)).not.toContain(TOKEN);
    });

    it("reads a 404 on the target as an error at once: it existed before the restore", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      answerPolls(targetId, [[404, errorBody("resource-not-found", `database ${targetId} not found`)]], START);

      const { result } = await settle(runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 60 }));

      expect(result).toEqual(outcome({
        status: "recovering", ready: false, polls: 1,
        waitError: notFound(targetId, `Prisma API error 404 (resource-not-found): database ${targetId} not found`),
      }));
    });

    it("in a deployed workflow, suspends with $.flow.rerun after 10 s, then finishes on the rerun without restoring again", async () => {
      api().post(path, ownBackup).reply(200, restoring());
      const firstPolls = answerPolls(targetId, ["recovering", "recovering"], START);

      const first = await settle(runInWorkflow(action, { ...props, maxWaitSeconds: undefined }));

      expect(firstPolls).toEqual([2500, 7500]);
      expect(first.result).toEqual({ waiting: true, databaseIds: [targetId], resumesInSeconds: 10 });
      expect(first.summary).toBe(`Waiting for ${targetId} to become ready; the step resumes in 10 s`);
      expect(first.reruns).toEqual([{ delayMs: 10_000, context: expect.any(Object), maxReruns: 7 }]);

      vi.setSystemTime(Date.now() + first.reruns[0].delayMs);
      const secondPolls = answerPolls(targetId, ["ready"], Date.now());

      const second = await settle(resumeInWorkflow<Record<string, unknown>>(action, { ...props, maxWaitSeconds: undefined }, first));

      expect(secondPolls).toEqual([0]);
      expect(second.reruns).toEqual([]);
      expect(second.result).toEqual(outcome({ polls: 3 }));
      expect(second.summary).toBe(restoredSummary);
    });
  });

  it("explains the 409 for a target that is provisioning or restoring", async () => {
    api().post(path).reply(409, errorBody("conflict", "Database is currently recovering", "Wait for the current operation to finish"));
    const error = await runActionError(action, props);
    expect(error.message).toContain("Prisma API error 409 (conflict): Database is currently recovering. Hint: Wait for the current operation to finish.");
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

  it("has no projectId: a check could only come after the data was overwritten", () => {
    expect(Object.keys(action.props ?? {})).toEqual(["app", "databaseId", "sourceDatabaseId", "backupId", "confirm", "maxWaitSeconds"]);
    // The database dropdown is no longer narrowed by a project.
    expect((action.props?.databaseId as { propDefinition: unknown[] }).propDefinition).toHaveLength(2);
  });
});
