import { defineAction } from "../../common/define-action";
import {
  checkConfirmation, checkId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-service-token",
  name: "Delete Service Token",
  description: "Revokes a service token (`serviceTokenId`) of a Prisma workspace (`workspaceId`) by deleting it; this cannot be undone. Every workflow, CI job or application that uses the token stops working at once (Prisma answers 401), including this Pipedream account if it is connected with that token. To rotate without an outage, first run **Create Service Token** to replace it, switch the consumers to the new value, then delete the old one. Find token IDs with **List Service Tokens**, and type the service token ID again in `confirm` to go ahead. Returns `deleted: true`, `workspaceId` and `serviceTokenId`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/service-tokens/delete-workspaces-by-workspace-id-service-tokens-by-service-token-id)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: true,
    openWorldHint: true,
    readOnlyHint: false,
  },
  props: {
    app,
    workspaceId: {
      propDefinition: [
        app,
        "workspaceId",
      ],
    },
    serviceTokenId: {
      propDefinition: [
        app,
        "serviceTokenId",
        (c: { workspaceId?: string }) => ({
          workspaceId: c.workspaceId,
        }),
      ],
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the service token ID again (e.g. `itgr_clx7abc123def456`) to confirm that the token should be revoked and everything using it should lose access.",
    },
  },
  async run({ $ }) {
    const workspaceId = checkId("workspace", this.workspaceId);
    const serviceTokenId = checkId("serviceToken", this.serviceTokenId);
    checkConfirmation(this.confirm, serviceTokenId, `revoke service token ${serviceTokenId}`);
    await this.app.deleteServiceToken({
      $,
      workspaceId,
      serviceTokenId,
    });
    exportSummary($, `Deleted service token ${serviceTokenId} from workspace ${workspaceId}`);
    return {
      deleted: true,
      workspaceId,
      serviceTokenId,
    };
  },
});
