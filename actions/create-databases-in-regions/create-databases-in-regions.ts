import { defineAction } from "../../common/define-action";
import { NAME_LIMITS } from "../../common/constants";
import { settleAll } from "../../common/concurrency";
import {
  createOrFindDatabase, pendingOf, withWait,
} from "../../flows/provisioning-database";
import { waitAcrossReruns } from "../../flows/waiting";
import { countOf } from "../../common/text";
import {
  checkId, checkMaxWaitSeconds, checkName, checkOptionalLogicalId, checkRegions,
} from "../../common/validation";
import app from "../../prisma_management_api.app";

/** How many databases are created at once: enough to overlap the waits, few enough to stay polite. */
const CONCURRENCY = 3;

export default defineAction({
  key: "prisma_management_api-create-databases-in-regions",
  name: "Create Databases in Regions",
  description: "Creates one Prisma Postgres database per region of `regions` in an existing project (`projectId`), for a multi-region deployment: three at a time, each named `<namePrefix>-<region>`. Then waits until they are ready, for up to `maxWaitSeconds`. Returns `projectId`, the counts `succeeded`, `failed` and `ready`, and `results`: one entry per region with `region`, `ok` and `error`, and for each database made its `databaseId`, `status`, `ready`, `waitError` and connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`, shown only this once. One region failing does not stop or hide the others, and a database not ready in time is not an error. Set `logicalIdPrefix` so that a re-run returns the databases made before (Logical ID `<logicalIdPrefix>-<region>` each, without their connection strings) instead of new ones. For a single database use **Create Database**. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/post-databases)",
  version: "0.0.1",
  type: "action",
  mints: true,
  annotations: {
    destructiveHint: false,
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
    },
    regions: {
      propDefinition: [
        app,
        "region",
      ],
      type: "string[]",
      label: "Regions",
      description: "The regions to create a database in, e.g. `us-east-1`, `eu-central-1`, `ap-southeast-1`. Each region gets one database.",
    },
    namePrefix: {
      type: "string",
      label: "Name Prefix",
      description: "The start of each database's name, 1 to 241 characters; the region is appended, e.g. `orders` gives `orders-eu-central-1`.",
    },
    logicalIdPrefix: {
      type: "string",
      label: "Logical ID Prefix",
      description: "Your own stable identifier prefix, e.g. `orders` (lowercase letters, digits, `-`, `_`); each database gets `<prefix>-<region>` as its logical ID, so re-runs return the same databases. Leave empty to create new databases on every run.",
      optional: true,
    },
    maxWaitSeconds: {
      propDefinition: [
        app,
        "maxWaitSeconds",
      ],
    },
  },
  async run({ $ }) {
    return waitAcrossReruns(this.app, $, {
      inputs: () => {
        const projectId = checkId("project", this.projectId);
        return {
          projectId,
          regions: checkRegions(this.regions),
          namePrefix: checkName(this.namePrefix, {
            min: 1,
            max: NAME_LIMITS.database.max - 15,
          }, "Name Prefix"),
          logicalIdPrefix: checkOptionalLogicalId(this.logicalIdPrefix),
          maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
        };
      },
      // One region failing must not hide the others: each region's create is settled on its own.
      start: async ({
        projectId, regions, namePrefix, logicalIdPrefix,
      }) => {
        const settled = await settleAll(
          regions,
          CONCURRENCY,
          (region) => createOrFindDatabase(this.app, $, {
            projectId,
            name: `${namePrefix}-${region}`,
            region,
            logicalId: logicalIdPrefix && `${logicalIdPrefix}-${region}`,
          }),
        );
        const created = settled.map((outcome, i) => outcome.ok
          ? {
            region: regions[i],
            outcome: outcome.value,
            error: null,
          }
          : {
            region: regions[i],
            outcome: null,
            error: outcome.error.message,
          });
        return {
          state: created,
          databases: created.flatMap((r) => (r.outcome
            ? [
              pendingOf(r.outcome),
            ]
            : [])),
        };
      },
      finish: async (created, waits, { projectId }) => {
        const results = created.map((r) => r.outcome
          ? {
            ...withWait(r.outcome, waits[r.outcome.databaseId]),
            region: r.region,
            ok: true,
            error: null,
          }
          : {
            region: r.region,
            ok: false,
            error: r.error,
          });
        const failed = results.filter((r) => !r.ok).length;
        return {
          projectId,
          succeeded: results.length - failed,
          failed,
          ready: results.filter((r) => "ready" in r && r.ready).length,
          results,
        };
      },
      summary: ({
        results, ready,
      }) => {
        const regionsWhere = (keep: (r: (typeof results)[number]) => boolean) =>
          results.filter(keep).map((r) => r.region);
        const created = regionsWhere((r) => "alreadyExisted" in r && !r.alreadyExisted);
        const found = regionsWhere((r) => "alreadyExisted" in r && r.alreadyExisted);
        const failedToCreate = regionsWhere((r) => !r.ok);
        const failedToStart = regionsWhere((r) => "status" in r && r.status === "failure");
        const pending = regionsWhere((r) => r.ok && "ready" in r && !r.ready && r.status !== "failure");
        const parts = [
          ...created.length
            ? [
              `Created ${countOf(created.length, "database")} in ${created.join(", ")}`,
            ]
            : [],
          ...found.length
            ? [
              `found ${countOf(found.length, "database")} made before (same Logical ID) in ${found.join(", ")}`,
            ]
            : [],
          `${ready} of ${results.length} ready`,
          ...failedToCreate.length
            ? [
              `could not create in ${failedToCreate.join(", ")}`,
            ]
            : [],
          ...failedToStart.length
            ? [
              `failed to start in ${failedToStart.join(", ")}`,
            ]
            : [],
          ...pending.length
            ? [
              `not ready yet in ${pending.join(", ")}`,
            ]
            : [],
          ...failedToCreate.length + failedToStart.length + pending.length
            ? [
              "see each result's `error` or `waitError`",
            ]
            : [],
        ].join("; ");
        return parts.charAt(0).toUpperCase() + parts.slice(1);
      },
    });
  },
});
