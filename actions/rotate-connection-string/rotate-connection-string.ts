import { defineAction } from "../../common/define-action";
import { connectionStringsOf } from "../../common/redaction";
import { confirmConnectionOf } from "../../flows/ownership";
import {
  checkConfirmation, checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-rotate-connection-string",
  name: "Rotate Connection String",
  description: "Replaces the credentials of one connection (`connectionId`) of a Prisma Postgres database. Prisma revokes the old credentials (on a best-effort basis), so every application still using this connection's old strings loses access until it gets the new ones. Returns `connectionId`, `connectionName`, `databaseId` and the new connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: Prisma shows them only this once, so store them right away. The safe alternative, which adds a credential without breaking the old one, is **Create Connection String** (then remove the old one with **Delete Connection String**). Find connection IDs with **List Connection Strings**, and type the connection ID again in `confirm` to go ahead. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/connections/post-connections-by-id-rotate)",
  version: "0.0.1",
  type: "action",
  mints: true,
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
      description: "Fills the `connectionId` dropdown with the database's connections; when set, the connection is read first and rotated only if Prisma shows it belongs to this database. Leave empty when you enter a connection ID directly.",
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
      description: "Type the connection ID again (e.g. `con_clx7abc123def456`) to confirm that its current credentials should stop working.",
    },
  },
  async run({ $ }) {
    const databaseId = checkOptionalId("database", this.databaseId);
    const connectionId = checkId("connection", this.connectionId);
    checkConfirmation(this.confirm, connectionId, `replace the credentials of connection ${connectionId}, so that the old ones stop working`);
    await confirmConnectionOf(this.app, $, connectionId, databaseId);
    const rotated = await this.app.rotateConnection({
      $,
      connectionId,
    });
    // The answer carries the only copy of the new credentials: what it lacks is reported, not fatal.
    const rotatedDatabaseId = typeof rotated.database?.id === "string"
      ? rotated.database.id
      : null;
    exportSummary($, `Rotated the credentials of connection ${typeof rotated.name === "string"
      ? `"${rotated.name}" `
      : ""}(${rotated.id}) of ${rotatedDatabaseId
      ? `database ${rotatedDatabaseId}`
      : "its database"}; Prisma revokes the previous ones (best effort), so applications need the new ones`);
    return {
      connectionId: rotated.id,
      connectionName: rotated.name,
      databaseId: rotatedDatabaseId,
      ...connectionStringsOf(rotated),
      connection: rotated,
    };
  },
});
