import { defineAction } from "../../common/define-action";
import {
  checkConfirmation, checkId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-project",
  name: "Delete Project",
  description: "Permanently deletes a Prisma project (`projectId`) together with all its databases, their data, connections and backups; this cannot be undone, and every application using those databases loses access. If Prisma refuses because something still depends on the project, the error says what to do first. To hand the project to another workspace instead use **Transfer Project**; to remove a single database and keep the project use **Delete Database**. Type the project ID again in `confirm` to go ahead. Returns `deleted: true` and `projectId`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/delete-projects-by-id)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: true,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the project ID again (e.g. `proj_clx7abc123def456`) to confirm that the project and all its databases should be deleted.",
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    checkConfirmation(this.confirm, projectId, `delete project ${projectId} and all its databases`);
    await this.app.deleteProject({
      $,
      projectId,
    });
    exportSummary($, `Deleted project ${projectId} and its databases`);
    return {
      deleted: true,
      projectId,
    };
  },
});
