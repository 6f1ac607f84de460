import { defineAction } from "../../common/define-action";
import {
  INHERIT_REGION, NAME_LIMITS,
} from "../../common/constants";
import {
  createDatabaseAndWait, createdDatabaseSummary,
} from "../../flows/provisioning-database";
import {
  checkBackupId,
  checkDatabaseRegion,
  checkId,
  checkMaxWaitSeconds,
  checkName,
  checkOptionalId,
  checkOptionalLogicalId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-restore-backup-to-new-database",
  name: "Restore Backup to New Database",
  description: "Restores a backup (`backupId`) of a database (`databaseId`, which is only read, never changed) into a brand-new Prisma Postgres database in `projectId`: the safe way to recover data, inspect an old state or test a backup. `region` defaults to `inherit` (the project's default region); `branchId` empty puts the database on the project's default branch. Waits until the new database is ready, for up to `maxWaitSeconds`. Returns the new database's `databaseId` (not the source's), `databaseName`, `status`, `ready`, `waitError`, `region` and its connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: Prisma shows them only this once, so store them right away. Pick a `completed` backup from **List Backups**. Set `logicalId` so that a re-run returns the database made the first time (without its connection strings) instead of another copy. To overwrite an existing database instead use **Restore Backup in Place**; to copy a database's current data use **Clone Database**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/post-databases)",
  version: "0.0.1",
  type: "action",
  mints: true,
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
      description: "The project to create the new database in; it also fills the `databaseId` dropdown with its databases. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
    },
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
      label: "Source Database",
      description: "The database whose backup is restored. It is only read, never changed. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
    },
    backupId: {
      propDefinition: [
        app,
        "backupId",
        (c: { databaseId?: string }) => ({
          databaseId: c.databaseId,
        }),
      ],
    },
    name: {
      type: "string",
      label: "Name",
      description: "The new database's display name, 1 to 256 characters, e.g. `orders-restored-2026-01-31`.",
    },
    region: {
      propDefinition: [
        app,
        "region",
        () => ({
          includeInherit: true,
        }),
      ],
      description: "Where the new database runs, e.g. `us-east-1`, or `inherit` (the default) for the project's default region.",
      default: INHERIT_REGION,
    },
    branchId: {
      propDefinition: [
        app,
        "branchId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
      optional: true,
      description: "The branch to create the database on, e.g. a preview branch. Leave empty for the project's default branch. A `logicalId` is unique per branch: a re-run finds the database on this branch only.",
    },
    logicalId: {
      propDefinition: [
        app,
        "logicalId",
      ],
    },
    maxWaitSeconds: {
      propDefinition: [
        app,
        "maxWaitSeconds",
      ],
    },
  },
  async run({ $ }) {
    return createDatabaseAndWait(this.app, $, {
      inputs: () => {
        const projectId = checkId("project", this.projectId);
        const databaseId = checkId("database", this.databaseId, "Source Database ID");
        const backupId = checkBackupId(this.backupId);
        return {
          data: {
            projectId,
            branchId: checkOptionalId("branch", this.branchId),
            name: checkName(this.name, NAME_LIMITS.database, "Name"),
            region: checkDatabaseRegion(this.region),
            source: {
              type: "backup" as const,
              databaseId,
              backupId,
            },
            logicalId: checkOptionalLogicalId(this.logicalId),
          },
          sourceDatabaseId: databaseId,
          backupId,
          maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
        };
      },
      summary: (result, {
        data, sourceDatabaseId, backupId,
      }) => createdDatabaseSummary(result,
        `Restored backup ${backupId} of database ${sourceDatabaseId} into new database "${result.databaseName}" (${result.databaseId})${result.region
          ? ` in ${result.region}`
          : ""}`,
        data.logicalId),
    });
  },
});
