// The create-then-wait flows the creating actions share: create (or, on a `logicalId` re-run,
// find) a project or database, wait until it is ready (across reruns in a workflow), and hand
// back its one-time connection strings in named fields, apart from everything else, which is
// redacted. However the wait ends, the strings the create returned are in the result.
import type { PrismaApp } from "../prisma_management_api.app";
import { PAGE_LIMIT } from "../common/constants";
import {
  connectionStringsOf,
  databaseConnectionStrings,
  redactOutput,
  redactSecrets,
  redactText,
  type ConnectionStrings,
} from "../common/redaction";
import {
  createOrReuse, difference,
} from "./reruns";
import { exportSummary } from "../common/summary";
import type {
  Branch, Database, DatabaseStatus, Project, RequestBody, Step,
} from "../common/types";
import { sameId } from "../common/validation";
import {
  waitAcrossReruns, type DatabaseWait, type Suspended, type WaitPlan,
} from "./waiting";

export const NO_STRINGS: ConnectionStrings = {
  directConnectionString: null,
  pooledConnectionString: null,
  accelerateConnectionString: null,
};

/** What a create-database action returns. */
export interface DatabaseOutcome extends ConnectionStrings {
  databaseId: string;
  databaseName: string;
  status: DatabaseStatus;
  /** True once the database is `ready` to connect to. */
  ready: boolean;
  /** Why the database is not ready, in words; null when it is. */
  waitError: string | null;
  region: string | null;
  projectId: string | null;
  branchId: string | null;
  isDefault: boolean;
  /** True when a `logicalId` re-run found the database and nothing was created. */
  alreadyExisted: boolean;
  /** On a re-run: where the database found differs from this run's input. */
  differences: string[];
  polls: number;
  /** The database, stripped of secrets; `connections` lists its connections' IDs and names. */
  database: { connections?: { id: string; name: string }[] };
}

type DatabaseLike = Pick<Database, "id" | "name" | "status" | "isDefault" | "region"> &
  { project?: { id: string }; branchId?: string | null; connections?: unknown[] };

/** The database a project create returns along with the project, one-time strings included. */
type CreatedDatabase = Parameters<typeof databaseConnectionStrings>[0] & DatabaseLike;

function outcomeOf(
  database: DatabaseLike,
  strings: ConnectionStrings,
  alreadyExisted: boolean,
  differences: string[] = [],
): DatabaseOutcome {
  return {
    databaseId: database.id,
    databaseName: redactText(database.name),
    status: database.status,
    ready: database.status === "ready",
    waitError: null,
    region: database.region?.id ?? null,
    projectId: database.project?.id ?? null,
    branchId: database.branchId ?? null,
    isDefault: database.isDefault,
    alreadyExisted,
    differences,
    polls: 0,
    ...strings,
    database: redactSecrets(database) as DatabaseOutcome["database"],
  };
}

/** The outcome once its wait ended. */
export function withWait<O extends DatabaseOutcome>(outcome: O, wait: DatabaseWait | undefined): O {
  if (!wait) return outcome;
  return {
    ...outcome,
    status: wait.status,
    ready: wait.ready,
    waitError: wait.error,
    polls: wait.polls,
    database: {
      ...outcome.database,
      status: wait.status,
    },
  };
}

/** The database of `outcome`, as a wait plan entry. */
export function pendingOf(outcome: DatabaseOutcome) {
  return {
    id: outcome.databaseId,
    status: outcome.status,
    justCreated: !outcome.alreadyExisted,
  };
}

/**
 * Exports the step's summary of `result` (or, for a step that suspended to wait, says so) and
 * returns it redacted everywhere but the named fields of what was minted.
 */
export function exportOutcomeSummary<R>(
  $: Step,
  result: R | Suspended,
  summary: (result: R) => string,
): R | Suspended {
  const waiting = result as Suspended;
  exportSummary($, waiting?.waiting === true
    ? `Waiting for ${waiting.databaseIds.join(", ")} to become ready; the step resumes in ${waiting.resumesInSeconds} s`
    : summary(result as R));
  return redactOutput(result);
}

// A run that looks up several databases of one project (one per region) asks for its default branch once.
const defaultBranches = new WeakMap<object, Map<string, Promise<Branch | undefined>>>();

/** The project's default branch: where a database goes when no branch is named. */
export function defaultBranchOf(
  app: PrismaApp,
  $: Step,
  projectId: string,
): Promise<Branch | undefined> {
  let known = defaultBranches.get($);
  if (!known) defaultBranches.set($, known = new Map());
  let branch = known.get(projectId);
  if (!branch) {
    branch = (async () => {
      for await (const found of app.paginate((cursor, limit) => app.listBranches({
        $,
        projectId,
        params: {
          cursor,
          limit,
        },
      }))) {
        if (found.isDefault) return found;
      }
      return undefined;
    })();
    // A failed lookup is not remembered: the next one tries again.
    branch.catch(() => known.delete(projectId));
    known.set(projectId, branch);
  }
  return branch;
}

/**
 * The database with exactly this logical ID in the project, on the branch asked for (the
 * project's default branch when none was), or undefined. Logical IDs are unique per branch, so
 * the lookup is scoped by branch and every answered row is checked.
 */
async function findDatabase(app: PrismaApp, $: Step, data: RequestBody<"postV1Databases">, logicalId: string): Promise<Database | undefined> {
  const branchId = data.branchId ?? (await defaultBranchOf(app, $, data.projectId))?.id;
  const { data: rows } = await app.listDatabases({
    $,
    params: {
      projectId: data.projectId,
      logicalId,
      branchId,
      limit: PAGE_LIMIT,
    },
  });
  return rows.find((d) => d.logicalId === logicalId && sameId(d.project?.id, data.projectId) &&
    (branchId
      ? sameId(d.branchId, branchId)
      : d.branchId === null));
}

/** Creates a database with `POST /v1/databases`, or finds it by `logicalId` after Prisma says it exists. */
export async function createOrFindDatabase(app: PrismaApp, $: Step, data: RequestBody<"postV1Databases">): Promise<DatabaseOutcome> {
  const created = await createOrReuse(data.logicalId,
    () => app.createDatabase({
      $,
      data,
    }),
    (logicalId) => findDatabase(app, $, data, logicalId));
  if (!created.existed) {
    return outcomeOf(created.resource, databaseConnectionStrings(created.resource), false);
  }
  const found = created.resource;
  const source = data.source && "databaseId" in data.source
    ? data.source
    : undefined;
  const foundSource = found.source && "databaseId" in found.source
    ? found.source
    : undefined;
  const backupOf = (s: unknown) => (s && typeof s === "object" && "backupId" in s
    ? (s as { backupId: string }).backupId
    : undefined);
  return outcomeOf(found, NO_STRINGS, true, [
    ...difference("its name", redactText(found.name), data.name && redactText(data.name)),
    ...difference("its region", found.region?.id, data.region === "inherit"
      ? undefined
      : data.region),
    ...difference("its source database", foundSource?.databaseId ?? found.source?.type, source?.databaseId),
    ...difference("its source backup", backupOf(foundSource), backupOf(source)),
  ]);
}

/**
 * Creates a database (or finds it by `logicalId`) and waits until it is ready. Used for new,
 * restored and cloned databases; exports `summary(result)` as the step's summary.
 */
export async function createDatabaseAndWait(
  app: PrismaApp,
  $: Step,
  data: RequestBody<"postV1Databases">,
  {
    maxWaitSeconds, summary,
  }: { maxWaitSeconds: number | undefined; summary: (result: DatabaseOutcome) => string },
): Promise<DatabaseOutcome | Suspended> {
  const result = await waitAcrossReruns($, {
    maxWaitSeconds,
    start: async (): Promise<WaitPlan<DatabaseOutcome>> => {
      const outcome = await createOrFindDatabase(app, $, data);
      return {
        state: outcome,
        databases: [
          pendingOf(outcome),
        ],
      };
    },
    poll: (databaseId, deadline) => app.getDatabase({
      $,
      databaseId,
      deadline,
    }),
    finish: async (outcome, waits) => withWait(outcome, waits[outcome.databaseId]),
  });
  return exportOutcomeSummary($, result, summary);
}

/** What create-project returns: the project, plus its default database as create-database returns it (nulls when it has none). */
export interface ProjectOutcome extends ConnectionStrings {
  projectId: string;
  projectName: string;
  workspaceId: string;
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
  const { data: rows } = await app.listProjects({
    $,
    params: {
      logicalId,
      limit: PAGE_LIMIT,
    },
  });
  return rows.find((p) => p.logicalId === logicalId &&
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
    const defaultDatabase = databases.find((d) => d.isDefault) ?? databases[0];
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
      workspaceId: project.workspace.id,
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

/**
 * Creates a project with its default database (or finds it by `logicalId`), waits until the
 * database is ready, then runs `then` (a composite's next steps; they run after the wait, on
 * the rerun that sees the database ready) and exports `summary` of what it returns.
 */
export async function createProjectAndWait<R = ProjectOutcome>(
  app: PrismaApp,
  $: Step,
  data: RequestBody<"postV1Projects">,
  {
    maxWaitSeconds, then, summary,
  }: {
    maxWaitSeconds: number | undefined;
    then?: (outcome: ProjectOutcome) => Promise<R>;
    summary: (result: R) => string;
  },
): Promise<R | Suspended> {
  const result = await waitAcrossReruns($, {
    maxWaitSeconds,
    start: async (): Promise<WaitPlan<ProjectState>> => {
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
    poll: (databaseId, deadline) => app.getDatabase({
      $,
      databaseId,
      deadline,
    }),
    finish: async (state, waits) => {
      const outcome = projectOutcome({
        ...state,
        database: state.database && withWait(state.database, waits[state.database.databaseId]),
      });
      return then
        ? then(outcome)
        : outcome as R;
    },
  });
  return exportOutcomeSummary($, result, summary);
}

/** What provision-postgres-project reports about the connection it made (or found). */
export interface ConnectionOutcome extends ConnectionStrings {
  connectionId: string;
  connectionName: string;
  /** True when a re-run found a connection of that name and minted nothing. */
  alreadyExisted: boolean;
}

/**
 * Mints a connection named `name` on the database, unless one of that name is already there,
 * so re-running a workflow never leaves twin credentials behind. `known` is null for a database
 * just created (nothing to find), or the connections a re-run already fetched with the
 * database; only when none of those matches is the full list read to be sure.
 */
export async function ensureConnection(
  app: PrismaApp,
  $: Step,
  databaseId: string,
  name: string,
  known: { id: string; name: string }[] | null,
): Promise<ConnectionOutcome> {
  if (known) {
    const found = known.find((c) => c.name === name) ??
      await findConnection(app, $, databaseId, name);
    if (found) return {
      connectionId: found.id,
      connectionName: redactText(found.name),
      alreadyExisted: true,
      ...NO_STRINGS,
    };
  }
  const minted = await app.createConnection({
    $,
    data: {
      databaseId,
      name,
    },
  });
  return {
    connectionId: minted.id,
    connectionName: redactText(minted.name),
    alreadyExisted: false,
    ...connectionStringsOf(minted),
  };
}

/**
 * The connection a provisioning composite hands back for its database: on a ready database,
 * the one named `name` (minted, or found again on a re-run); on one not ready yet, which takes
 * no new connection, its default connection with the one-time strings the create returned.
 */
export async function connectionFor(
  app: PrismaApp,
  $: Step,
  database: Pick<DatabaseOutcome, "databaseId" | "ready" | "alreadyExisted" | "database" | keyof ConnectionStrings>,
  name: string,
): Promise<ConnectionOutcome> {
  if (database.ready) {
    return ensureConnection(app, $, database.databaseId, name, database.alreadyExisted
      ? database.database.connections ?? []
      : null);
  }
  const {
    defaultConnectionId, connections = [],
  } = database.database as {
    defaultConnectionId?: string | null;
    connections?: { id: string; name: string }[];
  };
  const connection = connections.find((c) => c.id === defaultConnectionId) ?? connections[0];
  return {
    connectionId: connection?.id ?? "",
    connectionName: connection
      ? redactText(connection.name)
      : "",
    alreadyExisted: database.alreadyExisted,
    directConnectionString: database.directConnectionString,
    pooledConnectionString: database.pooledConnectionString,
    accelerateConnectionString: database.accelerateConnectionString,
  };
}

async function findConnection(app: PrismaApp, $: Step, databaseId: string, name: string) {
  for await (const connection of app.paginate((cursor, limit) => app.listDatabaseConnections({
    $,
    databaseId,
    params: {
      cursor,
      limit,
    },
  }))) {
    if (connection.name === name) return connection;
  }
  return undefined;
}

/** `status ready`, or the status with a pointer to why it is not ready. */
export function readiness(result: { ready: boolean; status: DatabaseStatus | null }): string {
  return result.ready
    ? "status ready"
    : `status ${result.status}, not ready (see \`waitError\`)`;
}

/** The summary of a database create: what was created (or found again), whether it is ready, and how a re-run's input differs. */
export function databaseSummary(
  result: DatabaseOutcome,
  created: string,
  logicalId: string | undefined,
): string {
  const head = result.alreadyExisted
    ? `Database with logical ID "${logicalId}" already exists: returned "${result.databaseName}" (${result.databaseId}); nothing was created`
    : created;
  return [
    `${head}, ${readiness(result)}`,
    ...result.differences.map((d) => `note: ${d}`),
  ].join("; ");
}
