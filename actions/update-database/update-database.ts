import { ConfigurationError } from "@pipedream/platform";
import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import {
  checkId, checkOptionalId, checkOptionalName,
} from "../../common/validation";
import { checkDatabaseOf } from "../../flows/ownership";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-update-database",
  name: "Update Database",
  description: "Renames a Prisma Postgres database (`name`), moves it to another branch of its project (`branchId`, e.g. a pull request's preview branch made with **Create Branch**), or both in one request; at least one is needed. The data, connection strings, region and ID stay as they are, and running it again with the same values changes nothing more. When `projectId` is set, the step fails if the database belongs to another project; Prisma has applied the change by then, and the error says so. Returns the updated database (its connections without credentials). Find database IDs with **List Databases** or **Get Database** and branch IDs with **List Branches**; to rename a project use **Update Project**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/patch-databases-by-database-id)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: false,
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
      description: "The project of the database: fills the `databaseId` and `branchId` dropdowns, and the step fails if the database belongs to another project (after Prisma has applied the change; the error says so). Leave empty to choose from every database (`branchId` must then be entered as an ID).",
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
    name: {
      type: "string",
      label: "Name",
      description: "The database's new display name, 1 to 256 characters, e.g. `orders-staging`. Leave empty to keep the current name.",
      optional: true,
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
      description: "The branch of the same project to move the database to. Pick one, or enter a branch ID such as `br_clx7abc123def456`. Leave empty to keep the database on its branch.",
    },
  },
  async run({ $ }) {
    const projectId = checkOptionalId("project", this.projectId);
    const databaseId = checkId("database", this.databaseId);
    const name = checkOptionalName(this.name, NAME_LIMITS.database, "Name");
    const branchId = checkOptionalId("branch", this.branchId);
    if (name === undefined && branchId === undefined) {
      throw new ConfigurationError("Nothing to change: set Name to rename the database, Branch to move it to another branch, or both.");
    }
    const database = await this.app.updateDatabase({
      $,
      databaseId,
      data: {
        name,
        branchId,
      },
    });
    // The answer is the only place the database's project shows, so the check comes after the change.
    checkDatabaseOf(database, projectId, "Prisma has already applied the change to it: to undo it, run **Update Database** on it again with its previous name or branch. ");
    const moved = branchId === undefined
      ? ""
      : `moved it to branch ${database.branchId ?? branchId}`;
    exportSummary($, name === undefined
      ? `Moved database "${database.name}" (${database.id}) to branch ${database.branchId ?? branchId}`
      : `Renamed database ${database.id} to "${database.name}"${moved
        ? ` and ${moved}`
        : ""}`);
    return database;
  },
});
