import { defineAction } from "@pipedream/types";
import { runOptionsRequired } from "../../common/run-options";
import { countOf } from "../../common/text";
import type { RunOptions } from "../../common/types";
import { checkId, checkMaxResults } from "../../common/validation";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-databases",
  name: "List Databases",
  description: "Lists the Prisma Postgres databases of one project, following every page to the end unless **Max Results** caps it. Returns an array of databases with their IDs, names, status (`provisioning`, `ready`, `recovering` or `failure`), region, whether each is the project's default, and their connections (without credentials). Use **Get Database** for one database and **List Projects** to find the project ID. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/databases/get-projects-by-project-id-databases)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: false, openWorldHint: true, readOnlyHint: true, idempotentHint: true },
  props: {
    app,
    projectId: {
      propDefinition: [app, "projectId"],
    },
    maxResults: {
      propDefinition: [app, "maxResults"],
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    const projectId = checkId("project", this.projectId);
    const max = checkMaxResults(this.maxResults);
    const databases = await prisma.listAll((cursor, limit) =>
      prisma.listProjectDatabases({ $, projectId, params: { cursor, limit } }), max);
    $.export("$summary", `Found ${countOf(databases.length, "database")} in project ${projectId}`);
    return databases;
  },
});
