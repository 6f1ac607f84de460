import { defineAction } from "../../common/define-action";
import { readiness } from "../../flows/provisioning-database";
import { createProjectAndWait } from "../../flows/provisioning-project";
import {
  checkBoolean, checkMaxWaitSeconds, checkNewProject,
} from "../../common/validation";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-project",
  name: "Create Project",
  description: "Creates a Prisma project with its default Prisma Postgres database in `region` (or, with `createDatabase` false, an empty project), in `workspaceId` or, when empty, the token's own workspace. Waits until the database is ready, for up to `maxWaitSeconds`. Returns `projectId`, `projectName`, `workspaceId`, `databaseId`, `status`, `ready`, `waitError`, `region` and the database's connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`: Prisma shows them only this once, so store them right away, or mint more later with **Create Connection String**. Set `logicalId` so that a re-run returns the project made the first time (without its connection strings) instead of creating another. To add a database to an existing project use **Create Database**; for a project with its own application connection and backup details in one step use **Provision Postgres Project**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/post-projects)",
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
      label: "Name",
      description: "The project's display name, 1 to 256 characters, e.g. `orders-service`. The default database gets the same name.",
    },
    region: {
      propDefinition: [
        app,
        "region",
      ],
    },
    workspaceId: {
      propDefinition: [
        app,
        "workspaceId",
      ],
      optional: true,
      description: "The workspace to create the project in. Leave empty to use the token's own workspace (service tokens belong to exactly one).",
    },
    createDatabase: {
      type: "boolean",
      label: "Create Database",
      description: "Create the project's default database with it (the default). Set to false for an empty project to fill branch by branch with **Create Database**; the result then has `databaseId: null` and no connection strings.",
      optional: true,
      default: true,
    },
    logicalId: {
      propDefinition: [
        app,
        "logicalId",
      ],
    },
    maxWaitSeconds: {
      propDefinition: [
        app,
        "maxWaitSeconds",
      ],
    },
  },
  async run({ $ }) {
    return createProjectAndWait(this.app, $, {
      inputs: () => {
        const createDatabase = checkBoolean(this.createDatabase, "Create Database", true);
        return {
          data: {
            ...checkNewProject(this, "Name"),
            // true is what the API assumes when the field is absent.
            createDatabase: createDatabase
              ? undefined
              : false,
          },
          maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
        };
      },
      summary: (result, { data }) => {
        const database = result.databaseId
          ? `database ${result.databaseId} in ${result.region}, ${readiness(result)}`
          : "no database (add one with **Create Database**)";
        return [
          result.alreadyExisted
            ? `Project with logical ID "${data.logicalId}" already exists: returned "${result.projectName}" (${result.projectId}) with ${database}; nothing was created`
            : `Created project "${result.projectName}" (${result.projectId}) with ${database}`,
          ...result.differences.map((d) => `note: ${d}`),
        ].join("; ");
      },
    });
  },
});
