import { defineAction } from "../../common/define-action";
import { valueText } from "../../common/facts";
import {
  checkId, checkOptionalId,
} from "../../common/validation";
import {
  checkDatabaseOf, NOTHING_CHANGED,
} from "../../flows/ownership";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-database",
  name: "Get Database",
  description: "Gets one Prisma Postgres database by its ID (`databaseId`, e.g. `db_clx7abc123def456`): name, status (`provisioning`, `ready`, `recovering` or `failure`), region, project, branch, whether it is the project's default, and its connections (hosts and ports, never credentials). Use it to check whether a database is ready after **Create Database** or **Restore Backup in Place**. When `projectId` is set, the step fails, returning nothing, if the database belongs to another project. Find database IDs with **List Databases**; for credentials use **Create Connection String**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/get-databases-by-database-id)",
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
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
      optional: true,
      description: "The project of the database: fills the `databaseId` dropdown with its databases, and the step fails, returning nothing, if the database belongs to another project. Leave empty to choose from every database.",
    },
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
    },
  },
  async run({ $ }) {
    const projectId = checkOptionalId("project", this.projectId);
    const databaseId = checkId("database", this.databaseId);
    const database = await this.app.getDatabase({
      $,
      databaseId,
    });
    checkDatabaseOf(database, projectId, NOTHING_CHANGED);
    exportSummary($, `Found database "${database.name}" (${database.id}) in project ${database.project.id}, status ${valueText(database.status)}`);
    return database;
  },
});
