import { defineAction } from "../../common/define-action";
import { readiness } from "../../flows/provisioning-database";
import { waitAcrossReruns } from "../../flows/waiting";
import {
  checkBackupId, checkConfirmation, checkId, checkMaxWaitSeconds, checkOptionalId,
} from "../../common/validation";
import { WAIT } from "../../common/constants";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-restore-backup-in-place",
  name: "Restore Backup in Place",
  description: "Overwrites all data in an existing Prisma Postgres database (`databaseId`, the target) with a backup (`backupId`), then waits until the database is ready again. Everything written to the target since that backup was taken is lost and cannot be recovered. Connections and credentials are kept, so applications reconnect with the same connection strings. The backup can be one of the target's own (the default) or of another database (`sourceDatabaseId`). The safe alternative, which changes nothing existing, is **Restore Backup to New Database**. Pick a `completed` backup from **List Backups**, and type the target database ID again in `confirm` to go ahead. The wait lasts up to `maxWaitSeconds`; after a restore not finished by then, **Get Database** shows when the database is ready. Returns `databaseId`, `databaseName`, `status`, `ready`, `waitError`, `sourceDatabaseId`, `backupId` and the `database`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/post-databases-by-target-database-id-restore)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: true,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
      label: "Target Database",
      description: "The database whose data is overwritten. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
    },
    sourceDatabaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
      label: "Source Database",
      optional: true,
      description: "The database the backup belongs to, if not the target: it also fills the `backupId` dropdown. Leave empty to restore one of the target database's own backups.",
    },
    backupId: {
      propDefinition: [
        app,
        "backupId",
        (c: { databaseId?: string; sourceDatabaseId?: string }) => ({
          databaseId: c.sourceDatabaseId || c.databaseId,
        }),
      ],
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the target database ID again (e.g. `db_clx7abc123def456`) to confirm that all its current data should be overwritten by the backup.",
    },
    maxWaitSeconds: {
      propDefinition: [
        app,
        "maxWaitSeconds",
      ],
      // A restore keeps the database's connections: unlike a create, it returns no connection strings.
      description: `How long to wait for the restored database to be ready again, in seconds: 0 to ${WAIT.maxSeconds} (0: no wait). Leave empty for ${WAIT.defaultSecondsWithReruns} s in a deployed workflow (the step suspends itself between checks) or ${WAIT.defaultSecondsInStep} s in a one-call run (Pipedream Connect, a builder test). Not ready in time is not an error: the step returns \`ready: false\` and \`waitError\` saying why. The database's connection strings do not change.`,
    },
  },
  async run({ $ }) {
    return waitAcrossReruns(this.app, $, {
      inputs: () => {
        const targetDatabaseId = checkId("database", this.databaseId, "Target Database ID");
        const sourceDatabaseId = checkOptionalId("database", this.sourceDatabaseId, "Source Database ID") ?? targetDatabaseId;
        const backupId = checkBackupId(this.backupId);
        const maxWaitSeconds = checkMaxWaitSeconds(this.maxWaitSeconds);
        checkConfirmation(this.confirm, targetDatabaseId, `overwrite all data in database ${targetDatabaseId} with backup ${backupId}`, "To keep the current data, use **Restore Backup to New Database** instead: it restores the backup into a new database.");
        return {
          targetDatabaseId,
          sourceDatabaseId,
          backupId,
          maxWaitSeconds,
        };
      },
      start: async ({
        targetDatabaseId, sourceDatabaseId, backupId,
      }) => {
        const restoring = await this.app.restoreDatabase({
          $,
          targetDatabaseId,
          data: {
            source: {
              type: "backup",
              databaseId: sourceDatabaseId,
              backupId,
            },
          },
        });
        return {
          state: {
            databaseId: restoring.id,
            databaseName: restoring.name,
            database: restoring,
          },
          databases: [
            {
              id: restoring.id,
              status: restoring.status,
              justCreated: false,
              restoring: true,
            },
          ],
        };
      },
      finish: async (restored, waits, {
        sourceDatabaseId, backupId,
      }) => {
        const wait = waits[restored.databaseId];
        return {
          databaseId: restored.databaseId,
          databaseName: restored.databaseName,
          status: wait.status,
          ready: wait.ready,
          waitError: wait.error,
          sourceDatabaseId,
          backupId,
          polls: wait.polls,
          database: {
            ...restored.database,
            status: wait.status,
          },
        };
      },
      summary: (restored, {
        targetDatabaseId, sourceDatabaseId, backupId,
      }) => {
        const from = `backup ${backupId}${sourceDatabaseId === targetDatabaseId
          ? ""
          : ` of database ${sourceDatabaseId}`}`;
        return restored.ready
          ? `Restored database ${restored.databaseId} from ${from}; it is ready`
          : `Started restoring database ${restored.databaseId} from ${from}; ${readiness(restored)}`;
      },
    });
  },
});
