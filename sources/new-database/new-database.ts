import type { PageFetcher } from "../../common/pagination";
import type { Database } from "../../common/types";
import {
  checkOptionalId, sameId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";
import {
  definePollingSource, pollingProps, timeOf, type CheckRun, type Emission,
} from "../common/base";
import { creationOrderMethods } from "../common/creation-order";
import {
  databaseEvent, newDatabaseLine,
} from "../common/events";
import sampleEmit from "./test-event";

export default definePollingSource({
  key: "prisma_management_api-new-database",
  name: "New Database",
  description: "Emit new event for each Prisma Postgres database created in the workspace, or only in one project (and branch). Each event is the database with its ID, name, status, region, project, branch and connections (hosts and ports only, never credentials). A new database may still be `provisioning`: use **Database Status Changed** to know when it is ready. On deploy it emits the 10 most recent databases (with more than 2,000 databases, once it has read the list to its end: at most 20 requests a check, over several checks). [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/get-databases)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
    projectId: {
      propDefinition: [
        app,
        "projectId",
      ],
      optional: true,
      description: "Only databases of this project. Leave empty to watch every database of the workspace.",
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
      description: "Only databases of this branch (choose the project first to list its branches). Leave empty for every branch.",
    },
  },
  methods: {
    ...creationOrderMethods,
    _filters(): { projectId?: string; branchId?: string } {
      return {
        projectId: checkOptionalId("project", this.projectId),
        branchId: checkOptionalId("branch", this.branchId),
      };
    },
    listScope(): string {
      const {
        projectId, branchId,
      } = this._filters();
      return `databases project=${projectId ?? "*"} branch=${branchId ?? "*"}`;
    },
    listPages({
      app, $,
    }: CheckRun): PageFetcher<Database> {
      return app.pageFetcher(app.listDatabases, {
        $,
        params: this._filters(),
      });
    },
    isInScope(database: Database): boolean {
      const {
        projectId, branchId,
      } = this._filters();
      return (!projectId || sameId(database.project?.id, projectId)) &&
        (!branchId || sameId(database.branchId, branchId));
    },
    emissionOf(database: Database): Emission {
      return {
        event: databaseEvent(database),
        meta: {
          id: database.id,
          summary: `New database ${newDatabaseLine(database)}`,
          ts: timeOf(database.createdAt),
        },
      };
    },
  },
  sampleEmit,
});
