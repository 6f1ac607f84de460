import { defineAction } from "../../common/define-action";
import {
  checkGitName, checkPreviewBranch, findBranch,
} from "../../flows/branches";
import { isOnBranch } from "../../common/facts";
import {
  deleteEach, deleteUnlessThrottled, leftForNextRun,
} from "../../flows/bulk-deletion";
import { countOf } from "../../common/text";
import type { Database } from "../../common/types";
import {
  checkBoolean, checkConfirmation, checkId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

function branchDatabaseEntry(d: Database) {
  return {
    databaseId: d.id,
    name: d.name,
    status: d.status,
    createdAt: d.createdAt,
  };
}

export default defineAction({
  key: "prisma_management_api-delete-preview-branch",
  name: "Delete Preview Branch",
  description: "Tears down a git branch's preview in a Prisma project (`projectId`): deletes every database on the project's preview branch for `gitName` (with their data, connections and backups, for good), then the branch itself. It never touches the project's default or production branch, nor a branch Prisma's answer does not show to be a preview branch: for those the step fails without deleting anything. `dryRun` is on by default and only reports what would be deleted; to delete, set `dryRun` to false and type the git name again in `confirm`. Returns `dryRun`, `branchId`, `databases` (those found on the branch), `deleted`, `failed`, `notAttempted` and `branchDeleted`. A branch that does not exist is reported (`branchId: null`), not an error, so re-running is safe. Prisma allows about 30 requests a minute, so one run deletes what fits in the step's time and lists the rest in `notAttempted` for the next run; the branch is deleted only once all its databases are (when the limit leaves no time for that last delete, the result says the branch was not deleted with nothing failed or left, and the next run deletes it). Made for the pull-request-closed half of **Provision Preview Database**. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/delete-databases-by-database-id)",
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
      description: "The project of the preview. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
    },
    gitName: {
      type: "string",
      label: "Git Name",
      description: "The git branch whose preview is torn down, exactly as git names it, e.g. `feature/login`.",
    },
    dryRun: {
      type: "boolean",
      label: "Dry Run",
      description: "When on (the default), only report what would be deleted. Set to false, and fill in `confirm`, to delete.",
      optional: true,
      default: true,
    },
    confirm: {
      propDefinition: [
        app,
        "confirm",
      ],
      optional: true,
      description: "Needed only when `dryRun` is false: type the git name again (e.g. `feature/login`) to confirm that its preview branch and every database on it should be deleted. Leave empty for a dry run.",
    },
  },
  async run({ $ }) {
    const projectId = checkId("project", this.projectId);
    const gitName = checkGitName(this.gitName);
    const dryRun = checkBoolean(this.dryRun, "Dry Run", true);
    if (!dryRun) checkConfirmation(this.confirm, gitName, `delete the preview branch "${gitName}" and every database on it`);
    const shownName = gitName;

    const branch = await findBranch(this.app, $, projectId, gitName);
    if (!branch) {
      exportSummary($, `No preview branch "${shownName}" in project ${projectId}: nothing to delete`);
      return {
        dryRun,
        branchId: null,
        databases: [],
        deleted: [],
        failed: [],
        notAttempted: [],
        branchDeleted: false,
      };
    }
    checkPreviewBranch(branch, "This action deletes only a preview branch that is not the default, and its databases. Nothing was deleted.");
    const listed = await this.app.listAll(this.app.listDatabases, {
      $,
      params: {
        projectId,
        branchId: branch.id,
      },
    });
    // Only databases the answer places on the branch are deleted; one it does not place at all
    // stops the step, since the branch cannot be emptied with it unaccounted for.
    const databases = listed.filter((d) => {
      const {
        verdict, reason,
      } = isOnBranch(d, branch.id);
      if (verdict === "unknown") {
        throw new Error(`Database ${d.id} ("${d.name}"), listed for branch "${shownName}" (${branch.id}), ${reason}. Nothing was deleted.`);
      }
      return verdict === "yes";
    });
    const described = databases.map(branchDatabaseEntry);

    if (dryRun) {
      exportSummary($, `Dry run: would delete ${countOf(databases.length, "database")} and branch "${shownName}" (${branch.id})`);
      return {
        dryRun,
        branchId: branch.id,
        databases: described,
        deleted: [],
        failed: [],
        notAttempted: [],
        branchDeleted: false,
      };
    }
    const {
      deleted, failed, notAttempted,
    } = await deleteEach(databases, described, (d) => this.app.deleteDatabase({
      $,
      databaseId: d.id,
    }));
    // Prisma refuses to delete a branch that still has databases: only try once they are gone.
    const emptied = deleted.length === databases.length;
    const branchDeleted = emptied && await deleteUnlessThrottled(() => this.app.deleteBranch({
      $,
      branchId: branch.id,
    }));

    exportSummary($, [
      `Deleted ${countOf(deleted.length, "database")}${branchDeleted
        ? ` and branch "${shownName}" (${branch.id})`
        : ` of branch "${shownName}"`}`,
      ...failed.length
        ? [
          `${failed.length} failed, so the branch was kept`,
        ]
        : [],
      ...leftForNextRun(notAttempted),
      ...emptied && !branchDeleted
        ? [
          "the branch itself is left for the next run (Prisma allows about 30 requests a minute; run the step again to delete it)",
        ]
        : [],
    ].join("; "));
    return {
      dryRun,
      branchId: branch.id,
      databases: described,
      deleted,
      failed,
      notAttempted,
      branchDeleted,
    };
  },
});
