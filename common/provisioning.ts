// The create-then-wait flows several actions share: create (or, on a `logicalId` re-run,
// find) a project or database, wait until it is ready, and hand back its one-time
// connection strings apart from everything else, which is redacted.
import type { PrismaApp } from "../prisma_management_api.app";
import { connectionStringsOf, databaseConnectionStrings, redactSecrets, type ConnectionStrings } from "./redaction";
import { withContext } from "./errors";
import { createOrReuse } from "./reruns";
import type { Database, Project, RequestBody, Step } from "./types";

/** Said when a wait fails after the create call: its one-time connection strings are gone. */
const LOST_STRINGS = "Its connection strings were shown only in the create response; once the database is ready, mint new ones with **Create Connection String**.";

const NO_STRINGS: ConnectionStrings = {
  directConnectionString: null,
  pooledConnectionString: null,
  accelerateConnectionString: null,
};

/** What a create-database action returns. */
export interface DatabaseOutcome extends ConnectionStrings {
  databaseId: string;
  databaseName: string;
  status: Database["status"];
  region: string | null;
  projectId: string | null;
  isDefault: boolean;
  /** True when a `logicalId` re-run found the database and nothing was created. */
  alreadyExisted: boolean;
  polls: number;
  /** The database, stripped of secrets; `connections` lists its connections' IDs and names. */
  database: { connections?: { id: string; name: string }[] };
}

type DatabaseLike = Pick<Database, "id" | "name" | "status" | "isDefault" | "region"> & { project?: { id: string } };

function outcome(database: DatabaseLike, strings: ConnectionStrings, alreadyExisted: boolean, polls: number): DatabaseOutcome {
  return {
    databaseId: database.id,
    databaseName: database.name,
    status: database.status,
    region: database.region?.id ?? null,
    projectId: database.project?.id ?? null,
    isDefault: database.isDefault,
    alreadyExisted,
    polls,
    ...strings,
    database: redactSecrets(database) as DatabaseOutcome["database"],
  };
}

/**
 * Creates a database with `POST /v1/databases` (or finds it by `logicalId` after a 409) and
 * waits until it is ready. Used for new, restored and cloned databases.
 */
export async function createDatabaseAndWait(
  app: PrismaApp,
  $: Step,
  data: RequestBody<"postV1Databases">,
  maxWaitSeconds: number,
): Promise<DatabaseOutcome> {
  const created = await createOrReuse(data.logicalId,
    () => app.createDatabase({ $, data }),
    async (logicalId) => (await app.listDatabases({ $, params: { projectId: data.projectId, logicalId, limit: 1 } })).data[0]);
  if (created.existed) return outcome(created.resource, NO_STRINGS, true, 0);
  const strings = databaseConnectionStrings(created.resource);
  const { database, polls } = await app.waitForDatabase({ $, database: created.resource, maxWaitSeconds })
    .catch((error) => { throw withContext(error, LOST_STRINGS); });
  return outcome({ ...database, project: database.project ?? created.resource.project }, strings, false, polls);
}

/** What create-project returns: the project, plus its default database as create-database returns it. */
export interface ProjectOutcome extends DatabaseOutcome {
  projectName: string;
  workspaceId: string;
  project: object;
}

/**
 * Creates a project with its default database (or finds it by `logicalId` after a 409) and
 * waits until the database is ready.
 */
export async function createProjectAndWait(
  app: PrismaApp,
  $: Step,
  data: RequestBody<"postV1Projects">,
  maxWaitSeconds: number,
): Promise<ProjectOutcome> {
  const created = await createOrReuse(data.logicalId,
    () => app.createProject({ $, data }),
    async (logicalId) => (await app.listProjects({ $, params: { logicalId, limit: 1 } })).data[0]);
  const project: Project = created.resource;
  let database: DatabaseOutcome;
  if (created.existed) {
    const databases = await app.listProjectDatabases({ $, projectId: project.id });
    const defaultDatabase = databases.data.find((d) => d.isDefault) ?? databases.data[0];
    database = outcome(defaultDatabase ?? emptyDatabase(), NO_STRINGS, true, 0);
  } else {
    const createdDatabase = "database" in created.resource ? created.resource.database : null;
    if (!createdDatabase) {
      database = outcome(emptyDatabase(), NO_STRINGS, false, 0);
    } else {
      const strings = databaseConnectionStrings(createdDatabase);
      const waited = await app.waitForDatabase({ $, database: createdDatabase, maxWaitSeconds })
        .catch((error) => { throw withContext(error, `Project "${project.name}" (${project.id}) was created. ${LOST_STRINGS}`); });
      database = outcome(waited.database, strings, false, waited.polls);
    }
  }
  const { database: _omitted, ...projectOnly } = project as Project & { database?: unknown };
  return {
    ...database,
    projectId: project.id,
    projectName: project.name,
    workspaceId: project.workspace.id,
    project: redactSecrets(projectOnly),
  };
}

function emptyDatabase(): DatabaseLike {
  return { id: "", name: "", status: "provisioning", isDefault: false, region: null };
}

/** What provision-postgres-project reports about the connection it made (or found). */
export interface ConnectionOutcome extends ConnectionStrings {
  connectionId: string;
  connectionName: string;
  /** True when a re-run found a connection of that name and minted nothing. */
  alreadyExisted: boolean;
}

/**
 * Mints a connection named `name` on the database, unless a re-run finds one of that name
 * already there, so re-running a workflow never leaves twin credentials behind. `known` is null
 * for a database just created (nothing to find), or the connections a re-run already fetched
 * with the database; only when none of those matches is the full list read to be sure.
 */
export async function ensureConnection(
  app: PrismaApp,
  $: Step,
  databaseId: string,
  name: string,
  known: { id: string; name: string }[] | null,
): Promise<ConnectionOutcome> {
  if (known) {
    const found = known.find((c) => c.name === name) ?? await findConnection(app, $, databaseId, name);
    if (found) return { connectionId: found.id, connectionName: found.name, alreadyExisted: true, ...NO_STRINGS };
  }
  const minted = await app.createConnection({ $, data: { databaseId, name } });
  return { connectionId: minted.id, connectionName: minted.name, alreadyExisted: false, ...connectionStringsOf(minted) };
}

async function findConnection(app: PrismaApp, $: Step, databaseId: string, name: string) {
  for await (const connection of app.paginate((cursor, limit) => app.listDatabaseConnections({ $, databaseId, params: { cursor, limit } }))) {
    if (connection.name === name) return connection;
  }
  return undefined;
}
