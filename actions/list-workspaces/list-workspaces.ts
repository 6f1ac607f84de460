import { defineAction } from "../../common/define-action";
import { countOf } from "../../common/text";
import { checkMaxResults } from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-workspaces",
  name: "List Workspaces",
  description: "Lists the Prisma workspaces the connected token can access (a service token sees only its own workspace), following every page to the end unless `maxResults` caps the list. Returns an array of workspaces with their IDs (`wksp_…`), names and creation dates. Use a workspace ID with **Get Workspace**, **List Service Tokens**, **List Integrations** or **Create Project**; **Get Current Identity** tells which workspace the token itself belongs to. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/workspaces/get-workspaces)",
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
    maxResults: {
      propDefinition: [
        app,
        "maxResults",
      ],
    },
  },
  async run({ $ }) {
    const max = checkMaxResults(this.maxResults);
    const workspaces = await this.app.listAll(this.app.listWorkspaces, {
      $,
    }, max);
    exportSummary($, `Found ${countOf(workspaces.length, "workspace")}`);
    return workspaces;
  },
});
