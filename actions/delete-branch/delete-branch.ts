import { defineAction } from "../../common/define-action";
import { checkPreviewBranch } from "../../flows/branches";
import { checkBranchOf } from "../../flows/ownership";
import {
  checkConfirmation, checkId, checkOptionalId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-branch",
  name: "Delete Branch",
  description: "Deletes one preview branch of a Prisma project by its ID (`branchId`), e.g. when its pull request is closed. Prisma soft-deletes it: it disappears from every list, and the API has no call to bring it back. The branch is read first: the step deletes it only when Prisma's answer shows a preview branch that is not the project's default (and, with `projectId`, of that project), and otherwise fails without deleting, saying what it could not confirm; to remove a default preview branch, first make another branch the default with **Set Default Branch**. Prisma refuses while the branch still has databases (delete them first with **Delete Database**, or use **Delete Preview Branch**, which deletes a preview branch's databases and then the branch). Find branch IDs with **List Branches**, and type the branch ID again in `confirm` to go ahead. Returns `deleted: true` and `branchId`. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api)",
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
      optional: true,
      description: "Fills the `branchId` dropdown with the project's branches; when set, the branch is deleted only if Prisma shows it belongs to this project. Leave empty when you enter a branch ID directly.",
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
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      description: "Type the branch ID again (e.g. `br_clx7abc123def456`) to confirm that the branch should be deleted.",
    },
  },
  async run({ $ }) {
    const projectId = checkOptionalId("project", this.projectId);
    const branchId = checkId("branch", this.branchId);
    checkConfirmation(this.confirm, branchId, `delete branch ${branchId}`);
    const branch = await this.app.getBranch({
      $,
      branchId,
    });
    checkBranchOf(branch, projectId, "Nothing was deleted. ");
    checkPreviewBranch(branch, "This action deletes only a preview branch that is not the default. Nothing was deleted.");
    await this.app.deleteBranch({
      $,
      branchId,
    });
    exportSummary($, `Deleted branch ${branchId}`);
    return {
      deleted: true,
      branchId,
    };
  },
});
