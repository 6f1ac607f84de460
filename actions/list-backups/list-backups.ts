import { defineAction } from "../../common/define-action";
import { MAX_BACKUPS } from "../../common/constants";
import { backupsNewestFirst } from "../../common/options";
import { countOf } from "../../common/text";
import {
  checkId, checkInteger,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-backups",
  name: "List Backups",
  description: `Lists the automatic backups of a Prisma Postgres database (\`databaseId\`), newest first, each with its ID, creation time, type (\`full\`, \`incremental\`, \`differential\`), status (\`running\`, \`completed\`, \`failed\`, \`unknown\`) and size. Prisma takes backups itself (daily, on days with activity); there is no call to take one on demand. Prisma lists at most ${MAX_BACKUPS} backups; \`maxResults\` asks for fewer. Returns \`backups\`, \`backupRetentionDays\` (how many days Prisma keeps backups) and \`hasMore\`. Use a completed backup's ID with **Restore Backup to New Database** (safe: a new database) or **Restore Backup in Place** (overwrites the database). [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/database-backups/get-databases-by-database-id-backups)`,
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
    maxResults: {
      type: "integer",
      label: "Max Results",
      description: `The most backups to return, 1 to ${MAX_BACKUPS}. Leave empty to return up to ${MAX_BACKUPS}, the most Prisma lists.`,
      optional: true,
      min: 1,
      max: MAX_BACKUPS,
    },
  },
  async run({ $ }) {
    const databaseId = checkId("database", this.databaseId);
    const limit = checkInteger(this.maxResults, {
      min: 1,
      max: MAX_BACKUPS,
      default: MAX_BACKUPS,
    }, "Max Results");
    const {
      data, meta, pagination,
    } = await this.app.listBackups({
      $,
      databaseId,
      params: {
        limit,
      },
    });
    const backups = backupsNewestFirst(data);
    const retention = meta.backupRetentionDays;
    exportSummary($, `Found ${countOf(backups.length, "backup")} of database ${databaseId}` +
      `${pagination.hasMore
        ? " (more exist)"
        : ""}; Prisma keeps backups for ${countOf(retention, "day")}`);
    return {
      backups,
      backupRetentionDays: retention,
      hasMore: pagination.hasMore,
    };
  },
});
