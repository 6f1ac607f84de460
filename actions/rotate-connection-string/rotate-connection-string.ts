import { defineAction } from "@pipedream/types";
import { connectionStringsOf, redactOutput } from "../../common/redaction";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkConfirmation, checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-rotate-connection-string",
  name: "Rotate Connection String",
  description: "Replaces the credentials of one connection of a Prisma Postgres database and returns the new connection strings once, in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: store them right away. Prisma revokes the old credentials (on a best-effort basis), so every application still using this connection's old strings loses access until it gets the new ones. The safe alternative, which adds a new credential without breaking the old one, is **Create Connection String** (then remove the old one later with **Delete Connection String**). Find connection IDs with **List Connection Strings**, and type the connection ID again in **Confirm** to go ahead. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/connections/post-connections-by-id-rotate)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: true, openWorldHint: true, readOnlyHint: false },
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
    confirm: {
      propDefinition: [app, "confirm"],
      description: "Type the connection ID again (e.g. `con_clx7abc123def456`) to confirm that its current credentials should stop working.",
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const connectionId = checkId("connection", this.connectionId);
    checkConfirmation(this.confirm, connectionId,
      `the credentials of connection ${connectionId} are replaced and the old ones stop working`);
    const rotated = await prisma.rotateConnection({ $, connectionId });
    exportSummary($, `Rotated the credentials of connection "${rotated.name}" (${rotated.id}) of database ${rotated.database.id}; the previous credentials no longer work`);
    return redactOutput({
      connectionId: rotated.id,
      connectionName: rotated.name,
      databaseId: rotated.database.id,
      ...connectionStringsOf(rotated),
      connection: rotated,
    });
  },
});
