import type { PageFetcher } from "../../common/pagination";
import type { Project } from "../../common/types";
import {
  definePollingSource, pollingProps, timeOf, type CheckRun, type Emission,
} from "../common/base";
import { creationOrderMethods } from "../common/creation-order";
import sampleEmit from "./test-event";

export default definePollingSource({
  key: "prisma_management_api-new-project",
  name: "New Project",
  description: "Emit new event for each project created in the Prisma workspace of the connected account, with its ID, name, logical ID, default region and workspace. On deploy it emits the 10 most recent projects (with more than 2,000 projects, once it has read the list to its end: at most 20 requests a check, over several checks). [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/projects/get-projects)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
  },
  methods: {
    ...creationOrderMethods,
    listScope(): string {
      return "projects";
    },
    listPages({
      app, $,
    }: CheckRun): PageFetcher<Project> {
      return app.pageFetcher(app.listProjects, {
        $,
      });
    },
    emissionOf(project: Project): Emission {
      return {
        event: project,
        meta: {
          id: project.id,
          summary: `New project ${project.name} (${project.id})${project.defaultRegion
            ? ` in ${project.defaultRegion}`
            : ""}`,
          ts: timeOf(project.createdAt),
        },
      };
    },
  },
  sampleEmit,
});
