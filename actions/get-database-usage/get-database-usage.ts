import { ConfigurationError } from "@pipedream/platform";
import { defineAction } from "../../common/define-action";
import {
  checkId, checkOptionalDateTime,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-database-usage",
  name: "Get Database Usage",
  description: "Gets the usage of one Prisma Postgres database (`databaseId`) over a period: its operations (`ops`) and its storage (`GiB`), with the exact period Prisma measured. `startDate` and `endDate` are ISO 8601 dates or date-times, e.g. `2026-01-01` or `2026-01-31T23:59:59Z`; without them the period runs from the start of the current month until now. Returns `databaseId`, `period` (`start`, `end`), `metrics` (`operations` and `storage`, each with `used` and `unit`) and `generatedAt`. Use it to watch costs or spot idle databases. Find database IDs with **List Databases**; for the workspace's plan use **Get Workspace Subscription**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/database-usage/get-databases-by-database-id-usage)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: true,
    idempotentHint: true,
  },
  props: {
    app,
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
    },
    startDate: {
      type: "string",
      label: "Start Date",
      description: "Start of the period, as an ISO 8601 date or date-time, e.g. `2026-01-01` or `2026-01-01T00:00:00Z` (UTC unless an offset is given). Leave empty to start at the beginning of the current month.",
      optional: true,
    },
    endDate: {
      type: "string",
      label: "End Date",
      description: "End of the period, as an ISO 8601 date or date-time, e.g. `2026-01-31T23:59:59Z`. Leave empty to end now. A date in the future is moved to the end of that day by Prisma.",
      optional: true,
    },
  },
  async run({ $ }) {
    const databaseId = checkId("database", this.databaseId);
    const startDate = checkOptionalDateTime(this.startDate, "Start Date");
    const endDate = checkOptionalDateTime(this.endDate, "End Date");
    if (startDate && endDate && Date.parse(startDate) > Date.parse(endDate)) {
      throw new ConfigurationError(`Start Date (${startDate}) is after End Date (${endDate}): the period must start before it ends.`);
    }
    if (startDate && !endDate && Date.parse(startDate) > Date.now()) {
      throw new ConfigurationError(`Start Date (${startDate}) is in the future, but the period ends now when End Date is empty. Pick an earlier Start Date or set End Date.`);
    }
    const usage = await this.app.getDatabaseUsage({
      $,
      databaseId,
      params: {
        startDate,
        endDate,
      },
    });
    const {
      operations, storage,
    } = usage.metrics;
    exportSummary($, `Database ${databaseId} used ${operations.used} ${operations.unit} and ${storage.used} ${storage.unit} of storage from ${usage.period.start} to ${usage.period.end}`);
    return {
      databaseId,
      ...usage,
    };
  },
});
