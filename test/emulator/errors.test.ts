import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { call, emulator, expectError } from "./client";

async function project(emu: Emulator, body: Record<string, unknown> = {}) {
  const answer = await call(emu, "POST", "/projects", { body: { name: "p", ...body } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.data;
}

describe("emulator authentication", () => {
  it("answers 401 without a token, with another token, and with a malformed header", async () => {
    const emu = await emulator();
    expectError(await call(emu, "GET", "/me", { token: null }), 401, "authentication-failed", /Missing or invalid/);
    expectError(await call(emu, "GET", "/projects", { token: "someone-else" }), 401, "authentication-failed");
    const res = await fetch(`${emu.url}/me`, { headers: { authorization: emu.token } });
    expect(res.status).toBe(401);
    // Refused requests change nothing.
    expectError(await call(emu, "POST", "/projects", { token: "nope", body: { name: "x" } }), 401, "authentication-failed");
    expect(emu.state.projects.size).toBe(0);
  });

  it("accepts a service token it minted until that token is deleted", async () => {
    const emu = await emulator();
    const created = await call(emu, "POST", `/workspaces/${emu.workspaceId}/service-tokens`, { body: { name: "ci" } });
    const value: string = created.body.data.value;
    const me = await call(emu, "GET", "/me", { token: value });
    expect(me.body.data.credential).toEqual({ type: "service_token", id: created.body.data.id, name: "ci" });
    expect((await call(emu, "DELETE", `/workspaces/${emu.workspaceId}/service-tokens/${created.body.data.id}`)).status).toBe(204);
    expectError(await call(emu, "GET", "/me", { token: value }), 401, "authentication-failed");
  });
});

describe("emulator request validation", () => {
  it.each([
    ["GET", "/projects/db_abc"],
    ["GET", "/projects/has-dash"],
    ["GET", "/databases/UPPER"],
    ["GET", "/databases/proj_abc123"],
    ["GET", "/connections/con_"],
    ["GET", "/workspaces/wksp_a%20b"],
    ["DELETE", "/integrations/x_y"],
    ["GET", "/databases?projectId=bad-id"],
    ["GET", "/connections?databaseId=con_abc"],
  ])("%s %s → 400 for an ID that does not match the API pattern", async (method, path) => {
    const emu = await emulator();
    expectError(await call(emu, method, path), 400, "client-error", /does not match/);
  });

  it("accepts IDs with or without their prefix, and cuid-style IDs with upper case", async () => {
    const emu = await emulator();
    const p = await project(emu);
    const bare = p.id.slice("proj_".length);
    expect((await call(emu, "GET", `/projects/${bare}`)).body.data.id).toBe(p.id);
    const db = p.database.id.slice("db_".length);
    expect((await call(emu, "GET", `/databases/${db}`)).body.data.id).toBe(p.database.id);
    expectError(await call(emu, "GET", "/projects/cABCDEFGHIJ"), 404, "resource-not-found");
  });

  it("answers 404 for unknown routes and unknown resources", async () => {
    const emu = await emulator();
    expectError(await call(emu, "GET", "/nothing-here"), 404, "resource-not-found", /Route GET \/v1\/nothing-here not found/);
    expectError(await call(emu, "PUT", "/projects"), 404, "resource-not-found");
    expectError(await call(emu, "GET", "/workspaces/wksp_cunknown00000"), 404, "resource-not-found", /Workspace/);
    for (const path of ["/projects/proj_cunknown0000", "/databases/db_cunknown0000", "/connections/con_cunknown0000",
      "/databases/db_cunknown0000/backups", "/databases/db_cunknown0000/usage", "/projects/proj_cunknown0000/databases"]) {
      expectError(await call(emu, "GET", path), 404, "resource-not-found");
    }
    for (const path of ["/projects/proj_cunknown0000", "/databases/db_cunknown0000", "/connections/con_cunknown0000",
      "/integrations/itgr_cunknown0000", `/workspaces/${emu.workspaceId}/integrations/itgr_cunknown0000`,
      `/workspaces/${emu.workspaceId}/service-tokens/itgr_cunknown0000`, "/workspaces/wksp_cother000000/service-tokens/itgr_cunknown0000"]) {
      expectError(await call(emu, "DELETE", path), 404, "resource-not-found");
    }
    expectError(await call(emu, "POST", "/connections/con_cunknown0000/rotate"), 404, "resource-not-found");
    expectError(await call(emu, "PATCH", "/projects/proj_cunknown0000", { body: { name: "x" } }), 404, "resource-not-found");
    expectError(await call(emu, "PATCH", "/databases/db_cunknown0000", { body: { name: "x" } }), 404, "resource-not-found");
    expectError(await call(emu, "POST", "/databases", { body: { projectId: "proj_cunknown0000" } }), 404, "resource-not-found", /Project/);
    expectError(await call(emu, "POST", "/connections", { body: { databaseId: "db_cunknown0000", name: "app" } }), 404, "resource-not-found");
    expectError(await call(emu, "POST", "/databases/db_cunknown0000/connections", { body: { name: "app" } }), 404, "resource-not-found");
    expectError(await call(emu, "POST", "/workspaces/wksp_cother000000/service-tokens", { body: { name: "x" } }), 404, "resource-not-found");
    expectError(await call(emu, "GET", "/workspaces/wksp_cother000000/integrations"), 404, "resource-not-found");
  });

  it("answers the lists the contract declares without 404 with an empty page instead", async () => {
    const emu = await emulator();
    const empty = { data: [], pagination: { nextCursor: null, hasMore: false } };
    expect((await call(emu, "GET", "/workspaces/wksp_cother000000/service-tokens")).body).toEqual(empty);
    expect((await call(emu, "GET", "/databases/db_cunknown0000/connections")).body).toEqual(empty);
    expect((await call(emu, "GET", "/databases?projectId=proj_cunknown0000")).body).toEqual(empty);
  });

  it("refuses bodies that are not JSON objects, and oversized bodies", async () => {
    const emu = await emulator();
    expectError(await call(emu, "POST", "/projects", { raw: "{not json" }), 400, "client-error", /not valid JSON/);
    expectError(await call(emu, "POST", "/projects", { raw: "[1,2]" }), 400, "client-error", /JSON object/);
    expectError(await call(emu, "POST", "/projects", { raw: JSON.stringify({ name: "x".repeat(1_100_000) }) }), 413, "payload-too-large");
    expect(emu.state.projects.size).toBe(0);
  });

  it("validates bodies with the status each operation declares", async () => {
    const emu = await emulator();
    const p = await project(emu);
    const ws = emu.workspaceId;
    const cases: [string, string, unknown, number, RegExp][] = [
      ["POST", "/projects", { name: "" }, 400, /name/],
      ["POST", "/projects", { region: "eu-west-1" }, 400, /Invalid region/],
      ["POST", "/projects", { region: "inherit" }, 400, /Invalid region/],
      ["POST", "/projects", { logicalId: "Bad ID" }, 400, /logicalId/],
      ["POST", "/projects", { createDatabase: "yes" }, 400, /createDatabase/],
      ["PATCH", `/projects/${p.id}`, { name: "" }, 422, /name/],
      ["PATCH", `/projects/${p.id}`, { name: "x".repeat(257) }, 422, /at most 256/],
      ["PATCH", `/projects/${p.id}`, { settings: [1] }, 422, /settings/],
      ["POST", "/databases", {}, 400, /projectId/],
      ["POST", "/databases", { projectId: p.id, region: "mars-1" }, 400, /Invalid region/],
      ["POST", "/databases", { projectId: p.id, source: { type: "snapshot" } }, 400, /source type/],
      ["POST", "/databases", { projectId: p.id, logicalId: "a", branchGitName: "dev" }, 400, /branchGitName/],
      ["POST", "/databases", { projectId: p.id, branchId: null }, 400, /cannot be null/],
      ["POST", "/databases", { projectId: p.id, isDefault: "no" }, 400, /isDefault/],
      ["PATCH", `/databases/${p.database.id}`, { name: "" }, 400, /name/],
      ["PATCH", `/databases/${p.database.id}`, { logicalId: "x", branchGitName: "dev" }, 400, /cannot be combined/],
      ["POST", "/connections", { databaseId: p.database.id, name: "ab" }, 400, /at least 3/],
      ["POST", "/connections", { databaseId: p.database.id }, 400, /name is required/],
      ["POST", `/databases/${p.database.id}/connections`, { name: "x".repeat(66) }, 400, /at most 65/],
      ["POST", `/workspaces/${ws}/service-tokens`, {}, 422, /name is required/],
      ["POST", `/workspaces/${ws}/service-tokens`, { name: "x".repeat(257) }, 422, /at most 256/],
      ["POST", `/projects/${p.id}/transfer`, {}, 400, /recipientAccessToken is required/],
      ["POST", `/databases/${p.database.id}/restore`, {}, 422, /source type/],
      ["POST", `/databases/${p.database.id}/restore`, { source: { type: "database", databaseId: p.database.id } }, 422, /source type/],
      ["POST", `/databases/${p.database.id}/restore`, { source: { type: "backup", databaseId: p.database.id } }, 422, /backupId is required/],
      ["POST", `/databases/${p.database.id}/restore`, { source: { type: "backup", backupId: "b" } }, 422, /source.databaseId/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const answer = await call(emu, method, path, { body });
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(answer.body.error.code).toBe(status === 422 ? "validation-error" : "client-error");
      expect(answer.body.error.message).toMatch(message);
    }
    // Nothing was created or changed by the refused requests.
    expect(emu.state.projects.size).toBe(1);
    expect(emu.state.databases.size).toBe(1);
    expect(emu.state.connections.size).toBe(1);
    expect(emu.state.serviceTokens.size).toBe(1);
    expect(emu.state.projects.get(p.id)?.name).toBe("p");
  });
});

describe("emulator conflicts and refusals", () => {
  it("409 for a project logicalId already used in the workspace; filter finds it", async () => {
    const emu = await emulator();
    const first = await project(emu, { logicalId: "orders" });
    const again = await call(emu, "POST", "/projects", { body: { name: "other", logicalId: "orders" } });
    expectError(again, 409, "conflict", /logicalId orders already exists/);
    expect(again.body.error.hint).toContain("logicalId=orders");
    expect(emu.state.projects.size).toBe(1);
    const found = await call(emu, "GET", "/projects?logicalId=orders");
    expect(found.body.data.map((p: { id: string }) => p.id)).toEqual([first.id]);
    expect((await call(emu, "GET", "/projects?logicalId=none")).body.data).toEqual([]);
  });

  it("409 for a database logicalId already used on the branch, on create and on update", async () => {
    const emu = await emulator();
    const p = await project(emu);
    const a = await call(emu, "POST", "/databases", { body: { projectId: p.id, logicalId: "primary" } });
    expect(a.status).toBe(201);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, logicalId: "primary" } }), 409, "conflict");
    const b = await call(emu, "POST", "/databases", { body: { projectId: p.id, logicalId: "secondary" } });
    expectError(await call(emu, "PATCH", `/databases/${b.body.data.id}`, { body: { logicalId: "primary" } }), 409, "conflict");
    // Re-setting its own logicalId is no conflict.
    expect((await call(emu, "PATCH", `/databases/${a.body.data.id}`, { body: { logicalId: "primary" } })).status).toBe(200);
    // Another project, or another branch of the same project, may reuse it.
    const q = await project(emu, { name: "q" });
    expect((await call(emu, "POST", "/databases", { body: { projectId: q.id, logicalId: "primary" } })).status).toBe(201);
    const moved = await call(emu, "PATCH", `/databases/${b.body.data.id}`, { body: { branchGitName: "feature" } });
    expect(moved.status).toBe(200);
    expect((await call(emu, "PATCH", `/databases/${b.body.data.id}`, { body: { logicalId: "primary" } })).status).toBe(200);
    const onFeature = await call(emu, "GET", `/databases?branchGitName=feature`);
    expect(onFeature.body.data.map((d: { id: string }) => d.id)).toEqual([b.body.data.id]);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchId: "br_cunknown0000" } }), 404, "resource-not-found", /Branch/);
  });

  it("403 when deleting the default database; other databases delete with 204", async () => {
    const emu = await emulator();
    const p = await project(emu);
    const denied = await call(emu, "DELETE", `/databases/${p.database.id}`);
    expectError(denied, 403, "permission-denied", /default environment/);
    expect(emu.state.databases.has(p.database.id)).toBe(true);
    const extra = await call(emu, "POST", "/databases", { body: { projectId: p.id } });
    const deleted = await call(emu, "DELETE", `/databases/${extra.body.data.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectError(await call(emu, "DELETE", `/databases/${extra.body.data.id}`), 404, "resource-not-found");
  });

  it("403 when creating a project in another workspace", async () => {
    const emu = await emulator();
    expectError(await call(emu, "POST", "/projects", { body: { workspaceId: "wksp_cother000000" } }), 403, "permission-denied");
    expect((await call(emu, "POST", "/projects", { body: { workspaceId: emu.workspaceId } })).status).toBe(201);
    expectError(await call(emu, "POST", "/projects", { body: { workspaceId: "bad id" } }), 400, "client-error");
  });

  it("400 for a database in an unavailable region, which GET /regions/postgres reports", async () => {
    const emu = await emulator({ unavailableRegions: ["eu-west-3"] });
    const regions = await call(emu, "GET", "/regions/postgres");
    expect(regions.body.data.find((r: { id: string }) => r.id === "eu-west-3").status).toBe("unavailable");
    expectError(await call(emu, "POST", "/projects", { body: { region: "eu-west-3" } }), 400, "client-error", /unavailable/);
  });

  it("400 for cloning or restoring into a new database from an unusable source", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [ready, provisioning] = [emu.seedDatabases(projectId, 1)[0], emu.seedDatabases(projectId, 1, { status: "provisioning" })[0]];
    const [running] = emu.seedBackups(ready, [{ status: "running" }]);
    expectError(await call(emu, "POST", "/databases", { body: { projectId, source: { type: "database", databaseId: provisioning } } }), 400, "client-error", /provisioning/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId, source: { type: "backup", databaseId: ready, backupId: running } } }), 400, "client-error", /running/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId, source: { type: "backup", databaseId: ready, backupId: "nope" } } }), 404, "resource-not-found");
    expectError(await call(emu, "POST", "/databases", { body: { projectId, source: { type: "database", databaseId: "db_cunknown0000" } } }), 404, "resource-not-found");
  });

  it("usage: 400 for dates that are not date-times or a start after the end", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [db] = emu.seedDatabases(projectId, 1);
    for (const query of ["startDate=yesterday", "endDate=2026-13-01T00:00:00Z", "startDate=2026-01-01", "startDate=2026-02-01T00:00:00Z&endDate=2026-01-01T00:00:00Z"]) {
      expectError(await call(emu, "GET", `/databases/${db}/usage?${query}`), 400, "client-error");
    }
  });

  it("backups: 422 for remote databases, 400 for a limit outside 1..100", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const [remote] = emu.seedDatabases(projectId, 1, { remote: true });
    expectError(await call(emu, "GET", `/databases/${remote}/backups`), 422, "validation-error", /Remote database backups are not supported/);
    const [local] = emu.seedDatabases(projectId, 1);
    for (const limit of ["0", "101", "2.5", "ten"]) {
      expectError(await call(emu, "GET", `/databases/${local}/backups?limit=${limit}`), 400, "client-error", /limit/);
    }
  });

  it("transfer: 401 for an empty recipient token, 404 for an unknown project, 204 and gone otherwise", async () => {
    const emu = await emulator();
    const p = await project(emu);
    expectError(await call(emu, "POST", `/projects/${p.id}/transfer`, { body: { recipientAccessToken: "" } }), 401, "authentication-failed", /recipient/);
    expectError(await call(emu, "POST", "/projects/proj_cunknown0000/transfer", { body: { recipientAccessToken: "t" } }), 404, "resource-not-found");
    const done = await call(emu, "POST", `/projects/${p.id}/transfer`, { body: { recipientAccessToken: "recipient-oauth-token" } });
    expect(done.status).toBe(204);
    expect(done.text).toBe("");
    expectError(await call(emu, "GET", `/projects/${p.id}`), 404, "resource-not-found");
    expectError(await call(emu, "GET", `/databases/${p.database.id}`), 404, "resource-not-found");
    expect(emu.state.transfers).toEqual([{ projectId: p.id, databaseIds: [p.database.id], at: expect.any(String) }]);
  });
});
