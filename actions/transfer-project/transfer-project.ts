import { ConfigurationError } from "@pipedream/platform";
import { defineAction } from "../../common/define-action";
import {
  checkConfirmation, checkId, kindOfNonText,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

function checkRecipientToken(value: unknown): string {
  // Named by its kind only: the value is a credential.
  if (value !== undefined && value !== null && typeof value !== "string") {
    throw new ConfigurationError(`Recipient Access Token must be text, e.g. the access token of Prisma's OAuth flow; got ${kindOfNonText(value)}.`);
  }
  const token = typeof value === "string"
    ? value.trim()
    : "";
  if (!token) {
    throw new ConfigurationError(
      "Recipient Access Token is required: the receiving user's OAuth access token from Prisma's OAuth flow (not a service token).",
    );
  }
  return token;
}

export default defineAction({
  key: "prisma_management_api-transfer-project",
  name: "Transfer Project",
  description: "Gives a Prisma project (`projectId`) away: moves it, with all its databases, connections and backups, into the workspace of the user whose OAuth access token is in `recipientAccessToken`. The project leaves this workspace and the connected token loses all access to it; only the recipient can move it back. This is the \"claim\" step of a partner flow (provision with **Create Project** or **Provision Postgres Project**, then hand the project to the user). Prisma refuses while a database is provisioning or restoring: check with **Get Project** and **List Databases** first. To let someone use a database without giving the project away, mint them a credential with **Create Connection String** instead. Type the project ID again in `confirm` to go ahead. Returns `transferred: true` and `projectId`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/post-projects-by-id-transfer)",
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
    recipientAccessToken: {
      type: "string",
      label: "Recipient Access Token",
      description: "The receiving user's OAuth access token, obtained through Prisma's OAuth flow (authorize at `auth.prisma.io` with scope `workspace:admin`). A service token is not accepted. It is sent to Prisma only and never shown in the step's output.",
      secret: true,
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the project ID again (e.g. `proj_clx7abc123def456`) to confirm that the project should leave this workspace for the recipient's.",
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    const recipientAccessToken = checkRecipientToken(this.recipientAccessToken);
    checkConfirmation(this.confirm, projectId, `transfer project ${projectId} out of this workspace`);
    await this.app.transferProject({
      $,
      projectId,
      data: {
        recipientAccessToken,
      },
    });
    exportSummary($, `Transferred project ${projectId} to the recipient's workspace`);
    return {
      transferred: true,
      projectId,
    };
  },
});
