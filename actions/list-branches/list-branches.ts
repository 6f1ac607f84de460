import { defineAction } from "../../common/define-action";
import { checkOptionalGitName } from "../../flows/branches";
import { countOf } from "../../common/text";
import {
  checkId, checkMaxResults, sameId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-branches",
  name: "List Branches",
  description: "Lists the branches of one Prisma project (`projectId`), oldest first, following every page to the end unless `maxResults` caps the list. Every database belongs to a branch: the first branch is the project's production branch and its default, later ones are `preview` branches, usually one per git branch or pull request. Set `gitNameContains` to keep only the branches whose git name contains that text (case-sensitive). Returns an array of branches with their IDs, git names, role (`production` or `preview`), whether each is the default, and creation times; deleted branches are not listed. Use **List Databases** with a branch to see its databases, and **Create Branch** to add one. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api)",
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
    },
    gitNameContains: {
      type: "string",
      label: "Git Name Contains",
      description: "Only the branches whose git name contains this text, case-sensitive, e.g. `feature/`. Leave empty to list every branch.",
      optional: true,
    },
    maxResults: {
      propDefinition: [
        app,
        "maxResults",
      ],
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    const gitNameContains = checkOptionalGitName(this.gitNameContains, "Git Name Contains");
    const max = checkMaxResults(this.maxResults);
    const branches = await this.app.listAll(this.app.listBranches, {
      $,
      projectId,
      params: {
        gitNameContains,
      },
    }, max, (branch) => sameId(branch.project?.id, projectId));
    exportSummary($, `Found ${countOf(branches.length, "branch", "branches")} in project ${projectId}` +
      (gitNameContains === undefined
        ? ""
        : ` with a git name containing "${gitNameContains}"`));
    return branches;
  },
});
