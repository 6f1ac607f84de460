import { defineApp } from "@pipedream/types";
import {
  DEFAULT_BASE_URL, INHERIT_REGION, MAX_BACKUPS, RATE_LIMIT, WAIT,
} from "./common/constants";
import {
  collect, paginate, type PageFetcher,
} from "./common/pagination";
import {
  NO_OPTIONS,
  backupsNewestFirst,
  branchLabel,
  databaseLabel,
  fact,
  optionLabel,
  optionsPage,
  shownLabel,
  type Option,
  type OptionsContext,
  type OptionsPage,
} from "./common/options";
import {
  maskLiterals, redactingStep, secretValuesOf,
} from "./common/redaction";
import {
  toRequestError, unexpectedAnswer, type Refusals,
} from "./common/errors";
import {
  ALREADY_DELETED, withRetries, type HttpMethod,
} from "./common/retry";
import {
  stepDeadline, type Deadline,
} from "./common/deadline";
import { pacerOf } from "./common/rate-pacing";
import {
  ANSWERS, shapeProblem, type Answer,
} from "./common/responses";
import { sendOnce } from "./common/transport";
import { tokenFormsOf } from "./common/exits";
import type {
  BackupList,
  Branch,
  Connection,
  ConnectionWithSecrets,
  Data,
  Database,
  DatabaseCreated,
  DatabaseUsage,
  Integration,
  Me,
  Page,
  PostgresRegion,
  Project,
  ProjectCreated,
  QueryParams,
  RequestBody,
  ServiceToken,
  ServiceTokenCreated,
  Step,
  Workspace,
} from "./common/types";

interface RequestOptions {
  /** The step of the run the request belongs to; the app itself (Pipedream's house default) when none. */
  $?: Step | object;
  method?: HttpMethod;
  path: string;
  params?: object;
  data?: object;
  /** What a success must hold: the endpoint's declaration in `common/responses.ts`. */
  expect: Answer;
  /** The ID of the resource the path names, for a read or an update of it: the answer must be that resource. */
  resourceId?: string;
  /** For a create, the owners asked for by field (`project`, `database`): the answer must name them, if it names any. */
  owners?: Record<string, string | undefined>;
  /** What a refusal means for this endpoint, by HTTP status. */
  refusals?: Refusals;
  /** For a create: what to tell the user when the request may have reached Prisma but its answer was lost. */
  lostAnswer?: string;
  /** A deadline nearer than the run's, e.g. the end of a wait. */
  deadline?: Deadline;
}

/** What the request core needs of the app it runs on. */
interface RequestCore {
  _baseUrl(): string;
  _token(): string;
  _requestsPerMinute(): number | null;
}

/** Arguments of every endpoint method: the step, plus what the endpoint takes. */
type Call<T = object> = { $?: Step } & T;

/** What a list method takes: the endpoint's arguments, whose `params` take `cursor` and `limit`. */
type ListArgs = { params?: object };

/** A list method of the app (`listProjects`, …). */
type ListMethod<A extends ListArgs, T> = (args: A) => Promise<Page<T>>;

/** What a dropdown's `options` receives: the context of the page before, and the props it depends on. */
type OptionsArgs<T = object> = { prevContext?: OptionsContext } & T;

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
      async options({ prevContext }: OptionsArgs): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        return app.optionsOf(app.listWorkspaces, {}, prevContext, (w) => ({
          label: optionLabel(w.name, w.id),
          value: w.id,
        }));
      },
    },
    projectId: {
      type: "string",
      label: "Project",
      description: "The Prisma project. Pick one, or enter a project ID such as `proj_clx7abc123def456`.",
      async options({ prevContext }: OptionsArgs): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        return app.optionsOf(app.listProjects, {}, prevContext, (p) => ({
          label: optionLabel(p.name, p.id, [
            p.defaultRegion,
          ]),
          value: p.id,
        }));
      },
    },
    databaseId: {
      type: "string",
      label: "Database",
      description: "The Prisma Postgres database. Pick one, or enter a database ID such as `db_clx7abc123def456`.",
      async options({
        prevContext, projectId,
      }: OptionsArgs<{ projectId?: string }>): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        const toOption = (d: Database) => ({
          label: databaseLabel(d),
          value: d.id,
        });
        return projectId
          ? app.optionsOf(app.listProjectDatabases, {
            projectId,
          }, prevContext, toOption)
          : app.optionsOf(app.listDatabases, {}, prevContext, toOption);
      },
    },
    branchId: {
      type: "string",
      label: "Branch",
      description: "A branch of the project (every database belongs to one; the production branch is the default). Pick one, or enter a branch ID such as `br_clx7abc123def456`.",
      async options({
        prevContext, projectId,
      }: OptionsArgs<{ projectId?: string }>): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!projectId) return NO_OPTIONS;
        return app.optionsOf(app.listBranches, {
          projectId,
        }, prevContext, (b) => ({
          label: branchLabel(b),
          value: b.id,
        }));
      },
    },
    connectionId: {
      type: "string",
      label: "Connection",
      description: "A connection (named credential) of the database. Pick one, or enter a connection ID such as `con_clx7abc123def456`.",
      async options({
        prevContext, databaseId,
      }: OptionsArgs<{ databaseId?: string }>): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!databaseId) return NO_OPTIONS;
        return app.optionsOf(app.listDatabaseConnections, {
          databaseId,
        }, prevContext, (c) => ({
          label: optionLabel(c.name, c.id, [
            c.kind,
          ]),
          value: c.id,
        }));
      },
    },
    region: {
      type: "string",
      label: "Region",
      description: "Where the database runs, e.g. `us-east-1` or `eu-central-1`. Pick a region close to your application.",
      async options({ includeInherit }: { includeInherit?: boolean }): Promise<Option[]> {
        const app = this as unknown as PrismaApp;
        const regions = await app.listPostgresRegions({});
        const options = regions.map((r) => ({
          label: shownLabel(`${r.name} (${r.id})${r.status === "unavailable"
            ? " · unavailable"
            : ""}`),
          value: r.id,
        }));
        return includeInherit
          ? [
            {
              label: "Same as the project's default region (inherit)",
              value: INHERIT_REGION,
            },
            ...options,
          ]
          : options;
      },
    },
    backupId: {
      type: "string",
      label: "Backup",
      description: "A backup of the database, newest first. Pick one, or enter a backup ID from **List Backups**.",
      async options({ databaseId }: { databaseId?: string }): Promise<Option[]> {
        const app = this as unknown as PrismaApp;
        if (!databaseId) return [];
        const { data } = await app.listBackups({
          databaseId,
          params: {
            limit: MAX_BACKUPS,
          },
        });
        return backupsNewestFirst(data).map((b) => ({
          label: shownLabel(`${b.createdAt} · ${b.backupType} · ${b.status} (${b.id})`),
          value: b.id,
        }));
      },
    },
    serviceTokenId: {
      type: "string",
      label: "Service Token",
      description: "A service token of the workspace. Pick one, or enter its ID such as `itgr_clx7abc123def456`.",
      async options({
        prevContext, workspaceId,
      }: OptionsArgs<{ workspaceId?: string }>): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!workspaceId) return NO_OPTIONS;
        return app.optionsOf(app.listServiceTokens, {
          workspaceId,
        }, prevContext, (t) => ({
          label: optionLabel(t.name, t.id, [
            fact("ends", t.valueHint),
          ]),
          value: t.id,
        }));
      },
    },
    integrationId: {
      type: "string",
      label: "Integration",
      description: "An integration (OAuth application) authorized on the workspace. Pick one, or enter its ID such as `itgr_clx7abc123def456`.",
      async options({
        prevContext, workspaceId,
      }: OptionsArgs<{ workspaceId?: string }>): Promise<OptionsPage> {
        const app = this as unknown as PrismaApp;
        if (!workspaceId) return NO_OPTIONS;
        return app.optionsOf(app.listWorkspaceIntegrations, {
          workspaceId,
        }, prevContext, (i) => ({
          label: optionLabel(i.client.name, i.id, [
            fact("by", (i.createdByUser as { email?: unknown } | null | undefined)?.email),
          ]),
          value: i.id,
        }));
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
      description: `How long to wait for the database to be ready, in seconds: 0 to ${WAIT.maxSeconds} (0: no wait). Leave empty for ${WAIT.defaultSecondsWithReruns} s in a deployed workflow (the step suspends itself between checks) or ${WAIT.defaultSecondsInStep} s in a one-call run (Pipedream Connect, a builder test). Not ready in time is not an error: the step returns \`ready: false\`, \`waitError\` saying why, and the one-time connection strings.`,
      optional: true,
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
    connectionString: {
      type: "string",
      label: "Connection String",
      description: "A `postgres://` connection string of the database, e.g. a previous step's `directConnectionString`; no Prisma API request is made then. Leave empty when you pick `databaseId` instead.",
      secret: true,
      optional: true,
    },
  },
  methods: {
    /** The one place the base URL comes from; local tools and tests override it on the bound app. */
    _baseUrl(): string {
      return DEFAULT_BASE_URL;
    },
    /** The token as it is sent: trimmed, since a token saved with a trailing newline or spaces is still the token. */
    _token(): string {
      const auth = (this as unknown as { $auth?: { api_token?: unknown } }).$auth;
      const saved = auth?.api_token;
      // Sent as `Bearer <token>`: a token pasted with its scheme would otherwise be sent with two.
      return typeof saved === "string"
        ? saved.trim().replace(/^bearer\s+/i, "")
        : "";
    },
    /** The most requests a run sends a minute, or null for no pacing (a server without Prisma's limit). */
    _requestsPerMinute(): number | null {
      return RATE_LIMIT.requestsPerMinute;
    },
    async _makeRequest<T>(this: RequestCore, {
      $ = this, method = "GET", path, params, data, expect, resourceId, owners, refusals, lostAnswer, deadline,
    }: RequestOptions): Promise<T> {
      // A call without its run's `$` (a dropdown, a source) is a run of its own: its time and
      // pacing are not kept on the app, which may outlive it.
      const run = $ === this
        ? undefined
        : $ as Step;
      const token = this._token();
      // Masked wherever the API echoes them, on success as on failure: the token (as saved and
      // as sent), and any credential sent in the body.
      const secrets = [
        token,
        ...tokenFormsOf(this),
        ...secretValuesOf(data),
      ].filter(Boolean);
      const until = stepDeadline(run).min(deadline);
      const request = {
        method,
        url: `${this._baseUrl()}${path}`,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: "application/json",
        },
        params,
        data,
      };
      const endpoint = `${method} ${path}`;
      let response;
      try {
        response = await withRetries(
          method,
          () => sendOnce(redactingStep(run, secrets), request, until),
          {
            deadline: until,
            pacer: pacerOf(run, this._requestsPerMinute()),
          },
        );
      } catch (err) {
        // The token must never leave in an error (message, fields or stack), whatever the API echoed.
        throw toRequestError(err, refusals, secrets, {
          method,
          lostAnswer,
        });
      }
      const body = response === ALREADY_DELETED
        ? undefined
        : response.data;
      const problem = shapeProblem(body, expect, resourceId, owners);
      if (problem) throw unexpectedAnswer({
        endpoint,
        method,
        status: response === ALREADY_DELETED
          ? 404
          : response.status,
        problem,
        lostAnswer,
      });
      return maskLiterals(body, secrets) as T;
    },

    /** The pages of `method` (a list method below) for `args`, each with its cursor and size. */
    pageFetcher<A extends ListArgs, T>(method: ListMethod<A, T>, args: A): PageFetcher<T> {
      return (cursor, limit) => method.call(this, {
        ...args,
        params: {
          ...args.params,
          cursor,
          limit,
        },
      });
    },

    /** Every item of the list `method` answers for `args` (see `common/pagination.ts`); at most `max`. */
    paginate<A extends ListArgs, T>(
      method: ListMethod<A, T>, args: A, max?: number,
    ): AsyncGenerator<T> {
      return paginate(this.pageFetcher(method, args), max);
    },

    /**
     * `paginate` collected into an array (what leaves the step is redacted at its boundary).
     * `inScope` says whether the answer shows an item within the filters asked for: a row of
     * another project or database, from a filter the API ignored, is passed over.
     */
    async listAll<A extends ListArgs, T>(
      method: ListMethod<A, T>, args: A, max?: number, inScope?: (item: T) => boolean,
    ): Promise<T[]> {
      const items = await collect(paginate(this.pageFetcher(method, args), max));
      return inScope
        ? items.filter(inScope)
        : items;
    },

    /**
     * The first item of the list `method` answers for `args` that `matches`, or undefined:
     * page after page, stopping at the match. A lookup by a filter then costs one request when
     * the API applies the filter, and is still right when it does not.
     */
    async findFirst<A extends ListArgs, T>(
      method: ListMethod<A, T>, args: A, matches: (item: T) => boolean,
    ): Promise<T | undefined> {
      for await (const item of paginate(this.pageFetcher(method, args))) {
        if (matches(item)) return item;
      }
      return undefined;
    },

    /** One page of the list `method` answers for `args`, as options (see `common/options.ts`). */
    async optionsOf<A extends ListArgs, T>(
      method: ListMethod<A, T>,
      args: A,
      prevContext: OptionsContext | undefined,
      toOption: (item: T) => Option,
    ): Promise<OptionsPage> {
      // The list's words: the method and its filters (a bound method's name says "bound …").
      const list = `${method.name.replace(/^bound /, "")} ${JSON.stringify(args)}`;
      return optionsPage(this.pageFetcher(method, args), prevContext, toOption, list);
    },

    // Identity and workspaces
    async getMe({ $ }: Call): Promise<Me> {
      return (await this._makeRequest<{ data: Me }>({
        $,
        expect: ANSWERS.getMe,
        path: "/me",
      })).data;
    },
    async listWorkspaces({
      $, params,
    }: Call<{ params?: QueryParams<"getV1Workspaces"> }>): Promise<Page<Workspace>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listWorkspaces,
        path: "/workspaces",
        params,
      });
    },
    async getWorkspace({
      $, workspaceId,
    }: Call<{ workspaceId: string }>): Promise<Workspace> {
      return (await this._makeRequest<{ data: Workspace }>({
        $,
        expect: ANSWERS.getWorkspace,
        resourceId: workspaceId,
        path: `/workspaces/${id(workspaceId)}`,
      })).data;
    },
    async getWorkspaceSubscription({
      $, workspaceId,
    }: Call<{ workspaceId: string }>): Promise<Data<"getV1WorkspacesByIdSubscription">> {
      return (await this._makeRequest<{ data: Data<"getV1WorkspacesByIdSubscription"> }>({
        $,
        expect: ANSWERS.getWorkspaceSubscription,
        path: `/workspaces/${id(workspaceId)}/subscription`,
      })).data;
    },

    // Projects
    async listProjects({
      $, params,
    }: Call<{ params?: QueryParams<"getV1Projects"> }>): Promise<Page<Project>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listProjects,
        path: "/projects",
        params,
      });
    },
    async getProject({
      $, projectId,
    }: Call<{ projectId: string }>): Promise<Project> {
      return (await this._makeRequest<{ data: Project }>({
        $,
        expect: ANSWERS.getProject,
        resourceId: projectId,
        path: `/projects/${id(projectId)}`,
      })).data;
    },
    async createProject({
      $, data,
    }: Call<{ data: RequestBody<"postV1Projects"> }>): Promise<ProjectCreated> {
      return (await this._makeRequest<{ data: ProjectCreated }>({
        $,
        expect: ANSWERS.createProject,
        lostAnswer: "The project may have been created. Check with **List Projects** before running again: a re-run with the same Logical ID returns it, but without one it can create a second project.",
        method: "POST",
        path: "/projects",
        data,
        refusals: {
          logicalIdClash: "The lookup by Logical ID found no project of this workspace holding it, so none was returned: find the project that holds it with **List Projects**, or choose another Logical ID.",
        },
      })).data;
    },
    async updateProject({
      $, projectId, data,
    }: Call<{ projectId: string; data: RequestBody<"patchV1ProjectsById"> }>): Promise<Project> {
      return (await this._makeRequest<{ data: Project }>({
        $,
        expect: ANSWERS.updateProject,
        resourceId: projectId,
        method: "PATCH",
        path: `/projects/${id(projectId)}`,
        data,
      })).data;
    },
    async deleteProject({
      $, projectId,
    }: Call<{ projectId: string }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        method: "DELETE",
        path: `/projects/${id(projectId)}`,
        refusals: {
          400: "The project still has resources that depend on it, so Prisma kept it. Its databases are not what blocks it (deleting a project deletes them too), unless one is still provisioning or restoring: then wait until **Get Database** reports it ready. Otherwise remove the other resources that depend on the project, then delete the project again.",
        },
      });
    },
    async transferProject({
      $, projectId, data,
    }: Call<{ projectId: string; data: RequestBody<"postV1ProjectsByIdTransfer"> }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        lostAnswer: "The transfer may have happened. Check with **Get Project**: a 404 means the project has left this workspace.",
        method: "POST",
        path: `/projects/${id(projectId)}/transfer`,
        data,
        refusals: {
          401: "Prisma rejected a token: either this account's token, or the recipient's access token (it must be a valid OAuth access token of the receiving user).",
          409: "The project cannot be transferred in its current state (for example while a database is provisioning or restoring). Try again once it is ready.",
        },
      });
    },

    // Databases
    async listProjectDatabases({
      $, projectId, params,
    }: Call<{ projectId: string; params?: QueryParams<"getV1ProjectsByProjectIdDatabases"> }>): Promise<Page<Database>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listProjectDatabases,
        path: `/projects/${id(projectId)}/databases`,
        params,
      });
    },
    async listDatabases({
      $, params,
    }: Call<{ params?: QueryParams<"getV1Databases"> }>): Promise<Page<Database>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listDatabases,
        path: "/databases",
        params,
      });
    },
    async createDatabase({
      $, data,
    }: Call<{ data: RequestBody<"postV1Databases"> }>): Promise<DatabaseCreated> {
      return (await this._makeRequest<{ data: DatabaseCreated }>({
        $,
        expect: ANSWERS.createDatabase,
        owners: {
          project: data.projectId,
        },
        lostAnswer: "The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database.",
        method: "POST",
        path: "/databases",
        data,
        refusals: {
          403: "This token may not create databases in that project, or the workspace's plan allows no more databases: delete unused ones or upgrade the plan.",
          logicalIdClash: "The lookup by Logical ID found no database on that branch holding it, so none was returned: find the database that holds it with **List Databases**, or choose another Logical ID.",
        },
      })).data;
    },
    async getDatabase({
      $, databaseId, deadline,
    }: Call<{ databaseId: string; deadline?: Deadline }>): Promise<Database> {
      return (await this._makeRequest<{ data: Database }>({
        $,
        expect: ANSWERS.getDatabase,
        resourceId: databaseId,
        path: `/databases/${id(databaseId)}`,
        deadline,
      })).data;
    },
    async updateDatabase({
      $, databaseId, data,
    }: Call<{ databaseId: string; data: RequestBody<"patchV1DatabasesByDatabaseId"> }>): Promise<Database> {
      return (await this._makeRequest<{ data: Database }>({
        $,
        expect: ANSWERS.updateDatabase,
        resourceId: databaseId,
        method: "PATCH",
        path: `/databases/${id(databaseId)}`,
        data,
        refusals: {
          logicalIdClash: "The target branch already has a database with this database's Logical ID, so Prisma did not move it. Pick another branch, or change one of the Logical IDs first.",
        },
      })).data;
    },
    async deleteDatabase({
      $, databaseId,
    }: Call<{ databaseId: string }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        method: "DELETE",
        path: `/databases/${id(databaseId)}`,
        refusals: {
          403: "This is the project's default database, which Prisma does not delete on its own. To remove it, delete the whole project with **Delete Project**.",
        },
      });
    },
    async getDatabaseUsage({
      $, databaseId, params,
    }: Call<{ databaseId: string; params?: QueryParams<"getV1DatabasesByDatabaseIdUsage"> }>): Promise<DatabaseUsage> {
      return this._makeRequest({
        $,
        expect: ANSWERS.getDatabaseUsage,
        path: `/databases/${id(databaseId)}/usage`,
        params,
        refusals: {
          400: "Prisma did not accept the period: Start Date must come before End Date.",
          503: "Usage metrics are temporarily unavailable at Prisma: run the step again in a few minutes.",
        },
      });
    },

    // Branches (experimental endpoints at Prisma)
    async listBranches({
      $, projectId, params,
    }: Call<{ projectId: string; params?: QueryParams<"getV1ProjectsByProjectIdBranches"> }>): Promise<Page<Branch>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listBranches,
        path: `/projects/${id(projectId)}/branches`,
        params,
      });
    },
    async createBranch({
      $, projectId, data,
    }: Call<{ projectId: string; data: RequestBody<"postV1ProjectsByProjectIdBranches"> }>): Promise<Branch> {
      return (await this._makeRequest<{ data: Branch }>({
        $,
        expect: ANSWERS.createBranch,
        owners: {
          project: projectId,
        },
        lostAnswer: "The branch may have been created: a re-run with the same git name returns it (see **List Branches**).",
        method: "POST",
        path: `/projects/${id(projectId)}/branches`,
        data,
      })).data;
    },
    async getBranch({
      $, branchId,
    }: Call<{ branchId: string }>): Promise<Branch> {
      return (await this._makeRequest<{ data: Branch }>({
        $,
        expect: ANSWERS.getBranch,
        resourceId: branchId,
        path: `/branches/${id(branchId)}`,
      })).data;
    },
    async updateBranch({
      $, branchId, data,
    }: Call<{ branchId: string; data: RequestBody<"patchV1BranchesByBranchId"> }>): Promise<Branch> {
      return (await this._makeRequest<{ data: Branch }>({
        $,
        expect: ANSWERS.updateBranch,
        resourceId: branchId,
        method: "PATCH",
        path: `/branches/${id(branchId)}`,
        data,
      })).data;
    },
    async deleteBranch({
      $, branchId,
    }: Call<{ branchId: string }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        method: "DELETE",
        path: `/branches/${id(branchId)}`,
        refusals: {
          409: "The branch still has databases, so Prisma kept it. Delete them first, or use **Delete Preview Branch**, which deletes a preview branch's databases and then the branch.",
          422: "Prisma does not delete a project's production branch, nor its default branch: a default preview branch can be deleted once **Set Default Branch** has made another branch the default, and the production branch goes only with its project, with **Delete Project**.",
        },
      });
    },

    // Backups and restores
    async listBackups({
      $, databaseId, params,
    }: Call<{ databaseId: string; params?: QueryParams<"getV1DatabasesByDatabaseIdBackups"> }>): Promise<BackupList> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listBackups,
        path: `/databases/${id(databaseId)}/backups`,
        params,
        refusals: {
          422: "This database has no backups Prisma can list (backups are not available for remote databases). Nothing is wrong with the request.",
        },
      });
    },
    async restoreDatabase({
      $, targetDatabaseId, data,
    }: Call<{ targetDatabaseId: string; data: RequestBody<"postV1DatabasesByTargetDatabaseIdRestore"> }>): Promise<Data<"postV1DatabasesByTargetDatabaseIdRestore">> {
      return (await this._makeRequest<{ data: Data<"postV1DatabasesByTargetDatabaseIdRestore"> }>({
        $,
        expect: ANSWERS.restoreDatabase,
        lostAnswer: "The restore may have started. Check the target database with **Get Database** (status `recovering`) before restoring again.",
        method: "POST",
        path: `/databases/${id(targetDatabaseId)}/restore`,
        data,
        refusals: {
          409: "The target database is still provisioning or already restoring, so Prisma refused. Wait until its status is ready (see **Get Database**), then try again.",
          422: "Prisma cannot restore from that backup (it is not usable, e.g. still running or failed). Pick a completed backup from **List Backups**.",
        },
      })).data;
    },

    // Connections
    async listDatabaseConnections({
      $, databaseId, params,
    }: Call<{ databaseId: string; params?: QueryParams<"getV1DatabasesByDatabaseIdConnections"> }>): Promise<Page<Connection>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listDatabaseConnections,
        path: `/databases/${id(databaseId)}/connections`,
        params,
      });
    },
    async listConnections({
      $, params,
    }: Call<{ params?: QueryParams<"getV1Connections"> }>): Promise<Page<Connection>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listConnections,
        path: "/connections",
        params,
      });
    },
    async createConnection({
      $, data,
    }: Call<{ data: RequestBody<"postV1Connections"> }>): Promise<ConnectionWithSecrets> {
      return (await this._makeRequest<{ data: ConnectionWithSecrets }>({
        $,
        expect: ANSWERS.createConnection,
        owners: {
          database: data.databaseId,
        },
        lostAnswer: "The connection may have been created, and its one-time connection strings with it. Check with **List Connection Strings** and remove an unwanted one with **Delete Connection String**; a re-run creates another.",
        method: "POST",
        path: "/connections",
        data,
      })).data;
    },
    async getConnection({
      $, connectionId,
    }: Call<{ connectionId: string }>): Promise<Connection> {
      return (await this._makeRequest<{ data: Connection }>({
        $,
        expect: ANSWERS.getConnection,
        resourceId: connectionId,
        path: `/connections/${id(connectionId)}`,
      })).data;
    },
    async deleteConnection({
      $, connectionId,
    }: Call<{ connectionId: string }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        method: "DELETE",
        path: `/connections/${id(connectionId)}`,
      });
    },
    async rotateConnection({
      $, connectionId,
    }: Call<{ connectionId: string }>): Promise<ConnectionWithSecrets> {
      return (await this._makeRequest<{ data: ConnectionWithSecrets }>({
        $,
        expect: ANSWERS.rotateConnection,
        lostAnswer: "The credentials may have been rotated, in which case the old ones no longer work and the new ones were lost. Rotate again with **Rotate Connection String** to get a working set.",
        method: "POST",
        path: `/connections/${id(connectionId)}/rotate`,
      })).data;
    },

    // Regions
    async listPostgresRegions({ $ }: Call): Promise<PostgresRegion[]> {
      return (await this._makeRequest<{ data: PostgresRegion[] }>({
        $,
        expect: ANSWERS.listPostgresRegions,
        path: "/regions/postgres",
      })).data;
    },

    // Service tokens and integrations
    async listServiceTokens({
      $, workspaceId, params,
    }: Call<{ workspaceId: string; params?: QueryParams<"getV1WorkspacesByWorkspaceIdService-tokens"> }>): Promise<Page<ServiceToken>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listServiceTokens,
        path: `/workspaces/${id(workspaceId)}/service-tokens`,
        params,
      });
    },
    async createServiceToken({
      $, workspaceId, data,
    }: Call<{ workspaceId: string; data: RequestBody<"postV1WorkspacesByWorkspaceIdService-tokens"> }>): Promise<ServiceTokenCreated> {
      return (await this._makeRequest<{ data: ServiceTokenCreated }>({
        $,
        expect: ANSWERS.createServiceToken,
        lostAnswer: "The token may have been created, and its one-time value with it. Check with **List Service Tokens** and remove an unwanted one with **Delete Service Token**; a re-run creates another.",
        method: "POST",
        path: `/workspaces/${id(workspaceId)}/service-tokens`,
        data,
      })).data;
    },
    async deleteServiceToken({
      $, workspaceId, serviceTokenId,
    }: Call<{ workspaceId: string; serviceTokenId: string }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        method: "DELETE",
        path: `/workspaces/${id(workspaceId)}/service-tokens/${id(serviceTokenId)}`,
      });
    },
    async listWorkspaceIntegrations({
      $, workspaceId, params,
    }: Call<{ workspaceId: string; params?: QueryParams<"getV1WorkspacesByWorkspaceIdIntegrations"> }>): Promise<Page<Integration>> {
      return this._makeRequest({
        $,
        expect: ANSWERS.listWorkspaceIntegrations,
        path: `/workspaces/${id(workspaceId)}/integrations`,
        params,
      });
    },
    async getIntegration({
      $, integrationId,
    }: Call<{ integrationId: string }>): Promise<Integration> {
      return (await this._makeRequest<{ data: Integration }>({
        $,
        expect: ANSWERS.getIntegration,
        resourceId: integrationId,
        path: `/integrations/${id(integrationId)}`,
      })).data;
    },
    async deleteIntegration({
      $, integrationId,
    }: Call<{ integrationId: string }>): Promise<void> {
      await this._makeRequest({
        $,
        expect: ANSWERS.none,
        method: "DELETE",
        path: `/integrations/${id(integrationId)}`,
      });
    },
  },
});

/** The app as components see it on `this.app`: its methods, bound to an object carrying `$auth`. */
export type PrismaApp = NonNullable<typeof app.methods> & { $auth: Record<string, string> };

export default app;
