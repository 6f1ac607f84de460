// What the benchmark measures and the request counts it holds the package to, shared with
// test/bench/request-counts.test.ts so the two cannot drift apart.
import type { Emulator, RequestLogEntry } from "../emulator/server";
import type { AppOverrides } from "../test/pipedream";

export type Props = Record<string, unknown>;

/** The app pointed at a local server (an emulator's `http://127.0.0.1:PORT/v1`), as a local tool points it. */
export const at = (baseUrl: string): AppOverrides => ({ _baseUrl: () => baseUrl });

/**
 * The app as a local tool talking to a server without Prisma's rate limit binds it: no pacing.
 * The parts that measure the package's own overhead use it; under the real limit (30 requests
 * a minute) N requests take about N/30 minutes whatever the client, which part 6 measures.
 */
export const NO_RATE_LIMIT: AppOverrides = { _requestsPerMinute: () => null };

/** A request as `METHOD /path`, relative to /v1, with resource IDs replaced by `:id`. */
export function shapeOf(entry: Pick<RequestLogEntry, "method" | "path">): string {
  const path = entry.path.replace(/^\/v1(?=\/|$)/, "")
    .split("/")
    .map((segment) => (/^(wksp|proj|db|con|itgr|usr|br)_/.test(segment) ? ":id" : segment))
    .join("/");
  return `${entry.method} ${path}`;
}

/** Clears the emulator's request log, so what follows can be counted from zero. */
export function clearRequests(emulator: Emulator): void {
  emulator.state.requests.length = 0;
}

export function requestShapes(emulator: Emulator): string[] {
  return emulator.state.requests.map(shapeOf);
}

// ---- Part 1: round trips per flow

export interface Flow {
  name: string;
  folder: string;
  /** The fewest requests the API contract allows for what the action returns. */
  minimum: number;
  /** Those requests, in order. */
  expected: string[];
  /** Round trips that must follow one another (each needs the answer of the one before). */
  sequential: number;
  /** Why no fewer requests can do it. */
  why: string;
  /** Part of the "requests = minimum" target; otherwise reported for information. */
  target: boolean;
  /** Props for one run. Seeds the emulator directly when it needs data (seeding sends no request). */
  props(emulator: Emulator, run: number): Props;
}

// The emulator runs with readyDelayMs 0 for these flows: databases come back `ready` from the
// create call, so the waiting code sends no GET /databases/{id}. With a database that is still
// provisioning, each flow that waits costs one more GET per poll (part 5 counts those).
export const FLOWS: Flow[] = [
  {
    name: "provision-postgres-project",
    folder: "provision-postgres-project",
    minimum: 3,
    expected: ["POST /projects", "POST /connections", "GET /databases/:id/backups"],
    sequential: 2,
    why: "POST /projects creates the project and its default database and answers with both, so the " +
      "workspace (taken from the token when omitted) and the database need no look-up. The action " +
      "promises a connection under its own name, and only POST /connections mints one (connections " +
      "cannot be renamed). backupRetentionDays and the latest backup exist only in GET " +
      "/databases/{id}/backups (meta.backupRetentionDays), one page of up to 100. Both need only the " +
      "database ID, so they can run side by side: 2 round trips.",
    target: true,
    props: (_emulator, run) => ({ name: `bench-provision-${run}`, region: "eu-central-1", connectionName: "bench-app" }),
  },
  {
    name: "create-project",
    folder: "create-project",
    minimum: 1,
    expected: ["POST /projects"],
    sequential: 1,
    why: "POST /projects answers with the project and its ready default database, connection strings included.",
    target: true,
    props: (_emulator, run) => ({ name: `bench-project-${run}`, region: "us-east-1" }),
  },
  {
    name: "create-database",
    folder: "create-database",
    minimum: 1,
    expected: ["POST /databases"],
    sequential: 1,
    why: "POST /databases answers with the ready database and its default connection's strings.",
    target: true,
    props: (emulator, run) => ({
      projectId: emulator.seedProject({ name: `bench-db-project-${run}`, withDefaultDatabase: true }),
      name: `bench-db-${run}`,
      region: "inherit",
    }),
  },
  {
    name: "create-connection-string",
    folder: "create-connection-string",
    minimum: 1,
    expected: ["POST /connections"],
    sequential: 1,
    why: "POST /connections answers with the new connection and its strings.",
    target: true,
    props: (emulator, run) => {
      const projectId = emulator.seedProject({ name: `bench-conn-project-${run}` });
      const [databaseId] = emulator.seedDatabases(projectId, 1);
      return { databaseId, name: `bench-conn-${run}` };
    },
  },
  {
    name: "restore-backup-to-new-database",
    folder: "restore-backup-to-new-database",
    minimum: 1,
    expected: ["POST /databases"],
    sequential: 1,
    why: "POST /databases with source {type: backup} creates the restored database and answers with it " +
      "(ready) and its strings; the source database and backup are checked by the API, not looked up first.",
    target: true,
    props: (emulator, run) => {
      const projectId = emulator.seedProject({ name: `bench-restore-project-${run}` });
      const [databaseId] = emulator.seedDatabases(projectId, 1);
      const [backupId] = emulator.seedBackups(databaseId, [{}]);
      return { projectId, databaseId, backupId, name: `bench-restored-${run}`, region: "inherit" };
    },
  },
  {
    name: "create-project, re-run (logicalId exists)",
    folder: "create-project",
    minimum: 3,
    expected: ["POST /projects", "GET /projects", "GET /projects/:id/databases"],
    sequential: 3,
    why: "The 409 of POST /projects is how a first run costs one request; then the project is found by " +
      "?logicalId= (one page of up to 100, every row checked), and its default database needs one list " +
      "(a Project carries no database).",
    target: false,
    props: (emulator, run) => {
      const logicalId = `bench-rerun-${run}`;
      emulator.seedProject({ name: logicalId, logicalId, withDefaultDatabase: true });
      return { name: logicalId, region: "us-east-1", logicalId };
    },
  },
  {
    name: "create-database, re-run (logicalId exists)",
    folder: "create-database",
    minimum: 3,
    expected: ["POST /databases", "GET /projects/:id/branches", "GET /databases"],
    sequential: 3,
    why: "The 409 of POST /databases is how a first run costs one request. Logical IDs are unique per " +
      "branch, so with no branch given the project's default branch is looked up (GET " +
      "/projects/{id}/branches, the default is on the first page), then the database by " +
      "?projectId=&logicalId=&branchId=&limit=100, every row checked.",
    target: false,
    props: (emulator, run) => {
      const logicalId = `bench-db-rerun-${run}`;
      const projectId = emulator.seedProject({ name: logicalId, withDefaultDatabase: true });
      emulator.seedDatabases(projectId, 1, { logicalIdPrefix: logicalId, namePrefix: logicalId });
      // Seeded logical IDs are `${prefix}-1`.
      return { projectId, name: `${logicalId}-1`, region: "inherit", logicalId: `${logicalId}-1` };
    },
  },
  {
    name: "provision-postgres-project, re-run (logicalId exists)",
    folder: "provision-postgres-project",
    minimum: 4,
    expected: ["POST /projects", "GET /projects", "GET /projects/:id/databases", "GET /databases/:id/backups"],
    sequential: 4,
    why: "As the create-project re-run, plus the backups page. The connection needs no request of its own: " +
      "each Database in GET /projects/{id}/databases carries its connections[] (id, name).",
    target: false,
    props: (emulator, run) => {
      const logicalId = `bench-provision-rerun-${run}`;
      emulator.seedProject({ name: logicalId, logicalId, withDefaultDatabase: true });
      // Seeded default databases come with one connection named "default".
      return { name: logicalId, region: "us-east-1", logicalId, connectionName: "default" };
    },
  },
];

// ---- Part 3: dropdowns

/** What the dropdowns are listed from; `size` items of each paged kind (service tokens: size + the emulator's own). */
export interface DropdownWorld {
  workspaceId: string;
  projectId: string;
  databaseId: string;
  size: number;
}

/**
 * Seeds `size` projects, `size` databases in one of them (+1 elsewhere), `size` connections on
 * one database (minted over HTTP, the emulator has no seed helper for them), `size` service
 * tokens, `size` integrations and 30 backups.
 */
export async function seedDropdownWorld(emulator: Emulator, size: number): Promise<DropdownWorld> {
  const projectId = emulator.seedProject({ name: "dropdowns" });
  for (let i = 1; i < size; i++) emulator.seedProject({ name: `dropdown-project-${i}` });
  const [databaseId] = emulator.seedDatabases(projectId, size, { namePrefix: "dropdown-db" });
  const other = emulator.seedProject({ name: "dropdown-other" });
  emulator.seedDatabases(other, 1);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`seeding ${path}: ${res.status} ${await res.text()}`);
  };
  for (let i = 1; i < size; i++) await post("/connections", { databaseId, name: `dropdown-connection-${i}` });
  for (let i = 0; i < size; i++) await post(`/workspaces/${emulator.workspaceId}/service-tokens`, { name: `dropdown-token-${i}` });
  for (let i = 0; i < size; i++) emulator.seedIntegration({ clientName: `Dropdown App ${i}` });
  emulator.seedBackups(databaseId, Array.from({ length: 30 }, (_, i) => ({ createdAt: new Date(Date.now() - (i + 1) * 3_600_000) })));
  return { workspaceId: emulator.workspaceId, projectId, databaseId, size };
}

export interface Dropdown {
  name: string;
  prop: string;
  /** Cursor-paginated (prevContext → context.cursor), or one list. */
  paged: boolean;
  /** The one request each options() call may send. */
  request: string;
  args(world: DropdownWorld): Props;
  /** How many options the emulator's state calls for. */
  items(emulator: Emulator, world: DropdownWorld): number;
}

const inWorkspace = <T extends { workspaceId: string }>(emulator: Emulator, map: Map<string, T>) =>
  [...map.values()].filter((x) => x.workspaceId === emulator.workspaceId).length;

export const DROPDOWNS: Dropdown[] = [
  {
    name: "workspaceId", prop: "workspaceId", paged: true, request: "GET /workspaces",
    args: () => ({}), items: (emulator) => emulator.state.workspaces.size,
  },
  {
    name: "projectId", prop: "projectId", paged: true, request: "GET /projects",
    args: () => ({}), items: (emulator) => inWorkspace(emulator, emulator.state.projects),
  },
  {
    name: "databaseId (with projectId)", prop: "databaseId", paged: true, request: "GET /projects/:id/databases",
    args: (world) => ({ projectId: world.projectId }),
    items: (emulator, world) => [...emulator.state.databases.values()].filter((d) => d.projectId === world.projectId).length,
  },
  {
    name: "databaseId (no projectId)", prop: "databaseId", paged: true, request: "GET /databases",
    args: () => ({}),
    items: (emulator) => [...emulator.state.databases.values()]
      .filter((d) => emulator.state.projects.get(d.projectId)?.workspaceId === emulator.workspaceId).length,
  },
  {
    name: "connectionId", prop: "connectionId", paged: true, request: "GET /databases/:id/connections",
    args: (world) => ({ databaseId: world.databaseId }),
    items: (emulator, world) => emulator.state.databases.get(world.databaseId)?.connectionIds.length ?? 0,
  },
  {
    name: "region", prop: "region", paged: false, request: "GET /regions/postgres",
    args: () => ({ includeInherit: true }), items: () => 7,
  },
  {
    name: "backupId", prop: "backupId", paged: false, request: "GET /databases/:id/backups",
    args: (world) => ({ databaseId: world.databaseId }),
    items: (emulator, world) => emulator.state.backups.get(world.databaseId)?.length ?? 0,
  },
  {
    name: "serviceTokenId", prop: "serviceTokenId", paged: true, request: "GET /workspaces/:id/service-tokens",
    args: (world) => ({ workspaceId: world.workspaceId }), items: (emulator) => inWorkspace(emulator, emulator.state.serviceTokens),
  },
  {
    name: "integrationId", prop: "integrationId", paged: true, request: "GET /workspaces/:id/integrations",
    args: (world) => ({ workspaceId: world.workspaceId }), items: (emulator) => inWorkspace(emulator, emulator.state.integrations),
  },
];

export interface OptionsPage {
  options: unknown[];
  context?: { cursor?: string };
}

export interface DropdownWalk {
  /** Requests sent by each options() call, in order. */
  requestsPerCall: number[];
  /** The shape of every request sent. */
  shapes: string[];
  items: number;
  /** Milliseconds per options() call. */
  callMs: number[];
}

/**
 * Calls `load` page after page (prevContext = the previous page's context) until the context
 * carries no cursor, counting the requests each call sends.
 */
export async function walkDropdown(
  emulator: Emulator,
  dropdown: Dropdown,
  world: DropdownWorld,
  load: (prop: string, args: Props) => Promise<unknown>,
): Promise<DropdownWalk> {
  const walk: DropdownWalk = { requestsPerCall: [], shapes: [], items: 0, callMs: [] };
  let prevContext: { cursor?: string } | undefined;
  for (let call = 0; call < 10_000; call++) {
    clearRequests(emulator);
    const started = performance.now();
    const answer = await load(dropdown.prop, { ...dropdown.args(world), ...(prevContext ? { prevContext } : {}) });
    walk.callMs.push(performance.now() - started);
    walk.requestsPerCall.push(emulator.state.requests.length);
    walk.shapes.push(...requestShapes(emulator));
    if (Array.isArray(answer)) {
      walk.items += answer.length;
      break;
    }
    const page = answer as OptionsPage;
    walk.items += page.options.length;
    if (!page.context?.cursor) break;
    prevContext = page.context;
  }
  return walk;
}
