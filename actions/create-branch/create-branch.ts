import { defineAction } from "../../common/define-action";
import {
  checkGitName, ensureBranch,
} from "../../flows/branches";
import { branchRoleText } from "../../common/facts";
import {
  checkBoolean, checkId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-create-branch",
  name: "Create Branch",
  description: "Creates a preview branch in a Prisma project for a git branch name (`gitName`), e.g. one per pull request, so that its databases stay apart from production. Running it again with the same `gitName` returns the branch that exists instead of failing or making a twin. Set `isDefault` to make the branch the project's default: the default moves from the branch that held it, and a re-run makes the existing branch the default again if it no longer is. Returns `branchId`, `gitName`, `role`, `isDefault`, `projectId`, `alreadyExisted` (true when nothing was created) and the whole `branch`. Put a database on the branch with **Create Database** or **Update Database**, or give a pull request its whole preview in one step with **Provision Preview Database**; list branches with **List Branches** and remove one with **Delete Branch**. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api)",
  version: "0.0.1",
  type: "action",
  // A re-run finds the branch the first run made: nothing more changes.
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
      description: "The project to create the branch in. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
    },
    gitName: {
      type: "string",
      label: "Git Name",
      description: "The git branch the branch stands for, exactly as git names it, 1 to 255 characters, e.g. `feature/login` or `pr-142`. It identifies the branch within the project.",
    },
    isDefault: {
      type: "boolean",
      label: "Default Branch",
      description: "Set to true to make this branch the project's default (the branch that held the default stops being it). Defaults to false.",
      optional: true,
      default: false,
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    const gitName = checkGitName(this.gitName);
    const isDefault = checkBoolean(this.isDefault, "Default Branch");
    const {
      branch, alreadyExisted, madeDefault,
    } = await ensureBranch(this.app, $, projectId, gitName, {
      isDefault,
    });
    const role = branchRoleText(branch);
    exportSummary($, alreadyExisted
      ? `Branch "${branch.gitName}" already exists: returned ${branch.id} (${role})` +
        (madeDefault
          ? " after making it the default; nothing was created"
          : "; nothing was created")
      : `Created branch "${branch.gitName}" (${branch.id}) in project ${branch.project?.id ?? projectId}, ${role}`);
    return {
      branchId: branch.id,
      gitName: branch.gitName,
      role: branch.role,
      isDefault: branch.isDefault,
      projectId: branch.project?.id ?? projectId,
      alreadyExisted,
      branch: branch,
    };
  },
});
