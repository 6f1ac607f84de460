import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import { readiness } from "../../flows/provisioning-database";
import { provisionPostgresProject } from "../../flows/provisioning-project";
import {
  checkMaxWaitSeconds, checkName, checkNewProject,
} from "../../common/validation";
import { checkOptionalScript } from "../../common/sql-checks";
import { schemaNote } from "../../flows/sql";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-provision-postgres-project",
  name: "Provision Postgres Project",
  description: "Sets up a ready-to-use Prisma Postgres database in one step: creates a project with its database in `region` (in `workspaceId`, or the token's own workspace when empty), waits until the database is ready, mints a connection named `connectionName` for your application, and reads the backup retention and the latest automatic backup. The wait lasts up to `maxWaitSeconds`; a database not ready by then gets no new connection: its default one comes back in place of the named one, with the connection strings the create returned, as it does when minting fails (`followUpError` then says why). Returns `workspaceId`, `projectId`, `projectName`, `databaseId`, `status`, `ready`, `waitError`, `region`, `connectionId`, `connectionName`, the connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString` (shown only this once: store them right away), `backupRetentionDays`, `latestBackup`, `followUpError`, and, when `schemaSql` is given (SQL that creates the tables), `schemaApplied` and `schemaError`. Prisma takes backups itself (daily); the API has no call to take one, so none is taken here. Set `logicalId` so that a re-run returns the same project instead of a new one and reuses the connection named `connectionName`, minting it if an earlier run could not; connection strings come back only when they are minted. For finer control use **Create Project** and **Create Connection String**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/post-projects)",
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
    name: {
      type: "string",
      label: "Project Name",
      description: "The new project's display name, 1 to 256 characters, e.g. `orders-service`.",
    },
    region: {
      propDefinition: [
        app,
        "region",
      ],
    },
    connectionName: {
      type: "string",
      label: "Connection Name",
      description: "A name for the application's connection string, 3 to 65 characters, e.g. `app-server`.",
      default: "app",
    },
    workspaceId: {
      propDefinition: [
        app,
        "workspaceId",
      ],
      optional: true,
      description: "The workspace to create the project in. Leave empty to use the token's own workspace (a service token belongs to exactly one), which saves a request.",
    },
    logicalId: {
      propDefinition: [
        app,
        "logicalId",
      ],
    },
    schemaSql: {
      type: "string",
      label: "Schema SQL",
      description: "SQL to run once on the new database as soon as it is ready, in one transaction with the minted credentials, e.g. `CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);`. It is not run when a re-run finds the database already there, nor when the database is not ready in time; `schemaApplied` and `schemaError` say what happened. Leave empty to create the database empty.",
      optional: true,
    },
    maxWaitSeconds: {
      propDefinition: [
        app,
        "maxWaitSeconds",
      ],
    },
  },
  async run({ $ }) {
    return provisionPostgresProject(this.app, $, {
      inputs: () => ({
        data: checkNewProject(this, "Project Name"),
        connectionName: checkName(this.connectionName, NAME_LIMITS.connection, "Connection Name"),
        maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
        schemaSql: checkOptionalScript(this.schemaSql, "Schema SQL"),
      }),
      summary: (result, {
        data, connectionName,
      }) => [
        result.alreadyExisted
          ? `Project with logical ID "${data.logicalId}" already exists: returned "${result.projectName}" (${result.projectId}) and ${result.connectionAlreadyExisted
            ? "its"
            : "a new"} connection "${result.connectionName}"; no project was created`
          : `Provisioned project "${result.projectName}" (${result.projectId}) with database ${result.databaseId} in ${result.region} (${readiness(result)}) and connection "${result.connectionName}" (${result.connectionId})`,
        ...result.ready
          ? []
          : [
            notReadyAdvice(result.status, connectionName, data.logicalId),
          ],
        ...result.followUpError
          ? [
            "a step after the create failed; everything made is returned (see `followUpError`)",
          ]
          : [],
        ...schemaNote(result),
        ...result.differences.map((d) => `note: ${d}`),
      ].join("; "),
    });
  },
});

/** What to do when the database was not ready to take the application's connection. */
function notReadyAdvice(
  status: string | null,
  connectionName: string,
  logicalId: string | undefined,
): string {
  if (status === "failure") return "the database failed to start, so no connection was minted (see `waitError`)";
  const later = logicalId
    ? `run the step again with the same Logical ID to mint "${connectionName}"`
    : `mint "${connectionName}" with **Create Connection String** (running this step again would create another project)`;
  return `the connection returned is the database's default one, because the database is not ready yet; once **Get Database** reports it ready, ${later}`;
}
