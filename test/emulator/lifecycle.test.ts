import { describe, expect, it } from "vitest";
import { call, emulator, manualClock } from "./client";

const DAY = 86_400_000;

describe("emulator database lifecycle", () => {
  it("creates databases provisioning and makes them ready after readyDelayMs (manual clock)", async () => {
    const clock = manualClock();
    const emu = await emulator({ readyDelayMs: 1500, clock: clock.now });
    const created = await call(emu, "POST", "/projects", { body: { name: "shop", region: "eu-central-1" } });
    expect(created.status).toBe(201);
    const db = created.body.data.database;
    expect(db.status).toBe("provisioning");
    expect(db.createdAt).toBe("2026-03-15T12:00:00.000Z");

    clock.advance(1499);
    expect((await call(emu, "GET", `/databases/${db.id}`)).body.data.status).toBe("provisioning");
    expect(emu.state.databases.get(db.id)?.status).toBe("provisioning");
    // A project with a provisioning database cannot be deleted or transferred yet.
    const refused = await call(emu, "DELETE", `/projects/${created.body.data.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("Project cannot be deleted due to existing dependencies.");
    expect(refused.body.error.hint).toContain(db.id);
    const transfer = await call(emu, "POST", `/projects/${created.body.data.id}/transfer`, { body: { recipientAccessToken: "t" } });
    expect(transfer.status).toBe(409);
    expect(transfer.body.error.code).toBe("conflict");

    clock.advance(1);
    expect((await call(emu, "GET", `/databases/${db.id}`)).body.data.status).toBe("ready");
    const deleted = await call(emu, "DELETE", `/projects/${created.body.data.id}`);
    expect(deleted.status).toBe(204);
    expect(emu.state.projects.size).toBe(0);
    expect(emu.state.databases.size).toBe(0);
    expect(emu.state.connections.size).toBe(0);
  });

  it("becomes ready on the real clock after a short readyDelayMs", async () => {
    const emu = await emulator({ readyDelayMs: 30 });
    const projectId = emu.seedProject();
    const created = await call(emu, "POST", "/databases", { body: { projectId } });
    expect(created.body.data.status).toBe("provisioning");
    await new Promise((resolve) => setTimeout(resolve, 45));
    expect((await call(emu, "GET", `/databases/${created.body.data.id}`)).body.data.status).toBe("ready");
  });

  it("is ready at once with readyDelayMs 0", async () => {
    const emu = await emulator({ readyDelayMs: 0 });
    const created = await call(emu, "POST", "/projects", { body: {} });
    expect(created.body.data.database.status).toBe("ready");
  });

  it("resolves region inherit to the project's default region, else the default database's region", async () => {
    const emu = await emulator();
    const project = await call(emu, "POST", "/projects", { body: { name: "p", region: "ap-northeast-1" } });
    expect(project.body.data.defaultRegion).toBe("ap-northeast-1");
    const inherited = await call(emu, "POST", "/databases", { body: { projectId: project.body.data.id, region: "inherit" } });
    expect(inherited.body.data.region).toEqual({ id: "ap-northeast-1", name: "Asia Pacific (Tokyo)" });
    const plain = await call(emu, "POST", "/databases", { body: { projectId: project.body.data.id } });
    expect(plain.body.data.region.id).toBe("us-east-1");

    const bare = await call(emu, "POST", "/projects", { body: { name: "q", createDatabase: false } });
    expect(bare.body.data.database).toBeNull();
    expect(bare.body.data.defaultRegion).toBeNull();
    const first = await call(emu, "POST", "/databases", { body: { projectId: bare.body.data.id, region: "eu-west-3", isDefault: true } });
    const second = await call(emu, "POST", `/projects/${bare.body.data.id}/databases`, { body: { region: "inherit" } });
    expect(second.status).toBe(201);
    expect(second.body.data.region.id).toBe("eu-west-3");
    expect(first.body.data.isDefault).toBe(true);

    // A new default database takes over from the old one.
    await call(emu, "POST", "/databases", { body: { projectId: bare.body.data.id, isDefault: true } });
    expect((await call(emu, "GET", `/databases/${first.body.data.id}`)).body.data.isDefault).toBe(false);
  });

  it("clones from a database and creates from a backup, recording the source", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [origin] = emu.seedDatabases(projectId, 1);
    const backups = await call(emu, "GET", `/databases/${origin}/backups`);
    const backupId = backups.body.data[0].id;
    const clone = await call(emu, "POST", "/databases", { body: { projectId, source: { type: "database", databaseId: origin.slice(3) } } });
    expect(clone.status).toBe(201);
    expect(clone.body.data.source).toEqual({ type: "database", databaseId: origin });
    const restored = await call(emu, "POST", "/databases", { body: { projectId, source: { type: "backup", databaseId: origin, backupId } } });
    expect(restored.body.data.source).toEqual({ type: "backup", databaseId: origin, backupId });
    const legacy = await call(emu, "POST", `/projects/${projectId}/databases`, { body: { fromDatabase: { id: origin } } });
    expect(legacy.body.data.source).toEqual({ type: "database", databaseId: origin });
  });
});

describe("emulator backups", () => {
  it("lists a few automatic daily backups within retention, newest first, with meta and pagination", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, backupRetentionDays: 7 });
    const projectId = emu.seedProject();
    const [db] = emu.seedDatabases(projectId, 1);
    const answer = await call(emu, "GET", `/databases/${db}/backups`);
    expect(answer.status).toBe(200);
    expect(answer.body.meta).toEqual({ backupRetentionDays: 7 });
    expect(answer.body.pagination).toEqual({ hasMore: false, limit: 25 });
    const backups = answer.body.data;
    expect(backups).toHaveLength(3);
    for (const backup of backups) {
      expect(Object.keys(backup).sort()).toEqual(["backupType", "createdAt", "id", "size", "status", "type"]);
      expect(backup.type).toBe("backup");
      expect(backup.status).toBe("completed");
      const age = clock.now() - Date.parse(backup.createdAt);
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThan(7 * DAY);
    }
    const times = backups.map((b: { createdAt: string }) => Date.parse(b.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(backups.at(-1).backupType).toBe("full");

    const limited = await call(emu, "GET", `/databases/${db}/backups?limit=2`);
    expect(limited.body.data).toEqual(backups.slice(0, 2));
    expect(limited.body.pagination).toEqual({ hasMore: true, limit: 2 });
    // Stable between calls.
    expect((await call(emu, "GET", `/databases/${db}/backups`)).body.data).toEqual(backups);
  });

  it("has no backups while provisioning, and drops backups older than the retention", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, readyDelayMs: 1000, backupRetentionDays: 30 });
    const projectId = emu.seedProject();
    const created = await call(emu, "POST", "/databases", { body: { projectId } });
    expect((await call(emu, "GET", `/databases/${created.body.data.id}/backups`)).body.data).toEqual([]);
    clock.advance(1000);
    expect((await call(emu, "GET", `/databases/${created.body.data.id}/backups`)).body.data).toHaveLength(3);

    const [db] = emu.seedDatabases(projectId, 1);
    const [recent, old] = emu.seedBackups(db, [
      { createdAt: new Date(clock.now() - 29 * DAY), backupType: "incremental", size: 1024 },
      { createdAt: new Date(clock.now() - 31 * DAY) },
    ]);
    const listed = await call(emu, "GET", `/databases/${db}/backups?limit=100`);
    expect(listed.body.meta.backupRetentionDays).toBe(30);
    expect(listed.body.data.map((b: { id: string }) => b.id)).toEqual([recent]);
    expect(listed.body.data[0]).toEqual({ id: recent, type: "backup", backupType: "incremental", status: "completed", createdAt: new Date(clock.now() - 29 * DAY).toISOString(), size: 1024 });
    expect(old).toEqual(expect.any(String));
  });
});

describe("emulator restore", () => {
  it("restores in place: 200 recovering with the backup as source, then ready; 409 while recovering", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now, readyDelayMs: 500 });
    const projectId = emu.seedProject();
    const [target, other] = emu.seedDatabases(projectId, 2);
    const connectionsBefore = (await call(emu, "GET", `/databases/${target}`)).body.data.connections;
    const [backupId] = emu.seedBackups(other, [{ createdAt: new Date(clock.now() - DAY) }]);
    const body = { source: { type: "backup", databaseId: other, backupId } };

    const answer = await call(emu, "POST", `/databases/${target.slice(3)}/restore`, { body });
    expect(answer.status).toBe(200);
    expect(answer.body.data.id).toBe(target);
    expect(answer.body.data.status).toBe("recovering");
    expect(answer.body.data.source).toEqual({ type: "backup", databaseId: other, backupId });
    expect(answer.body.data.connections).toEqual(connectionsBefore);

    const again = await call(emu, "POST", `/databases/${target}/restore`, { body });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(again.body.error.message).toMatch(/recovering/);
    // Deleting the project waits for the restore too.
    expect((await call(emu, "DELETE", `/projects/${projectId}`)).status).toBe(400);

    clock.advance(499);
    expect((await call(emu, "GET", `/databases/${target}`)).body.data.status).toBe("recovering");
    clock.advance(1);
    const after = await call(emu, "GET", `/databases/${target}`);
    expect(after.body.data.status).toBe("ready");
    expect(after.body.data.source).toEqual({ type: "backup", databaseId: other, backupId });
    expect((await call(emu, "POST", `/databases/${target}/restore`, { body })).status).toBe(200);
  });

  it("refuses: 409 while provisioning, 404 for an unknown target, source or backup, 422 for an unusable backup", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [ready] = emu.seedDatabases(projectId, 1);
    const [provisioning] = emu.seedDatabases(projectId, 1, { status: "provisioning" });
    const [remote] = emu.seedDatabases(projectId, 1, { remote: true });
    const [completed, running, failed] = emu.seedBackups(ready, [{ status: "completed" }, { status: "running" }, { status: "failed" }]);
    const restore = (target: string, databaseId: string, backupId: string) =>
      call(emu, "POST", `/databases/${target}/restore`, { body: { source: { type: "backup", databaseId, backupId } } });

    const cases: [Promise<{ status: number; body: { error: { code: string } } }>, number, string][] = [
      [restore(provisioning, ready, completed), 409, "conflict"],
      [restore("db_cunknown0000", ready, completed), 404, "resource-not-found"],
      [restore(ready, "db_cunknown0000", completed), 404, "resource-not-found"],
      [restore(ready, ready, "no-such-backup"), 404, "resource-not-found"],
      [restore(ready, ready, running), 422, "validation-error"],
      [restore(ready, ready, failed), 422, "validation-error"],
      [restore(ready, remote, "any"), 422, "validation-error"],
    ];
    for (const [pending, status, code] of cases) {
      const answer = await pending;
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
    }
    expect(emu.state.databases.get(ready)?.status).toBe("ready");
    expect(emu.state.databases.get(ready)?.source).toEqual({ type: "empty" });
  });
});
