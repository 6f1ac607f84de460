import { redactSecrets } from "../../common/redaction";
import type {
  Page, Project,
} from "../../common/types";
import type { PrismaApp } from "../../prisma_management_api.app";
import {
  definePollingSource, pollingProps, summaryOf, timeOf, type Emission,
} from "../common/base";
import { creationOrderMethods } from "../common/creation-order";
import sampleEmit from "./test-event";

export default definePollingSource({
  key: "prisma_management_api-new-project",
  name: "New Project",
  description: "Emit new event for each project created in the Prisma workspace of the connected account, with its ID, name, logical ID, default region and workspace. On deploy it emits the 10 most recent projects. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/get-projects)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
  },
  hooks: {
    async deploy() {
      await this.deployCreationOrder();
    },
  },
  methods: {
    ...creationOrderMethods,
    listScope(): string {
      return "projects";
    },
    async listPage(cursor: string | null, limit: number): Promise<Page<Project>> {
      const prisma: PrismaApp = this.app;
      return prisma.listProjects({
        params: {
          cursor,
          limit,
        },
      });
    },
    emissionOf(project: Project): Emission {
      return {
        event: redactSecrets(project),
        meta: {
          id: project.id,
          summary: summaryOf(`New project ${project.name} (${project.id})${project.defaultRegion
            ? ` in ${project.defaultRegion}`
            : ""}`),
          ts: timeOf(project.createdAt),
        },
      };
    },
  },
  async run() {
    await this.pollCreationOrder();
  },
  sampleEmit,
});
