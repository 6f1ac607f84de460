import { defineAction } from "../../common/define-action";
import { confirmConnectionOf } from "../../flows/ownership";
import {
  checkConfirmation, checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-connection-string",
  name: "Delete Connection String",
  description: "Permanently deletes one connection (named credentials) of a Prisma Postgres database by its ID (`connectionId`); this cannot be undone. Every application still using its connection strings loses access to the database at once; the database, its data and its other connections are not touched. For fresh credentials for the same application use **Rotate Connection String** instead. Find connection IDs with **List Connection Strings**, and type the connection ID again in `confirm` to go ahead. Returns `deleted: true` and `connectionId`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/connections/delete-connections-by-id)",
  version: "0.0.1",
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
      optional: true,
      description: "Fills the `connectionId` dropdown with the database's connections; when set, the connection is read first and deleted only if Prisma shows it belongs to this database. Leave empty when you enter a connection ID directly.",
    },
    connectionId: {
      propDefinition: [
        app,
        "connectionId",
        (c: { databaseId?: string }) => ({
          databaseId: c.databaseId,
        }),
      ],
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the connection ID again (e.g. `con_clx7abc123def456`) to confirm that the connection should be deleted and its credentials stop working.",
    },
  },
  async run({ $ }) {
    const databaseId = checkOptionalId("database", this.databaseId);
    const connectionId = checkId("connection", this.connectionId);
    checkConfirmation(this.confirm, connectionId, `delete connection ${connectionId}, so that its credentials stop working`);
    await confirmConnectionOf(this.app, $, connectionId, databaseId);
    await this.app.deleteConnection({
      $,
      connectionId,
    });
    exportSummary($, `Deleted connection ${connectionId}`);
    return {
      deleted: true,
      connectionId,
    };
  },
});
