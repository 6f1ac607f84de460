import { defineAction } from "../../common/define-action";
import { checkGitName } from "../../flows/branches";
import {
  INHERIT_REGION, NAME_LIMITS,
} from "../../common/constants";
import { readiness } from "../../flows/provisioning-database";
import { provisionPreviewDatabase } from "../../flows/provisioning-preview";
import {
  checkDatabaseRegion,
  checkId,
  checkMaxWaitSeconds,
  checkName,
  checkOptionalLogicalId,
  checkOptionalName,
} from "../../common/validation";
import { checkOptionalScript } from "../../common/sql-checks";
import { schemaNote } from "../../flows/sql";
import app from "../../prisma_management_api.app";

/** The Logical ID of a branch's preview database when none is given: unique per branch, so one per git branch. */
const DEFAULT_LOGICAL_ID = "preview";

/** `preview-feature-login` for `feature/login`: a readable database name from a git name. */
function nameFor(gitName: string): string {
  return `preview-${gitName.replace(/[^A-Za-z0-9._-]+/g, "-")}`.slice(0, NAME_LIMITS.database.max);
}

export default defineAction({
  key: "prisma_management_api-provision-preview-database",
  name: "Provision Preview Database",
  description: "Gives a git branch (e.g. a pull request's) its own Prisma Postgres database in one step: finds or creates the project's preview branch for `gitName`, creates the database on it (or, on a re-run, finds the one made before by its Logical ID: `logicalId`, or `preview` when empty), waits until it is ready, and mints a connection named `connectionName` (or reuses it). The wait lasts up to `maxWaitSeconds`; a database not ready by then gets no new connection: its default one comes back in place of the named one, as it does when minting fails (`followUpError` then says why). Returns `branchId`, `databaseId`, `databaseName`, `status`, `ready`, `waitError`, `connectionId`, `connectionName`, `followUpError`, `alreadyExisted`, `schemaApplied` and `schemaError` (when `schemaSql` is given, to create the tables on the new database right away), and the connection strings in `directConnectionString`, `pooledConnectionString` and `accelerateConnectionString`, present only when this run created them: Prisma shows them only once. Re-running with the same inputs creates nothing new. The production branch, and a branch made the project's default, are refused: add databases to them with **Create Database**. When the pull request closes, remove it all with **Delete Preview Branch**. Prisma marks the branch endpoints experimental: they may change without notice. [See the documentation](https://www.prisma.io/docs/rest-api/endpoints/databases/post-databases)",
  version: "0.0.1",
  type: "action",
  mints: true,
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
      description: "The project the preview belongs to. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
    },
    gitName: {
      type: "string",
      label: "Git Name",
      description: "The git branch the preview is for, exactly as git names it, e.g. `feature/login` or `pr-142`. Its preview branch is created when it does not exist.",
    },
    connectionName: {
      type: "string",
      label: "Connection Name",
      description: "A name for the application's connection string, 3 to 65 characters, e.g. `preview-app`. A re-run reuses the connection of this name.",
      default: "preview-app",
    },
    name: {
      type: "string",
      label: "Database Name",
      description: "The database's display name, 1 to 256 characters. Leave empty to derive it from the git name (`feature/login` gives `preview-feature-login`).",
      optional: true,
    },
    region: {
      propDefinition: [
        app,
        "region",
        () => ({
          includeInherit: true,
        }),
      ],
      description: "Where the database runs, e.g. `eu-central-1`, or `inherit` (the default) for the project's default region.",
      optional: true,
      default: INHERIT_REGION,
    },
    logicalId: {
      propDefinition: [
        app,
        "logicalId",
      ],
      description: "The database's identifier on its branch (lowercase letters, digits, `-`, `_`). Leave empty for `preview`: Logical IDs are unique per branch, so each git branch gets one preview database and a re-run finds it.",
    },
    schemaSql: {
      type: "string",
      label: "Schema SQL",
      description: "SQL to run once on the new database as soon as it is ready, in one transaction with the minted credentials, e.g. `CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);`. It is not run when a re-run finds the database already there, nor when the database is not ready in time; `schemaApplied` and `schemaError` say what happened. Leave empty to create the database empty.",
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
    return provisionPreviewDatabase(this.app, $, {
      inputs: () => {
        const projectId = checkId("project", this.projectId);
        const gitName = checkGitName(this.gitName);
        return {
          projectId,
          gitName,
          connectionName: checkName(this.connectionName, NAME_LIMITS.connection, "Connection Name"),
          database: {
            name: checkOptionalName(this.name, NAME_LIMITS.database, "Database Name") ?? nameFor(gitName),
            region: this.region === undefined || this.region === null || this.region === ""
              ? INHERIT_REGION
              : checkDatabaseRegion(this.region),
            logicalId: checkOptionalLogicalId(this.logicalId) ?? DEFAULT_LOGICAL_ID,
          },
          maxWaitSeconds: checkMaxWaitSeconds(this.maxWaitSeconds),
          schemaSql: checkOptionalScript(this.schemaSql, "Schema SQL"),
        };
      },
      summary: (preview, { gitName }) => [
        preview.alreadyExisted
          ? `Preview database for "${gitName}" already exists: returned ${preview.databaseId} on branch ${preview.branchId} with ${preview.connectionAlreadyExisted
            ? `its connection "${preview.connectionName}"; nothing was created`
            : `a new connection "${preview.connectionName}"; nothing else was created`}`
          : `Provisioned preview database "${preview.databaseName}" (${preview.databaseId}) on ${preview.branchAlreadyExisted
            ? "existing"
            : "new"} branch "${gitName}" (${preview.branchId}) with connection "${preview.connectionName}" (${preview.connectionId})`,
        readiness(preview),
        ...preview.ready
          ? []
          : [
            preview.status === "failure"
              ? "the database failed to start, so no connection was minted (see `waitError`)"
              : "the connection returned is the database's default one, because the database is not ready yet; once **Get Database** reports it ready, run the step again to mint the named one",
          ],
        ...preview.followUpError
          ? [
            "minting the named connection failed; everything made is returned (see `followUpError`)",
          ]
          : [],
        ...schemaNote(preview),
        ...preview.differences.map((d) => `note: ${d}`),
      ].join("; "),
    });
  },
});
