import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import {
  checkId, checkName,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-update-project",
  name: "Update Project",
  description: "Renames a Prisma project (`projectId`) to `name` and returns the updated project (ID, name, default region, workspace). Only the display name changes: the project ID, its databases and their connection strings stay as they are, so running it again with the same name changes nothing more. To rename a database use **Update Database**; to find the project ID use **List Projects** or **Get Project**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/patch-projects-by-id)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: false,
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
    name: {
      type: "string",
      label: "Name",
      description: "The project's new display name, 1 to 256 characters, e.g. `orders-service`.",
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    const name = checkName(this.name, NAME_LIMITS.project, "Name");
    const project = await this.app.updateProject({
      $,
      projectId,
      data: {
        name,
      },
    });
    exportSummary($, `Renamed project ${project.id} to "${project.name}"`);
    return project;
  },
});
