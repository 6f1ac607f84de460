import { defineAction } from "../../common/define-action";
import {
  checkId, checkOptionalId,
} from "../../common/validation";
import {
  checkConnectionOf, NOTHING_CHANGED,
} from "../../flows/ownership";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-connection-string",
  name: "Get Connection String",
  description: "Gets one connection (a named credential of a Prisma Postgres database) by its ID (`connectionId`): its name, kind (`postgres` or `accelerate`), creation time, database, and the hosts and ports of its `direct`, `pooled` and `accelerate` endpoints. The credentials themselves are never returned: Prisma shows a connection string only when it is minted, so mint a new one with **Create Connection String** or replace this one's with **Rotate Connection String**. When `databaseId` is set, the step fails, returning nothing, if the connection belongs to another database. Find connection IDs with **List Connection Strings**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/connections/get-connections-by-id)",
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
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
      optional: true,
      description: "The database of the connection: fills the `connectionId` dropdown, and the step fails, returning nothing, if the connection belongs to another database. Leave empty when you enter a connection ID directly.",
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
  },
  async run({ $ }) {
    const databaseId = checkOptionalId("database", this.databaseId);
    const connectionId = checkId("connection", this.connectionId);
    const connection = await this.app.getConnection({
      $,
      connectionId,
    });
    checkConnectionOf(connection, databaseId, NOTHING_CHANGED);
    exportSummary($, `Found connection "${connection.name}" (${connection.id}) of database ${connection.database.id}, kind ${connection.kind}`);
    return connection;
  },
});
