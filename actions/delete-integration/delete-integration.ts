import { defineAction } from "@pipedream/types";
import { runOptionsRequired } from "../../common/run-options";
import type { RunOptions } from "../../common/types";
import { checkConfirmation, checkId, checkOptionalId } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-integration",
  name: "Delete Integration",
  description: "Removes an integration from a Prisma workspace and revokes every access token that OAuth application holds for it; this cannot be undone. The application loses access at once, and a user has to authorize it again to restore it (if this Pipedream account is connected through that application, it stops working too). Check which application and user an integration belongs to with **List Integrations** before revoking it. Service tokens are revoked with **Delete Service Token** instead. Type the integration ID again in Confirm to go ahead. [See the documentation](https://www.prisma.io/docs/management-api/endpoints/integrations/delete-integrations-by-id)",
  version: "0.0.1",
  type: "action",
  annotations: { destructiveHint: true, openWorldHint: true, readOnlyHint: false },
  props: {
    app,
    workspaceId: {
      propDefinition: [app, "workspaceId"],
      optional: true,
      description: "The workspace whose integrations fill the Integration dropdown. Leave empty when entering the integration ID directly.",
    },
    integrationId: {
      propDefinition: [app, "integrationId", (c: { workspaceId?: string }) => ({ workspaceId: c.workspaceId })],
    },
    confirm: {
      propDefinition: [app, "confirm"],
      description: "Type the integration ID again (e.g. `itgr_clx7abc123def456`) to confirm that the integration should be removed and its tokens revoked.",
    },
  },
  async run({ $ }: RunOptions = runOptionsRequired()) {
    const prisma: PrismaApp = this.app;
    checkOptionalId("workspace", this.workspaceId);
    const integrationId = checkId("integration", this.integrationId);
    checkConfirmation(this.confirm, integrationId, `revoking integration ${integrationId}`);
    await prisma.deleteIntegration({ $, integrationId });
    exportSummary($, `Deleted integration ${integrationId}; its access tokens are revoked`);
    return { deleted: true, integrationId };
  },
});
