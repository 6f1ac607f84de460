// Projects as the creating components make them: create a project with its default database
// (or, on a `logicalId` re-run, find it), wait until the database is ready, and hand back its
// one-time connection strings; and the Provision Postgres Project composite, whose steps after
// the wait report their failures instead of throwing away what the create minted.
import type { PrismaApp } from "../prisma_management_api.app";
import {
  MAX_BACKUPS, PAGE_LIMIT,
} from "../common/constants";
import { PrismaApiError } from "../common/errors";
import { referencedId } from "../common/facts";
import { backupsNewestFirst } from "../common/options";
import {
  databaseConnectionStrings,
  redactSecrets,
  redactText,
  type ConnectionStrings,
} from "../common/redaction";
import type {
  Backup, DatabaseStatus, Project, RequestBody, Step,
} from "../common/types";
import { sameId } from "../common/validation";
import { FollowUps } from "./follow-ups";
import {
  applySchemaSql, type SchemaSqlOutcome,
} from "./sql";
import {
  connectionFor, defaultConnectionOf,
} from "./provisioning-connection";
import {
  NO_STRINGS, outcomeOf, pendingOf, withWait, type CreatedDatabase, type DatabaseOutcome,
} from "./provisioning-database";
import {
  createOrReuse, difference,
} from "./reruns";
import {
  waitAcrossReruns, type Suspended, type WaitPlan,
} from "./waiting";

/** What create-project returns: the project, plus its default database as create-database returns it (nulls when it has none). */
export interface ProjectOutcome extends ConnectionStrings {
  projectId: string;
  projectName: string;
  workspaceId: string | null;
  alreadyExisted: boolean;
  differences: string[];
  databaseId: string | null;
  databaseName: string | null;
  status: DatabaseStatus | null;
  ready: boolean;
  waitError: string | null;
  region: string | null;
  isDefault: boolean | null;
  branchId: string | null;
  polls: number;
  project: object;
  database: DatabaseOutcome["database"] | null;
}

interface ProjectState {
  project: Omit<ProjectOutcome, keyof ConnectionStrings | "databaseId" | "databaseName" | "status" | "ready" | "waitError" | "region" | "isDefault" | "branchId" | "polls" | "database">;
  database: DatabaseOutcome | null;
}

async function findProject(
  app: PrismaApp,
  $: Step,
  logicalId: string,
  workspaceId: string | undefined,
): Promise<Project | undefined> {
  return app.findFirst(app.listProjects, {
    $,
    params: {
      logicalId,
    },
  }, (p) => p.logicalId === logicalId &&
    (!workspaceId || sameId(p.workspace?.id, workspaceId)));
}

async function createOrFindProject(app: PrismaApp, $: Step, data: RequestBody<"postV1Projects">): Promise<ProjectState> {
  const created = await createOrReuse(data.logicalId,
    () => app.createProject({
      $,
      data,
    }),
    (logicalId) => findProject(app, $, logicalId, data.workspaceId));
  const project: Project = created.resource;
  const {
    database: createdDatabase, ...projectOnly
  } = project as Project & { database?: CreatedDatabase | null };
  let database: DatabaseOutcome | null;
  let differences: string[] = [];
  if (created.existed) {
    differences = [
      ...difference("its name", project.name, data.name),
      ...difference("its region", project.defaultRegion, data.region),
    ];
    const { data: databases } = await app.listProjectDatabases({
      $,
      projectId: project.id,
      params: {
        limit: PAGE_LIMIT,
      },
    });
    // Only the project's own rows: a row of another project is never returned (or given a connection) as this one's.
    const own = databases.filter((d) => sameId(d.project?.id, project.id));
    const defaultDatabase = own.find((d) => d.isDefault) ?? own[0];
    database = defaultDatabase
      ? outcomeOf(defaultDatabase, NO_STRINGS, true)
      : null;
  } else {
    database = createdDatabase
      ? outcomeOf({
        ...createdDatabase,
        project: {
          id: project.id,
        },
      }, databaseConnectionStrings(createdDatabase), false)
      : null;
  }
  return {
    project: {
      projectId: project.id,
      projectName: redactText(project.name),
      // A create's answer carries the one-time strings: a part it lacks is reported as null.
      workspaceId: referencedId(project.workspace),
      alreadyExisted: created.existed,
      differences,
      project: redactSecrets(projectOnly),
    },
    database,
  };
}

function projectOutcome({
  project, database,
}: ProjectState): ProjectOutcome {
  return {
    ...project,
    databaseId: database?.databaseId ?? null,
    databaseName: database?.databaseName ?? null,
    status: database?.status ?? null,
    ready: database?.ready ?? false,
    waitError: database?.waitError ?? null,
    region: database?.region ?? null,
    isDefault: database?.isDefault ?? null,
    branchId: database?.branchId ?? null,
    polls: database?.polls ?? 0,
    directConnectionString: database?.directConnectionString ?? null,
    pooledConnectionString: database?.pooledConnectionString ?? null,
    accelerateConnectionString: database?.accelerateConnectionString ?? null,
    database: database?.database ?? null,
  };
}

/** The inputs of a component that creates a project and waits for its database. */
export interface ProjectInputs {
  data: RequestBody<"postV1Projects">;
  maxWaitSeconds: number | undefined;
}

/**
 * Creates a project with its default database (or finds it by `logicalId`), waits until the
 * database is ready, then runs `then` (a composite's next steps; they run after the wait, on
 * the rerun that sees the database ready) and exports `summary` of what it returns.
 */
export function createProjectAndWait<I extends ProjectInputs, R = ProjectOutcome>(
  app: PrismaApp,
  $: Step,
  {
    inputs, then, summary,
  }: {
    inputs: () => I;
    then?: (outcome: ProjectOutcome, inputs: I) => Promise<R>;
    summary: (result: R, inputs: I) => string;
  },
): Promise<R | Suspended> {
  return waitAcrossReruns(app, $, {
    inputs,
    start: async ({ data }): Promise<WaitPlan<ProjectState>> => {
      const state = await createOrFindProject(app, $, data);
      return {
        state,
        databases: state.database
          ? [
            pendingOf(state.database),
          ]
          : [],
      };
    },
    finish: async (state, waits, given) => {
      const outcome = projectOutcome({
        ...state,
        database: state.database && withWait(state.database, waits[state.database.databaseId]),
      });
      return then
        ? then(outcome, given)
        : outcome as R;
    },
    summary,
  });
}

/** The inputs of Provision Postgres Project. */
export interface PostgresProjectInputs extends ProjectInputs {
  connectionName: string;
  /** SQL to run once on the database this run creates, when it is ready; checked already. */
  schemaSql?: string;
}

/** What Provision Postgres Project returns. */
export interface PostgresProjectOutcome extends ConnectionStrings, Partial<SchemaSqlOutcome> {
  workspaceId: string | null;
  projectId: string;
  projectName: string;
  databaseId: string;
  status: DatabaseStatus | null;
  ready: boolean;
  waitError: string | null;
  region: string | null;
  connectionId: string;
  connectionName: string;
  backupRetentionDays: number | null;
  latestBackup: Backup | null;
  /** Why a step after the create (the connection, the backups) did not complete; null when all did. */
  followUpError: string | null;
  alreadyExisted: boolean;
  connectionAlreadyExisted: boolean;
  differences: string[];
}

const NO_BACKUPS = {
  backupRetentionDays: null,
  latestBackup: null,
};

/**
 * Creates a project with its database, waits until it is ready, then mints the application's
 * connection and reads the backups. Those two steps come after the create minted one-time
 * strings: a failure of either is reported in `followUpError`, never thrown.
 */
export function provisionPostgresProject<I extends PostgresProjectInputs>(
  app: PrismaApp,
  $: Step,
  {
    inputs, summary,
  }: { inputs: () => I; summary: (result: PostgresProjectOutcome, inputs: I) => string },
): Promise<PostgresProjectOutcome | Suspended> {
  return createProjectAndWait(app, $, {
    inputs,
    then: async (project, {
      data, connectionName, schemaSql,
    }) => {
      // A re-run created nothing, so it loses nothing by stopping: there is no database to connect to.
      if (project.alreadyExisted && project.databaseId === null) {
        throw new Error(`Project "${project.projectName}" (${project.projectId}) with Logical ID "${data.logicalId}" already exists, but Prisma lists no database of it, so there is nothing to connect "${connectionName}" to; nothing was created. Add a database with **Create Database**, then mint the connection with **Create Connection String**.`);
      }
      const database = {
        ...project,
        databaseId: project.databaseId ?? "",
        database: project.database ?? {},
      };
      const mintLater = data.logicalId
        ? `run the step again with the same Logical ID to mint "${connectionName}" without creating anything again.`
        : `mint "${connectionName}" with **Create Connection String** (running this step again would create another project).`;
      const followUps = new FollowUps();
      // A connection is minted only on a ready database; until then the default connection's one-time strings are what the create returned.
      const [
        connection,
        backups,
      ] = await Promise.all([
        followUps.run(`Minting the connection "${connectionName}"`, () => connectionFor(app, $, database, connectionName), {
          fallback: () => defaultConnectionOf(database),
          advice: `the database's default connection is returned in its place (with its one-time strings when this run created the database); ${mintLater}`,
        }),
        project.ready
          ? followUps.run("Reading the backups", () => backupsOf(app, $, database.databaseId), {
            fallback: () => NO_BACKUPS,
            advice: "`backupRetentionDays` and `latestBackup` are null: read them with **List Backups**.",
          })
          : NO_BACKUPS,
      ]);
      const schema = await applySchemaSql($, schemaSql, {
        ready: project.ready,
        alreadyExisted: project.alreadyExisted,
        directConnectionString: connection.directConnectionString,
        pooledConnectionString: connection.pooledConnectionString,
      });
      return {
        workspaceId: project.workspaceId,
        projectId: project.projectId,
        projectName: project.projectName,
        databaseId: database.databaseId,
        status: project.status,
        ready: project.ready,
        waitError: project.waitError,
        region: project.region,
        connectionId: connection.connectionId,
        connectionName: connection.connectionName,
        directConnectionString: connection.directConnectionString,
        pooledConnectionString: connection.pooledConnectionString,
        accelerateConnectionString: connection.accelerateConnectionString,
        backupRetentionDays: backups.backupRetentionDays,
        latestBackup: backups.latestBackup,
        followUpError: followUps.error,
        alreadyExisted: project.alreadyExisted,
        connectionAlreadyExisted: connection.alreadyExisted,
        ...schema,
        differences: project.differences,
      };
    },
    summary,
  });
}

/** Retention and newest backup; a database without listable backups (422) reports nulls. */
async function backupsOf(app: PrismaApp, $: Step, databaseId: string) {
  try {
    const {
      data, meta,
    } = await app.listBackups({
      $,
      databaseId,
      params: {
        limit: MAX_BACKUPS,
      },
    });
    return {
      backupRetentionDays: meta.backupRetentionDays,
      latestBackup: backupsNewestFirst(data)[0] ?? null,
    };
  } catch (error) {
    if (error instanceof PrismaApiError && error.status === 422) return NO_BACKUPS;
    throw error;
  }
}
