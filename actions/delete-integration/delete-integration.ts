import { defineAction } from "../../common/define-action";
import {
  checkConfirmation, checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-integration",
  name: "Delete Integration",
  description: "Removes an integration (an OAuth application a user authorized) from a Prisma workspace by its ID (`integrationId`) and revokes every access token the application holds for it; this cannot be undone. The application loses access at once, and a user has to authorize it again to restore it (if this Pipedream account is connected through that application, it stops working too). Check which application and user an integration belongs to with **Get Integration** or **List Integrations** before revoking it; service tokens are revoked with **Delete Service Token** instead. Type the integration ID again in `confirm` to go ahead. Returns `deleted: true` and `integrationId`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/integrations/delete-integrations-by-id)",
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
      optional: true,
      description: "Only fills the `integrationId` dropdown with the workspace's integrations: it is not sent to Prisma and not checked against the integration, which is removed by its ID alone. Leave empty when you enter an integration ID directly.",
    },
    integrationId: {
      propDefinition: [
        app,
        "integrationId",
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
      description: "Type the integration ID again (e.g. `itgr_clx7abc123def456`) to confirm that the integration should be removed and its tokens revoked.",
    },
  },
  async run({ $ }) {
    checkOptionalId("workspace", this.workspaceId);
    const integrationId = checkId("integration", this.integrationId);
    checkConfirmation(this.confirm, integrationId, `revoke integration ${integrationId}`);
    await this.app.deleteIntegration({
      $,
      integrationId,
    });
    exportSummary($, `Deleted integration ${integrationId}; its access tokens are revoked`);
    return {
      deleted: true,
      integrationId,
    };
  },
});
