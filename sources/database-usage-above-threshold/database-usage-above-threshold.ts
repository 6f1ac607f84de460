import type { DatabaseUsage } from "../../common/types";
import { checkId } from "../../common/validation";
import app from "../../prisma_management_api.app";
import {
  databaseDropdownProject,
  definePollingSource,
  pollingProps,
  timeOf,
  triggerMethods,
  validState,
  type CheckRun,
  type Emission,
} from "../common/base";
import { checkUsageThresholds } from "../common/checks";
import {
  isUsageState, usageCrossings, type Crossing, type UsageMetric, type UsageState,
} from "../common/usage";
import sampleEmit from "./test-event";

const STATE_KEY = "usage";

/** The checked props, and the scope that ties the state kept to them. */
interface UsageSettings {
  databaseId: string;
  thresholds: Partial<Record<UsageMetric, number>>;
  scope: string;
}

export default definePollingSource({
  key: "prisma_management_api-database-usage-above-threshold",
  name: "Database Usage Above Threshold",
  description: "Emit an event when a Prisma Postgres database's storage (GiB) or its operations in the current billing period (the calendar month so far) go above a threshold you set: `storageGibThreshold`, `operationsThreshold`, or both. It emits once per period and metric, and again only after the usage has fallen back under the threshold. Each event carries the metric, the usage (storage in GiB, converted when Prisma reports another unit), the threshold and the period. Use it to act before a plan limit is reached; **Get Database Usage** reads the same figures. On deploy it records the current usage and emits nothing. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/database-usage/get-databases-by-database-id-usage)",
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
      description: "The database whose usage to watch. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
    },
    storageGibThreshold: {
      type: "string",
      label: "Storage Threshold (GiB)",
      description: "Emit when the database's storage is above this many GiB, e.g. `0.8` or `10`. Leave empty to not watch storage (then set `operationsThreshold`).",
      optional: true,
    },
    operationsThreshold: {
      type: "integer",
      label: "Operations Threshold",
      description: "Emit when the database's operations in the current period are above this number, e.g. `1000000`. Leave empty to not watch operations (then set `storageGibThreshold`).",
      optional: true,
      min: 1,
    },
  },
  methods: {
    ...triggerMethods,
    _getUsageState(): UsageState | null {
      return validState(this.db.get(STATE_KEY), isUsageState);
    },
    _setUsageState(state: UsageState): void {
      this.db.set(STATE_KEY, state);
    },
    /** The checked props; a ConfigurationError, before any request, when neither threshold is set. */
    _settings(): UsageSettings {
      const databaseId = checkId("database", this.databaseId);
      const thresholds = checkUsageThresholds(this.storageGibThreshold, this.operationsThreshold);
      return {
        databaseId,
        thresholds: {
          storage: thresholds.storageGib,
          operations: thresholds.operations,
        },
        scope: `usage database=${databaseId} storage>${thresholds.storageGib ?? "-"} operations>${thresholds.operations ?? "-"}`,
      };
    },
    /**
     * One reading of the current period. Without a state of this database and these thresholds
     * (a new deploy, the props changed, or a state that does not validate) it is only recorded.
     */
    async check({
      app, $,
    }: CheckRun): Promise<void> {
      const {
        databaseId, thresholds, scope,
      } = this._settings();
      const stored = this._getUsageState();
      const usage = await app.getDatabaseUsage({
        $,
        databaseId,
      });
      const {
        crossings, state,
      } = usageCrossings(stored?.scope === scope
        ? stored
        : null, scope, usage, thresholds);
      this._emitAll(crossings.map((crossing) => this._emissionOf(crossing, databaseId, usage)));
      this._setUsageState(state);
    },
    _emissionOf(crossing: Crossing, databaseId: string, usage: DatabaseUsage): Emission {
      const {
        metric, used, unit, threshold, reported,
      } = crossing;
      const since = usage.period.start.slice(0, 10);
      const gib = (n: number) => `${Number(n.toFixed(3))} ${unit}`;
      const what = metric === "storage"
        ? `storage ${gib(used)}${reported
          ? ` (${reported})`
          : ""} is above the threshold of ${gib(threshold)}`
        : `${used.toLocaleString("en-US")} operations since ${since}, above the threshold of ${threshold.toLocaleString("en-US")}`;
      return {
        event: {
          databaseId,
          ...crossing,
          period: usage.period,
          generatedAt: usage.generatedAt,
        },
        meta: {
          id: `${databaseId}-${metric}-${usage.period.start}-${crossing.crossing}`,
          summary: `Database ${databaseId}: ${what}`,
          ts: timeOf(usage.generatedAt),
        },
      };
    },
  },
  sampleEmit,
});
