import { axios } from "@pipedream/platform";
import { defineApp } from "@pipedream/types";
import { BASE_URL_ENV, DEFAULT_BASE_URL, INHERIT_REGION, MAX_BACKUPS, WAIT } from "./common/constants";
import { toPrismaApiError, type Refusals } from "./common/errors";
import { collect, paginate, type PageFetcher } from "./common/pagination";
import { databaseLabel, newestFirst, optionsPage, type OptionsPage } from "./common/options";
import { redactingStep, redactSecrets, secretValuesOf } from "./common/redaction";
import { withRetries, type HttpMethod } from "./common/retry";
import type {
  BackupList, Branch, Connection, ConnectionWithSecrets, Data, Database, DatabaseCreated, DatabaseUsage, Integration, Me,
  Page, PostgresRegion, Project, ProjectCreated, QueryParams, RequestBody, ServiceToken, ServiceTokenCreated, Step, Workspace,
} from "./common/types";
import { waitUntilReady, type WaitResult } from "./common/waiting";

interface RequestOptions {
  $?: Step;
  method?: HttpMethod;
  path: string;
  params?: object;
  data?: object;
  /** What a refusal means for this endpoint, by HTTP status. */
  refusals?: Refusals;
}

/** Arguments of every endpoint method: the step, plus what the endpoint takes. */
type Call<T = object> = { $?: Step } & T;

const id = encodeURIComponent;

const app = defineApp({
  type: "app",
  app: "prisma_management_api",
  // Pipedream calls `options` with `this` bound to the app instance.
  propDefinitions: {
    workspaceId: {
      type: "string",
      label: "Workspace",
      description: "The Prisma workspace. Pick one, or enter a workspace ID such as `wksp_clx7abc123def456`.",
      async options({ prevContext }: { prevContext?: { cursor?: string } }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        return optionsPage((cursor, limit) => app.listWorkspaces({ params: { cursor, limit } }), prevContext,
          (w) => ({ label: `${w.name} (${w.id})`, value: w.id }));
      },
    },
    projectId: {
      type: "string",
      label: "Project",
      description: "The Prisma project. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
      async options({ prevContext }: { prevContext?: { cursor?: string } }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        return optionsPage((cursor, limit) => app.listProjects({ params: { cursor, limit } }), prevContext,
          (p) => ({ label: `${p.name} (${p.id})${p.defaultRegion ? ` · ${p.defaultRegion}` : ""}`, value: p.id }));
      },
    },
    databaseId: {
      type: "string",
      label: "Database",
      description: "The Prisma Postgres database. Pick one (choose the project first to narrow the list), or enter a database ID such as `db_clx7abc123def456`.",
      async options({ prevContext, projectId }: { prevContext?: { cursor?: string }; projectId?: string }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        return optionsPage((cursor, limit) => projectId
          ? app.listProjectDatabases({ projectId, params: { cursor, limit } })
          : app.listDatabases({ params: { cursor, limit } }), prevContext,
        (d) => ({ label: databaseLabel(d), value: d.id }));
      },
    },
    branchId: {
      type: "string",
      label: "Branch",
      description: "A branch of the project (every database belongs to one; the production branch is the default). Pick one, or enter a branch ID such as `br_clx7abc123def456`.",
      async options({ prevContext, projectId }: { prevContext?: { cursor?: string }; projectId?: string }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!projectId) return { options: [], context: {} };
        return optionsPage((cursor, limit) => app.listBranches({ projectId, params: { cursor, limit } }), prevContext,
          (b) => ({ label: `${b.gitName} (${b.id}) · ${b.role}${b.isDefault ? ", default" : ""}`, value: b.id }));
      },
    },
    connectionId: {
      type: "string",
      label: "Connection",
      description: "A connection (named credential) of the database. Pick one, or enter a connection ID such as `con_clx7abc123def456`.",
      async options({ prevContext, databaseId }: { prevContext?: { cursor?: string }; databaseId?: string }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!databaseId) return { options: [], context: {} };
        return optionsPage((cursor, limit) => app.listDatabaseConnections({ databaseId, params: { cursor, limit } }), prevContext,
          (c) => ({ label: `${c.name} (${c.id}) · ${c.kind}`, value: c.id }));
      },
    },
    region: {
      type: "string",
      label: "Region",
      description: "Where the database runs, e.g. `us-east-1` or `eu-central-1`. Pick a region close to your application.",
      async options({ includeInherit }: { includeInherit?: boolean }): Promise<{ label: string; value: string }[]> {
        const app = this as unknown as PrismaApp;
        const regions = await app.listPostgresRegions({});
        const options = regions.map((r) => ({
          label: `${r.name} (${r.id})${r.status === "unavailable" ? " · unavailable" : ""}`,
          value: r.id,
        }));
        return includeInherit
          ? [{ label: "Same as the project's default region (inherit)", value: INHERIT_REGION }, ...options]
          : options;
      },
    },
    backupId: {
      type: "string",
      label: "Backup",
      description: "A backup of the database, newest first. Pick one, or enter a backup ID from **List Backups**.",
      async options({ databaseId }: { databaseId?: string }): Promise<{ label: string; value: string }[]> {
        const app = this as unknown as PrismaApp;
        if (!databaseId) return [];
        const { data } = await app.listBackups({ databaseId, params: { limit: MAX_BACKUPS } });
        return newestFirst(data).map((b) => ({
          label: `${b.createdAt} · ${b.backupType} · ${b.status} (${b.id})`,
          value: b.id,
        }));
      },
    },
    serviceTokenId: {
      type: "string",
      label: "Service Token",
      description: "A service token of the workspace. Pick one, or enter its ID such as `itgr_clx7abc123def456`.",
      async options({ prevContext, workspaceId }: { prevContext?: { cursor?: string }; workspaceId?: string }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!workspaceId) return { options: [], context: {} };
        return optionsPage((cursor, limit) => app.listServiceTokens({ workspaceId, params: { cursor, limit } }), prevContext,
          (t) => ({ label: `${t.name} (${t.id}) · ends ${t.valueHint}`, value: t.id }));
      },
    },
    integrationId: {
      type: "string",
      label: "Integration",
      description: "An integration (OAuth application) authorized on the workspace. Pick one, or enter its ID such as `itgr_clx7abc123def456`.",
      async options({ prevContext, workspaceId }: { prevContext?: { cursor?: string }; workspaceId?: string }): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!workspaceId) return { options: [], context: {} };
        return optionsPage((cursor, limit) => app.listWorkspaceIntegrations({ workspaceId, params: { cursor, limit } }), prevContext,
          (i) => ({ label: `${i.client.name} (${i.id}) · by ${i.createdByUser.email}`, value: i.id }));
      },
    },
    maxResults: {
      type: "integer",
      label: "Max Results",
      description: "The most items to return. Leave empty to return every item: the list is followed page by page to the end.",
      optional: true,
      min: 1,
    },
    maxWaitSeconds: {
      type: "integer",
      label: "Max Wait Seconds",
      description: `How long to wait for the database to become ready before the step ends, in seconds (0 = don't wait, at most ${WAIT.maxSeconds}).`,
      optional: true,
      default: WAIT.defaultSeconds,
      min: 0,
      max: WAIT.maxSeconds,
    },
    logicalId: {
      type: "string",
      label: "Logical ID",
      description: "Your own stable identifier for this resource, e.g. `orders-prod` (lowercase letters, digits, `-`, `_`). When set, re-running the step returns the resource created before instead of creating a second one. Leave empty to create a new one on every run.",
      optional: true,
    },
    confirm: {
      type: "string",
      label: "Confirm",
      description: "Type the ID of what will be destroyed or overwritten, exactly, to confirm. Any other value stops the step before anything changes.",
    },
  },
  methods: {
    _baseUrl(): string {
      return (process.env[BASE_URL_ENV] || DEFAULT_BASE_URL).replace(/\/+$/, "");
    },
    _token(): string {
      return (this as unknown as { $auth: { api_token: string } }).$auth.api_token;
    },
    async _makeRequest<T>({ $, method = "GET", path, params, data, refusals }: RequestOptions): Promise<T> {
      const token = this._token();
      // Masked wherever the API echoes them: the token, and any credential sent in the body.
      const secrets = [...(token ? [token] : []), ...secretValuesOf(data)];
      const step = redactingStep($, secrets);
      const config = {
        method,
        url: `${this._baseUrl()}${path}`,
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
        params,
        data,
      };
      try {
        // A fresh copy per attempt: the HTTP client edits the config it is given.
        return await withRetries(method, () => axios(step as Parameters<typeof axios>[0], { ...config, headers: { ...config.headers } })) as T;
      } catch (err) {
        // The token must never leave in an error (message, fields or stack), whatever the API echoed.
        throw toPrismaApiError(err, refusals, secrets);
      }
    },

    /** Every item of a cursor-paginated list, page after page; at most `max` when given. */
    paginate<T>(fetchPage: PageFetcher<T>, max?: number): AsyncGenerator<T> {
      return paginate(fetchPage, max);
    },

    /** `paginate` collected into an array, each item stripped of secrets as its page arrives. */
    async listAll<T>(fetchPage: PageFetcher<T>, max?: number): Promise<T[]> {
      return collect(paginate(fetchPage, max), (item) => redactSecrets(item));
    },

    /** Polls the database until it is ready; see `common/waiting.ts`. */
    async waitForDatabase<D extends { id: string; status: Database["status"] }>(
      { $, database, maxWaitSeconds }: Call<{ database: D; maxWaitSeconds: number }>,
    ): Promise<WaitResult<D | Database>> {
      return waitUntilReady<D | Database>(database,
        () => this.getDatabase({ $, databaseId: database.id }), maxWaitSeconds);
    },

    // Identity and workspaces
    async getMe({ $ }: Call): Promise<Me> {
      return (await this._makeRequest<{ data: Me }>({ $, path: "/me" })).data;
    },
    async listWorkspaces({ $, params }: Call<{ params?: QueryParams<"getV1Workspaces"> }>): Promise<Page<Workspace>> {
      return this._makeRequest({ $, path: "/workspaces", params });
    },
    async getWorkspace({ $, workspaceId }: Call<{ workspaceId: string }>): Promise<Workspace> {
      return (await this._makeRequest<{ data: Workspace }>({ $, path: `/workspaces/${id(workspaceId)}` })).data;
    },
    async getWorkspaceSubscription({ $, workspaceId }: Call<{ workspaceId: string }>): Promise<Data<"getV1WorkspacesByIdSubscription">> {
      return (await this._makeRequest<{ data: Data<"getV1WorkspacesByIdSubscription"> }>({ $, path: `/workspaces/${id(workspaceId)}/subscription` })).data;
    },

    // Projects
    async listProjects({ $, params }: Call<{ params?: QueryParams<"getV1Projects"> }>): Promise<Page<Project>> {
      return this._makeRequest({ $, path: "/projects", params });
    },
    async getProject({ $, projectId }: Call<{ projectId: string }>): Promise<Project> {
      return (await this._makeRequest<{ data: Project }>({ $, path: `/projects/${id(projectId)}` })).data;
    },
    async createProject({ $, data }: Call<{ data: RequestBody<"postV1Projects"> }>): Promise<ProjectCreated> {
      return (await this._makeRequest<{ data: ProjectCreated }>({
        $, method: "POST", path: "/projects", data,
        refusals: { 409: "A project with this Logical ID already exists in the workspace." },
      })).data;
    },
    async updateProject({ $, projectId, data }: Call<{ projectId: string; data: RequestBody<"patchV1ProjectsById"> }>): Promise<Project> {
      return (await this._makeRequest<{ data: Project }>({ $, method: "PATCH", path: `/projects/${id(projectId)}`, data })).data;
    },
    async deleteProject({ $, projectId }: Call<{ projectId: string }>): Promise<void> {
      await this._makeRequest({
        $, method: "DELETE", path: `/projects/${id(projectId)}`,
        refusals: { 400: "The project still has resources that depend on it, so Prisma kept it. Delete or move those first (for example its other databases with **Delete Database**), then delete the project again." },
      });
    },
    async transferProject({ $, projectId, data }: Call<{ projectId: string; data: RequestBody<"postV1ProjectsByIdTransfer"> }>): Promise<void> {
      await this._makeRequest({
        $, method: "POST", path: `/projects/${id(projectId)}/transfer`, data,
        refusals: {
          401: "Prisma rejected a token: either this account's token, or the recipient's access token (it must be a valid OAuth access token of the receiving user).",
          409: "The project cannot be transferred in its current state (for example while a database is provisioning or restoring). Try again once it is ready.",
        },
      });
    },

    // Databases
    async listProjectDatabases({ $, projectId, params }: Call<{ projectId: string; params?: QueryParams<"getV1ProjectsByProjectIdDatabases"> }>): Promise<Page<Database>> {
      return this._makeRequest({ $, path: `/projects/${id(projectId)}/databases`, params });
    },
    async listDatabases({ $, params }: Call<{ params?: QueryParams<"getV1Databases"> }>): Promise<Page<Database>> {
      return this._makeRequest({ $, path: "/databases", params });
    },
    async createDatabase({ $, data }: Call<{ data: RequestBody<"postV1Databases"> }>): Promise<DatabaseCreated> {
      return (await this._makeRequest<{ data: DatabaseCreated }>({
        $, method: "POST", path: "/databases", data,
        refusals: {
          403: "This token may not create databases in that project, or the workspace's plan allows no more databases: delete unused ones or upgrade the plan.",
          409: "A database with this Logical ID already exists in the project.",
        },
      })).data;
    },
    async getDatabase({ $, databaseId }: Call<{ databaseId: string }>): Promise<Database> {
      return (await this._makeRequest<{ data: Database }>({ $, path: `/databases/${id(databaseId)}` })).data;
    },
    async updateDatabase({ $, databaseId, data }: Call<{ databaseId: string; data: RequestBody<"patchV1DatabasesByDatabaseId"> }>): Promise<Database> {
      return (await this._makeRequest<{ data: Database }>({ $, method: "PATCH", path: `/databases/${id(databaseId)}`, data })).data;
    },
    async deleteDatabase({ $, databaseId }: Call<{ databaseId: string }>): Promise<void> {
      await this._makeRequest({
        $, method: "DELETE", path: `/databases/${id(databaseId)}`,
        refusals: { 403: "This is the project's default database, which Prisma does not delete on its own. To remove it, delete the whole project with **Delete Project**." },
      });
    },
    async getDatabaseUsage({ $, databaseId, params }: Call<{ databaseId: string; params?: QueryParams<"getV1DatabasesByDatabaseIdUsage"> }>): Promise<DatabaseUsage> {
      return this._makeRequest({
        $, path: `/databases/${id(databaseId)}/usage`, params,
        refusals: {
          400: "Prisma did not accept the period: Start Date must come before End Date.",
          503: "Usage metrics are temporarily unavailable at Prisma: run the step again in a few minutes.",
        },
      });
    },

    // Branches (experimental endpoints at Prisma)
    async listBranches({ $, projectId, params }: Call<{ projectId: string; params?: QueryParams<"getV1ProjectsByProjectIdBranches"> }>): Promise<Page<Branch>> {
      return this._makeRequest({ $, path: `/projects/${id(projectId)}/branches`, params });
    },
    async createBranch({ $, projectId, data }: Call<{ projectId: string; data: RequestBody<"postV1ProjectsByProjectIdBranches"> }>): Promise<Branch> {
      return (await this._makeRequest<{ data: Branch }>({ $, method: "POST", path: `/projects/${id(projectId)}/branches`, data })).data;
    },
    async getBranch({ $, branchId }: Call<{ branchId: string }>): Promise<Branch> {
      return (await this._makeRequest<{ data: Branch }>({ $, path: `/branches/${id(branchId)}` })).data;
    },
    async updateBranch({ $, branchId, data }: Call<{ branchId: string; data: RequestBody<"patchV1BranchesByBranchId"> }>): Promise<Branch> {
      return (await this._makeRequest<{ data: Branch }>({ $, method: "PATCH", path: `/branches/${id(branchId)}`, data })).data;
    },
    async deleteBranch({ $, branchId }: Call<{ branchId: string }>): Promise<void> {
      await this._makeRequest({
        $, method: "DELETE", path: `/branches/${id(branchId)}`,
        refusals: {
          409: "The branch still has databases, so Prisma kept it. Delete them first, or use **Delete Preview Branch**, which deletes a preview branch's databases and then the branch.",
          422: "This is the project's default or production branch, which Prisma does not delete. Make another branch the default with **Set Default Branch** first; a production branch is never deleted.",
        },
      });
    },

    // Backups and restores
    async listBackups({ $, databaseId, params }: Call<{ databaseId: string; params?: QueryParams<"getV1DatabasesByDatabaseIdBackups"> }>): Promise<BackupList> {
      return this._makeRequest({
        $, path: `/databases/${id(databaseId)}/backups`, params,
        refusals: { 422: "This database has no backups Prisma can list (backups are not available for remote databases). Nothing is wrong with the request." },
      });
    },
    async restoreDatabase({ $, targetDatabaseId, data }: Call<{ targetDatabaseId: string; data: RequestBody<"postV1DatabasesByTargetDatabaseIdRestore"> }>): Promise<Data<"postV1DatabasesByTargetDatabaseIdRestore">> {
      return (await this._makeRequest<{ data: Data<"postV1DatabasesByTargetDatabaseIdRestore"> }>({
        $, method: "POST", path: `/databases/${id(targetDatabaseId)}/restore`, data,
        refusals: {
          409: "The target database is still provisioning or already restoring, so Prisma refused. Wait until its status is ready (see **Get Database**), then try again.",
          422: "Prisma cannot restore from that backup (it is not usable, e.g. still running or failed). Pick a completed backup from **List Backups**.",
        },
      })).data;
    },

    // Connections
    async listDatabaseConnections({ $, databaseId, params }: Call<{ databaseId: string; params?: QueryParams<"getV1DatabasesByDatabaseIdConnections"> }>): Promise<Page<Connection>> {
      return this._makeRequest({ $, path: `/databases/${id(databaseId)}/connections`, params });
    },
    async listConnections({ $, params }: Call<{ params?: QueryParams<"getV1Connections"> }>): Promise<Page<Connection>> {
      return this._makeRequest({ $, path: "/connections", params });
    },
    async createConnection({ $, data }: Call<{ data: RequestBody<"postV1Connections"> }>): Promise<ConnectionWithSecrets> {
      return (await this._makeRequest<{ data: ConnectionWithSecrets }>({ $, method: "POST", path: "/connections", data })).data;
    },
    async getConnection({ $, connectionId }: Call<{ connectionId: string }>): Promise<Connection> {
      return (await this._makeRequest<{ data: Connection }>({ $, path: `/connections/${id(connectionId)}` })).data;
    },
    async deleteConnection({ $, connectionId }: Call<{ connectionId: string }>): Promise<void> {
      await this._makeRequest({ $, method: "DELETE", path: `/connections/${id(connectionId)}` });
    },
    async rotateConnection({ $, connectionId }: Call<{ connectionId: string }>): Promise<ConnectionWithSecrets> {
      return (await this._makeRequest<{ data: ConnectionWithSecrets }>({ $, method: "POST", path: `/connections/${id(connectionId)}/rotate` })).data;
    },

    // Regions
    async listPostgresRegions({ $ }: Call): Promise<PostgresRegion[]> {
      return (await this._makeRequest<{ data: PostgresRegion[] }>({ $, path: "/regions/postgres" })).data;
    },

    // Service tokens and integrations
    async listServiceTokens({ $, workspaceId, params }: Call<{ workspaceId: string; params?: QueryParams<"getV1WorkspacesByWorkspaceIdService-tokens"> }>): Promise<Page<ServiceToken>> {
      return this._makeRequest({ $, path: `/workspaces/${id(workspaceId)}/service-tokens`, params });
    },
    async createServiceToken({ $, workspaceId, data }: Call<{ workspaceId: string; data: RequestBody<"postV1WorkspacesByWorkspaceIdService-tokens"> }>): Promise<ServiceTokenCreated> {
      return (await this._makeRequest<{ data: ServiceTokenCreated }>({ $, method: "POST", path: `/workspaces/${id(workspaceId)}/service-tokens`, data })).data;
    },
    async deleteServiceToken({ $, workspaceId, serviceTokenId }: Call<{ workspaceId: string; serviceTokenId: string }>): Promise<void> {
      await this._makeRequest({ $, method: "DELETE", path: `/workspaces/${id(workspaceId)}/service-tokens/${id(serviceTokenId)}` });
    },
    async listWorkspaceIntegrations({ $, workspaceId, params }: Call<{ workspaceId: string; params?: QueryParams<"getV1WorkspacesByWorkspaceIdIntegrations"> }>): Promise<Page<Integration>> {
      return this._makeRequest({ $, path: `/workspaces/${id(workspaceId)}/integrations`, params });
    },
    async getIntegration({ $, integrationId }: Call<{ integrationId: string }>): Promise<Integration> {
      return (await this._makeRequest<{ data: Integration }>({ $, path: `/integrations/${id(integrationId)}` })).data;
    },
    async deleteIntegration({ $, integrationId }: Call<{ integrationId: string }>): Promise<void> {
      await this._makeRequest({ $, method: "DELETE", path: `/integrations/${id(integrationId)}` });
    },
  },
});

/** The app as actions see it on `this.app`: its methods, bound to an object carrying `$auth`. */
export type PrismaApp = NonNullable<typeof app.methods> & { $auth: { api_token: string } };

export default app;
