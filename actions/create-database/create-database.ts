import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import {
  createDatabaseAndWait, createdDatabaseSummary,
} from "../../flows/provisioning-database";
import {
  checkBoolean,
  checkDatabaseRegion,
  checkId,
  checkMaxWaitSeconds,
  checkName,
  checkOptionalId,
  checkOptionalLogicalId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-database",
  name: "Create Database",
  description: "Creates a Prisma Postgres database in an existing project (`projectId`), in `region` (or `inherit` for the project's default region) and on `branchId` (empty: the project's default branch). Waits until it is ready, for up to `maxWaitSeconds`. Returns `databaseId`, `databaseName`, `status`, `ready`, `waitError`, `region` and the connection strings of its default connection in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: Prisma shows them only this once, so store them right away, or mint more later with **Create Connection String**. Set `logicalId` so that a re-run returns the database made the first time (without its connection strings) instead of creating another. To create a project with its first database use **Create Project**; for one database per region use **Create Databases in Regions**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/post-databases)",
  version: "2.0.0",
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
      description: "The project to create the database in. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
    },
    name: {
      type: "string",
      label: "Name",
      description: "The database's display name, 1 to 256 characters, e.g. `orders-staging`.",
    },
    region: {
      propDefinition: [
        app,
        "region",
        () => ({
          includeInherit: true,
        }),
      ],
      description: "Where the database runs, e.g. `us-east-1` or `eu-central-1`, or `inherit` to use the project's default region.",
    },
    isDefault: {
      type: "boolean",
      label: "Default Database",
      description: "Set to true to make this the project's default database. Defaults to false.",
      optional: true,
      default: false,
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
      inputs: () => ({
        data: {
          projectId: checkId("project", this.projectId),
          branchId: checkOptionalId("branch", this.branchId),
          name: checkName(this.name, NAME_LIMITS.database, "Name"),
          region: checkDatabaseRegion(this.region),
          // false is what the API assumes when the field is absent.
          isDefault: checkBoolean(this.isDefault, "Default Database") || undefined,
          logicalId: checkOptionalLogicalId(this.logicalId),
        },
        maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
      }),
      summary: (result, { data }) => createdDatabaseSummary(result,
        `Created database "${result.databaseName}" (${result.databaseId}) in project ${data.projectId}, region ${result.region ?? data.region}`,
        data.logicalId),
    });
  },
});
