import { ConfigurationError } from "@pipedream/platform";
import { defineAction } from "@pipedream/types";
import { NAME_LIMITS } from "../../common/constants";
import { redactSecrets } from "../../common/redaction";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkId, checkOptionalId, checkOptionalName } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-update-database",
  name: "Update Database",
  description: "Renames a Prisma Postgres database, moves it to another branch of its project, or both in one request. The data, connection strings, region and ID stay as they are, and running the step again with the same values changes nothing more. Set **Name** to rename, **Branch** to move (e.g. onto a pull request's preview branch made with **Create Branch**); at least one is needed. Returns the updated database (connection metadata without credentials). Use **List Databases** or **Get Database** to find the database ID, **List Branches** for branch IDs, and **Update Project** to rename a project. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases/patch-databases-by-database-id)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: false, idempotentHint: true },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      optional: true,
      description: "The project of the database, only to fill the database and branch dropdowns. Leave empty to list every database (the branch must then be entered as an ID).",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
    },
    name: {
      type: "string",
      label: "Name",
      description: "The database's new display name, 1 to 256 characters, e.g. `orders-staging`. Leave empty to keep the current name.",
      optional: true,
    },
    branchId: {
      propDefinition: [app, "branchId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
      optional: true,
      description: "The branch of the same project to move the database to. Pick one, or enter a branch ID such as `br_clx7abc123def456`. Leave empty to keep the database on its branch.",
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const databaseId = checkId("database", this.databaseId);
    const name = checkOptionalName(this.name, NAME_LIMITS.database, "Name");
    const branchId = checkOptionalId("branch", this.branchId);
    if (name === undefined && branchId === undefined) {
      throw new ConfigurationError("Nothing to change: set Name to rename the database, Branch to move it to another branch, or both.");
    }
    const database = await prisma.updateDatabase({ $, databaseId, data: { name, branchId } });
    const moved = branchId === undefined ? "" : `moved it to branch ${database.branchId ?? branchId}`;
    exportSummary($, name === undefined
      ? `Moved database "${database.name}" (${database.id}) to branch ${database.branchId ?? branchId}`
      : `Renamed database ${database.id} to "${database.name}"${moved ? ` and ${moved}` : ""}`);
    return redactSecrets(database);
  },
});
