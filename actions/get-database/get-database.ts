import { defineAction } from "@pipedream/types";
import { redactSecrets } from "../../common/redaction";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-database",
  name: "Get Database",
  description: "Gets one Prisma Postgres database by its ID: name, status (`provisioning`, `ready`, `recovering` or `failure`), region, project, whether it is the project's default, and its connections (without credentials). Use it to check whether a database is ready after **Create Database** or **Restore Backup in Place**. To find database IDs use **List Databases**; for credentials use **Create Connection String**. The database ID looks like `db_clx7abc123def456`. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases/get-databases-by-database-id)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: true, idempotentHint: true },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      optional: true,
      description: "The project of the database, to narrow the database dropdown. Leave empty to list every database.",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const databaseId = checkId("database", this.databaseId);
    const database = await prisma.getDatabase({ $, databaseId });
    exportSummary($, `Found database "${database.name}" (${database.id}) in project ${database.project.id}, status ${database.status}`);
    return redactSecrets(database);
  },
});
