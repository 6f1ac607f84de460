import { defineAction } from "../../common/define-action";
import { checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-workspace",
  name: "Get Workspace",
  description: "Gets one Prisma workspace by its ID (`workspaceId`, e.g. `wksp_clx7abc123def456`) and returns its ID, name, API URL and creation date. Use it to confirm that a workspace exists and the token can reach it. Find workspace IDs with **List Workspaces**, or the token's own workspace with **Get Current Identity**; for its plan use **Get Workspace Subscription**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/workspaces/get-workspaces-by-id)",
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
    workspaceId: {
      propDefinition: [
        app,
        "workspaceId",
      ],
    },
  },
  async run({ $ }) {
    const workspaceId = checkId("workspace", this.workspaceId);
    const workspace = await this.app.getWorkspace({
      $,
      workspaceId,
    });
    exportSummary($, `Found workspace "${workspace.name}" (${workspace.id})`);
    return workspace;
  },
});
