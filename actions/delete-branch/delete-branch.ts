import { defineAction } from "../../common/define-action";
import {
  checkConfirmation, checkId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app, { type PrismaApp } from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-delete-branch",
  name: "Delete Branch",
  description: "Deletes one preview branch of a Prisma project by its ID (`branchId`), e.g. when its pull request is closed. Prisma soft-deletes it: it disappears from every list, and the API has no call to bring it back. Prisma refuses while the branch still has databases (delete them first with **Delete Database**, or use **Delete Preview Branch**, which deletes a preview branch's databases and then the branch) and never deletes the project's default branch or its production branch (to remove a default preview branch, first make another branch the default with **Set Default Branch**); the error then says which case applies. Find branch IDs with **List Branches**, and type the branch ID again in `confirm` to go ahead. Returns `deleted: true` and `branchId`. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api)",
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
      description: "Only fills the `branchId` dropdown with the project's branches: it is not sent to Prisma and not checked against the branch, which is deleted by its ID alone. Leave empty when you enter a branch ID directly.",
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
    const prisma: PrismaApp = this.app;
    const branchId = checkId("branch", this.branchId);
    checkConfirmation(this.confirm, branchId, `delete branch ${branchId}`);
    await prisma.deleteBranch({
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
