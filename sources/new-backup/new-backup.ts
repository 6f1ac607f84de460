import { MAX_BACKUPS } from "../../common/constants";
import { backupsNewestFirst } from "../../common/options";
import type { Backup } from "../../common/types";
import {
  checkBoolean, checkId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";
import {
  HISTORY_SIZE,
  databaseDropdownProject,
  definePollingSource,
  pollingProps,
  timeOf,
  triggerMethods,
  validState,
  type CheckRun,
  type Emission,
} from "../common/base";
import {
  isBackupState, settledBackups, type BackupState,
} from "../common/backups";
import { formatBytes } from "../common/events";
import { isCreated } from "../common/watermark";
import sampleEmit from "./test-event";

const STATE_KEY = "backups";

export default definePollingSource({
  key: "prisma_management_api-new-backup",
  name: "New Backup",
  description: "Emit new event for each backup of a Prisma Postgres database (`databaseId`) once it has completed (and, with `includeFailed`, each one that failed). Prisma takes backups itself, about once a day on days with activity. Each event carries the backup's ID, type, creation time, size and status, and the database ID: what **Restore Backup to New Database** needs. On deploy it emits the 10 most recent backups. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/database-backups/get-databases-by-database-id-backups)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
    projectId: databaseDropdownProject,
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
      description: "The database whose backups to watch. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
    },
    includeFailed: {
      type: "boolean",
      label: "Include Failed Backups",
      description: "Also emit an event for each backup that failed, with status `failed`, so a failing backup does not go unnoticed.",
      optional: true,
      default: false,
    },
  },
  methods: {
    ...triggerMethods,
    _getBackupState(): BackupState | null {
      return validState(this.db.get(STATE_KEY), isBackupState);
    },
    _setBackupState(state: BackupState): void {
      this.db.set(STATE_KEY, state);
    },
    /**
     * Emits the backups settled since the last run. Without a state of this database (a new
     * deploy, the database changed, or a state that does not validate) it records the backups
     * there are and emits only the HISTORY_SIZE most recent on deploy, none otherwise.
     */
    async check({
      app, $, deploying,
    }: CheckRun): Promise<void> {
      const databaseId = checkId("database", this.databaseId);
      const includeFailed = checkBoolean(this.includeFailed, "Include Failed Backups");
      const stored = this._getBackupState();
      const known = stored?.scope === databaseId
        ? stored
        : null;
      // Newest first, one page of up to 100: new backups are always at the top of it.
      const { data } = await app.listBackups({
        $,
        databaseId,
        params: {
          limit: MAX_BACKUPS,
        },
      });
      const {
        emit, state,
      } = settledBackups(known, databaseId, backupsNewestFirst(data.filter(isCreated)), (backup) => backup.status === "completed" || (includeFailed && backup.status === "failed"));
      const events = known
        ? emit
        : deploying
          ? emit.slice(-HISTORY_SIZE)
          : [];
      this._emitAll(events.map((backup) => this._emissionOf(backup, databaseId)));
      this._setBackupState(state);
    },
    _emissionOf(backup: Backup, databaseId: string): Emission {
      const size = typeof backup.size === "number"
        ? `, ${formatBytes(backup.size)}`
        : "";
      return {
        event: {
          ...backup,
          databaseId,
        },
        meta: {
          id: backup.id,
          summary: `Backup ${backup.id} of database ${databaseId} ${backup.status} (${backup.backupType}${size})`,
          ts: timeOf(backup.createdAt),
        },
      };
    },
  },
  sampleEmit,
});
