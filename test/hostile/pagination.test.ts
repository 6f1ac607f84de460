// Pagination a server can break: a cursor sent twice, cursors that cycle, pages that promise more
// forever while bringing nothing new, `hasMore` without a cursor, and items repeated across pages.
// A list stops with a clear error after a bounded number of requests, returns each item once,
// and Delete Stale Databases never deletes anything on the strength of a broken list, nor sends
// two DELETEs for one database.
import { describe, expect, it } from "vitest";
import { MAX_FRUITLESS_PAGES, PaginationError } from "../../common/pagination";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import listDatabases from "../../actions/list-databases/list-databases";
import type { Database } from "../../common/types";
import { database } from "../fixtures";
import { TOKEN, expectNoCrash, expectNoLeak, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Handler, type Received } from "./server";

const projectId = "proj_chostile0001";
const servers = useHostileServers();
useHostileClock();

/** A page as the API sends it. */
const page = (items: Database[], nextCursor: string | null, hasMore = nextCursor !== null) =>
  reply.json(200, { data: items, pagination: { hasMore, nextCursor } });

/** A preview database old enough for Delete Stale Databases. */
const stale = (id: string, name = `pr-${id.slice(-3)}`) =>
  database(id, { name, isDefault: false, createdAt: "2026-10-01T00:00:00.000Z", project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } });

const [a, b, c, d] = ["db_citem00000001", "db_citem00000002", "db_citem00000003", "db_citem00000004"].map((id) => stale(id));

/** Pages by the cursor asked for ("" for the first). */
function pagesByCursor(pages: Record<string, ReturnType<typeof page>>): Handler {
  return (request: Received) => pages[request.query.cursor ?? ""] ?? reply.json(400, { error: { code: "bad-cursor", message: "Unknown cursor" } });
}

const listPath = `/v1/projects/${projectId}/databases`;
const cursorsAsked = (requests: Received[]) => requests.map((r) => r.query.cursor ?? null);

describe("List Databases against broken pagination", () => {
  it("stops when a cursor comes back a second time", async () => {
    const server = (await servers.start()).handle(pagesByCursor({ "": page([a], "c1"), c1: page([b], "c1") }));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.code).toBe("pagination-cursor-repeated");
    expect(error.message).toContain("already followed");
    expect(error.message).toContain("the list is incomplete");
    expect(cursorsAsked(server.requests)).toEqual([null, "c1"]);
    expect(server.requests.every((r) => r.path === listPath)).toBe(true);
    expect(outcome.result).toBeUndefined();
    expectNoLeak(outcome, [TOKEN]);
  });

  it("stops when cursors cycle A → B → A", async () => {
    const server = (await servers.start()).handle(pagesByCursor({ "": page([a], "A"), A: page([b], "B"), B: page([c], "A") }));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expect(error.code).toBe("pagination-cursor-repeated");
    expect(cursorsAsked(server.requests)).toEqual([null, "A", "B"]);
  });

  it("stops after a few empty pages that keep saying there is more", async () => {
    const server = (await servers.start()).handle((request) => page([], `c${server.requests.length}-${request.query.cursor ?? "first"}`));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expect(error.code).toBe("pagination-no-progress");
    expect(error.message).toContain(`${MAX_FRUITLESS_PAGES + 1} pages`);
    expect(server.requests).toHaveLength(MAX_FRUITLESS_PAGES + 1);
  });

  it("stops after a few pages that only repeat items already seen, with new cursors each time", async () => {
    const server = (await servers.start()).handle(() => page([a], `c${server.requests.length}`));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expect(error.code).toBe("pagination-no-progress");
    expect(server.requests).toHaveLength(1 + MAX_FRUITLESS_PAGES + 1);
  });

  it("stops at once when hasMore is true but no cursor is sent", async () => {
    const server = (await servers.start()).handle(() => page([a], null, true));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain(`Prisma answered GET /projects/${projectId}/databases with 200`);
    expect(error.message).toContain("`pagination.nextCursor` is missing while `hasMore` is true");
  });

  it("stops at once when hasMore is true and the cursor is empty", async () => {
    const server = (await servers.start()).handle(() => page([a], "", true));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expect(error.code).toBe("pagination-cursor-missing");
    expect(error.message).toContain("sent no cursor");
    expect(server.requests).toHaveLength(1);
  });

  it("returns each database once when pages repeat items", async () => {
    const server = (await servers.start()).handle(pagesByCursor({
      "": page([a, b], "c1"),
      c1: page([b, c, b], "c2"),
      c2: page([c, a, d], null),
    }));
    pointAppAt(server);

    const outcome = await runAction<Database[]>(listDatabases, { projectId });

    expect(resultOf(outcome).map((item) => item.id)).toEqual([a.id, b.id, c.id, d.id]);
    expect(cursorsAsked(server.requests)).toEqual([null, "c1", "c2"]);
    expect(outcome.summary).toBe(`Found 4 databases in project ${projectId}`);
  });

  it("stops asking once Max Results is reached, even where the server would loop", async () => {
    const server = (await servers.start()).handle(() => page([a, b, c], "loop"));
    pointAppAt(server);

    const outcome = await runAction<Database[]>(listDatabases, { projectId, maxResults: 2 });

    expect(resultOf(outcome).map((item) => item.id)).toEqual([a.id, b.id]);
    expect(server.log).toEqual([`GET ${listPath}?limit=2`]);
  });
});

describe("Delete Stale Databases against broken pagination", () => {
  const deleteProps = { projectId, namePattern: "pr-", olderThanHours: 24, dryRun: false, confirm: "DELETE" };
  const deletesOf = (requests: Received[]) => requests.filter((r) => r.method === "DELETE").map((r) => r.path).sort();

  it("sends one DELETE per database when the list repeats databases across pages", async () => {
    const server = (await servers.start()).handle((request) => {
      if (request.method === "DELETE") return reply.status(204);
      return pagesByCursor({ "": page([a, b], "c1"), c1: page([b, a, c, b], "c2"), c2: page([c, a], null) })(request);
    });
    pointAppAt(server);

    const outcome = await runAction<{ deleted: { databaseId: string }[]; failed: unknown[] }>(deleteStaleDatabases, deleteProps);

    const result = resultOf(outcome);
    expect(deletesOf(server.requests)).toEqual([a, b, c].map((x) => `/v1/databases/${x.id}`));
    expect(result.deleted.map((x) => x.databaseId).sort()).toEqual([a.id, b.id, c.id]);
    expect(result.failed).toEqual([]);
    expect(server.requests.filter((r) => r.method === "GET").map((r) => r.query)).toEqual([
      { projectId, limit: "100" },
      { projectId, cursor: "c1", limit: "100" },
      { projectId, cursor: "c2", limit: "100" },
    ]);
  });

  const broken: [string, () => Handler][] = [
    ["cycles its cursors", () => pagesByCursor({ "": page([a], "A"), A: page([b], "B"), B: page([c], "A") })],
    ["sends empty pages forever", () => { let n = 0; return () => page([], `c${++n}`); }],
    ["says there is more without a cursor", () => () => page([a, b], null, true)],
    ["stops answering in the shape of a page", () => pagesByCursor({ "": page([a], "c1"), c1: reply.json(200, { items: [b] }) })],
  ];

  it.each(broken)("deletes nothing when the list %s", async (_, handler) => {
    const handle = handler();
    const server = (await servers.start()).handle((request) => request.method === "DELETE"
      ? reply.status(204)
      : handle(request));
    pointAppAt(server);

    const outcome = await runAction(deleteStaleDatabases, deleteProps);

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(deletesOf(server.requests)).toEqual([]);
    expect(server.requests.length).toBeLessThanOrEqual(MAX_FRUITLESS_PAGES + 2);
  });
});
