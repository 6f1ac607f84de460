import type { PageFetcher } from "../../common/pagination";
import type { Connection } from "../../common/types";
import {
  checkOptionalId, sameId,
} from "../../common/validation";
import app from "../../prisma_management_api.app";
import {
  definePollingSource, pollingProps, timeOf, type CheckRun, type Emission,
} from "../common/base";
import { creationOrderMethods } from "../common/creation-order";
import { connectionEvent } from "../common/events";
import sampleEmit from "./test-event";

export default definePollingSource({
  key: "prisma_management_api-new-connection-string",
  name: "New Connection String",
  description: "Emit new event for each connection (named database credential) created in the workspace, or only on one database: an audit trail of who can connect. Each event carries the connection's ID, name, kind, creation time, endpoint hosts and ports, and its database; never the connection string or password, which Prisma shows only to whoever created it. On deploy it emits the 10 most recent connections (with more than 2,000 connections, once it has read the list to its end: at most 20 requests a check, over several checks). [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/connections/get-connections)",
  version: "0.0.1",
  type: "source",
  dedupe: "unique",
  props: {
    ...pollingProps,
    databaseId: {
      propDefinition: [
        app,
        "databaseId",
      ],
      optional: true,
      description: "Only connections of this database. Leave empty to watch every connection of the workspace.",
    },
  },
  methods: {
    ...creationOrderMethods,
    _databaseId(): string | undefined {
      return checkOptionalId("database", this.databaseId);
    },
    listScope(): string {
      return `connections database=${this._databaseId() ?? "*"}`;
    },
    isInScope(connection: Connection): boolean {
      const databaseId = this._databaseId();
      return !databaseId || sameId(connection.database?.id, databaseId);
    },
    listPages({
      app, $,
    }: CheckRun): PageFetcher<Connection> {
      return app.pageFetcher(app.listConnections, {
        $,
        params: {
          databaseId: this._databaseId(),
        },
      });
    },
    emissionOf(connection: Connection): Emission {
      const { database } = connection;
      return {
        event: connectionEvent(connection),
        meta: {
          id: connection.id,
          summary: `New connection ${connection.name} (${connection.id}, ${connection.kind})${database
            ? ` on database ${database.name} (${database.id})`
            : ""}`,
          ts: timeOf(connection.createdAt),
        },
      };
    },
  },
  sampleEmit,
});
