import { defineAction } from "../../common/define-action";
import { countOf } from "../../common/text";
import type { Database } from "../../common/types";
import {
  checkId, checkMaxResults, checkOptionalId, sameId,
} from "../../common/validation";
import { exportSummary } from "../../common/summary";
import app from "../../prisma_management_api.app";

export default defineAction({
  key: "prisma_management_api-list-databases",
  name: "List Databases",
  description: "Lists the Prisma Postgres databases of one project (`projectId`), following every page to the end unless `maxResults` caps the list; set `branchId` to list only the databases of that branch (e.g. a pull request's preview branch). Returns an array of databases with their IDs, names, status (`provisioning`, `ready`, `recovering` or `failure`), region, branch ID, whether each is the project's default, and their connections (without credentials). Use **Get Database** for one database, **List Projects** to find project IDs and **List Branches** for a project's branches. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/get-projects-by-project-id-databases)",
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
    branchId: {
      propDefinition: [
        app,
        "branchId",
        (c: { projectId?: string }) => ({
          projectId: c.projectId,
        }),
      ],
      optional: true,
      description: "Only the databases of this branch of the project. Pick one, or enter a branch ID such as `br_clx7abc123def456`. Leave empty to list the databases of every branch.",
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
    const branchId = checkOptionalId("branch", this.branchId);
    const max = checkMaxResults(this.maxResults);
    // The project's own route has no branch filter; the workspace-wide one filters by both.
    const inScope = (database: Database) => sameId(database.project?.id, projectId) &&
      (!branchId || sameId(database.branchId, branchId));
    const databases = branchId
      ? await this.app.listAll(this.app.listDatabases, {
        $,
        params: {
          projectId,
          branchId,
        },
      }, max, inScope)
      : await this.app.listAll(this.app.listProjectDatabases, {
        $,
        projectId,
      }, max, inScope);
    exportSummary($, `Found ${countOf(databases.length, "database")} in project ${projectId}${branchId
      ? `, branch ${branchId}`
      : ""}`);
    return databases;
  },
});
