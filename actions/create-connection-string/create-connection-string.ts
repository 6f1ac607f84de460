import { defineAction } from "@pipedream/types";
import { NAME_LIMITS } from "../../common/constants";
import { connectionStringsOf, redactOutput } from "../../common/redaction";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkId, checkName } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-connection-string",
  name: "Create Connection String",
  description: "Creates a new named connection (a separate set of credentials) for a Prisma Postgres database and returns its connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`. The strings are shown only this once: store them right away (for example in a secret manager). Give each application its own connection so it can be replaced alone with **Rotate Connection String** or revoked with **Delete Connection String**; see existing ones with **List Connection Strings**. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/connections/post-connections)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: false },
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
    name: {
      type: "string",
      label: "Name",
      description: "A name for the connection, 3 to 65 characters, that says who uses it, e.g. `api-server` or `analytics-readonly`.",
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const databaseId = checkId("database", this.databaseId);
    const name = checkName(this.name, NAME_LIMITS.connection, "Name");
    const connection = await prisma.createConnection({ $, data: { databaseId, name } });
    exportSummary($, `Created connection "${connection.name}" (${connection.id}) for database ${connection.database?.id ?? databaseId}`);
    return redactOutput({
      connectionId: connection.id,
      name: connection.name,
      databaseId: connection.database?.id ?? databaseId,
      kind: connection.kind,
      ...connectionStringsOf(connection),
      connection,
    });
  },
});
