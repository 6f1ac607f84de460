// The endpoints: authentication, routing, path-ID validation, and one handler per operation,
// each answering with the status and body type the SDK declares for it.
import type { DatabaseSource } from "../common/types";
import {
  ApiError, canonicalId, Cursors, objectBody, optionalBoolean, optionalString, paginate, queryDateTime, queryInteger,
  reply, requiredString, type Json, type Prefix, type Reply,
} from "./http";
import type { RealDatabases } from "./databases";
import { Renderer } from "./render";
import {
  hash, REGIONS, type BranchRecord, type DatabaseRecord, type ProjectRecord, type RegionId, type ServiceTokenRecord, type Store,
} from "./state";

const LOGICAL_ID = /^[a-z0-9][-_a-z0-9]*$/;
const DAY = 86_400_000;

/** Largest `limit` the cursor-paginated lists accept (the spec states none); above it → 400. */
export const MAX_PAGE_LIMIT = 1000;

/** Path parameters, by name: the ID prefix they take and how errors name them. */
const PATH_IDS: Record<string, { prefix: Prefix; label: string }> = {
  workspaceId: { prefix: "wksp", label: "workspace ID" },
  projectId: { prefix: "proj", label: "project ID" },
  databaseId: { prefix: "db", label: "database ID" },
  connectionId: { prefix: "con", label: "connection ID" },
  serviceTokenId: { prefix: "itgr", label: "service token ID" },
  integrationId: { prefix: "itgr", label: "integration ID" },
  clientId: { prefix: "itgr", label: "client ID" },
  branchId: { prefix: "br", label: "branch ID" },
};

/** Longest git name a branch may have (git itself sets no limit; ref storage usually caps at 255). */
const MAX_GIT_NAME = 255;

/** Why `name` is not a valid git branch name (the rules of `git check-ref-format --branch`), or null. */
export function gitNameProblem(name: string): string | null {
  if (name.length === 0) return "it is empty";
  if (name.length > MAX_GIT_NAME) return `it is longer than ${MAX_GIT_NAME} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return "it contains a space, a control character or one of ~ ^ : ? * [ \\";
  if (name === "@" || name.includes("@{")) return "it is \"@\" or contains \"@{\"";
  if (name.startsWith("-")) return "it starts with \"-\"";
  if (name.includes("..")) return "it contains \"..\"";
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) return "it has an empty path component";
  if (name.endsWith(".")) return "it ends with \".\"";
  if (name.split("/").some((part) => part.startsWith(".") || part.endsWith(".lock"))) return "a path component starts with \".\" or ends with \".lock\"";
  return null;
}

/** Runs `work`, answering its 400s with 422 (for operations that declare 422 for bad input). */
function asValidationError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) throw new ApiError(422, error.message, error.hint, error.headers);
    throw error;
  }
}

/** Where a database goes: a live branch, or a git name whose branch is made once every check has passed. */
type BranchTarget = { branch: BranchRecord } | { gitName: string };

interface Context {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  token: ServiceTokenRecord;
}

type Handler = (ctx: Context) => Reply | Promise<Reply>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export interface ApiOptions {
  readyDelayMs: number;
  backupRetentionDays: number;
  unavailableRegions: readonly string[];
}

export class Api {
  private readonly routes: Route[] = [];
  private readonly render: Renderer;

  constructor(
    private readonly store: Store, baseUrl: string, private readonly cursors: Cursors, private readonly options: ApiOptions,
    private readonly databases: RealDatabases,
  ) {
    this.render = new Renderer(store, baseUrl);
    this.define();
  }

  /** Answers one request to `path` (relative to `/v1`). Throws ApiError for refusals. */
  dispatch(method: string, path: string, query: URLSearchParams, authorization: string | undefined, body: unknown): Reply | Promise<Reply> {
    const token = this.authenticate(authorization);
    const segments = path.split("/").filter(Boolean);
    let decoded: string[];
    try {
      decoded = segments.map((s) => decodeURIComponent(s));
    } catch {
      throw new ApiError(400, "The request path is not validly encoded.");
    }
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== decoded.length) continue;
      const params: Record<string, string> = {};
      const hit = route.segments.every((s, i) => {
        if (s.startsWith(":")) {
          params[s.slice(1)] = decoded[i];
          return true;
        }
        return s === decoded[i];
      });
      if (!hit) continue;
      for (const [name, value] of Object.entries(params)) {
        const spec = PATH_IDS[name];
        if (spec) params[name] = canonicalId(spec.prefix, value, spec.label);
      }
      return route.handler({ params, query, body, token });
    }
    throw new ApiError(404, `Route ${method} /v1${path} not found.`);
  }

  private authenticate(authorization: string | undefined): ServiceTokenRecord {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    const token = match ? this.store.tokenByValue(match[1]) : undefined;
    if (!token) throw new ApiError(401, "Missing or invalid authorization token.", "Send Authorization: Bearer <service token>.");
    return token;
  }

  private on(method: string, pattern: string, handler: Handler): void {
    this.routes.push({ method, segments: pattern.split("/").filter(Boolean), handler });
  }

  // ---- lookups (resources outside the token's workspace do not exist for it)

  private workspaceOf(ctx: Context, workspaceId: string) {
    const workspace = this.store.state.workspaces.get(workspaceId);
    if (!workspace || workspace.id !== ctx.token.workspaceId) throw new ApiError(404, `Workspace with id ${workspaceId} not found.`);
    return workspace;
  }

  private projectOf(ctx: Context, projectId: string): ProjectRecord {
    const project = this.store.state.projects.get(projectId);
    if (!project || project.workspaceId !== ctx.token.workspaceId) throw new ApiError(404, `Project with id ${projectId} not found.`);
    return project;
  }

  /** A live branch of a project in the token's workspace. */
  private branchOf(ctx: Context, branchId: string): BranchRecord {
    const branch = this.store.liveBranch(branchId);
    const project = branch && this.store.state.projects.get(branch.projectId);
    if (!branch || !project || project.workspaceId !== ctx.token.workspaceId) throw new ApiError(404, `Branch with id ${branchId} not found.`);
    return branch;
  }

  private visibleDatabase(ctx: Context, databaseId: string): DatabaseRecord | undefined {
    const database = this.store.state.databases.get(databaseId);
    const project = database && this.store.state.projects.get(database.projectId);
    return project && project.workspaceId === ctx.token.workspaceId ? database : undefined;
  }

  private databaseOf(ctx: Context, databaseId: string): DatabaseRecord {
    const database = this.visibleDatabase(ctx, databaseId);
    if (!database) throw new ApiError(404, `Database with id ${databaseId} not found.`);
    return database;
  }

  private connectionOf(ctx: Context, connectionId: string) {
    const connection = this.store.state.connections.get(connectionId);
    if (!connection || !this.visibleDatabase(ctx, connection.databaseId)) throw new ApiError(404, `Connection with id ${connectionId} not found.`);
    return connection;
  }

  private pending(databases: DatabaseRecord[]): DatabaseRecord[] {
    return databases.filter((d) => d.status === "provisioning" || d.status === "recovering");
  }

  private region(value: unknown, project: ProjectRecord | null, status: number): RegionId {
    let id = value;
    if (value === "inherit" && project) {
      const defaultDatabase = this.store.projectDatabases(project.id).find((d) => d.isDefault);
      id = project.defaultRegion ?? defaultDatabase?.region ?? "us-east-1";
    }
    const region = REGIONS.find((r) => r.id === id);
    if (!region) {
      const accepted = [...REGIONS.map((r): string => r.id), ...(project ? ["inherit"] : [])].join(", ");
      throw new ApiError(status, `Invalid region ${JSON.stringify(value)}: expected one of ${accepted}.`);
    }
    if (this.options.unavailableRegions.includes(region.id)) {
      throw new ApiError(status, `Region ${region.id} is currently unavailable.`, "Pick a region whose status is available in GET /v1/regions/postgres.");
    }
    return region.id;
  }

  private page<T extends { seq: number }, R>(list: string, items: readonly T[], ctx: Context, render: (item: T) => R, maxLimit = MAX_PAGE_LIMIT, descending = false) {
    return paginate(this.cursors, `${ctx.token.workspaceId} ${list}`, items, ctx.query, render, { maxLimit, descending });
  }

  // ---- databases: shared creation rules

  private source(ctx: Context, value: unknown): DatabaseSource {
    if (value === undefined) return { type: "empty" };
    if (!value || typeof value !== "object") throw new ApiError(400, "source must be an object with a type of empty, backup or database.");
    const source = value as Json;
    if (source.type === "empty") return { type: "empty" };
    if (source.type === "database") {
      const databaseId = canonicalId("db", source.databaseId, "source.databaseId");
      const origin = this.databaseOf(ctx, databaseId);
      if (origin.status !== "ready") throw new ApiError(400, `Database ${databaseId} cannot be cloned while it is ${origin.status}.`);
      return { type: "database", databaseId };
    }
    if (source.type === "backup") {
      const databaseId = canonicalId("db", source.databaseId, "source.databaseId");
      const backupId = requiredString(source, "backupId", 400, { min: 1 });
      const origin = this.databaseOf(ctx, databaseId);
      const backup = origin.remote ? undefined : this.store.backupsOf(origin).find((b) => b.id === backupId);
      if (!backup) throw new ApiError(404, `Backup ${backupId} of database ${databaseId} not found.`);
      if (backup.status !== "completed") throw new ApiError(400, `Backup ${backupId} cannot be used: its status is ${backup.status}.`);
      return { type: "backup", databaseId, backupId };
    }
    throw new ApiError(400, `Invalid source type ${JSON.stringify(source.type)}: expected empty, backup or database.`);
  }

  /** The branch a create or move names (undefined when it names none); nothing is created yet. */
  private branchTarget(project: ProjectRecord, body: Json): BranchTarget | undefined {
    if (body.branchId === null || body.branchGitName === null) throw new ApiError(400, "Every database belongs to a branch: branchId and branchGitName cannot be null.");
    if (body.branchId !== undefined && body.branchGitName !== undefined) throw new ApiError(400, "branchId and branchGitName are mutually exclusive.");
    if (body.branchId !== undefined) {
      const branchId = canonicalId("br", body.branchId, "branchId");
      const branch = this.store.liveBranch(branchId);
      if (!branch || branch.projectId !== project.id) throw new ApiError(404, `Branch with id ${branchId} not found in project ${project.id}.`);
      return { branch };
    }
    const gitName = optionalString(body, "branchGitName", 400, { min: 1 });
    if (gitName === undefined) return undefined;
    const problem = gitNameProblem(gitName);
    if (problem) throw new ApiError(400, `Invalid branchGitName ${JSON.stringify(gitName)}: ${problem}.`);
    const branch = this.store.branchByGitName(project.id, gitName);
    return branch ? { branch } : { gitName };
  }

  /** The target's branch, made now (a preview branch) when it does not exist yet. */
  private branchFor(project: ProjectRecord, target: BranchTarget): BranchRecord {
    return "branch" in target ? target.branch : this.store.addBranch(project.id, target.gitName);
  }

  /** 409 when another database of the branch (null: the project's unassigned ones) has the logicalId. */
  private checkLogicalIdFree(project: ProjectRecord, branchId: string | null, logicalId: string, except?: DatabaseRecord): void {
    const clash = this.store.projectDatabases(project.id).find((d) => d !== except && d.logicalId === logicalId && d.branchId === branchId);
    if (clash) {
      const branch = branchId === null ? undefined : this.store.state.branches.get(branchId);
      const where = branch ? `on branch ${branch.gitName} (${branch.id})` : "among the project's unassigned databases";
      throw new ApiError(409, `A database with logicalId ${logicalId} already exists ${where}: ${clash.id}.`,
        `Fetch it with GET /v1/databases?projectId=${project.id}&branchId=${branchId ?? "unassigned"}&logicalId=${logicalId}.`);
    }
  }

  private async createDatabase(ctx: Context, project: ProjectRecord, body: Json, withBranches: boolean): Promise<DatabaseRecord> {
    const name = optionalString(body, "name", 400, { min: 1, max: 256 });
    const region = this.region(body.region ?? "us-east-1", project, 400);
    const isDefault = optionalBoolean(body, "isDefault", 400) ?? false;
    let logicalId: string | undefined;
    let target: BranchTarget | undefined;
    if (withBranches) {
      logicalId = optionalString(body, "logicalId", 400, { pattern: LOGICAL_ID });
      if (logicalId !== undefined && body.branchGitName !== undefined) {
        throw new ApiError(400, "logicalId cannot be combined with branchGitName.", "Pass branchId instead.");
      }
      target = this.branchTarget(project, body);
    }
    let sourceValue = body.source;
    if (sourceValue === undefined && body.fromDatabase !== undefined) {
      const from = objectBody(body.fromDatabase);
      sourceValue = from.backupId === undefined
        ? { type: "database", databaseId: from.id }
        : { type: "backup", databaseId: from.id, backupId: from.backupId };
    }
    const source = this.source(ctx, sourceValue);
    // Without a branch, the project's default one. A logicalId never comes with a git name, so
    // the branch it is checked on exists already.
    const existing = target === undefined ? this.store.defaultBranch(project.id) ?? null : "branch" in target ? target.branch : null;
    if (logicalId !== undefined) this.checkLogicalIdFree(project, existing?.id ?? null, logicalId);
    const branch = target === undefined ? existing : this.branchFor(project, target);
    const { database } = this.store.addDatabase({
      projectId: project.id, name, region, isDefault, logicalId: logicalId ?? null, branchId: branch?.id ?? null, source,
      status: this.options.readyDelayMs > 0 ? "provisioning" : "ready",
    });
    await this.databases.databaseCreated(database);
    return database;
  }

  // ---- the routes

  private define(): void {
    const { store, render } = this;
    const state = store.state;

    // Identity and workspaces
    this.on("GET", "/me", (ctx) => {
      const workspace = state.workspaces.get(ctx.token.workspaceId);
      return reply("getV1Me", 200, {
        data: {
          user: null,
          workspace: workspace ? { id: workspace.id, name: workspace.name } : null,
          credential: { type: "service_token", id: ctx.token.id, name: ctx.token.name },
        },
      });
    });

    this.on("GET", "/workspaces", (ctx) => {
      const items = [...state.workspaces.values()].filter((w) => w.id === ctx.token.workspaceId).map((w, i) => ({ ...w, seq: i + 1 }));
      return reply("getV1Workspaces", 200, this.page("workspaces", items, ctx, (w) => render.workspace(w)));
    });

    this.on("GET", "/workspaces/:workspaceId", (ctx) =>
      reply("getV1WorkspacesById", 200, { data: render.workspace(this.workspaceOf(ctx, ctx.params.workspaceId)) }));

    this.on("GET", "/workspaces/:workspaceId/subscription", (ctx) =>
      reply("getV1WorkspacesByIdSubscription", 200, { data: render.subscription(this.workspaceOf(ctx, ctx.params.workspaceId)) }));

    // Projects
    this.on("GET", "/projects", (ctx) => {
      const logicalId = ctx.query.get("logicalId");
      const list = `projects logicalId=${logicalId ?? ""}`;
      const items = store.cachedList(`${ctx.token.workspaceId} ${list}`, () => [...state.projects.values()]
        .filter((p) => p.workspaceId === ctx.token.workspaceId && (logicalId === null || p.logicalId === logicalId)));
      return reply("getV1Projects", 200, this.page(list, items, ctx, (p) => render.project(p)));
    });

    this.on("POST", "/projects", (ctx) => {
      const body = objectBody(ctx.body);
      const name = optionalString(body, "name", 400, { min: 1, max: 256 });
      const region = body.region === undefined ? undefined : this.region(body.region, null, 400);
      const createDatabase = optionalBoolean(body, "createDatabase", 400) ?? true;
      const logicalId = optionalString(body, "logicalId", 400, { pattern: LOGICAL_ID });
      if (body.workspaceId !== undefined) {
        const workspaceId = canonicalId("wksp", body.workspaceId, "workspaceId");
        if (workspaceId !== ctx.token.workspaceId) throw new ApiError(403, `This token cannot create projects in workspace ${workspaceId}.`, "A service token acts only in its own workspace.");
      }
      if (logicalId !== undefined) {
        const clash = [...state.projects.values()].find((p) => p.workspaceId === ctx.token.workspaceId && p.logicalId === logicalId);
        if (clash) throw new ApiError(409, `A project with logicalId ${logicalId} already exists in the workspace (${clash.id}).`, `Fetch it with GET /v1/projects?logicalId=${logicalId}.`);
      }
      const project = store.addProject({
        workspaceId: ctx.token.workspaceId, name, logicalId,
        defaultRegion: region ?? (createDatabase ? "us-east-1" : null),
      });
      const database = createDatabase
        ? store.addDatabase({ projectId: project.id, name: project.name, region: region ?? "us-east-1", isDefault: true }).database
        : null;
      return reply("postV1Projects", 201, { data: render.projectCreated(project, database) });
    });

    this.on("GET", "/projects/:projectId", (ctx) =>
      reply("getV1ProjectsById", 200, { data: render.project(this.projectOf(ctx, ctx.params.projectId)) }));

    this.on("PATCH", "/projects/:projectId", (ctx) => {
      const body = objectBody(ctx.body, 422);
      const name = optionalString(body, "name", 422, { min: 1, max: 256 });
      const settings = body.settings;
      if (settings !== undefined && (settings === null || typeof settings !== "object" || Array.isArray(settings))) {
        throw new ApiError(422, "settings must be an object.");
      }
      const project = this.projectOf(ctx, ctx.params.projectId);
      if (name !== undefined) project.name = name;
      if (settings) project.settings = { ...project.settings, ...(settings as Json) };
      return reply("patchV1ProjectsById", 200, { data: render.project(project) });
    });

    this.on("DELETE", "/projects/:projectId", async (ctx) => {
      const project = this.projectOf(ctx, ctx.params.projectId);
      const busy = this.pending(store.projectDatabases(project.id));
      if (busy.length > 0) {
        throw new ApiError(400, "Project cannot be deleted due to existing dependencies.",
          `Databases still provisioning or recovering: ${busy.map((d) => d.id).join(", ")}. Try again once they are ready.`);
      }
      for (const database of store.projectDatabases(project.id)) await this.databases.databaseRemoved(database);
      store.removeProject(project.id);
      return reply("deleteV1ProjectsById", 204, undefined);
    });

    this.on("POST", "/projects/:projectId/transfer", async (ctx) => {
      const body = objectBody(ctx.body);
      const recipient = requiredString(body, "recipientAccessToken", 400);
      const project = this.projectOf(ctx, ctx.params.projectId);
      if (recipient.trim() === "") throw new ApiError(401, "The recipient access token is invalid.", "Pass the receiving user's OAuth access token.");
      const busy = this.pending(store.projectDatabases(project.id));
      if (busy.length > 0) throw new ApiError(409, "The project cannot be transferred in its current state.", `Databases still provisioning or recovering: ${busy.map((d) => d.id).join(", ")}.`);
      for (const database of store.projectDatabases(project.id)) await this.databases.databaseRemoved(database);
      const removed = store.removeProject(project.id);
      state.transfers.push({ projectId: project.id, databaseIds: removed.map((d) => d.id), at: store.iso() });
      return reply("postV1ProjectsByIdTransfer", 204, undefined);
    });

    // Branches
    this.on("GET", "/projects/:projectId/branches", (ctx) => {
      const gitName = ctx.query.get("gitName");
      const contains = ctx.query.get("gitNameContains");
      if (gitName !== null && contains !== null) {
        throw new ApiError(422, "gitName and gitNameContains are mutually exclusive.", "Filter by the exact git name or by a part of it, not both.");
      }
      const project = this.projectOf(ctx, ctx.params.projectId);
      const list = `projects/${project.id}/branches gitName=${JSON.stringify(gitName)} gitNameContains=${JSON.stringify(contains)}`;
      const items = store.cachedList(`${ctx.token.workspaceId} ${list}`, () => store.projectBranches(project.id)
        .filter((b) => (gitName === null || b.gitName === gitName) && (contains === null || b.gitName.includes(contains))));
      // The operation declares 422 for bad query parameters, so a bad cursor or limit is one too.
      return reply("getV1ProjectsByProjectIdBranches", 200, asValidationError(() => this.page(list, items, ctx, (b) => render.branch(b))));
    });

    this.on("POST", "/projects/:projectId/branches", (ctx) => {
      const body = objectBody(ctx.body, 422);
      const gitName = requiredString(body, "gitName", 422);
      const problem = gitNameProblem(gitName);
      if (problem) throw new ApiError(422, `Invalid gitName ${JSON.stringify(gitName)}: ${problem}.`, "Use a name git accepts as a branch name, such as feature/login.");
      const isDefault = optionalBoolean(body, "isDefault", 422);
      const project = this.projectOf(ctx, ctx.params.projectId);
      const clash = store.branchByGitName(project.id, gitName);
      if (clash) {
        throw new ApiError(409, `A branch with gitName ${gitName} already exists in project ${project.id} (${clash.id}).`,
          `Fetch it with GET /v1/projects/${project.id}/branches?gitName=${encodeURIComponent(gitName)}.`);
      }
      const branch = store.addBranch(project.id, gitName, { isDefault });
      return reply("postV1ProjectsByProjectIdBranches", 201, { data: render.branch(branch) });
    });

    this.on("GET", "/branches/:branchId", (ctx) =>
      reply("getV1BranchesByBranchId", 200, { data: render.branch(this.branchOf(ctx, ctx.params.branchId)) }));

    this.on("PATCH", "/branches/:branchId", (ctx) => {
      const body = objectBody(ctx.body, 422);
      const fixed = Object.keys(body).filter((key) => key !== "isDefault");
      if (fixed.length > 0) {
        throw new ApiError(422, `Only isDefault can be changed on a branch, not ${fixed.join(", ")}.`, "A branch's gitName and role are fixed when it is created.");
      }
      // null is declared for isDefault and changes nothing, like an absent field.
      const isDefault = body.isDefault === null ? undefined : optionalBoolean(body, "isDefault", 422);
      const branch = this.branchOf(ctx, ctx.params.branchId);
      if (isDefault === false && branch.isDefault) {
        throw new ApiError(422, `Branch ${branch.gitName} (${branch.id}) is the project's default branch: it cannot be unset.`,
          "Set isDefault to true on another branch of the project; this one then stops being the default.");
      }
      if (isDefault === true) store.makeDefaultBranch(branch);
      return reply("patchV1BranchesByBranchId", 200, { data: render.branch(branch) });
    });

    this.on("DELETE", "/branches/:branchId", (ctx) => {
      const branch = this.branchOf(ctx, ctx.params.branchId);
      if (branch.role === "production") {
        throw new ApiError(422, `Branch ${branch.gitName} (${branch.id}) is the project's production branch and cannot be deleted.`, "Delete the project to remove it.");
      }
      if (branch.isDefault) {
        throw new ApiError(422, `Branch ${branch.gitName} (${branch.id}) is the project's default branch and cannot be deleted.`,
          "Make another branch the default with PATCH /v1/branches/{branchId} and isDefault true, then delete this one.");
      }
      const members = store.branchDatabases(branch);
      if (members.length > 0) {
        const named = members.slice(0, 5).map((d) => d.id).join(", ") + (members.length > 5 ? `, … (${members.length} in all)` : "");
        throw new ApiError(409, `Branch ${branch.gitName} (${branch.id}) still has databases: ${named}.`,
          "Delete them, or move them to another branch with PATCH /v1/databases/{databaseId}, then delete the branch.");
      }
      store.softDeleteBranch(branch);
      return reply("deleteV1BranchesByBranchId", 204, undefined);
    });

    // Databases
    this.on("GET", "/projects/:projectId/databases", (ctx) => {
      const project = this.projectOf(ctx, ctx.params.projectId);
      return reply("getV1ProjectsByProjectIdDatabases", 200,
        this.page(`projects/${project.id}/databases`, store.projectDatabases(project.id), ctx, (d) => render.database(d)));
    });

    this.on("POST", "/projects/:projectId/databases", async (ctx) => {
      const body = objectBody(ctx.body);
      const project = this.projectOf(ctx, ctx.params.projectId);
      const database = await this.createDatabase(ctx, project, body, false);
      return reply("postV1ProjectsByProjectIdDatabases", 201, { data: render.databaseCreatedInProject(database) });
    });

    this.on("GET", "/databases", (ctx) => {
      const q = ctx.query;
      const projectId = q.has("projectId") ? canonicalId("proj", q.get("projectId"), "projectId") : null;
      const logicalId = q.get("logicalId");
      const branchParam = q.get("branchId");
      const branchId = branchParam === null || branchParam === "unassigned" ? branchParam : canonicalId("br", branchParam, "branchId");
      const gitName = q.get("branchGitName");
      if (gitName === "") throw new ApiError(400, "branchGitName must not be empty.");
      const list = `databases projectId=${projectId ?? ""} logicalId=${logicalId ?? ""} branchId=${branchId ?? ""} branchGitName=${gitName ?? ""}`;
      const items = store.cachedList(`${ctx.token.workspaceId} ${list}`, () => {
        const source = projectId === null ? [...state.databases.values()] : store.projectDatabases(projectId);
        return source.filter((d) => {
          const project = state.projects.get(d.projectId);
          if (!project || project.workspaceId !== ctx.token.workspaceId) return false;
          if (logicalId !== null && d.logicalId !== logicalId) return false;
          if (branchId === "unassigned") return d.branchId === null;
          if (branchId !== null && d.branchId !== branchId) return false;
          if (gitName === null) return true;
          const branch = d.branchId === null ? undefined : store.liveBranch(d.branchId);
          return branch !== undefined && branch.gitName === gitName;
        });
      });
      return reply("getV1Databases", 200, this.page(list, items, ctx, (d) => render.database(d)));
    });

    this.on("POST", "/databases", async (ctx) => {
      const body = objectBody(ctx.body);
      const projectId = canonicalId("proj", body.projectId, "projectId");
      const project = this.projectOf(ctx, projectId);
      const database = await this.createDatabase(ctx, project, body, true);
      return reply("postV1Databases", 201, { data: render.databaseCreated(database) });
    });

    this.on("GET", "/databases/:databaseId", (ctx) =>
      reply("getV1DatabasesByDatabaseId", 200, { data: render.database(this.databaseOf(ctx, ctx.params.databaseId)) }));

    this.on("PATCH", "/databases/:databaseId", (ctx) => {
      const body = objectBody(ctx.body);
      const name = optionalString(body, "name", 400, { min: 1, max: 256 });
      const logicalId = optionalString(body, "logicalId", 400, { pattern: LOGICAL_ID });
      if (logicalId !== undefined && (body.branchId !== undefined || body.branchGitName !== undefined)) {
        throw new ApiError(400, "logicalId cannot be combined with branchId or branchGitName in one request.", "Move the database first, then set its logicalId.");
      }
      const database = this.databaseOf(ctx, ctx.params.databaseId);
      const project = this.projectOf(ctx, database.projectId);
      const target = this.branchTarget(project, body);
      // A database keeps its logicalId when it moves, so the target branch must not hold it yet
      // (a branch about to be made holds nothing).
      if (target === undefined) {
        if (logicalId !== undefined) this.checkLogicalIdFree(project, database.branchId, logicalId, database);
      } else if ("branch" in target && database.logicalId !== null) {
        this.checkLogicalIdFree(project, target.branch.id, database.logicalId, database);
      }
      if (name !== undefined) database.name = name;
      if (logicalId !== undefined) database.logicalId = logicalId;
      if (target !== undefined) database.branchId = this.branchFor(project, target).id;
      store.changed();
      return reply("patchV1DatabasesByDatabaseId", 200, { data: render.database(database) });
    });

    this.on("DELETE", "/databases/:databaseId", async (ctx) => {
      const database = this.databaseOf(ctx, ctx.params.databaseId);
      if (database.isDefault) {
        throw new ApiError(403, "Cannot delete the default environment.", `Database ${database.id} is the project's default database; delete the project instead.`);
      }
      await this.databases.databaseRemoved(database);
      store.removeDatabase(database.id);
      return reply("deleteV1DatabasesByDatabaseId", 204, undefined);
    });

    this.on("GET", "/databases/:databaseId/usage", async (ctx) => {
      const startDate = queryDateTime(ctx.query, "startDate");
      const endDate = queryDateTime(ctx.query, "endDate");
      const database = this.databaseOf(ctx, ctx.params.databaseId);
      const now = store.now();
      const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
      const start = startDate ?? monthStart;
      const end = endDate === undefined ? now : endDate > now ? Math.floor(endDate / DAY) * DAY + DAY - 1 : endDate;
      if (start > end) throw new ApiError(400, "startDate must not be after endDate.");
      const activeFrom = Math.max(start, Date.parse(database.createdAt));
      const activeTo = Math.min(end, now);
      const hours = Math.max(0, activeTo - activeFrom) / 3_600_000;
      const opsPerHour = 20 + (hash(database.id) % 2000);
      const ready = database.status !== "provisioning";
      // Figures set with setUsage stand for the current month so far: any period reaching into it.
      const override = end >= monthStart && start <= now ? state.usage.get(database.id) : undefined;
      // Storage is the real database's size now (PostgreSQL keeps no history of it).
      const storageGib = override?.storageGib ?? (ready ? Number(((await this.databases.size(database)) / 1_073_741_824).toFixed(6)) : 0);
      return reply("getV1DatabasesByDatabaseIdUsage", 200, {
        period: { start: store.iso(start), end: store.iso(end) },
        metrics: {
          operations: { used: override?.operations ?? (ready ? Math.round(opsPerHour * hours) : 0), unit: "ops" },
          storage: { used: storageGib, unit: "GiB" },
        },
        generatedAt: store.iso(now),
      });
    });

    // Backups and restore
    this.on("GET", "/databases/:databaseId/backups", async (ctx) => {
      const limit = queryInteger(ctx.query, "limit", { min: 1, max: 100, default: 25 });
      const database = this.databaseOf(ctx, ctx.params.databaseId);
      if (database.remote) throw new ApiError(422, "Remote database backups are not supported.");
      await this.databases.takeDueBackups();
      const backups = store.backupsOf(database);
      return reply("getV1DatabasesByDatabaseIdBackups", 200, {
        data: backups.slice(0, limit).map((b) => render.backup(b)),
        meta: { backupRetentionDays: this.options.backupRetentionDays },
        pagination: { hasMore: backups.length > limit, limit },
      });
    });

    this.on("POST", "/databases/:databaseId/restore", async (ctx) => {
      const target = this.databaseOf(ctx, ctx.params.databaseId);
      const body = objectBody(ctx.body, 422);
      const source = body.source;
      if (!source || typeof source !== "object" || (source as Json).type !== "backup") {
        throw new ApiError(422, "Invalid source type: a restore needs source.type \"backup\".");
      }
      const databaseId = canonicalId("db", (source as Json).databaseId, "source.databaseId", 422);
      const backupId = requiredString(source as Json, "backupId", 422, { min: 1 });
      if (target.status === "provisioning" || target.status === "recovering") {
        throw new ApiError(409, `Database ${target.id} is ${target.status} and cannot be restored now.`, "Wait until its status is ready.");
      }
      const origin = this.databaseOf(ctx, databaseId);
      if (origin.remote) throw new ApiError(422, "Remote database backups are not supported.");
      await this.databases.takeDueBackups();
      const backup = store.backupsOf(origin).find((b) => b.id === backupId);
      if (!backup) throw new ApiError(404, `Backup ${backupId} of database ${databaseId} not found.`);
      if (backup.status !== "completed") throw new ApiError(422, `Backup ${backupId} is not usable: its status is ${backup.status}.`);
      const restoredFrom = { type: "backup" as const, databaseId, backupId };
      await this.databases.restored(target, backup);
      target.source = restoredFrom;
      target.startPending("recovering", this.options.readyDelayMs);
      return reply("postV1DatabasesByTargetDatabaseIdRestore", 200, { data: { ...render.database(target), source: restoredFrom } });
    });

    // Connections
    this.on("GET", "/databases/:databaseId/connections", (ctx) => {
      const database = this.visibleDatabase(ctx, ctx.params.databaseId);
      const list = `databases/${ctx.params.databaseId}/connections`;
      const items = database ? database.connectionIds.map((id) => state.connections.get(id)).filter((c) => c !== undefined) : [];
      return reply("getV1DatabasesByDatabaseIdConnections", 200, this.page(list, items, ctx, (c) => render.connection(c)));
    });

    this.on("POST", "/databases/:databaseId/connections", async (ctx) => {
      const name = requiredString(objectBody(ctx.body), "name", 400, { min: 3, max: 65 });
      const database = this.databaseOf(ctx, ctx.params.databaseId);
      const connection = store.addConnection(database, name);
      await this.databases.connectionAdded(connection, database);
      return reply("postV1DatabasesByDatabaseIdConnections", 200, { data: render.connectionWithSecrets(connection) });
    });

    this.on("GET", "/connections", (ctx) => {
      const databaseId = ctx.query.has("databaseId") ? canonicalId("db", ctx.query.get("databaseId"), "databaseId") : null;
      const list = `connections databaseId=${databaseId ?? ""}`;
      const items = store.cachedList(`${ctx.token.workspaceId} ${list}`, () => [...state.connections.values()]
        .filter((c) => (databaseId === null || c.databaseId === databaseId) && this.visibleDatabase(ctx, c.databaseId)));
      return reply("getV1Connections", 200, this.page(list, items, ctx, (c) => render.connection(c)));
    });

    this.on("POST", "/connections", async (ctx) => {
      const body = objectBody(ctx.body);
      const databaseId = canonicalId("db", body.databaseId, "databaseId");
      const name = requiredString(body, "name", 400, { min: 3, max: 65 });
      const database = this.databaseOf(ctx, databaseId);
      const connection = store.addConnection(database, name);
      await this.databases.connectionAdded(connection, database);
      return reply("postV1Connections", 201, { data: render.connectionWithSecrets(connection) });
    });

    this.on("GET", "/connections/:connectionId", (ctx) =>
      reply("getV1ConnectionsById", 200, { data: render.connection(this.connectionOf(ctx, ctx.params.connectionId)) }));

    this.on("DELETE", "/connections/:connectionId", async (ctx) => {
      const connection = this.connectionOf(ctx, ctx.params.connectionId);
      await this.databases.connectionRemoved(connection);
      store.removeConnection(connection.id);
      return reply("deleteV1ConnectionsById", 204, undefined);
    });

    this.on("POST", "/connections/:connectionId/rotate", async (ctx) => {
      const connection = this.connectionOf(ctx, ctx.params.connectionId);
      Object.assign(connection, store.secrets());
      await this.databases.connectionRotated(connection);
      return reply("postV1ConnectionsByIdRotate", 200, { data: render.connectionWithSecrets(connection) });
    });

    // Regions
    this.on("GET", "/regions/postgres", () => reply("getV1RegionsPostgres", 200, {
      data: REGIONS.map((r) => ({
        id: r.id, type: "region" as const, name: r.name,
        status: this.options.unavailableRegions.includes(r.id) ? "unavailable" as const : "available" as const,
      })),
    }));

    // Service tokens
    this.on("GET", "/workspaces/:workspaceId/service-tokens", (ctx) => {
      const { workspaceId } = ctx.params;
      const list = `workspaces/${workspaceId}/service-tokens`;
      const items = workspaceId !== ctx.token.workspaceId ? [] : store.cachedList(`${ctx.token.workspaceId} ${list}`,
        () => [...state.serviceTokens.values()].filter((t) => t.workspaceId === workspaceId).reverse());
      return reply("getV1WorkspacesByWorkspaceIdService-tokens", 200, this.page(list, items, ctx, (t) => render.serviceToken(t), 100, true));
    });

    this.on("POST", "/workspaces/:workspaceId/service-tokens", (ctx) => {
      const name = requiredString(objectBody(ctx.body, 422), "name", 422, { min: 1, max: 256 });
      const workspace = this.workspaceOf(ctx, ctx.params.workspaceId);
      return reply("postV1WorkspacesByWorkspaceIdService-tokens", 201, { data: render.serviceTokenCreated(store.addServiceToken(workspace.id, name)) });
    });

    this.on("DELETE", "/workspaces/:workspaceId/service-tokens/:serviceTokenId", (ctx) => {
      const workspace = this.workspaceOf(ctx, ctx.params.workspaceId);
      const token = state.serviceTokens.get(ctx.params.serviceTokenId);
      if (!token || token.workspaceId !== workspace.id) throw new ApiError(404, `Service token with id ${ctx.params.serviceTokenId} not found in workspace ${workspace.id}.`);
      state.serviceTokens.delete(token.id);
      store.changed();
      return reply("deleteV1WorkspacesByWorkspaceIdService-tokensByServiceTokenId", 204, undefined);
    });

    // Integrations
    this.on("GET", "/workspaces/:workspaceId/integrations", (ctx) => {
      const workspace = this.workspaceOf(ctx, ctx.params.workspaceId);
      const list = `workspaces/${workspace.id}/integrations`;
      const items = store.cachedList(`${ctx.token.workspaceId} ${list}`, () => [...state.integrations.values()].filter((i) => i.workspaceId === workspace.id));
      return reply("getV1WorkspacesByWorkspaceIdIntegrations", 200, this.page(list, items, ctx, (i) => render.integration(i)));
    });

    this.on("DELETE", "/workspaces/:workspaceId/integrations/:clientId", (ctx) => {
      const workspace = this.workspaceOf(ctx, ctx.params.workspaceId);
      const revoked = [...state.integrations.values()].filter((i) => i.workspaceId === workspace.id && i.client.id === ctx.params.clientId);
      if (revoked.length === 0) throw new ApiError(404, `Integration with client id ${ctx.params.clientId} not found.`);
      for (const integration of revoked) state.integrations.delete(integration.id);
      store.changed();
      return reply("deleteV1WorkspacesByWorkspaceIdIntegrationsByClientId", 204, undefined);
    });

    this.on("GET", "/integrations/:integrationId", (ctx) => {
      const integration = state.integrations.get(ctx.params.integrationId);
      if (!integration || integration.workspaceId !== ctx.token.workspaceId) throw new ApiError(404, `Integration with id ${ctx.params.integrationId} not found.`);
      return reply("getV1IntegrationsById", 200, { data: render.integration(integration) });
    });

    this.on("DELETE", "/integrations/:integrationId", (ctx) => {
      const integration = state.integrations.get(ctx.params.integrationId);
      if (!integration || integration.workspaceId !== ctx.token.workspaceId) throw new ApiError(404, `Integration with id ${ctx.params.integrationId} not found.`);
      state.integrations.delete(integration.id);
      store.changed();
      return reply("deleteV1IntegrationsById", 204, undefined);
    });
  }
}
