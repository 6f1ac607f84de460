import { describe, expect, it } from "vitest";
import { MAX_PAGE_LIMIT } from "../../emulator/server";
import { call, emulator, followAll } from "./client";

describe("emulator pagination", () => {
  it("follows 2,500 databases to the end with the default limit, without duplicates or omissions", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject({ name: "big" });
    const seeded = emu.seedDatabases(projectId, 2500);

    const { items, pages } = await followAll(emu, "/databases");
    expect(pages).toBe(25);
    expect(items.map((d) => d.id)).toEqual(seeded);
    expect(new Set(items.map((d) => d.id)).size).toBe(2500);

    const perProject = await followAll(emu, `/projects/${projectId}/databases`, 1000);
    expect(perProject.pages).toBe(3);
    expect(perProject.items.map((d) => d.id)).toEqual(seeded);
  });

  it("reports hasMore false and a null cursor on the last page, and an empty list as one page", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const empty = await call(emu, "GET", "/databases");
    expect(empty.body).toEqual({ data: [], pagination: { nextCursor: null, hasMore: false } });

    emu.seedDatabases(projectId, 3);
    const first = await call(emu, "GET", "/databases?limit=2");
    expect(first.body.data).toHaveLength(2);
    expect(first.body.pagination.hasMore).toBe(true);
    expect(first.body.pagination.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const last = await call(emu, "GET", `/databases?limit=2&cursor=${first.body.pagination.nextCursor}`);
    expect(last.body.data).toHaveLength(1);
    expect(last.body.pagination).toEqual({ nextCursor: null, hasMore: false });

    const exact = await call(emu, "GET", "/databases?limit=3");
    expect(exact.body.pagination).toEqual({ nextCursor: null, hasMore: false });
  });

  it("keeps a cursor valid when items are deleted or added between pages", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const ids = emu.seedDatabases(projectId, 6);
    const first = await call(emu, "GET", "/databases?limit=3");
    // Delete the last item served and one not yet served; add one at the end.
    expect((await call(emu, "DELETE", `/databases/${ids[2]}`)).status).toBe(204);
    expect((await call(emu, "DELETE", `/databases/${ids[4]}`)).status).toBe(204);
    const [added] = emu.seedDatabases(projectId, 1);
    const rest = await call(emu, "GET", `/databases?limit=100&cursor=${first.body.pagination.nextCursor}`);
    expect(rest.body.data.map((d: { id: string }) => d.id)).toEqual([ids[3], ids[5], added]);
  });

  it("filters lists by projectId and logicalId, and a filtered list has its own cursors", async () => {
    const emu = await emulator();
    const a = emu.seedProject({ name: "a" });
    const b = emu.seedProject({ name: "b" });
    const inA = emu.seedDatabases(a, 5, { logicalIdPrefix: "svc" });
    emu.seedDatabases(b, 5);

    const filtered = await followAll(emu, `/databases?projectId=${a}`, 2);
    expect(filtered.items.map((d) => d.id)).toEqual(inA);
    const unprefixed = await call(emu, "GET", `/databases?projectId=${a.slice("proj_".length)}`);
    expect(unprefixed.body.data.map((d: { id: string }) => d.id)).toEqual(inA);

    const byLogicalId = await call(emu, "GET", "/databases?logicalId=svc-3");
    expect(byLogicalId.body.data.map((d: { id: string }) => d.id)).toEqual([inA[2]]);

    const firstOfA = await call(emu, "GET", `/databases?projectId=${a}&limit=2`);
    const misuse = await call(emu, "GET", `/databases?projectId=${b}&limit=2&cursor=${firstOfA.body.pagination.nextCursor}`);
    expect(misuse.status).toBe(400);
    expect(misuse.body.error.message).toMatch(/different list/);
  });

  it("refuses garbage, tampered and foreign cursors with the standard 400 body", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    emu.seedDatabases(projectId, 3);
    emu.seedProject();
    emu.seedProject();
    const databasesPage = await call(emu, "GET", "/databases?limit=1");
    const cursor: string = databasesPage.body.pagination.nextCursor;

    const decoded = Buffer.from(cursor, "base64url").toString();
    const tampered = Buffer.from(decoded.replace(/\.(\d+)\./, (_m, n) => `.${Number(n) + 1}.`)).toString("base64url");
    const cases = [
      ["/databases?cursor=garbage", /Invalid cursor/],
      ["/databases?cursor=%25%25%25", /Invalid cursor/],
      [`/databases?cursor=${tampered}`, /Invalid cursor/],
      [`/projects?cursor=${cursor}`, /different list/],
      [`/connections?cursor=${cursor}`, /different list/],
    ] as const;
    for (const [path, message] of cases) {
      const answer = await call(emu, "GET", path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error.code).toBe("client-error");
      expect(answer.body.error.message).toMatch(message);
      expect(typeof answer.body.error.hint).toBe("string");
    }
    // The untouched cursor still works.
    expect((await call(emu, "GET", `/databases?cursor=${cursor}`)).status).toBe(200);
  });

  it.each(["0", "-1", "abc", "1.5", "", String(MAX_PAGE_LIMIT + 1)])("refuses limit=%j with 400", async (limit) => {
    const emu = await emulator();
    const answer = await call(emu, "GET", `/projects?limit=${limit}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ code: "client-error", message: expect.stringMatching(/limit.*1 to 1000/) });
  });

  it(`accepts limit up to ${MAX_PAGE_LIMIT}`, async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    emu.seedDatabases(projectId, 1200);
    const page = await call(emu, "GET", `/databases?limit=${MAX_PAGE_LIMIT}`);
    expect(page.body.data).toHaveLength(MAX_PAGE_LIMIT);
    expect(page.body.pagination.hasMore).toBe(true);
  });

  it("lists service tokens newest first, pages of 1..100", async () => {
    const emu = await emulator();
    const created: string[] = [];
    for (const name of ["one", "two", "three"]) {
      const answer = await call(emu, "POST", `/workspaces/${emu.workspaceId}/service-tokens`, { body: { name } });
      created.push(answer.body.data.id);
    }
    const { items, pages } = await followAll(emu, `/workspaces/${emu.workspaceId}/service-tokens`, 2);
    expect(pages).toBe(2);
    // The emulator's own token is the oldest.
    expect(items.map((t) => t.name)).toEqual(["three", "two", "one", "Emulator"]);
    expect(items.slice(0, 3).map((t) => t.id)).toEqual([...created].reverse());

    for (const limit of ["0", "101", "x"]) {
      const answer = await call(emu, "GET", `/workspaces/${emu.workspaceId}/service-tokens?limit=${limit}`);
      expect(answer.status).toBe(400);
    }
  });

  it("lists every connection of the workspace without databaseId, across projects, in creation order", async () => {
    const emu = await emulator();
    const a = emu.seedProject({ name: "a" });
    const b = emu.seedProject({ name: "b" });
    const gone = emu.seedProject({ name: "gone" });
    const [dbA] = emu.seedDatabases(a, 1);
    const [dbB] = emu.seedDatabases(b, 1);
    emu.seedDatabases(gone, 2);
    const extra = await call(emu, "POST", "/connections", { body: { databaseId: dbA, name: "reporting" } });
    const dropped = await call(emu, "POST", `/databases/${dbB}/connections`, { body: { name: "temporary" } });
    const last = await call(emu, "POST", `/databases/${dbB}/connections`, { body: { name: "worker" } });
    expect((await call(emu, "DELETE", `/connections/${dropped.body.data.id}`)).status).toBe(204);
    expect((await call(emu, "POST", `/projects/${gone}/transfer`, { body: { recipientAccessToken: "recipient" } })).status).toBe(204);

    const defaultOf = (databaseId: string) => emu.state.databases.get(databaseId)?.defaultConnectionId;
    const expected = [defaultOf(dbA), defaultOf(dbB), extra.body.data.id, last.body.data.id];
    const { items, pages } = await followAll(emu, "/connections", 3);
    expect(pages).toBe(2);
    expect(items.map((c) => c.id)).toEqual(expected);
    expect(items.map((c) => `${c.database.id} ${c.name}`)).toEqual([`${dbA} default`, `${dbB} default`, `${dbA} reporting`, `${dbB} worker`]);
    // Lists carry no credentials.
    for (const connection of items) expect(connection.endpoints.direct).toEqual(emu.endpoints.direct);
    expect((await followAll(emu, "/connections", 1)).pages).toBe(4);
    expect((await followAll(emu, `/connections?databaseId=${dbB}`, 1)).items.map((c) => c.id)).toEqual([expected[1], expected[3]]);
  });

  it("pages connections and integrations too", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const dbs = emu.seedDatabases(projectId, 150);
    const connections = await followAll(emu, "/connections");
    expect(connections.pages).toBe(2);
    expect(connections.items.map((c) => c.database.id)).toEqual(dbs);

    const integrations = [emu.seedIntegration(), emu.seedIntegration(), emu.seedIntegration()];
    const listed = await followAll(emu, `/workspaces/${emu.workspaceId}/integrations`, 2);
    expect(listed.items.map((i) => i.id)).toEqual(integrations.map((i) => i.id));
  });
});
