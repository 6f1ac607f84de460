import { MAX_BACKUPS } from "../../common/constants";
import { backupsNewestFirst } from "../../common/options";
import { redactSecrets } from "../../common/redaction";
import type { Backup } from "../../common/types";
import {
  checkBoolean, checkId,
} from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";
import {
  HISTORY_SIZE,
  databaseDropdownProject,
  definePollingSource,
  emitMethods,
  pollingProps,
  summaryOf,
  timeOf,
  type Emission,
} from "../common/base";
import {
  isBackupState, settledBackups, type BackupState,
} from "../common/backups";
import { formatBytes } from "../common/events";
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
  hooks: {
    async deploy() {
      await this._pollBackups(this._knownState(), HISTORY_SIZE);
    },
  },
  methods: {
    ...emitMethods,
    _getBackupState(): BackupState | undefined {
      const value = this.db.get(STATE_KEY);
      return isBackupState(value)
        ? value
        : undefined;
    },
    _setBackupState(state: BackupState): void {
      this.db.set(STATE_KEY, state);
    },
    _databaseId(): string {
      return checkId("database", this.databaseId);
    },
    /** The state of this database, or null: the props changed, or the source is new. */
    _knownState(): BackupState | null {
      const state = this._getBackupState();
      return state?.scope === this._databaseId()
        ? state
        : null;
    },
    /**
     * Emits the backups settled since `known`. Without `known` (a new deploy, or the database
     * changed) it records the backups there are and emits only the `history` most recent.
     */
    async _pollBackups(known: BackupState | null, history: number): Promise<void> {
      const databaseId = this._databaseId();
      const includeFailed = checkBoolean(this.includeFailed, "Include Failed Backups");
      const prisma: PrismaApp = this.app;
      // Newest first, one page of up to 100: new backups are always at the top of it.
      const { data } = await prisma.listBackups({
        databaseId,
        params: {
          limit: MAX_BACKUPS,
        },
      });
      const {
        emit, state,
      } = settledBackups(known, databaseId, backupsNewestFirst(data), (backup) => backup.status === "completed" || (includeFailed && backup.status === "failed"));
      const events = known
        ? emit
        : history > 0
          ? emit.slice(-history)
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
          ...redactSecrets(backup),
          databaseId,
        },
        meta: {
          id: backup.id,
          summary: summaryOf(`Backup ${backup.id} of database ${databaseId} ${backup.status} (${backup.backupType}${size})`),
          ts: timeOf(backup.createdAt),
        },
      };
    },
  },
  async run() {
    await this._pollBackups(this._knownState(), 0);
  },
  sampleEmit,
});
