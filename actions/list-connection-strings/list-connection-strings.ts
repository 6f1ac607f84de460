import { defineAction } from "../../common/define-action";
import { countOf } from "../../common/text";
import {
  checkMaxResults, checkOptionalId, sameId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-connection-strings",
  name: "List Connection Strings",
  description: "Lists the connections (named credentials) of one Prisma Postgres database (`databaseId`), or with `databaseId` empty every connection of every database the token can access (a service token sees its workspace), e.g. for a credential audit. Every page is followed to the end unless `maxResults` caps the list. Returns an array with each connection's ID, name, kind (`postgres` or `accelerate`), hosts and ports, creation time and database; passwords and connection strings are never included, since Prisma shows them only when they are minted. Use it to find the connection for **Rotate Connection String**, **Get Connection String** or **Delete Connection String**; mint a new one with **Create Connection String**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases-connections/get-databases-by-database-id-connections)",
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
      description: "The database whose connections to list. Pick one, or enter a database ID such as `db_clx7abc123def456`. Leave empty to list every connection of every database the token can access.",
    },
    maxResults: {
      propDefinition: [
        app,
        "maxResults",
      ],
    },
  },
  async run({ $ }) {
    const databaseId = checkOptionalId("database", this.databaseId);
    const max = checkMaxResults(this.maxResults);
    const connections = databaseId
      ? await this.app.listAll(this.app.listDatabaseConnections, {
        $,
        databaseId,
      }, max, (connection) => sameId(connection.database?.id, databaseId))
      : await this.app.listAll(this.app.listConnections, {
        $,
      }, max);
    exportSummary($, `Found ${countOf(connections.length, "connection")} ${databaseId
      ? `for database ${databaseId}`
      : "across all databases"}`);
    return connections;
  },
});
