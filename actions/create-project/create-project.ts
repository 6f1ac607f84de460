import { defineAction } from "@pipedream/types";
import { createProjectAndWait } from "../../common/provisioning";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkMaxWaitSeconds, checkNewProject } from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-project",
  name: "Create Project",
  description: "Creates a Prisma project with its default Prisma Postgres database in the chosen region, waits until the database is ready, and returns the project and database IDs with the database's connection strings (`directConnectionString`, `pooledConnectionString`, `accelerateConnectionString`). The strings are shown only this once: store them right away, or mint more later with **Create Connection String**. Set **Logical ID** to make re-runs return the same project instead of creating another. To add a database to an existing project use **Create Database**. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/projects/post-projects)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: false },
  props: {
    app,
    name: {
      type: "string",
      label: "Name",
      description: "The project's display name, 1 to 256 characters, e.g. `orders-service`. The default database gets the same name.",
    },
    region: {
      propDefinition: [app, "region"],
    },
    workspaceId: {
      propDefinition: [app, "workspaceId"],
      optional: true,
      description: "The workspace to create the project in. Leave empty to use the token's own workspace (service tokens belong to exactly one).",
    },
    logicalId: {
      propDefinition: [app, "logicalId"],
    },
    maxWaitSeconds: {
      propDefinition: [app, "maxWaitSeconds"],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const data = checkNewProject(this, "Name");
    const maxWaitSeconds = checkMaxWaitSeconds(this.maxWaitSeconds);
    const result = await createProjectAndWait(prisma, $, data, maxWaitSeconds);
    $.export("$summary", result.alreadyExisted
      ? `Project with logical ID "${data.logicalId}" already exists: returned "${result.projectName}" (${result.projectId}); nothing was created`
      : `Created project "${result.projectName}" (${result.projectId}) with database ${result.databaseId} in ${result.region}, status ${result.status}`);
    return result;
  },
});
