import { defineAction } from "@pipedream/types";
import { INHERIT_REGION, NAME_LIMITS } from "../../common/constants";
import { createDatabaseAndWait, databaseSummary } from "../../common/provisioning";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkBackupId, checkDatabaseRegion, checkId, checkMaxWaitSeconds, checkName, checkOptionalId, checkOptionalLogicalId } from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-restore-backup-to-new-database",
  name: "Restore Backup to New Database",
  description: "Restores a backup into a brand-new Prisma Postgres database, leaving the source database untouched: the safe way to recover data, inspect an old state or test a backup. Waits until the new database is ready and returns its ID with its connection strings (`directConnectionString`, `pooledConnectionString`, `accelerateConnectionString`), shown only this once. Pick the backup from **List Backups** (a `completed` one). To overwrite an existing database instead use **Restore Backup in Place**; to copy a database's current data use **Clone Database**. Set **Logical ID** to make re-runs return the database created the first time instead of another copy. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases/post-databases)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: false },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      description: "The project to create the new database in; it also narrows the source database dropdown. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
      label: "Source Database",
      description: "The database whose backup is restored. It is only read, never changed. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
    },
    backupId: {
      propDefinition: [app, "backupId", (c: { databaseId?: string }) => ({ databaseId: c.databaseId })],
    },
    name: {
      type: "string",
      label: "Name",
      description: "The new database's display name, 1 to 256 characters, e.g. `orders-restored-2026-01-31`.",
    },
    region: {
      propDefinition: [app, "region", () => ({ includeInherit: true })],
      description: "Where the new database runs, e.g. `us-east-1`, or `inherit` (the default) for the project's default region.",
      default: INHERIT_REGION,
    },
    branchId: {
      propDefinition: [app, "branchId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
      optional: true,
      description: "The branch to create the database on, e.g. a preview branch. Leave empty for the project's default branch. A Logical ID is unique per branch: a re-run finds the database on this branch only.",
    },
    logicalId: {
      propDefinition: [app, "logicalId"],
    },
    maxWaitSeconds: {
      propDefinition: [app, "maxWaitSeconds"],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const projectId = checkId("project", this.projectId);
    const databaseId = checkId("database", this.databaseId, "Source Database ID");
    const backupId = checkBackupId(this.backupId);
    const name = checkName(this.name, NAME_LIMITS.database, "Name");
    const region = checkDatabaseRegion(this.region);
    const branchId = checkOptionalId("branch", this.branchId);
    const logicalId = checkOptionalLogicalId(this.logicalId);
    const maxWaitSeconds = checkMaxWaitSeconds(this.maxWaitSeconds);
    return createDatabaseAndWait(prisma, $, { projectId, branchId, name, region, source: { type: "backup", databaseId, backupId }, logicalId }, {
      maxWaitSeconds,
      summary: (result) => databaseSummary(result,
        `Restored backup ${backupId} of database ${databaseId} into new database "${result.databaseName}" (${result.databaseId})${result.region ? ` in ${result.region}` : ""}`, logicalId),
    });
  },
});
