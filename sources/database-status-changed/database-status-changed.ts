import type { Database } from "../../common/types";
import { checkOptionalId } from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";
import {
  definePollingSource, emitMethods, pollingProps, summaryOf, type Emission,
} from "../common/base";
import {
  DATABASE_STATUSES, checkStatuses,
} from "../common/checks";
import { databaseEvent } from "../common/events";
import {
  isStatusState, recordStatuses, statusChanges, type StatusChange, type StatusState,
} from "../common/statuses";
import sampleEmit from "./test-event";

const STATE_KEY = "statuses";

export default definePollingSource({
  key: "prisma_management_api-database-status-changed",
  name: "Database Status Changed",
  description: "Emit an event when a Prisma Postgres database changes status, once per change: `provisioning` to `ready`, `ready` to `recovering` during a restore, or to `failure`. Each event is the database as it is now, plus `previousStatus` (null for a database created since the last check, which starts as `provisioning`). Set `statuses` to hear only about changes into those, and `projectId` to watch one project. On deploy it records every database's status and emits nothing. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/get-databases)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
      optional: true,
      description: "Only databases of this project. Leave empty to watch every database of the workspace.",
    },
    statuses: {
      type: "string[]",
      label: "Statuses",
      description: "Only changes into these statuses, e.g. `ready` to know when a database can be used, or `failure` for alerts. Leave empty for every change.",
      options: [
        ...DATABASE_STATUSES,
      ],
      optional: true,
    },
  },
  hooks: {
    async deploy() {
      await this._pollStatuses(this._knownState());
    },
  },
  methods: {
    ...emitMethods,
    _getStatusState(): StatusState | undefined {
      const value = this.db.get(STATE_KEY);
      return isStatusState(value)
        ? value
        : undefined;
    },
    _setStatusState(state: StatusState): void {
      this.db.set(STATE_KEY, state);
    },
    _projectId(): string | undefined {
      return checkOptionalId("project", this.projectId);
    },
    _scope(): string {
      return `databases project=${this._projectId() ?? "*"}`;
    },
    /** The state of these databases, or null: the props changed, or the source is new. */
    _knownState(): StatusState | null {
      const state = this._getStatusState();
      return state?.scope === this._scope()
        ? state
        : null;
    },
    /** Every database in scope: statuses can only be compared on a full read (see `common/statuses.ts`). */
    async _readDatabases(): Promise<Database[]> {
      const prisma: PrismaApp = this.app;
      const projectId = this._projectId();
      return prisma.listAll((cursor, limit) => prisma.listDatabases({
        params: {
          projectId,
          cursor,
          limit,
        },
      }));
    },
    /**
     * Emits the changes since `known`. Without `known` (a new deploy, or the project changed)
     * it only records every database's status.
     */
    async _pollStatuses(known: StatusState | null): Promise<void> {
      const wanted = checkStatuses(this.statuses);
      const databases = await this._readDatabases();
      const now = Date.now();
      if (!known) {
        this._setStatusState(recordStatuses(this._scope(), databases, now));
        return;
      }
      const changes = statusChanges(known, databases)
        .filter(({ database }) => wanted.length === 0 || wanted.includes(database.status));
      this._emitAll(changes.map((change) => this._emissionOf(change, known.checkedAt, now)));
      this._setStatusState(recordStatuses(known.scope, databases, now));
    },
    /** The ID names the database, its new status and the last check before the change: the same on a re-run after a failure, different for every later change. */
    _emissionOf({
      database, previousStatus,
    }: StatusChange, checkedBefore: number, now: number): Emission {
      const change = previousStatus
        ? `changed from ${previousStatus} to ${database.status}`
        : `is ${database.status} (created since the last check)`;
      return {
        event: {
          ...databaseEvent(database),
          previousStatus,
        },
        meta: {
          id: `${database.id}-${database.status}-${checkedBefore}`,
          summary: summaryOf(`Database ${database.name} (${database.id}) ${change}`),
          ts: now,
        },
      };
    },
  },
  async run() {
    await this._pollStatuses(this._knownState());
  },
  sampleEmit,
});
