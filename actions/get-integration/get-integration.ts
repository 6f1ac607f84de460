import { defineAction } from "../../common/define-action";
import {
  checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-integration",
  name: "Get Integration",
  description: "Gets one integration of a Prisma workspace by its ID (`integrationId`, e.g. `itgr_clx7abc123def456`): an OAuth application a user has authorized to act on the workspace. Returns the integration's ID, granted scopes and creation date, the application (client ID and name) and the user who authorized it (ID, email, display name). Use it to check what one application may do and who let it in, for example before revoking it with **Delete Integration**. Find integration IDs with **List Integrations**; `workspaceId` only fills the `integrationId` dropdown. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/integrations/get-integrations-by-id)",
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
      optional: true,
      description: "Only fills the `integrationId` dropdown with the workspace's integrations: it is not sent to Prisma and not checked against the integration, which is fetched by its ID alone. Leave empty when you enter an integration ID directly.",
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
  },
  async run({ $ }) {
    checkOptionalId("workspace", this.workspaceId);
    const integrationId = checkId("integration", this.integrationId);
    const integration = await this.app.getIntegration({
      $,
      integrationId,
    });
    const { scopes } = integration;
    exportSummary($, `Found integration ${integration.id} of "${integration.client.name}" with scope${scopes.length === 1
      ? ""
      : "s"} ${scopes.join(", ") || "(none)"}`);
    return integration;
  },
});
