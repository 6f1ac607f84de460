import { describe, expect, inject, it } from "vitest";
import { startEmulator } from "../../emulator/server";
import { call, emulator, manualClock } from "./client";

const ID = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}_[a-z0-9]{24}$`));
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

describe("emulator resources", () => {
  it("serves /me, /workspaces and /workspaces/{id}", async () => {
    const emu = await emulator({ workspaceName: "Acme" });
    const me = await call(emu, "GET", "/me");
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      data: { user: null, workspace: { id: emu.workspaceId, name: "Acme" }, credential: { type: "service_token", id: ID("itgr"), name: "Emulator" } },
    });
    const workspace = { id: emu.workspaceId, type: "workspace", url: `${emu.url}/workspaces/${emu.workspaceId}`, name: "Acme", createdAt: ISO };
    expect((await call(emu, "GET", "/workspaces")).body).toEqual({ data: [workspace], pagination: { nextCursor: null, hasMore: false } });
    expect((await call(emu, "GET", `/workspaces/${emu.workspaceId}`)).body).toEqual({ data: workspace });
    expect((await call(emu, "GET", `/workspaces/${emu.workspaceId.slice(5)}`)).body).toEqual({ data: workspace });
    expect(emu.workspaceId).toEqual(ID("wksp"));
  });

  it("creates, reads, renames and lists projects", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now });
    const created = await call(emu, "POST", "/projects", { body: { name: "Shop", region: "us-west-1", logicalId: "shop" } });
    expect(created.status).toBe(201);
    const project = created.body.data;
    const { database, ...projectFields } = project;
    const expected = {
      id: ID("proj"), type: "project", url: `${emu.url}/projects/${project.id}`, name: "Shop", logicalId: "shop",
      createdAt: "2026-03-15T12:00:00.000Z", defaultRegion: "us-west-1",
      workspace: { id: emu.workspaceId, url: `${emu.url}/workspaces/${emu.workspaceId}`, name: "Emulated Workspace" },
    };
    expect(projectFields).toEqual(expected);
    expect(Object.keys(database).sort()).toEqual([
      "apiKeys", "branchId", "connectionString", "connections", "createdAt", "defaultConnectionId", "directConnection", "id",
      "isDefault", "logicalId", "name", "region", "source", "status", "type", "url",
    ]);
    expect(database).toMatchObject({ id: ID("db"), type: "database", isDefault: true, region: { id: "us-west-1", name: "US West (N. California)" }, source: { type: "empty" }, branchId: ID("br"), logicalId: null });
    expect(database.defaultConnectionId).toBe(database.connections[0].id);

    expect((await call(emu, "GET", `/projects/${project.id}`)).body).toEqual({ data: expected });
    const renamed = await call(emu, "PATCH", `/projects/${project.id}`, { body: { name: "Shop 2", settings: { theme: "dark" } } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toEqual({ ...expected, name: "Shop 2" });
    expect(emu.state.projects.get(project.id)?.settings).toEqual({ theme: "dark" });
    expect((await call(emu, "GET", "/projects")).body.data).toEqual([{ ...expected, name: "Shop 2" }]);
  });

  it("creates, reads, updates and deletes databases with the Database shape", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject({ name: "p" });
    const created = await call(emu, "POST", "/databases", { body: { projectId, name: "orders", region: "eu-central-1", logicalId: "orders" } });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const read = await call(emu, "GET", `/databases/${id}`);
    expect(read.status).toBe(200);
    const db = read.body.data;
    expect(db).toEqual({
      id: ID("db"), type: "database", url: `${emu.url}/databases/${id}`, name: "orders", status: "ready", createdAt: ISO,
      isDefault: false, defaultConnectionId: ID("con"),
      connections: [{
        id: db.defaultConnectionId, type: "connection", url: `${emu.url}/connections/${db.defaultConnectionId}`, name: "default",
        createdAt: ISO, kind: "postgres",
        endpoints: emu.endpoints,
        directConnection: { host: `127.0.0.1:${emu.endpoints.direct.port}`, user: expect.stringMatching(/^emu_[0-9a-f]{8}_[0-9a-f]{32}$/), pass: expect.any(String) },
        database: { id, url: `${emu.url}/databases/${id}`, name: "orders" },
      }],
      project: { id: projectId, url: `${emu.url}/projects/${projectId}`, name: "p" },
      region: { id: "eu-central-1", name: "EU Central (Frankfurt)" },
      source: { type: "empty" }, branchId: ID("br"), logicalId: "orders",
    });
    const updated = await call(emu, "PATCH", `/databases/${id}`, { body: { name: "orders-v2", logicalId: "orders-v2" } });
    expect(updated.body.data).toEqual({ ...db, name: "orders-v2", logicalId: "orders-v2", connections: [{ ...db.connections[0], database: { ...db.connections[0].database, name: "orders-v2" } }] });
    expect((await call(emu, "GET", "/databases?logicalId=orders-v2")).body.data.map((d: { id: string }) => d.id)).toEqual([id]);
    expect((await call(emu, "DELETE", `/databases/${id}`)).status).toBe(204);
    expect(emu.state.databases.has(id)).toBe(false);
    expect(emu.state.connections.has(db.defaultConnectionId)).toBe(false);
  });

  it("reports usage for the period, deterministic and plausible, with defaults", async () => {
    const clock = manualClock(Date.parse("2026-03-15T12:00:00.000Z"));
    const emu = await emulator({ clock: clock.now });
    const projectId = emu.seedProject();
    clock.advance(-10 * 86_400_000);
    const [db] = emu.seedDatabases(projectId, 1);
    clock.advance(10 * 86_400_000);

    const defaults = await call(emu, "GET", `/databases/${db}/usage`);
    expect(defaults.status).toBe(200);
    expect(Object.keys(defaults.body).sort()).toEqual(["generatedAt", "metrics", "period"]);
    expect(defaults.body.period).toEqual({ start: "2026-03-01T00:00:00.000Z", end: "2026-03-15T12:00:00.000Z" });
    expect(defaults.body.generatedAt).toBe("2026-03-15T12:00:00.000Z");
    const { operations, storage } = defaults.body.metrics;
    expect(operations.unit).toBe("ops");
    expect(storage.unit).toBe("GiB");
    expect(Number.isInteger(operations.used)).toBe(true);
    expect(operations.used).toBeGreaterThan(0);
    expect(storage.used).toBeGreaterThan(0);
    expect(storage.used).toBeLessThan(10);

    const half = await call(emu, "GET", `/databases/${db}/usage?startDate=2026-03-10T12:00:00Z&endDate=2026-03-15T12:00:00Z`);
    expect(half.body.metrics.operations.used).toBe(Math.round(operations.used / 2));
    expect((await call(emu, "GET", `/databases/${db}/usage`)).body).toEqual(defaults.body);
    // Before the database existed: nothing. A future end is moved to the end of that day.
    const before = await call(emu, "GET", `/databases/${db}/usage?startDate=2026-02-01T00:00:00Z&endDate=2026-02-28T00:00:00Z`);
    expect(before.body.metrics.operations.used).toBe(0);
    const future = await call(emu, "GET", `/databases/${db}/usage?endDate=2026-04-02T08:00:00Z`);
    expect(future.body.period.end).toBe("2026-04-02T23:59:59.999Z");
  });

  it("lists the six Postgres regions, all available", async () => {
    const emu = await emulator();
    const regions = await call(emu, "GET", "/regions/postgres");
    expect(regions.body.data.map((r: { id: string }) => r.id)).toEqual(["us-east-1", "us-west-1", "eu-west-3", "eu-central-1", "ap-northeast-1", "ap-southeast-1"]);
    for (const region of regions.body.data) expect(region).toEqual({ id: region.id, type: "region", name: expect.any(String), status: "available" });
  });

  it("lists and revokes integrations by ID and by client ID", async () => {
    const emu = await emulator();
    const a = emu.seedIntegration({ clientName: "Dashboard", email: "ana@example.com" });
    const b = emu.seedIntegration({ clientName: "CLI" });
    const c = emu.seedIntegration({ clientName: "CLI again", clientId: b.clientId });
    const list = await call(emu, "GET", `/workspaces/${emu.workspaceId}/integrations`);
    expect(list.body.data[0]).toEqual({
      id: a.id, url: `${emu.url}/integrations/${a.id}`, createdAt: ISO, scopes: ["workspace:admin", "offline_access"],
      client: { id: a.clientId, name: "Dashboard", createdAt: ISO },
      createdByUser: { id: ID("usr"), email: "ana@example.com", displayName: "Workspace Owner" },
    });
    expect((await call(emu, "DELETE", `/workspaces/${emu.workspaceId}/integrations/${b.clientId}`)).status).toBe(204);
    expect([...emu.state.integrations.keys()]).toEqual([a.id]);
    expect(c.clientId).toBe(b.clientId);
    expect((await call(emu, "DELETE", `/integrations/${a.id.slice(5)}`)).status).toBe(204);
    expect(emu.state.integrations.size).toBe(0);
  });

  it("logs each request with its status", async () => {
    const emu = await emulator();
    await call(emu, "GET", "/me");
    await call(emu, "GET", "/projects?limit=5");
    await call(emu, "GET", "/me", { token: "wrong" });
    expect(emu.state.requests).toEqual([
      { method: "GET", path: "/v1/me", query: "", status: 200, faults: [], at: expect.any(Number) },
      { method: "GET", path: "/v1/projects", query: "limit=5", status: 200, faults: [], at: expect.any(Number) },
      { method: "GET", path: "/v1/me", query: "", status: 401, faults: [], at: expect.any(Number) },
    ]);
  });

  it("is deterministic for a seed and listens on loopback only", async () => {
    const clock = manualClock();
    const run = async () => {
      const emu = await startEmulator({ seed: 7, clock: clock.now, readyDelayMs: 0, postgresUrl: inject("postgresUrl") });
      try {
        const created = await call(emu, "POST", "/projects", { body: { name: "same" } });
        // Ports and the role-name prefix are the instance's own (many emulators share one server).
        const { direct, pooled } = emu.endpoints;
        const tag = created.body.data.database.directConnection.user.slice(0, "emu_00000000_".length);
        const body = JSON.stringify(created.body).split(emu.url).join("").split(tag).join("<tag>")
          .split(`:${direct.port}`).join(":<direct>").split(`:${pooled.port}`).join(":<pooled>");
        return { token: emu.token, body };
      } finally {
        await emu.close();
      }
    };
    const [first, second] = [await run(), await run()];
    expect(first).toEqual(second);
    const emu = await emulator({ token: "fixed-token" });
    expect(emu.token).toBe("fixed-token");
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });
});
