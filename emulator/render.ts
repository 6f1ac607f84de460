// Records → API objects, each typed from the SDK so that a field the official contract adds,
// drops or renames fails `tsc`. Secrets appear only in the `…WithSecrets`/created shapes.
import type {
  Backup, Branch, Connection, ConnectionWithSecrets, Data, Database, DatabaseCreated, Integration, Project, ProjectCreated,
  ServiceToken, ServiceTokenCreated, Workspace,
} from "../common/types";
import {
  REGIONS, type BackupRecord, type Endpoints, type BranchRecord, type ConnectionRecord, type DatabaseRecord, type IntegrationRecord,
  type ProjectRecord, type ServiceTokenRecord, type Store, type WorkspaceRecord,
} from "./state";

type CreatedConnection = DatabaseCreated["connections"][number];
type DatabaseCreatedInProject = Data<"postV1ProjectsByProjectIdDatabases">;
type ProjectCreatedDatabase = NonNullable<ProjectCreated["database"]>;
type ApiKey = DatabaseCreatedInProject["apiKeys"][number];
type WorkspaceSubscription = Data<"getV1WorkspacesByIdSubscription">;

/** The plan every emulated workspace is on; its usage is never blocked. */
export const EMULATED_PLAN = "Free";
const CONSOLE_URL = "https://console.prisma.io";

export class Renderer {
  constructor(private readonly store: Store, private readonly baseUrl: string) {}

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  workspace(w: WorkspaceRecord): Workspace {
    return { id: w.id, type: "workspace", url: this.url(`/workspaces/${w.id}`), name: w.name, createdAt: w.createdAt };
  }

  /** The workspace's subscription, with the Console page where its plan can be upgraded. */
  subscription(w: WorkspaceRecord): WorkspaceSubscription {
    return { planName: EMULATED_PLAN, usageBlocked: false, upgradeUrl: `${CONSOLE_URL}/${w.id}/settings/billing` };
  }

  project(p: ProjectRecord): Project {
    const workspace = this.store.state.workspaces.get(p.workspaceId);
    return {
      id: p.id,
      type: "project",
      url: this.url(`/projects/${p.id}`),
      name: p.name,
      logicalId: p.logicalId,
      createdAt: p.createdAt,
      defaultRegion: p.defaultRegion,
      workspace: { id: p.workspaceId, url: this.url(`/workspaces/${p.workspaceId}`), name: workspace?.name ?? "" },
    };
  }

  branch(b: BranchRecord): Branch {
    const project = this.store.state.projects.get(b.projectId);
    return {
      id: b.id,
      type: "branch",
      url: this.url(`/branches/${b.id}`),
      gitName: b.gitName,
      isDefault: b.isDefault,
      role: b.role,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
      project: { id: b.projectId, url: this.url(`/projects/${b.projectId}`), name: project?.name ?? "" },
    };
  }

  private region(d: DatabaseRecord): { id: string; name: string } {
    const region = REGIONS.find((r) => r.id === d.region) ?? REGIONS[0];
    return { id: region.id, name: region.name };
  }

  private projectRef(d: DatabaseRecord): Database["project"] {
    const project = this.store.state.projects.get(d.projectId);
    return { id: d.projectId, url: this.url(`/projects/${d.projectId}`), name: project?.name ?? "" };
  }

  private databaseRef(c: ConnectionRecord): Connection["database"] {
    const database = this.store.state.databases.get(c.databaseId);
    return { id: c.databaseId, url: this.url(`/databases/${c.databaseId}`), name: database?.name ?? "" };
  }

  private directConnection(c: ConnectionRecord): { host: string; pass: string; user: string } {
    const { direct } = this.store.options.endpoints;
    return { host: `${direct.host}:${direct.port}`, pass: c.pass, user: c.user };
  }

  private endpoints(): Endpoints {
    const { direct, pooled, accelerate } = this.store.options.endpoints;
    return { direct: { ...direct }, pooled: { ...pooled }, accelerate: { ...accelerate } };
  }

  private connectionsOf(d: DatabaseRecord): ConnectionRecord[] {
    return d.connectionIds.map((id) => this.store.state.connections.get(id)).filter((c): c is ConnectionRecord => c !== undefined);
  }

  /** A connection as lists and gets show it: endpoints without credentials, plus the deprecated `directConnection`. */
  connection(c: ConnectionRecord): Connection {
    return {
      id: c.id,
      type: "connection",
      url: this.url(`/connections/${c.id}`),
      name: c.name,
      createdAt: c.createdAt,
      kind: c.kind,
      endpoints: this.endpoints(),
      directConnection: this.directConnection(c),
      database: this.databaseRef(c),
    };
  }

  /** A connection as create and rotate return it, with its credentials. */
  connectionWithSecrets(c: ConnectionRecord): ConnectionWithSecrets {
    const strings = this.store.connectionStrings(c);
    const endpoints = this.endpoints();
    return {
      id: c.id,
      type: "connection",
      url: this.url(`/connections/${c.id}`),
      name: c.name,
      createdAt: c.createdAt,
      kind: c.kind,
      endpoints: {
        direct: { ...endpoints.direct, connectionString: strings.direct },
        pooled: { ...endpoints.pooled, connectionString: strings.pooled },
        accelerate: { ...endpoints.accelerate, connectionString: strings.accelerate },
      },
      connectionString: strings.direct,
      directConnection: this.directConnection(c),
      database: this.databaseRef(c),
      host: endpoints.direct.host,
      pass: c.pass,
      user: c.user,
    };
  }

  private createdConnection(c: ConnectionRecord): CreatedConnection {
    const { endpoints, ...rest } = this.connectionWithSecrets(c);
    return {
      id: rest.id, type: rest.type, url: rest.url, name: rest.name, createdAt: rest.createdAt, kind: rest.kind,
      endpoints, directConnection: rest.directConnection, database: rest.database,
    };
  }

  private apiKey(c: ConnectionRecord): ApiKey {
    const plain = this.connection(c);
    return {
      id: plain.id, type: plain.type, url: plain.url, name: plain.name, createdAt: plain.createdAt, kind: plain.kind,
      endpoints: plain.endpoints,
      connectionString: this.store.connectionStrings(c).accelerate,
      directConnection: plain.directConnection,
    };
  }

  database(d: DatabaseRecord): Database {
    return {
      id: d.id,
      type: "database",
      url: this.url(`/databases/${d.id}`),
      name: d.name,
      status: d.status,
      createdAt: d.createdAt,
      isDefault: d.isDefault,
      defaultConnectionId: d.defaultConnectionId,
      connections: this.connectionsOf(d).map((c) => this.connection(c)),
      project: this.projectRef(d),
      region: this.region(d),
      source: d.source,
      branchId: d.branchId,
      logicalId: d.logicalId,
    };
  }

  /** `POST /databases`: the database with its first connection's credentials. */
  databaseCreated(d: DatabaseRecord): DatabaseCreated {
    return { ...this.database(d), connections: this.connectionsOf(d).map((c) => this.createdConnection(c)) };
  }

  private legacySecrets(d: DatabaseRecord) {
    const connections = this.connectionsOf(d);
    const first = connections[0];
    return {
      apiKeys: connections.map((c) => this.apiKey(c)),
      connectionString: first ? this.store.connectionStrings(first).direct : null,
      directConnection: first ? this.directConnection(first) : null,
    };
  }

  private narrowStatus(d: DatabaseRecord): "provisioning" | "ready" {
    return d.status === "provisioning" ? "provisioning" : "ready";
  }

  /** `POST /projects/{projectId}/databases`: also the deprecated `apiKeys`, `connectionString`, `directConnection`. */
  databaseCreatedInProject(d: DatabaseRecord): DatabaseCreatedInProject {
    return {
      ...this.databaseCreated(d),
      status: this.narrowStatus(d),
      region: this.region(d),
      ...this.legacySecrets(d),
    };
  }

  /** `POST /projects`: the project and its new database (which has no `project` key). */
  projectCreated(p: ProjectRecord, d: DatabaseRecord | null): ProjectCreated {
    let database: ProjectCreatedDatabase | null = null;
    if (d) {
      const created = this.databaseCreated(d);
      database = {
        id: created.id,
        type: created.type,
        url: created.url,
        name: created.name,
        status: this.narrowStatus(d),
        createdAt: created.createdAt,
        isDefault: created.isDefault,
        defaultConnectionId: created.defaultConnectionId,
        connections: created.connections,
        region: this.region(d),
        source: created.source,
        branchId: created.branchId,
        logicalId: created.logicalId,
        ...this.legacySecrets(d),
      };
    }
    return { ...this.project(p), database };
  }

  backup(b: BackupRecord): Backup {
    const backup: Backup = { id: b.id, type: "backup", backupType: b.backupType, createdAt: b.createdAt, status: b.status };
    if (b.size !== undefined) backup.size = b.size;
    return backup;
  }

  serviceToken(t: ServiceTokenRecord): ServiceToken {
    return { id: t.id, type: "serviceToken", name: t.name, valueHint: t.valueHint, createdAt: t.createdAt, expiresAt: t.expiresAt };
  }

  serviceTokenCreated(t: ServiceTokenRecord): ServiceTokenCreated {
    return { ...this.serviceToken(t), value: t.value };
  }

  integration(i: IntegrationRecord): Integration {
    return {
      id: i.id,
      url: this.url(`/integrations/${i.id}`),
      createdAt: i.createdAt,
      scopes: [...i.scopes],
      client: { ...i.client },
      createdByUser: { ...i.createdByUser },
    };
  }
}
