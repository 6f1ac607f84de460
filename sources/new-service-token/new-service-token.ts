import type { PageFetcher } from "../../common/pagination";
import type { ServiceToken } from "../../common/types";
import { checkId } from "../../common/validation";
import app from "../../prisma_management_api.app";
import {
  definePollingSource, pollingProps, timeOf, type CheckRun, type Emission,
} from "../common/base";
import { serviceTokenEvent } from "../common/events";
import { latestOnTopMethods } from "../common/latest-on-top";
import sampleEmit from "./test-event";

export default definePollingSource({
  key: "prisma_management_api-new-service-token",
  name: "New Service Token",
  description: "Emit new event for each service token created in a Prisma workspace, for a security audit: anyone holding a service token can manage the whole workspace. Each event carries the token's ID, name, value hint (its last characters), creation and expiry times and the workspace; never the token itself. To revoke one, use **Delete Service Token**. On deploy it emits the 10 most recent tokens. A check reads at most 2,000 new tokens (20 requests): should more be created between two checks, only the newest 2,000 are emitted. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/service-tokens/get-workspaces-by-workspace-id-service-tokens)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
    workspaceId: {
      propDefinition: [
        app,
        "workspaceId",
      ],
    },
  },
  methods: {
    ...latestOnTopMethods,
    _workspaceId(): string {
      return checkId("workspace", this.workspaceId);
    },
    listScope(): string {
      return `service-tokens workspace=${this._workspaceId()}`;
    },
    listPages({
      app, $,
    }: CheckRun): PageFetcher<ServiceToken> {
      return app.pageFetcher(app.listServiceTokens, {
        $,
        workspaceId: this._workspaceId(),
      });
    },
    emissionOf(token: ServiceToken): Emission {
      const workspaceId = this._workspaceId();
      return {
        event: serviceTokenEvent(token, workspaceId),
        meta: {
          id: token.id,
          summary: `New service token ${token.name} (${token.id}) in workspace ${workspaceId}`,
          ts: timeOf(token.createdAt),
        },
      };
    },
  },
  sampleEmit,
});
