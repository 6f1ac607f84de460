import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { call, emulator, expectError, followAll, manualClock, type Loose } from "./client";

const ID = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}_[a-z0-9]{24}$`));
const START = "2026-03-15T12:00:00.000Z";

async function createProject(emu: Emulator, body: Record<string, unknown> = {}): Promise<Loose> {
  const answer = await call(emu, "POST", "/projects", { body: { name: "p", ...body } });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.data;
}

async function branchesOf(emu: Emulator, projectId: string, query = ""): Promise<Loose[]> {
  const answer = await call(emu, "GET", `/projects/${projectId}/branches${query}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data;
}

async function createBranch(emu: Emulator, projectId: string, body: Record<string, unknown>): Promise<Loose> {
  const answer = await call(emu, "POST", `/projects/${projectId}/branches`, { body });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.data;
}

async function createDatabase(emu: Emulator, body: Record<string, unknown>): Promise<Loose> {
  const answer = await call(emu, "POST", "/databases", { body });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.data;
}

async function getBranch(emu: Emulator, branchId: string): Promise<Loose> {
  const answer = await call(emu, "GET", `/branches/${branchId}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.data;
}

function gitNames(branches: Loose[]): string[] {
  return branches.map((b) => b.gitName);
}

function defaultsOf(emu: Emulator, projectId: string): string[] {
  return [...emu.state.branches.values()].filter((b) => b.projectId === projectId && b.deletedAt === null && b.isDefault).map((b) => b.gitName);
}

describe("emulator branches: the production branch", () => {
  it("gives every project a production branch main, with or without a database", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now });
    const shop = await createProject(emu, { name: "shop" });
    const list = await call(emu, "GET", `/projects/${shop.id}/branches`);
    expect(list.status).toBe(200);
    const main = list.body.data[0];
    expect(list.body).toEqual({
      data: [{
        id: ID("br"), type: "branch", url: `${emu.url}/branches/${main.id}`, gitName: "main", isDefault: true, role: "production",
        createdAt: START, updatedAt: START, project: { id: shop.id, url: `${emu.url}/projects/${shop.id}`, name: "shop" },
      }],
      pagination: { nextCursor: null, hasMore: false },
    });
    expect(shop.database.branchId).toBe(main.id);
    expect(await getBranch(emu, main.id)).toEqual(main);
    expect(await getBranch(emu, main.id.slice(3))).toEqual(main);
    expect(emu.state.branches.get(main.id)).toEqual({
      seq: expect.any(Number), id: main.id, projectId: shop.id, gitName: "main", isDefault: true, role: "production",
      createdAt: START, updatedAt: START, deletedAt: null,
    });

    const empty = await createProject(emu, { name: "empty", createDatabase: false });
    expect(empty.database).toBeNull();
    const [emptyMain] = await branchesOf(emu, empty.id);
    expect(emptyMain).toMatchObject({ gitName: "main", isDefault: true, role: "production", project: { id: empty.id } });
    expect(emptyMain.id).not.toBe(main.id);
    // A database added later through the project route lands on that branch.
    const added = await call(emu, "POST", `/projects/${empty.id}/databases`, { body: { name: "later" } });
    expect(added.status).toBe(201);
    expect(added.body.data.branchId).toBe(emptyMain.id);

    const seeded = emu.seedProject({ name: "seeded", withDefaultDatabase: true });
    const [seededMain] = await branchesOf(emu, seeded);
    expect(seededMain).toMatchObject({ gitName: "main", isDefault: true, role: "production" });
    expect([...emu.state.databases.values()].find((d) => d.projectId === seeded)?.branchId).toBe(seededMain.id);
  });
});

describe("emulator branches: listing", () => {
  it("lists live branches by creation time, filtered by exact git name or case-sensitive substring", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now });
    const projectId = emu.seedProject({ name: "web" });
    const names = ["feature/Login", "feature/login-v2", "fix/typo", "release"];
    for (const gitName of names) {
      clock.advance(1000);
      await createBranch(emu, projectId, { gitName });
    }
    const all = await branchesOf(emu, projectId);
    expect(gitNames(all)).toEqual(["main", ...names]);
    expect(all.map((b) => b.createdAt)).toEqual([0, 1, 2, 3, 4].map((s) => new Date(Date.parse(START) + s * 1000).toISOString()));

    expect(gitNames(await branchesOf(emu, projectId, `?gitName=${encodeURIComponent("feature/login-v2")}`))).toEqual(["feature/login-v2"]);
    expect(await branchesOf(emu, projectId, "?gitName=feature")).toEqual([]);
    expect(await branchesOf(emu, projectId, "?gitName=MAIN")).toEqual([]);
    expect(gitNames(await branchesOf(emu, projectId, "?gitNameContains=login"))).toEqual(["feature/login-v2"]);
    expect(gitNames(await branchesOf(emu, projectId, "?gitNameContains=Login"))).toEqual(["feature/Login"]);
    expect(gitNames(await branchesOf(emu, projectId, "?gitNameContains=feature%2F"))).toEqual(["feature/Login", "feature/login-v2"]);

    expectError(await call(emu, "GET", `/projects/${projectId}/branches?gitName=main&gitNameContains=ma`), 422, "validation-error", /mutually exclusive/);
    expectError(await call(emu, "GET", "/projects/proj_cunknown0000/branches"), 404, "resource-not-found", /Project/);
    expectError(await call(emu, "GET", "/projects/bad-id/branches"), 400, "client-error", /does not match/);
  });

  it("answers 404 for the branches of a project that left the workspace", async () => {
    const emu = await emulator();
    const gone = await createProject(emu);
    const [main] = await branchesOf(emu, gone.id);
    expect((await call(emu, "POST", `/projects/${gone.id}/transfer`, { body: { recipientAccessToken: "recipient" } })).status).toBe(204);
    expectError(await call(emu, "GET", `/projects/${gone.id}/branches`), 404, "resource-not-found");
    expectError(await call(emu, "GET", `/branches/${main.id}`), 404, "resource-not-found");
    expect(emu.state.branches.has(main.id)).toBe(false);
  });

  it("pages through branches with cursors that survive deletions and serve only their own list", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const seeded = [1, 2, 3, 4, 5, 6].map((n) => emu.seedBranch(projectId, { gitName: `pr-${n}` }));
    const { items, pages } = await followAll(emu, `/projects/${projectId}/branches`, 3);
    expect(pages).toBe(3);
    expect(gitNames(items)).toEqual(["main", "pr-1", "pr-2", "pr-3", "pr-4", "pr-5", "pr-6"]);
    expect(items.slice(1).map((b) => b.id)).toEqual(seeded);

    const filtered = await followAll(emu, `/projects/${projectId}/branches?gitNameContains=pr-`, 2);
    expect(filtered.pages).toBe(3);
    expect(gitNames(filtered.items)).toEqual(["pr-1", "pr-2", "pr-3", "pr-4", "pr-5", "pr-6"]);

    const first = await call(emu, "GET", `/projects/${projectId}/branches?limit=3`);
    expect(gitNames(first.body.data)).toEqual(["main", "pr-1", "pr-2"]);
    const cursor: string = first.body.pagination.nextCursor;
    expect(first.body.pagination.hasMore).toBe(true);
    // Delete the last branch served and one not served yet: the next page neither repeats nor skips.
    expect((await call(emu, "DELETE", `/branches/${seeded[1]}`)).status).toBe(204);
    expect((await call(emu, "DELETE", `/branches/${seeded[3]}`)).status).toBe(204);
    const rest = await call(emu, "GET", `/projects/${projectId}/branches?limit=3&cursor=${cursor}`);
    expect(gitNames(rest.body.data)).toEqual(["pr-3", "pr-5", "pr-6"]);
    expect(rest.body.pagination).toEqual({ nextCursor: null, hasMore: false });

    // The operation declares 422 for bad query parameters.
    expectError(await call(emu, "GET", `/projects/${projectId}/branches?gitNameContains=pr&cursor=${cursor}`), 422, "validation-error", /different list/);
    expectError(await call(emu, "GET", `/projects/${projectId}/branches?cursor=garbage`), 422, "validation-error", /Invalid cursor/);
    expectError(await call(emu, "GET", `/projects/${projectId}/branches?limit=0`), 422, "validation-error", /limit/);
  });
});

describe("emulator branches: create, get, update", () => {
  it("creates preview branches; isDefault swaps the default in one step; refused creates change nothing", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now });
    const project = await createProject(emu, { name: "api" });
    const [main] = await branchesOf(emu, project.id);

    clock.advance(5000);
    const created = await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName: "dev" } });
    expect(created.status).toBe(201);
    const dev = created.body.data;
    const devAt = new Date(Date.parse(START) + 5000).toISOString();
    expect(created.body).toEqual({
      data: {
        id: ID("br"), type: "branch", url: `${emu.url}/branches/${dev.id}`, gitName: "dev", isDefault: false, role: "preview",
        createdAt: devAt, updatedAt: devAt, project: { id: project.id, url: `${emu.url}/projects/${project.id}`, name: "api" },
      },
    });

    clock.advance(5000);
    const staging = await createBranch(emu, project.id, { gitName: "staging", isDefault: true });
    const swapAt = new Date(Date.parse(START) + 10_000).toISOString();
    expect(staging).toMatchObject({ gitName: "staging", isDefault: true, role: "preview", updatedAt: swapAt });
    expect(await getBranch(emu, main.id)).toEqual({ ...main, isDefault: false, updatedAt: swapAt });
    expect(await getBranch(emu, dev.id)).toEqual(dev);
    expect(defaultsOf(emu, project.id)).toEqual(["staging"]);

    const duplicate = await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName: "dev" } });
    expectError(duplicate, 409, "conflict", /gitName dev already exists/);
    expect(duplicate.body.error.hint).toContain(`/projects/${project.id}/branches?gitName=dev`);
    // A refused create does not take the default either.
    expectError(await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName: "main", isDefault: true } }), 409, "conflict");
    expectError(await call(emu, "POST", `/projects/${project.id}/branches`, { body: {} }), 422, "validation-error", /gitName is required/);
    expectError(await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName: 7 } }), 422, "validation-error", /gitName must be a string/);
    expectError(await call(emu, "POST", `/projects/${project.id}/branches`, { raw: "[1]" }), 422, "validation-error", /JSON object/);
    expectError(await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName: "ok", isDefault: "yes" } }), 422, "validation-error", /isDefault/);
    for (const gitName of ["", "has space", "a..b", "-x", "x/", "/x", "a//b", "x.lock", "x.", ".hidden", "a/.b", "@", "a@{1}", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "tab\tname", "x".repeat(256)]) {
      expectError(await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName } }), 422, "validation-error", /Invalid gitName/);
    }
    expect((await call(emu, "POST", `/projects/${project.id}/branches`, { body: { gitName: "x".repeat(255) } })).status).toBe(201);
    expectError(await call(emu, "POST", "/projects/proj_cunknown0000/branches", { body: { gitName: "dev" } }), 404, "resource-not-found");

    expect(gitNames(await branchesOf(emu, project.id))).toEqual(["main", "dev", "staging", "x".repeat(255)]);
    expect(emu.state.branches.size).toBe(4);
    expect(defaultsOf(emu, project.id)).toEqual(["staging"]);
  });

  it("accepts git names with slashes, dots and other characters git allows", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    for (const gitName of ["feature/login", "release-1.2.3", "user_name/fix#12", "UPPER", "renovate/@types-node", "a.b/c"]) {
      expect((await createBranch(emu, projectId, { gitName })).gitName).toBe(gitName);
    }
  });

  it("answers 404 for unknown branches and 400 for malformed branch IDs", async () => {
    const emu = await emulator();
    for (const [method, body] of [["GET", undefined], ["PATCH", { isDefault: true }], ["DELETE", undefined]] as const) {
      expectError(await call(emu, method, "/branches/br_cunknown0000", { body }), 404, "resource-not-found", /Branch with id br_cunknown0000/);
      expectError(await call(emu, method, "/branches/has-dash", { body }), 400, "client-error", /branch ID/);
      expectError(await call(emu, method, "/branches/db_abc", { body }), 400, "client-error", /branch ID/);
    }
  });

  it("PATCH changes only isDefault: promotes a branch, refuses to unset the default and any other field", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now });
    const projectId = emu.seedProject();
    const [main] = await branchesOf(emu, projectId);
    const devId = emu.seedBranch(projectId, { gitName: "dev" });

    clock.advance(1000);
    const promoted = await call(emu, "PATCH", `/branches/${devId}`, { body: { isDefault: true } });
    expect(promoted.status).toBe(200);
    const promotedAt = new Date(Date.parse(START) + 1000).toISOString();
    expect(promoted.body.data).toMatchObject({ id: devId, gitName: "dev", isDefault: true, role: "preview", updatedAt: promotedAt });
    expect(await getBranch(emu, main.id)).toEqual({ ...main, isDefault: false, updatedAt: promotedAt });
    expect(defaultsOf(emu, projectId)).toEqual(["dev"]);

    clock.advance(1000);
    const again = await call(emu, "PATCH", `/branches/${devId}`, { body: { isDefault: true } });
    expect(again.body.data).toEqual(promoted.body.data);
    // Unsetting a branch that is not the default changes nothing; null and {} change nothing.
    expect((await call(emu, "PATCH", `/branches/${main.id}`, { body: { isDefault: false } })).body.data).toEqual({ ...main, isDefault: false, updatedAt: promotedAt });
    expect((await call(emu, "PATCH", `/branches/${devId}`, { body: { isDefault: null } })).body.data).toEqual(promoted.body.data);
    expect((await call(emu, "PATCH", `/branches/${devId}`, { body: {} })).body.data).toEqual(promoted.body.data);

    expectError(await call(emu, "PATCH", `/branches/${devId}`, { body: { isDefault: false } }), 422, "validation-error", /default branch: it cannot be unset/);
    expectError(await call(emu, "PATCH", `/branches/${devId}`, { body: { gitName: "develop" } }), 422, "validation-error", /Only isDefault can be changed on a branch, not gitName/);
    expectError(await call(emu, "PATCH", `/branches/${devId}`, { body: { role: "production" } }), 422, "validation-error", /not role/);
    expectError(await call(emu, "PATCH", `/branches/${devId}`, { body: { name: "x" } }), 422, "validation-error", /not name/);
    // A body mixing isDefault with a fixed field is refused whole: main does not become the default.
    expectError(await call(emu, "PATCH", `/branches/${main.id}`, { body: { isDefault: true, gitName: "prod" } }), 422, "validation-error");
    expectError(await call(emu, "PATCH", `/branches/${main.id}`, { body: { isDefault: "true" } }), 422, "validation-error", /isDefault must be a boolean/);
    expect(defaultsOf(emu, projectId)).toEqual(["dev"]);
    expect(emu.state.branches.get(devId)).toMatchObject({ gitName: "dev", role: "preview", updatedAt: promotedAt });

    const back = await call(emu, "PATCH", `/branches/${main.id}`, { body: { isDefault: true } });
    expect(back.body.data).toMatchObject({ id: main.id, isDefault: true, role: "production" });
    expect(defaultsOf(emu, projectId)).toEqual(["main"]);
  });
});

describe("emulator branches: delete", () => {
  it("refuses the production branch, the default branch and a branch with databases; then soft-deletes", async () => {
    const clock = manualClock();
    const emu = await emulator({ clock: clock.now });
    const project = await createProject(emu);
    const [main] = await branchesOf(emu, project.id);
    expectError(await call(emu, "DELETE", `/branches/${main.id}`), 422, "validation-error", /production branch/);

    const feature = await createBranch(emu, project.id, { gitName: "feature" });
    const db = await createDatabase(emu, { projectId: project.id, branchId: feature.id, logicalId: "api" });
    const busy = await call(emu, "DELETE", `/branches/${feature.id}`);
    expectError(busy, 409, "conflict", new RegExp(`Branch feature \\(${feature.id}\\) still has databases: ${db.id}\\.`));

    expect((await call(emu, "PATCH", `/branches/${feature.id}`, { body: { isDefault: true } })).status).toBe(200);
    expectError(await call(emu, "DELETE", `/branches/${feature.id}`), 422, "validation-error", /default branch/);
    expect((await call(emu, "PATCH", `/branches/${main.id}`, { body: { isDefault: true } })).status).toBe(200);
    // Production stays undeletable when it is not the default.
    expect((await call(emu, "PATCH", `/branches/${feature.id}`, { body: { isDefault: true } })).status).toBe(200);
    expectError(await call(emu, "DELETE", `/branches/${main.id}`), 422, "validation-error", /production branch/);
    expect((await call(emu, "PATCH", `/branches/${main.id}`, { body: { isDefault: true } })).status).toBe(200);
    expect(emu.state.branches.get(feature.id)?.deletedAt).toBeNull();

    expect((await call(emu, "PATCH", `/databases/${db.id}`, { body: { branchId: main.id } })).status).toBe(200);
    clock.advance(60_000);
    const deleted = await call(emu, "DELETE", `/branches/${feature.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const deletedAt = new Date(Date.parse(START) + 60_000).toISOString();
    expect(emu.state.branches.get(feature.id)).toMatchObject({ gitName: "feature", deletedAt });

    // Gone from gets, lists, lookups and as a target.
    expectError(await call(emu, "GET", `/branches/${feature.id}`), 404, "resource-not-found");
    expectError(await call(emu, "PATCH", `/branches/${feature.id}`, { body: { isDefault: true } }), 404, "resource-not-found");
    expectError(await call(emu, "DELETE", `/branches/${feature.id}`), 404, "resource-not-found");
    expect(gitNames(await branchesOf(emu, project.id))).toEqual(["main"]);
    expect(await branchesOf(emu, project.id, "?gitName=feature")).toEqual([]);
    expect(await branchesOf(emu, project.id, "?gitNameContains=feat")).toEqual([]);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: project.id, branchId: feature.id } }), 404, "resource-not-found", /Branch/);
    expectError(await call(emu, "PATCH", `/databases/${db.id}`, { body: { branchId: feature.id } }), 404, "resource-not-found", /Branch/);
    expect((await call(emu, "GET", "/databases?branchGitName=feature")).body.data).toEqual([]);

    // The git name is free again: a new branch, with a new ID, that git-name lookups now find.
    const reborn = await createBranch(emu, project.id, { gitName: "feature" });
    expect(reborn.id).not.toBe(feature.id);
    expect(reborn).toMatchObject({ role: "preview", isDefault: false, createdAt: deletedAt });
    expect([...emu.state.branches.values()].filter((b) => b.gitName === "feature").map((b) => [b.id, b.deletedAt])).toEqual([
      [feature.id, deletedAt], [reborn.id, null],
    ]);
    const onReborn = await createDatabase(emu, { projectId: project.id, branchGitName: "feature" });
    expect(onReborn.branchId).toBe(reborn.id);
    expect((await call(emu, "GET", "/databases?branchGitName=feature")).body.data.map((d: Loose) => d.id)).toEqual([onReborn.id]);
  });

  it("deleting a branch's last database lets the branch go", async () => {
    const emu = await emulator();
    const project = await createProject(emu);
    const db = await createDatabase(emu, { projectId: project.id, branchGitName: "tmp" });
    expect((await call(emu, "DELETE", `/branches/${db.branchId}`)).status).toBe(409);
    expect((await call(emu, "DELETE", `/databases/${db.id}`)).status).toBe(204);
    expect((await call(emu, "DELETE", `/branches/${db.branchId}`)).status).toBe(204);
  });

  it("names at most five member databases in the 409", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const branchId = emu.seedBranch(projectId, { gitName: "crowded" });
    const ids = emu.seedDatabases(projectId, 7, { branchId });
    const busy = await call(emu, "DELETE", `/branches/${branchId}`);
    expectError(busy, 409, "conflict");
    expect(busy.body.error.message).toBe(`Branch crowded (${branchId}) still has databases: ${ids.slice(0, 5).join(", ")}, … (7 in all).`);
  });
});

describe("emulator branches: databases on branches", () => {
  it("creates the branch named by branchGitName once; branchId must be a live branch of the project", async () => {
    const emu = await emulator();
    const p = await createProject(emu, { name: "p" });
    const q = await createProject(emu, { name: "q" });
    const before = emu.state.branches.size;

    const a = await createDatabase(emu, { projectId: p.id, branchGitName: "pr-7" });
    expect(a.branchId).toEqual(ID("br"));
    const [pr7] = await branchesOf(emu, p.id, "?gitName=pr-7");
    expect(pr7).toMatchObject({ id: a.branchId, gitName: "pr-7", isDefault: false, role: "preview", project: { id: p.id } });
    expect(emu.state.branches.get(a.branchId)).toMatchObject({ projectId: p.id, gitName: "pr-7", role: "preview", isDefault: false, deletedAt: null });
    const b = await createDatabase(emu, { projectId: p.id, branchGitName: "pr-7" });
    expect(b.branchId).toBe(a.branchId);
    // Another project's pr-7 is its own branch.
    const c = await createDatabase(emu, { projectId: q.id, branchGitName: "pr-7" });
    expect(c.branchId).not.toBe(a.branchId);
    expect(emu.state.branches.size).toBe(before + 2);

    expectError(await call(emu, "POST", "/databases", { body: { projectId: q.id, branchId: a.branchId } }), 404, "resource-not-found", new RegExp(`not found in project ${q.id}`));
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchId: "br_cunknown0000" } }), 404, "resource-not-found");
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchId: "bad-id" } }), 400, "client-error", /branchId/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchGitName: "bad name" } }), 400, "client-error", /Invalid branchGitName/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchGitName: "" } }), 400, "client-error", /branchGitName/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchGitName: null } }), 400, "client-error", /cannot be null/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchId: a.branchId, branchGitName: "pr-7" } }), 400, "client-error", /mutually exclusive/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, logicalId: "x", branchGitName: "pr-9" } }), 400, "client-error", /branchGitName/);
    // A create refused after the branch was resolved makes no branch.
    expectError(await call(emu, "POST", "/databases", {
      body: { projectId: p.id, branchGitName: "pr-8", source: { type: "backup", databaseId: a.id, backupId: "missing" } },
    }), 404, "resource-not-found", /Backup missing/);
    expectError(await call(emu, "POST", "/databases", { body: { projectId: p.id, branchGitName: "pr-8", region: "mars-1" } }), 400, "client-error", /region/);
    expect(await branchesOf(emu, p.id, "?gitName=pr-8")).toEqual([]);
    expect(await branchesOf(emu, p.id, "?gitName=pr-9")).toEqual([]);
    expect(emu.state.branches.size).toBe(before + 2);
    expect(emu.state.databases.size).toBe(5);
    expect([...emu.state.databases.values()].every((d) => d.branchId !== null)).toBe(true);
  });

  it("puts a database without a branch on the project's current default branch", async () => {
    const emu = await emulator();
    const project = await createProject(emu);
    const [main] = await branchesOf(emu, project.id);
    expect((await createDatabase(emu, { projectId: project.id })).branchId).toBe(main.id);
    const staging = await createBranch(emu, project.id, { gitName: "staging", isDefault: true });
    expect((await createDatabase(emu, { projectId: project.id })).branchId).toBe(staging.id);
    const viaProject = await call(emu, "POST", `/projects/${project.id}/databases`, { body: {} });
    expect(viaProject.body.data.branchId).toBe(staging.id);
  });

  it("keeps logicalIds unique per branch: 409 on the same branch only, naming the logicalId and the branch", async () => {
    const emu = await emulator();
    const project = await createProject(emu);
    const [main] = await branchesOf(emu, project.id);
    const dev = await createBranch(emu, project.id, { gitName: "dev" });
    const onMain = await createDatabase(emu, { projectId: project.id, logicalId: "orders" });
    expect(onMain.branchId).toBe(main.id);
    const onDev = await createDatabase(emu, { projectId: project.id, branchId: dev.id, logicalId: "orders" });
    expect(onDev.branchId).toBe(dev.id);

    for (const body of [{ projectId: project.id, logicalId: "orders" }, { projectId: project.id, branchId: main.id, logicalId: "orders" }]) {
      const clash = await call(emu, "POST", "/databases", { body });
      expectError(clash, 409, "conflict");
      expect(clash.body.error).toEqual({
        code: "conflict",
        message: `A database with logicalId orders already exists on branch main (${main.id}): ${onMain.id}.`,
        hint: `Fetch it with GET /v1/databases?projectId=${project.id}&branchId=${main.id}&logicalId=orders.`,
      });
    }
    const other = await createDatabase(emu, { projectId: project.id, branchId: dev.id, logicalId: "other" });
    expectError(await call(emu, "PATCH", `/databases/${other.id}`, { body: { logicalId: "orders" } }), 409, "conflict", /logicalId orders already exists on branch dev/);
    expect(emu.state.databases.get(other.id)?.logicalId).toBe("other");
    expect(emu.state.databases.size).toBe(4);

    const both = await call(emu, "GET", `/databases?projectId=${project.id}&logicalId=orders`);
    expect(both.body.data.map((d: Loose) => d.id)).toEqual([onMain.id, onDev.id]);
    const one = await call(emu, "GET", `/databases?projectId=${project.id}&branchId=${dev.id}&logicalId=orders`);
    expect(one.body.data.map((d: Loose) => d.id)).toEqual([onDev.id]);
  });

  it("moves a database by branchId or branchGitName, keeping per-branch logicalIds unique", async () => {
    const emu = await emulator();
    const project = await createProject(emu);
    const elsewhere = await createProject(emu, { name: "elsewhere" });
    const [main] = await branchesOf(emu, project.id);
    const [otherMain] = await branchesOf(emu, elsewhere.id);
    const dev = await createBranch(emu, project.id, { gitName: "dev" });
    const cache = await createDatabase(emu, { projectId: project.id, logicalId: "cache" });
    await createDatabase(emu, { projectId: project.id, branchId: dev.id, logicalId: "cache" });
    const branchCount = emu.state.branches.size;

    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchId: dev.id } }), 409, "conflict", /logicalId cache already exists on branch dev/);
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchGitName: "dev" } }), 409, "conflict", /on branch dev/);
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { logicalId: "x", branchId: dev.id } }), 400, "client-error", /cannot be combined/);
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { logicalId: "x", branchGitName: "qa" } }), 400, "client-error", /cannot be combined/);
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchId: otherMain.id } }), 404, "resource-not-found", /Branch/);
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchId: null } }), 400, "client-error", /cannot be null/);
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchGitName: "bad..name" } }), 400, "client-error", /Invalid branchGitName/);
    // A refused move makes no branch.
    expectError(await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchGitName: "zz", name: "" } }), 400, "client-error", /name/);
    expect(emu.state.branches.size).toBe(branchCount);
    expect(emu.state.databases.get(cache.id)).toMatchObject({ branchId: main.id, logicalId: "cache", name: cache.name });

    const toQa = await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchGitName: "qa" } });
    expect(toQa.status).toBe(200);
    const [qa] = await branchesOf(emu, project.id, "?gitName=qa");
    expect(qa).toMatchObject({ role: "preview", isDefault: false });
    expect(toQa.body.data).toMatchObject({ id: cache.id, branchId: qa.id, logicalId: "cache" });
    expect(emu.state.branches.size).toBe(branchCount + 1);

    const back = await call(emu, "PATCH", `/databases/${cache.id}`, { body: { branchId: main.id.slice(3), name: "cache-2" } });
    expect(back.body.data).toMatchObject({ branchId: main.id, name: "cache-2", logicalId: "cache" });
    expect((await call(emu, "GET", `/databases?branchId=${qa.id}`)).body.data).toEqual([]);
    expect((await call(emu, "DELETE", `/branches/${qa.id}`)).status).toBe(204);
  });

  it("filters databases by branchId, unassigned and branchGitName, across projects", async () => {
    const emu = await emulator();
    const p = emu.seedProject({ name: "p" });
    const q = emu.seedProject({ name: "q" });
    const [pMain] = await branchesOf(emu, p);
    const onPMain = emu.seedDatabases(p, 2);
    const onQMain = emu.seedDatabases(q, 1);
    const unassigned = emu.seedDatabases(p, 1, { branchId: null });
    const dev = emu.seedBranch(p, { gitName: "dev" });
    const onDev = emu.seedDatabases(p, 2, { branchId: dev });
    const ids = async (query: string) => (await followAll(emu, `/databases?${query}`)).items.map((d) => d.id);

    expect(await ids(`branchId=${pMain.id}`)).toEqual(onPMain);
    expect(await ids(`branchId=${pMain.id.slice(3)}`)).toEqual(onPMain);
    expect(await ids(`branchId=${dev}`)).toEqual(onDev);
    expect(await ids("branchId=unassigned")).toEqual(unassigned);
    expect(await ids("branchGitName=main")).toEqual([...onPMain, ...onQMain]);
    expect(await ids(`projectId=${q}&branchGitName=main`)).toEqual(onQMain);
    expect(await ids("branchGitName=dev")).toEqual(onDev);
    expect(await ids("branchGitName=nope")).toEqual([]);
    expect(await ids("branchId=br_cunknown0000")).toEqual([]);
    expect((await call(emu, "GET", `/databases/${unassigned[0]}`)).body.data.branchId).toBeNull();
    expectError(await call(emu, "GET", "/databases?branchId=bad-id"), 400, "client-error", /branchId/);
    expectError(await call(emu, "GET", "/databases?branchGitName="), 400, "client-error", /branchGitName/);
  });
});

describe("emulator branches: seeding and project removal", () => {
  it("seedBranch checks its input and can take over the default", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const other = emu.seedProject();
    expect(() => emu.seedBranch("proj_cunknown0000", { gitName: "dev" })).toThrow(/no project/);
    expect(() => emu.seedBranch(projectId, { gitName: "main" })).toThrow(/already has a branch main/);
    expect(() => emu.seedBranch(projectId, { gitName: "a b" })).toThrow(/invalid gitName/);
    const dev = emu.seedBranch(projectId, { gitName: "dev", isDefault: true });
    expect(defaultsOf(emu, projectId)).toEqual(["dev"]);
    expect(emu.state.branches.get(dev)).toMatchObject({ role: "preview", isDefault: true, deletedAt: null });
    const [otherMain] = await branchesOf(emu, other);
    expect(() => emu.seedDatabases(projectId, 1, { branchId: otherMain.id })).toThrow(/no live branch/);
    expect(emu.seedDatabases(projectId, 1).map((id) => emu.state.databases.get(id)?.branchId)).toEqual([dev]);
  });

  it("deleting a project removes its branches", async () => {
    const emu = await emulator();
    const project = await createProject(emu);
    const keep = await createProject(emu, { name: "keep" });
    const dev = await createBranch(emu, project.id, { gitName: "dev" });
    expect((await call(emu, "DELETE", `/projects/${project.id}`)).status).toBe(204);
    expect([...emu.state.branches.values()].map((b) => b.projectId)).toEqual([keep.id]);
    expectError(await call(emu, "GET", `/branches/${dev.id}`), 404, "resource-not-found");
  });
});
