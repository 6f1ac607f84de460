import { defineAction } from "../../common/define-action";
import type { Me } from "../../common/types";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

function describeIdentity(me: Me): string {
  const {
    credential, user, workspace,
  } = me;
  const owner = user
    ? ` of user ${user.email}`
    : "";
  const scope = workspace
    ? ` for workspace "${workspace.name}" (${workspace.id})`
    : ", not bound to one workspace";
  const article = /^[aeiou]/.test(credential.type)
    ? "an"
    : "a";
  return `Token is ${article} ${credential.type}${owner}${scope}`;
}

export default defineAction({
  key: "prisma_management_api-get-current-identity",
  name: "Get Current Identity",
  description: "Tells who the connected Prisma token is: the credential type (`service_token`, `oauth`, `management_token` or `agent_token`) with its ID and name, the user behind it (null for service tokens) and the workspace it is bound to (null when it is not bound to one). Use it to check a connection, or to learn the workspace ID that **List Service Tokens**, **Create Service Token** and **List Integrations** need; **List Workspaces** lists every workspace the token can reach. Takes no input. Returns `credential`, `user` and `workspace`. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/misc/get-me)",
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
  },
  async run({ $ }) {
    const me = await this.app.getMe({
      $,
    });
    exportSummary($, describeIdentity(me));
    return me;
  },
});
