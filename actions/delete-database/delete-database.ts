import { defineAction } from "../../common/define-action";
import {
  checkConfirmation, checkId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-database",
  name: "Delete Database",
  description: "Permanently deletes one Prisma Postgres database by its ID (`databaseId`), with all its data, connections and backups; this cannot be undone. Prisma refuses to delete a project's default database (delete the whole project with **Delete Project** instead). To keep the data, first copy it with **Clone Database** or **Restore Backup to New Database**. Find database IDs with **List Databases**, and type the database ID again in `confirm` to go ahead. Returns `deleted: true` and `databaseId`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/delete-databases-by-database-id)",
  version: "2.0.0",
  type: "action",
  annotations: {
    destructiveHint: true,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the database ID again (e.g. `db_clx7abc123def456`) to confirm that the database and all its data should be deleted.",
    },
  },
  async run({ $ }) {
    const databaseId = checkId("database", this.databaseId);
    checkConfirmation(this.confirm, databaseId, `delete database ${databaseId} and all its data`);
    await this.app.deleteDatabase({
      $,
      databaseId,
    });
    exportSummary($, `Deleted database ${databaseId}`);
    return {
      deleted: true,
      databaseId,
    };
  },
});
