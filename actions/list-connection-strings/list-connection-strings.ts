import { ConfigurationError } from "@pipedream/platform";
import { defineAction } from "@pipedream/types";
import { runOptionsRequired } from "../../common/run-options";
import { countOf } from "../../common/text";
import type { RunOptions } from "../../common/types";
import { checkMaxResults, checkOptionalId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-connection-strings",
  name: "List Connection Strings",
  description: "Lists the connections (named credentials) of one Prisma Postgres database, or with **Database** left empty every connection of every database the token can access (a service token sees its workspace), e.g. for a credential audit; every page is followed to the end unless **Max Results** caps it. Returns an array with each connection's ID, name, kind (`postgres` or `accelerate`), hosts, creation time and database; passwords and connection strings are never included, since Prisma shows them only at creation. Use it to find the connection to pass to **Rotate Connection String** or **Delete Connection String**, or mint a new one with **Create Connection String**. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases-connections/get-databases-by-database-id-connections)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: true, idempotentHint: true },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      optional: true,
      description: "The project of the database, only to narrow the database dropdown: it does not filter the list, so it needs a database. Leave empty to list every database in the dropdown.",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
      optional: true,
      description: "The database whose connections to list. Pick one, or enter a database ID such as `db_clx7abc123def456`. Leave empty to list every connection of every database the token can access.",
    },
    maxResults: {
      propDefinition: [app, "maxResults"],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const projectId = checkOptionalId("project", this.projectId);
    const databaseId = checkOptionalId("database", this.databaseId);
    // The connections route has no project filter: rather than answer for the whole workspace
    // when a project was meant, ask for the database.
    if (projectId !== undefined && databaseId === undefined) {
      throw new ConfigurationError("Project only narrows the Database dropdown and cannot filter connections: pick a database of the project, or leave Project empty to list every connection.");
    }
    const max = checkMaxResults(this.maxResults);
    const connections = await prisma.listAll((cursor, limit) => databaseId
      ? prisma.listDatabaseConnections({ $, databaseId, params: { cursor, limit } })
      : prisma.listConnections({ $, params: { cursor, limit } }), max);
    exportSummary($, `Found ${countOf(connections.length, "connection")} ${databaseId ? `for database ${databaseId}` : "across all databases"}`);
    return connections;
  },
});
