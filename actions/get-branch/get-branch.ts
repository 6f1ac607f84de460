import { defineAction } from "../../common/define-action";
import { checkBranchOf } from "../../flows/ownership";
import { branchRoleText } from "../../common/facts";
import {
  checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-get-branch",
  name: "Get Branch",
  description: "Gets one branch of a Prisma project by its ID (`branchId`, e.g. `br_clx7abc123def456`): git name, role (`production` or `preview`), whether it is the project's default, creation and update times, and its project. When `projectId` is set, the step fails, returning nothing, if the branch belongs to another project. The branch's databases are not included: list them with **List Databases** and this branch. Find branch IDs with **List Branches**. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api)",
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
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
      optional: true,
      description: "The project of the branch: fills the `branchId` dropdown, and the step fails, returning nothing, if the branch belongs to another project. Leave empty when you enter a branch ID directly.",
    },
    branchId: {
      propDefinition: [
        app,
        "branchId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
    },
  },
  async run({ $ }) {
    const projectId = checkOptionalId("project", this.projectId);
    const branchId = checkId("branch", this.branchId);
    const branch = await this.app.getBranch({
      $,
      branchId,
    });
    checkBranchOf(branch, projectId);
    exportSummary($, `Found branch "${branch.gitName}" (${branch.id}) of project ${branch.project.id}, ${branchRoleText(branch)}`);
    return branch;
  },
});
