import { defineAction } from "@pipedream/types";
import { runOptionsRequired } from "../../common/run-options";
import { countOf } from "../../common/text";
import type { RunOptions } from "../../common/types";
import { checkId, checkMaxResults } from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-connection-strings",
  name: "List Connection Strings",
  description: "Lists the connections (named credentials) of one Prisma Postgres database, following every page to the end unless **Max Results** caps it. Returns an array with each connection's ID, name, kind (`postgres` or `accelerate`), hosts and creation time; passwords and connection strings are never included, since Prisma shows them only at creation. Use it to find the connection to pass to **Rotate Connection String** or **Delete Connection String**, or mint a new one with **Create Connection String**. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases-connections/get-databases-by-database-id-connections)",
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
    maxResults: {
      propDefinition: [app, "maxResults"],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const databaseId = checkId("database", this.databaseId);
    const max = checkMaxResults(this.maxResults);
    const connections = await prisma.listAll((cursor, limit) =>
      prisma.listDatabaseConnections({ $, databaseId, params: { cursor, limit } }), max);
    $.export("$summary", `Found ${countOf(connections.length, "connection")} for database ${databaseId}`);
    return connections;
  },
});
