// Every action at least once, against the emulator, in the order a person would use them;
// then a sweep proving no credential reached anything but the minting actions' named fields.
import { describe, expect, it } from "vitest";
import { ACTION_FOLDERS, emulatorSecrets, loadAction, mintedSecrets, runOn, useEmulator, withoutSecretFields } from "./emulator";

const ctx = useEmulator({ readyDelayMs: 0 });
const ran = new Set<string>();
const outputs: unknown[] = [];
const minted: string[] = [];

async function act<R = Record<string, unknown>>(folder: string, props: Record<string, unknown> = {}) {
  const outcome = await runOn<R>(ctx.emulator, await loadAction(folder), props);
  ran.add(folder);
  outputs.push(withoutSecretFields(outcome.result), outcome.summary, outcome.exports);
  minted.push(...mintedSecrets(outcome.result));
  expect(typeof outcome.summary).toBe("string");
  return outcome;
}

describe("every action against the emulator", () => {
  const ids: Record<string, string> = {};

  it("identity, workspaces and regions", async () => {
    const me = await act("get-current-identity");
    expect(me.result).toMatchObject({ credential: { type: "service_token" } });
    const workspaces = await act<{ id: string }[]>("list-workspaces");
    expect(workspaces.result.map((w) => w.id)).toEqual([ctx.emulator.workspaceId]);
    ids.workspaceId = workspaces.result[0].id;
    expect((await act("get-workspace", { workspaceId: ids.workspaceId })).result).toMatchObject({ id: ids.workspaceId });
    const subscription = await act("get-workspace-subscription", { workspaceId: ids.workspaceId });
    expect(subscription.result).toEqual({
      workspaceId: ids.workspaceId, planName: "Free", usageBlocked: false,
      upgradeUrl: `https://console.prisma.io/${ids.workspaceId}/settings/billing`,
    });
    expect(subscription.summary).toBe(`Workspace ${ids.workspaceId} is on the "Free" plan; usage is not blocked`);
    expect((await act<unknown[]>("get-regions")).result).toHaveLength(6);
  });

  it("projects", async () => {
    const created = await act("create-project", { name: "shop", region: "eu-central-1", logicalId: "shop" });
    expect(created.result).toMatchObject({ status: "ready", region: "eu-central-1", alreadyExisted: false });
    expect(created.result.directConnectionString).toMatch(/^postgres:\/\//);
    ids.projectId = created.result.projectId as string;
    ids.defaultDatabaseId = created.result.databaseId as string;
    expect((await act<unknown[]>("list-projects")).result).toHaveLength(1);
    expect((await act("get-project", { projectId: ids.projectId })).result).toMatchObject({ name: "shop" });
    expect((await act("update-project", { projectId: ids.projectId, name: "shop-eu" })).result).toMatchObject({ name: "shop-eu" });
    expect(ctx.emulator.state.projects.get(ids.projectId)?.name).toBe("shop-eu");
  });

  it("databases and usage", async () => {
    const created = await act("create-database", { projectId: ids.projectId, name: "analytics", region: "inherit", logicalId: "analytics" });
    expect(created.result).toMatchObject({ region: "eu-central-1", isDefault: false, status: "ready" });
    ids.databaseId = created.result.databaseId as string;
    expect((await act<unknown[]>("list-databases", { projectId: ids.projectId })).result).toHaveLength(2);
    expect((await act("get-database", { databaseId: ids.databaseId })).result).toMatchObject({ name: "analytics" });
    expect((await act("update-database", { databaseId: ids.databaseId, name: "analytics-v2" })).result).toMatchObject({ name: "analytics-v2" });
    const usage = await act("get-database-usage", { databaseId: ids.databaseId });
    expect(usage.result).toMatchObject({ metrics: { operations: { unit: "ops" }, storage: { unit: "GiB" } } });
  });

  it("connection strings", async () => {
    const created = await act("create-connection-string", { databaseId: ids.databaseId, name: "reporting" });
    const connectionId = created.result.connectionId as string;
    const { pass } = ctx.emulator.state.connections.get(connectionId)!;
    expect(created.result.directConnectionString).toContain(pass);
    expect((await act<unknown[]>("list-connection-strings", { databaseId: ids.databaseId })).result).toHaveLength(2);
    expect((await act("get-connection-string", { connectionId })).result).toMatchObject({ name: "reporting" });
    const rotated = await act("rotate-connection-string", { connectionId, confirm: connectionId });
    const fresh = ctx.emulator.state.connections.get(connectionId)!.pass;
    expect(fresh).not.toBe(pass);
    expect(rotated.result.directConnectionString).toContain(fresh);
    await act("delete-connection-string", { connectionId, confirm: connectionId });
    expect(ctx.emulator.state.connections.has(connectionId)).toBe(false);
  });

  it("branches and preview databases", async () => {
    const listed = await act<{ id: string; gitName: string; role: string; isDefault: boolean }[]>("list-branches", { projectId: ids.projectId });
    expect(listed.result.map((b) => [b.gitName, b.role, b.isDefault])).toEqual([["main", "production", true]]);
    const mainBranchId = listed.result[0].id;

    const staging = await act("create-branch", { projectId: ids.projectId, gitName: "staging" });
    expect(staging.result).toMatchObject({ gitName: "staging", role: "preview", isDefault: false, alreadyExisted: false });
    const stagingId = staging.result.branchId as string;
    expect((await act("get-branch", { projectId: ids.projectId, branchId: stagingId })).result).toMatchObject({ id: stagingId, gitName: "staging" });
    expect((await act("set-default-branch", { projectId: ids.projectId, branchId: stagingId })).result).toMatchObject({ id: stagingId, isDefault: true });
    expect(ctx.emulator.state.branches.get(mainBranchId)?.isDefault).toBe(false);
    // The production branch takes the default back, so that staging can go.
    await act("set-default-branch", { projectId: ids.projectId, branchId: mainBranchId });
    await act("delete-branch", { projectId: ids.projectId, branchId: stagingId, confirm: stagingId });
    expect(ctx.emulator.state.branches.get(stagingId)?.deletedAt).toEqual(expect.any(String));

    const preview = await act("provision-preview-database", { projectId: ids.projectId, gitName: "feature/login" });
    expect(preview.result).toMatchObject({ ready: true, alreadyExisted: false, connectionName: "preview-app" });
    expect(preview.result.directConnectionString).toMatch(/^postgres:\/\//);
    const previewBranchId = preview.result.branchId as string;
    expect(ctx.emulator.state.databases.get(preview.result.databaseId as string)?.branchId).toBe(previewBranchId);
    const found = await act<{ gitName: string }[]>("list-branches", { projectId: ids.projectId, gitNameContains: "feature/" });
    expect(found.result.map((b) => b.gitName)).toEqual(["feature/login"]);

    const dry = await act<{ databases: unknown[]; branchDeleted: boolean }>("delete-preview-branch", { projectId: ids.projectId, gitName: "feature/login" });
    expect(dry.result).toMatchObject({ databases: [{ databaseId: preview.result.databaseId }], branchDeleted: false });
    const torn = await act("delete-preview-branch", { projectId: ids.projectId, gitName: "feature/login", dryRun: false, confirm: "feature/login" });
    expect(torn.result).toMatchObject({ deleted: [{ databaseId: preview.result.databaseId }], branchDeleted: true });
    expect(ctx.emulator.state.databases.has(preview.result.databaseId as string)).toBe(false);
    expect(ctx.emulator.state.branches.get(previewBranchId)?.deletedAt).toEqual(expect.any(String));
  });

  it("backups, restores and clones", async () => {
    const listed = await act<{ backups: { id: string }[]; backupRetentionDays: number }>("list-backups", { databaseId: ids.defaultDatabaseId });
    expect(listed.result.backupRetentionDays).toBe(7);
    const backupId = listed.result.backups[0].id;
    const restored = await act("restore-backup-to-new-database", {
      projectId: ids.projectId, databaseId: ids.defaultDatabaseId, backupId, name: "shop-restored", region: "inherit",
    });
    expect(ctx.emulator.state.databases.get(restored.result.databaseId as string)?.source).toMatchObject({ type: "backup", backupId });
    const cloned = await act("clone-database", { projectId: ids.projectId, databaseId: ids.defaultDatabaseId, name: "shop-clone" });
    expect(cloned.result).toMatchObject({ status: "ready", databaseName: "shop-clone" });
    const inPlace = await act("restore-backup-in-place", {
      databaseId: ids.databaseId, sourceDatabaseId: ids.defaultDatabaseId, backupId, confirm: ids.databaseId,
    });
    expect(inPlace.result).toMatchObject({ status: "ready" });
  });

  it("service tokens and integrations", async () => {
    const token = await act("create-service-token", { workspaceId: ids.workspaceId, name: "ci" });
    const serviceTokenId = token.result.serviceTokenId as string;
    expect(token.result.serviceTokenValue).toBe(ctx.emulator.state.serviceTokens.get(serviceTokenId)?.value);
    // The emulator's own token is listed too, newest first.
    const listed = await act<{ id: string }[]>("list-service-tokens", { workspaceId: ids.workspaceId });
    expect(listed.result.map((t) => t.id)).toEqual([serviceTokenId, ...[...ctx.emulator.state.serviceTokens.keys()].filter((id) => id !== serviceTokenId)]);
    await act("delete-service-token", { workspaceId: ids.workspaceId, serviceTokenId, confirm: serviceTokenId });
    expect(ctx.emulator.state.serviceTokens.has(serviceTokenId)).toBe(false);

    const { id: integrationId } = ctx.emulator.seedIntegration({ clientName: "Dashboard" });
    expect((await act<unknown[]>("list-integrations", { workspaceId: ids.workspaceId })).result).toHaveLength(1);
    const integration = await act("get-integration", { workspaceId: ids.workspaceId, integrationId });
    expect(integration.result).toMatchObject({ id: integrationId, client: { name: "Dashboard" } });
    expect(integration.summary).toBe(`Found integration ${integrationId} of "Dashboard" with scopes workspace:admin, offline_access`);
    await act("delete-integration", { integrationId, confirm: integrationId });
    expect(ctx.emulator.state.integrations.size).toBe(0);
  });

  it("workflows: provision, multi-region, cleanup", async () => {
    const provisioned = await act("provision-postgres-project", { name: "blog", region: "us-west-1", connectionName: "web", logicalId: "blog" });
    expect(provisioned.result).toMatchObject({ region: "us-west-1", connectionName: "web", backupRetentionDays: 7 });
    ids.blogProjectId = provisioned.result.projectId as string;
    ids.blogDatabaseId = provisioned.result.databaseId as string;
    ids.blogDirect = provisioned.result.directConnectionString as string;

    const regions = await act<{ succeeded: number; results: { databaseId: string }[] }>("create-databases-in-regions", {
      projectId: ids.blogProjectId, regions: ["us-east-1", "ap-northeast-1"], namePrefix: "pr-7",
    });
    expect(regions.result.succeeded).toBe(2);

    const dry = await act<{ matched: { name: string }[]; kept: unknown; unconfirmed: unknown[] }>("delete-stale-databases", {
      projectId: ids.blogProjectId, namePattern: "pr-", olderThanHours: 0,
    });
    expect({ ...dry.result, matched: dry.result.matched.map((d) => d.name).sort() }).toMatchObject({
      matched: ["pr-7-ap-northeast-1", "pr-7-us-east-1"],
      kept: { defaultDatabase: 1, nameNotMatching: 0, notOlderThanCutoff: 0, otherProject: 0 },
      unconfirmed: [],
    });
    const databasesBefore = ctx.emulator.state.databases.size;
    const cleaned = await act<{ deleted: unknown[] }>("delete-stale-databases", {
      projectId: ids.blogProjectId, namePattern: "pr-", olderThanHours: 0, dryRun: false, confirm: "DELETE",
    });
    expect(cleaned.result.deleted).toHaveLength(2);
    expect(ctx.emulator.state.databases.size).toBe(databasesBefore - 2);
  });

  it("SQL on a database the package made, through the strings it minted and by the database's ID", async () => {
    const direct = { connectionString: ids.blogDirect };
    const requestsBefore = ctx.emulator.state.requests.length;
    const written = await act<{ statements: { command: string; rowCount: number | null }[] }>("execute-sql", {
      ...direct,
      sql: "CREATE TABLE posts (id int PRIMARY KEY, title text NOT NULL); INSERT INTO posts VALUES (1, 'Hello'), (2, 'Again')",
    });
    expect(written.result.statements).toEqual([{ command: "CREATE TABLE", rowCount: null }, { command: "INSERT", rowCount: 2 }]);
    const schema = await act<{ tables: { name: string; columns: { name: string }[] }[] }>("get-database-schema", direct);
    expect(schema.result.tables.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([["posts", ["id", "title"]]]);
    // A connection string is used as it is: no API request at all.
    expect(ctx.emulator.state.requests.length).toBe(requestsBefore);

    const connectionsBefore = [...ctx.emulator.state.connections.keys()].sort();
    const read = await act<{ rows: unknown[]; rowCount: number; truncated: boolean }>("run-sql-query", {
      databaseId: ids.blogDatabaseId, sql: "SELECT id, title FROM posts WHERE id > $1 ORDER BY id", params: ["0"],
    });
    expect(read.result).toMatchObject({ rows: [{ id: 1, title: "Hello" }, { id: 2, title: "Again" }], rowCount: 2, truncated: false });
    // By the database's ID: a temporary connection minted and deleted, nothing else, nothing left.
    expect(ctx.emulator.state.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path.replace(/con_\w+/, ":id")} ${r.status}`))
      .toEqual(["POST /v1/connections 201", "DELETE /v1/connections/:id 204"]);
    expect([...ctx.emulator.state.connections.keys()].sort()).toEqual(connectionsBefore);
  });

  it("deleting and giving away", async () => {
    await act("delete-database", { databaseId: ids.databaseId, confirm: ids.databaseId });
    expect(ctx.emulator.state.databases.has(ids.databaseId)).toBe(false);
    await act("transfer-project", { projectId: ids.blogProjectId, recipientAccessToken: "recipient-oauth-access-token", confirm: ids.blogProjectId });
    expect(ctx.emulator.state.projects.has(ids.blogProjectId)).toBe(false);
    await act("delete-project", { projectId: ids.projectId, confirm: ids.projectId });
    expect(ctx.emulator.state.projects.size).toBe(0);
  });

  it("ran every action, and no credential reached anything but the named fields", () => {
    expect([...ran].sort()).toEqual(ACTION_FOLDERS);
    // The folder list is read from disk: these must be in it, so that the line above covers them.
    expect(ACTION_FOLDERS).toEqual(expect.arrayContaining([
      "list-branches", "get-branch", "create-branch", "set-default-branch", "delete-branch", "provision-preview-database", "delete-preview-branch",
    ]));
    const text = JSON.stringify(outputs);
    const secrets = [...emulatorSecrets(ctx.emulator), ...minted];
    // Projects, databases, connections, a rotation and a service token were minted along the way.
    expect(minted.length).toBeGreaterThan(30);
    for (const secret of [...secrets, "recipient-oauth-access-token"]) expect(text).not.toContain(secret);
  });
});
