import { defineAction } from "@pipedream/types";
import { redactSecrets } from "../../common/redaction";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-connection-string",
  name: "Get Connection String",
  description: "Gets one connection (a named credential of a Prisma Postgres database) by its ID: its name, kind (`postgres` or `accelerate`), creation time, database, and the hosts and ports of its `direct`, `pooled` and `accelerate` endpoints. The credentials themselves are never returned: Prisma shows a connection string only when it is minted. To get a usable string, mint a new one with **Create Connection String** or replace this one's with **Rotate Connection String**. Use **List Connection Strings** to find connection IDs. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/connections/get-connections-by-id)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: true, idempotentHint: true },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      optional: true,
      description: "The project of the database, only to narrow the database dropdown. Leave empty to list every database.",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
      optional: true,
      description: "The database of the connection, only to fill the connection dropdown. Leave empty when you enter a connection ID directly.",
    },
    connectionId: {
      propDefinition: [app, "connectionId", (c: { databaseId?: string }) => ({ databaseId: c.databaseId })],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const connectionId = checkId("connection", this.connectionId);
    const connection = await prisma.getConnection({ $, connectionId });
    exportSummary($, `Found connection "${connection.name}" (${connection.id}) of database ${connection.database.id}, kind ${connection.kind}`);
    return redactSecrets(connection);
  },
});
