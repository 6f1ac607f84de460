import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import {
  checkId, checkName,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-service-token",
  name: "Create Service Token",
  description: "Creates a service token for a Prisma workspace (`workspaceId`). A service token has full access to every project, database and connection of its workspace: use one to give a CI job or another workflow its own revocable credential, or to replace a token before deleting the old one. Returns `serviceTokenId`, `name`, `valueHint`, `createdAt`, `expiresAt` and the token itself in `serviceTokenValue`, shown only this once: Prisma never stores or returns it again, so copy it to a secret store right away (if it is lost, create another and delete the old one with **Delete Service Token**). Running it again creates another token. See the existing ones with **List Service Tokens**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/service-tokens/post-workspaces-by-workspace-id-service-tokens)",
  version: "0.0.1",
  type: "action",
  mints: true,
  annotations: {
    destructiveHint: false,
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
    name: {
      type: "string",
      label: "Name",
      description: "A display name that says where the token is used, 1 to 256 characters, e.g. `github-actions-deploy`.",
    },
  },
  async run({ $ }) {
    const workspaceId = checkId("workspace", this.workspaceId);
    const name = checkName(this.name, NAME_LIMITS.serviceToken, "Name");
    const created = await this.app.createServiceToken({
      $,
      workspaceId,
      data: {
        name,
      },
    });
    const details = {
      serviceTokenId: created.id,
      name: created.name,
      valueHint: created.valueHint,
      createdAt: created.createdAt,
      expiresAt: created.expiresAt ?? null,
    };
    exportSummary($, `Created service token "${details.name}" (${details.serviceTokenId}) in workspace ${workspaceId}; its value is in serviceTokenValue and will not be shown again`);
    return {
      ...details,
      serviceTokenValue: created.value,
    };
  },
});
