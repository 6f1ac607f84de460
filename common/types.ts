// Request and response shapes, taken from the types that Prisma generates from its OpenAPI
// document. Every app method is typed through these, so a request that drifts from the
// official contract fails `tsc`.
import type { operations } from "@prisma/management-api-sdk";

export type OperationId = keyof operations;

type JsonContent<T> = T extends { content: { "application/json": infer B } } ? B : never;

/** JSON body of a request. */
export type RequestBody<K extends OperationId> = JsonContent<NonNullable<operations[K]["requestBody"]>>;

/** Query parameters of a request. */
export type QueryParams<K extends OperationId> = NonNullable<operations[K]["parameters"]["query"]>;

/** JSON body of the operation's success response (200 or 201). */
export type SuccessBody<K extends OperationId> = operations[K]["responses"] extends infer R
  ? R extends { 200: infer OK } ? JsonContent<OK>
  : R extends { 201: infer Created } ? JsonContent<Created>
  : never
  : never;

/** `data` of a `{ data }` envelope. */
export type Data<K extends OperationId> = SuccessBody<K> extends { data: infer D } ? D : never;

/** One item of a paginated list. */
export type Item<K extends OperationId> = Data<K> extends (infer I)[] ? I : never;

export type Me = Data<"getV1Me">;
export type Workspace = Data<"getV1WorkspacesById">;
export type Project = Data<"getV1ProjectsById">;
export type ProjectCreated = Data<"postV1Projects">;
export type Database = Data<"getV1DatabasesByDatabaseId">;
export type DatabaseCreated = Data<"postV1Databases">;
export type Connection = Data<"getV1ConnectionsById">;
export type ConnectionWithSecrets = Data<"postV1Connections">;
export type Backup = Item<"getV1DatabasesByDatabaseIdBackups">;
export type BackupList = SuccessBody<"getV1DatabasesByDatabaseIdBackups">;
export type DatabaseUsage = SuccessBody<"getV1DatabasesByDatabaseIdUsage">;
export type PostgresRegion = Item<"getV1RegionsPostgres">;
export type ServiceToken = Item<"getV1WorkspacesByWorkspaceIdService-tokens">;
export type ServiceTokenCreated = Data<"postV1WorkspacesByWorkspaceIdService-tokens">;
export type Integration = Item<"getV1WorkspacesByWorkspaceIdIntegrations">;
export type Branch = Data<"getV1BranchesByBranchId">;
export type DatabaseStatus = Database["status"];
export type DatabaseSource = NonNullable<RequestBody<"postV1Databases">["source"]>;

/** The region names `POST /v1/projects` accepts. */
export type PostgresRegionId = NonNullable<RequestBody<"postV1Projects">["region"]>;
/** The region names database creation accepts: the Postgres regions plus `inherit`. */
export type DatabaseRegionId = NonNullable<RequestBody<"postV1Databases">["region"]>;

/** A page of a cursor-paginated list. */
export interface Page<T> {
  data: T[];
  pagination: { nextCursor: string | null; hasMore: boolean };
}

/** The error body the API sends with every 4xx and 5xx. */
export interface ErrorBody {
  error: { code: string; message: string; hint?: string };
}

/** The step object Pipedream passes to `run` as `$`. */
export interface Step {
  export(key: string, value: unknown): void;
  context?: unknown;
}

/** What Pipedream passes to an action's `run`. */
export interface RunOptions {
  $: Step;
}
