import { defineAction } from "../../common/define-action";
import { checkBranchOf } from "../../flows/ownership";
import {
  checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-set-default-branch",
  name: "Set Default Branch",
  description: "Makes a branch (`branchId`) its project's default branch; the branch that held the default stops being it in the same change. Being the default is the only thing Prisma lets change on a branch: its git name and role stay as they are. A branch cannot be un-set as default: to move the default, run this step for the branch that should take it over. Running it again for the same branch changes nothing more. When `projectId` is set, the step fails if the branch belongs to another project; Prisma has applied the change by then, and the error says so. Returns the updated branch. Find branch IDs with **List Branches**. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api)",
  version: "0.0.1",
  type: "action",
  annotations: {
    destructiveHint: false,
    openWorldHint: true,
    readOnlyHint: false,
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
      description: "The project of the branch: fills the `branchId` dropdown, and the step fails if the branch belongs to another project (after Prisma has made it the default; the error says so). Leave empty when you enter a branch ID directly.",
    },
    branchId: {
      propDefinition: [
        app,
        "branchId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
      description: "The branch to make the project's default. Pick one, or enter a branch ID such as `br_clx7abc123def456`.",
    },
  },
  async run({ $ }) {
    const projectId = checkOptionalId("project", this.projectId);
    const branchId = checkId("branch", this.branchId);
    const branch = await this.app.updateBranch({
      $,
      branchId,
      data: {
        isDefault: true,
      },
    });
    // The answer is the only place the branch's project shows, so the check comes after the change.
    checkBranchOf(branch, projectId, `Prisma has already made it the default branch of project ${branch.project?.id}: to undo that, run **Set Default Branch** for the branch that was the default there. `);
    // Prisma answers the same whether the branch was the default already or just became it: say what is, not what changed.
    exportSummary($, `Branch "${branch.gitName}" (${branch.id}) is the default of project ${branch.project.id}`);
    return branch;
  },
});
