import { defineAction } from "../../common/define-action";
import {
  INHERIT_REGION, NAME_LIMITS,
} from "../../common/constants";
import {
  createDatabaseAndWait, createdDatabaseSummary,
} from "../../flows/provisioning-database";
import {
  checkDatabaseRegion,
  checkId,
  checkMaxWaitSeconds,
  checkName,
  checkOptionalId,
  checkOptionalLogicalId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-clone-database",
  name: "Clone Database",
  description: "Creates a new Prisma Postgres database in `projectId` as a copy of the current data of another database (`databaseId`, which is only read, never changed). Use it for a staging copy, an experiment, or a safety copy before a risky change. `region` empty (or `inherit`) puts the copy in the project's default region; `branchId` empty puts it on the project's default branch. Waits until the copy is ready, for up to `maxWaitSeconds`. Returns the copy's `databaseId` (not the source's), `databaseName`, `status`, `ready`, `waitError`, `region` and its connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: Prisma shows them only this once, so store them right away. Set `logicalId` so that a re-run returns the copy made the first time (without its connection strings) instead of making another. To copy an older state use **Restore Backup to New Database**; for an empty database use **Create Database**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/post-databases)",
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
      description: "The project to create the copy in; it also fills the `databaseId` dropdown with its databases. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
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
      description: "The database to copy. It is only read, never changed. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
    },
    name: {
      type: "string",
      label: "Name",
      description: "The copy's display name, 1 to 256 characters, e.g. `orders-staging`.",
    },
    region: {
      propDefinition: [
        app,
        "region",
        () => ({
          includeInherit: true,
        }),
      ],
      optional: true,
      description: "Where the copy runs, e.g. `eu-central-1`. Leave empty to use the project's default region (the same as choosing `inherit`).",
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
        const name = checkName(this.name, NAME_LIMITS.database, "Name");
        const region = this.region === undefined || this.region === null || this.region === ""
          ? INHERIT_REGION
          : checkDatabaseRegion(this.region);
        return {
          data: {
            projectId,
            branchId: checkOptionalId("branch", this.branchId),
            name,
            region,
            source: {
              type: "database" as const,
              databaseId,
            },
            logicalId: checkOptionalLogicalId(this.logicalId),
          },
          sourceDatabaseId: databaseId,
          maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
        };
      },
      summary: (result, {
        data, sourceDatabaseId,
      }) => createdDatabaseSummary(result,
        `Cloned database ${sourceDatabaseId} into new database "${result.databaseName}" (${result.databaseId})${result.region
          ? ` in ${result.region}`
          : ""}`,
        data.logicalId),
    });
  },
});
