// Databases as the creating components make them: create (or, on a `logicalId` re-run, find)
// a database, wait until it is ready (across reruns in a workflow), and hand back its one-time
// connection strings in named fields, apart from everything else, which is redacted. However
// the wait ends, the strings the create returned are in the result.
import type { PrismaApp } from "../prisma_management_api.app";
import {
  databaseConnectionStrings,
  redactSecrets,
  redactText,
  type ConnectionStrings,
} from "../common/redaction";
import {
  createOrReuse, difference,
} from "./reruns";
import type {
  Branch, Database, DatabaseStatus, RequestBody, Step,
} from "../common/types";
import { sameId } from "../common/validation";
import {
  waitAcrossReruns, type DatabaseWait, type Suspended,
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

export type DatabaseLike = Pick<Database, "id" | "name" | "status" | "isDefault" | "region"> &
  { project?: { id: string }; branchId?: string | null; connections?: unknown[] };

/** The database a project create returns along with the project, one-time strings included. */
export type CreatedDatabase = Parameters<typeof databaseConnectionStrings>[0] & DatabaseLike;

export function outcomeOf(
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
      for await (const found of app.paginate(app.listBranches, {
        $,
        projectId,
      })) {
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
  return app.findFirst(app.listDatabases, {
    $,
    params: {
      projectId: data.projectId,
      logicalId,
      branchId,
    },
  }, (d) => d.logicalId === logicalId && sameId(d.project?.id, data.projectId) &&
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

/** The inputs of a component that creates one database and waits for it. */
export interface DatabaseInputs {
  data: RequestBody<"postV1Databases">;
  maxWaitSeconds: number | undefined;
}

/**
 * Creates a database (or finds it by `logicalId`) and waits until it is ready. Used for new,
 * restored and cloned databases; exports `summary(result, inputs)` as the step's summary.
 */
export function createDatabaseAndWait<I extends DatabaseInputs>(
  app: PrismaApp,
  $: Step,
  {
    inputs, summary,
  }: { inputs: () => I; summary: (result: DatabaseOutcome, inputs: I) => string },
): Promise<DatabaseOutcome | Suspended> {
  return waitAcrossReruns(app, $, {
    inputs,
    start: async ({ data }) => {
      const outcome = await createOrFindDatabase(app, $, data);
      return {
        state: outcome,
        databases: [
          pendingOf(outcome),
        ],
      };
    },
    finish: async (outcome, waits) => withWait(outcome, waits[outcome.databaseId]),
    summary,
  });
}

/** `status ready`, or the status with a pointer to why it is not ready. */
export function readiness(result: { ready: boolean; status: DatabaseStatus | null }): string {
  return result.ready
    ? "status ready"
    : `status ${result.status}, not ready (see \`waitError\`)`;
}

/** The summary of a database create: what was created (or found again), whether it is ready, and how a re-run's input differs. */
export function createdDatabaseSummary(
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
