import { defineAction } from "../../common/define-action";
import { countOf } from "../../common/text";
import {
  checkId, checkMaxResults,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-integrations",
  name: "List Integrations",
  description: "Lists the integrations of a Prisma workspace (`workspaceId`): the OAuth applications a user has authorized to act on it, following every page to the end unless `maxResults` caps the list. Returns an array with each integration's ID (`itgr_…`), granted scopes, creation date, the application (client ID and name) and the user who authorized it. Use it to audit third-party access, or to find the ID for **Get Integration** or **Delete Integration**. Service tokens are listed by **List Service Tokens**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/integrations/get-workspaces-by-workspace-id-integrations)",
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
    maxResults: {
      propDefinition: [
        app,
        "maxResults",
      ],
    },
  },
  async run({ $ }) {
    const workspaceId = checkId("workspace", this.workspaceId);
    const max = checkMaxResults(this.maxResults);
    const integrations = await this.app.listAll(this.app.listWorkspaceIntegrations, {
      $,
      workspaceId,
    }, max);
    exportSummary($, `Found ${countOf(integrations.length, "integration")} in workspace ${workspaceId}`);
    return integrations;
  },
});
