import { defineAction } from "../../common/define-action";
import { countOf } from "../../common/text";
import { checkMaxResults } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-projects",
  name: "List Projects",
  description: "Lists the Prisma projects the connected token can access (a service token sees its workspace's projects), following every page to the end unless `maxResults` caps the list. Returns an array of projects with their IDs, names, logical IDs, default regions and workspaces. Use **Get Project** for one project and **List Databases** for a project's databases. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/get-projects)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: true,
    idempotentHint: true,
  },
  props: {
    app,
    maxResults: {
      propDefinition: [
        app,
        "maxResults",
      ],
    },
  },
  async run({ $ }) {
    const max = checkMaxResults(this.maxResults);
    const projects = await this.app.listAll(this.app.listProjects, {
      $,
    }, max);
    exportSummary($, `Found ${countOf(projects.length, "project")}`);
    return projects;
  },
});
