import { pages } from "../../common/pagination";
import type { Database } from "../../common/types";
import {
  checkOptionalId, sameId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";
import {
  PAGES_PER_RUN,
  definePollingSource,
  pollingProps,
  triggerMethods,
  validState,
  type CheckRun,
  type Emission,
} from "../common/base";
import {
  DATABASE_STATUSES, checkStatuses,
} from "../common/checks";
import { databaseEvent } from "../common/events";
import {
  isKnownStatus, isStatusState, recordStatuses, statusChanges, type StatusChange, type StatusState,
} from "../common/statuses";
import sampleEmit from "./test-event";

const STATE_KEY = "statuses";

export default definePollingSource({
  key: "prisma_management_api-database-status-changed",
  name: "Database Status Changed",
  description: "Emit an event when a Prisma Postgres database changes status, once per change: `provisioning` to `ready`, `ready` to `recovering` during a restore, or to `failure`. Each event is the database as it is now, plus `previousStatus` (null for a database created since the last check, which starts as `provisioning`). Set `statuses` to hear only about changes into those, and `projectId` to watch one project. On deploy it records every database's status and emits nothing. Each check reads every database in scope, up to 2,000 (20 requests, within Prisma's rate limit); with more, the check fails with an error saying so: set `projectId` to watch one project at a time. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/get-databases)",
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
  methods: {
    ...triggerMethods,
    _getStatusState(): StatusState | null {
      return validState(this.db.get(STATE_KEY), isStatusState);
    },
    _setStatusState(state: StatusState): void {
      this.db.set(STATE_KEY, state);
    },
    _projectId(): string | undefined {
      return checkOptionalId("project", this.projectId);
    },
    /**
     * Every database in scope (statuses can only be compared on a full read, see
     * `common/statuses.ts`), at most PAGES_PER_RUN pages. Without a state of this scope (a new
     * deploy, the project changed, or a state that does not validate) it only records them.
     */
    async check({
      app, $,
    }: CheckRun): Promise<void> {
      const wanted = checkStatuses(this.statuses);
      const projectId = this._projectId();
      const scope = `databases project=${projectId ?? "*"}`;
      const stored = this._getStatusState();
      const known = stored?.scope === scope
        ? stored
        : null;
      const databases: Database[] = [];
      for await (const page of pages(app.pageFetcher(app.listDatabases, {
        $,
        params: {
          projectId,
        },
      }), {
        maxPages: PAGES_PER_RUN,
      })) {
        // A row of another project, from a filter the API ignored, is not watched.
        databases.push(...page.items.filter((d) => !projectId || sameId(d.project?.id, projectId)));
      }
      const now = Date.now();
      if (known) {
        const changes = statusChanges(known, databases)
          .filter(({ status }) => wanted.length === 0 || (wanted as string[]).includes(status));
        this._emitAll(changes.map((change) => this._emissionOf(change, known.checkedAt, now)));
      }
      this._setStatusState(recordStatuses(scope, databases, now, known));
    },
    /** The ID names the database, its new status and the last check before the change: the same on a re-run after a failure, different for every later change. */
    _emissionOf({
      database, status, previousStatus,
    }: StatusChange, checkedBefore: number, now: number): Emission {
      const shown = isKnownStatus(status)
        ? status
        : `${status} (a status this trigger does not know)`;
      const change = previousStatus
        ? `changed from ${previousStatus} to ${shown}`
        : `is ${shown} (created since the last check)`;
      return {
        event: {
          ...databaseEvent(database),
          previousStatus,
        },
        meta: {
          id: `${database.id}-${status}-${checkedBefore}`,
          summary: `Database ${database.name} (${database.id}) ${change}`,
          ts: now,
        },
      };
    },
  },
  sampleEmit,
});
