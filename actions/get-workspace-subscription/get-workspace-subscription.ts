import { defineAction } from "../../common/define-action";
import { checkId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-workspace-subscription",
  name: "Get Workspace Subscription",
  description: "Gets the subscription of one Prisma workspace by its ID (`workspaceId`, e.g. `wksp_clx7abc123def456`). Returns `workspaceId`, `planName`, `usageBlocked` (whether its usage is currently blocked) and `upgradeUrl` (the Prisma Console page where the plan can be upgraded). Use it before provisioning, since the plan limits what a workspace may create and use, or to check whether blocked usage explains refused requests. For the workspace's name and creation date use **Get Workspace**; for what one database has used use **Get Database Usage**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/workspaces/get-workspaces-by-id-subscription)",
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
    const subscription = await this.app.getWorkspaceSubscription({
      $,
      workspaceId,
    });
    exportSummary($, `Workspace ${workspaceId} is on the "${subscription.planName}" plan; usage is ${subscription.usageBlocked
      ? "blocked"
      : "not blocked"}`);
    return {
      workspaceId,
      ...subscription,
    };
  },
});
