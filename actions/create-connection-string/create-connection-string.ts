import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import { connectionStringsOf } from "../../common/redaction";
import {
  checkId, checkName,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-connection-string",
  name: "Create Connection String",
  description: "Creates a new named connection (its own set of credentials) for a Prisma Postgres database (`databaseId`). Returns `connectionId`, `name`, `databaseId`, `kind` and the connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: Prisma shows them only this once, so store them right away (e.g. in a secret manager). Running it again creates another connection. Give each application its own connection, so that it can be replaced alone with **Rotate Connection String** or revoked with **Delete Connection String**; see existing ones with **List Connection Strings**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/connections/post-connections)",
  version: "0.0.1",
  type: "action",
  mints: true,
  annotations: {
    destructiveHint: false,
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
    },
    name: {
      type: "string",
      label: "Name",
      description: "A name for the connection, 3 to 65 characters, that says who uses it, e.g. `api-server` or `analytics-readonly`.",
    },
  },
  async run({ $ }) {
    const databaseId = checkId("database", this.databaseId);
    const name = checkName(this.name, NAME_LIMITS.connection, "Name");
    const connection = await this.app.createConnection({
      $,
      data: {
        databaseId,
        name,
      },
    });
    exportSummary($, `Created connection "${connection.name}" (${connection.id}) for database ${connection.database?.id ?? databaseId}`);
    return {
      connectionId: connection.id,
      name: connection.name,
      databaseId: connection.database?.id ?? databaseId,
      kind: connection.kind,
      ...connectionStringsOf(connection),
      connection,
    };
  },
});
