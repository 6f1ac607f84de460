import { defineAction } from "@pipedream/types";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkConfirmation, checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-connection-string",
  name: "Delete Connection String",
  description: "Permanently deletes one connection (named credentials) of a Prisma Postgres database; this cannot be undone. Every application still using its connection strings loses access to the database at once. The database, its data and its other connections are not touched. If the aim is fresh credentials for the same application, use **Rotate Connection String** instead. Find the connection with **List Connection Strings**, and type its ID again in **Confirm** to go ahead. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/connections/delete-connections-by-id)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: true, openWorldHint: true, readOnlyHint: false },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
      optional: true,
      description: "The project of the database, to narrow the database dropdown. Leave empty to list every database.",
    },
    databaseId: {
      propDefinition: [app, "databaseId", (c: { projectId?: string }) => ({ projectId: c.projectId })],
      optional: true,
      description: "The database the connection belongs to, to fill the connection dropdown. Leave empty when entering the connection ID directly.",
    },
    connectionId: {
      propDefinition: [app, "connectionId", (c: { databaseId?: string }) => ({ databaseId: c.databaseId })],
    },
    confirm: {
      propDefinition: [app, "confirm"],
      description: "Type the connection ID again (e.g. `con_clx7abc123def456`) to confirm that the connection should be deleted and its credentials stop working.",
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const connectionId = checkId("connection", this.connectionId);
    checkConfirmation(this.confirm, connectionId, `deleting connection ${connectionId}`);
    await prisma.deleteConnection({ $, connectionId });
    exportSummary($, `Deleted connection ${connectionId}`);
    return { deleted: true, connectionId };
  },
});
