import { defineAction } from "@pipedream/types";
import { NAME_LIMITS } from "../../common/constants";
import { redactSecrets } from "../../common/redaction";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkId, checkName } from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-update-database",
  name: "Update Database",
  description: "Renames a Prisma Postgres database. Only the display name changes: the data, connection strings, region and ID stay as they are, and running the step again with the same name changes nothing more. Returns the updated database (connection metadata without credentials). Use **List Databases** or **Get Database** to find the database ID, and **Update Project** to rename a project. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases/patch-databases-by-database-id)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: false, idempotentHint: true },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      optional: true,
      description: "The project of the database, only to narrow the database dropdown. Leave empty to list every database.",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
    },
    name: {
      type: "string",
      label: "Name",
      description: "The database's new display name, 1 to 256 characters, e.g. `orders-staging`.",
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const databaseId = checkId("database", this.databaseId);
    const name = checkName(this.name, NAME_LIMITS.database, "Name");
    const database = await prisma.updateDatabase({ $, databaseId, data: { name } });
    $.export("$summary", `Renamed database ${database.id} to "${database.name}"`);
    return redactSecrets(database);
  },
});
