import { defineAction } from "../../common/define-action";
import { countOf } from "../../common/text";
import type { ServiceToken } from "../../common/types";
import {
  checkId, checkMaxResults,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-service-tokens",
  name: "List Service Tokens",
  description: "Lists the service tokens of a Prisma workspace (`workspaceId`), newest first, following every page to the end unless `maxResults` caps the list. Returns an array with each token's ID (`itgr_…`), name, value hint (its last characters), creation and expiry dates; token values are never returned. An unknown workspace, or one the token is not a member of, gives an empty list. Use it to audit access, or to find the ID for **Delete Service Token**; mint a new token with **Create Service Token**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/service-tokens/get-workspaces-by-workspace-id-service-tokens)",
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
    const tokens = (await this.app.listAll(this.app.listServiceTokens, {
      $,
      workspaceId,
    }, max))
      // Every item is a service token: a `value` on one is its secret, whatever else the item says.
      .map(({
        value: _secret, ...token
      }: ServiceToken & { value?: unknown }) => token);
    exportSummary($, `Found ${countOf(tokens.length, "service token")} in workspace ${workspaceId}`);
    return tokens;
  },
});
