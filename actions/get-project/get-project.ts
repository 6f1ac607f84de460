import { defineAction } from "../../common/define-action";
import { checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-project",
  name: "Get Project",
  description: "Gets one Prisma project by its ID (`projectId`, e.g. `proj_clx7abc123def456`): name, logical ID, default region, creation time and the workspace it belongs to. Use it to check that a project exists, or to read its default region before **Create Database**. Find project IDs with **List Projects**; for its databases use **List Databases**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/get-projects-by-id)",
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
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    const project = await this.app.getProject({
      $,
      projectId,
    });
    exportSummary($, `Found project "${project.name}" (${project.id}) in workspace ${project.workspace.id}`);
    return project;
  },
});
