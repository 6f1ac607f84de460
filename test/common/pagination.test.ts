import { describe, expect, it } from "vitest";
import { PAGE_LIMIT } from "../../common/constants";
import { PrismaApiError } from "../../common/errors";
import { MAX_FRUITLESS_PAGES, MAX_PAGES, PaginationError, collect, pages, paginate, type PageFetcher } from "../../common/pagination";
import type { Page, Project } from "../../common/types";
import type { PrismaApp } from "../../prisma_management_api.app";
import { database, page, project } from "../fixtures";
import { api, boundApp } from "../harness";

/** A fetcher over `pages` that records each call's cursor and limit. */
function pagesOf<T>(pages: Page<T>[]) {
  const calls: { cursor: string | null; limit: number }[] = [];
  const fetchPage: PageFetcher<T> = async (cursor, limit) => {
    calls.push({ cursor, limit });
    if (calls.length > pages.length) throw new Error(`page ${calls.length} was not expected`);
    return pages[calls.length - 1];
  };
  return { calls, fetchPage };
}

/** Reads `items` to the end or to the first error; returns both. */
async function drain<T>(items: AsyncIterable<T>) {
  const read: T[] = [];
  try {
    for await (const item of items) read.push(item);
  } catch (error) {
    return { items: read, error: error as Error };
  }
  return { items: read, error: null };
}

const numbers = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("paginate", () => {
  it("follows nextCursor to the last page, asking for pages of 100", async () => {
    const { calls, fetchPage } = pagesOf([page(numbers(0, 100), "c2"), page(numbers(100, 100), "c3"), page(numbers(200, 7))]);

    expect(await collect(paginate(fetchPage))).toEqual(numbers(0, 207));
    expect(calls).toEqual([{ cursor: null, limit: 100 }, { cursor: "c2", limit: 100 }, { cursor: "c3", limit: 100 }]);
  });

  it("makes one request for a single page", async () => {
    const { calls, fetchPage } = pagesOf([page(["a", "b"])]);
    expect(await collect(paginate(fetchPage))).toEqual(["a", "b"]);
    expect(calls).toHaveLength(1);
  });

  it("handles an empty list", async () => {
    const { calls, fetchPage } = pagesOf([page([])]);
    expect(await collect(paginate(fetchPage))).toEqual([]);
    expect(calls).toEqual([{ cursor: null, limit: PAGE_LIMIT }]);
  });

  it("fails when hasMore is true but the cursor is null, rather than return a list missing items", async () => {
    const { calls, fetchPage } = pagesOf([{ data: [1, 2], pagination: { hasMore: true, nextCursor: null } }]);
    const { items, error } = await drain(paginate(fetchPage));
    expect(items).toEqual([1, 2]);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error?.message).toBe("Prisma said the list has more pages after page 1 but sent no cursor to fetch them, so only the first 2 items could be read. Stopped rather than return a list that silently misses items; run the step again later.");
    expect(calls).toHaveLength(1);
  });

  it("stops when hasMore is false even if a cursor is given", async () => {
    const { calls, fetchPage } = pagesOf([{ data: [1], pagination: { hasMore: false, nextCursor: "c2" } }]);
    expect(await collect(paginate(fetchPage))).toEqual([1]);
    expect(calls).toHaveLength(1);
  });

  it("follows a page that came back empty but says there is more", async () => {
    const { calls, fetchPage } = pagesOf([page([], "c2"), page([1])]);
    expect(await collect(paginate(fetchPage))).toEqual([1]);
    expect(calls.map((c) => c.cursor)).toEqual([null, "c2"]);
  });

  describe("with max", () => {
    it("asks for a smaller page and stops without another request", async () => {
      const { calls, fetchPage } = pagesOf([page(numbers(0, 5), "c2")]);
      expect(await collect(paginate(fetchPage, 5))).toEqual(numbers(0, 5));
      expect(calls).toEqual([{ cursor: null, limit: 5 }]);
    });

    it("asks only for what is still missing on later pages", async () => {
      const { calls, fetchPage } = pagesOf([page(numbers(0, 100), "c2"), page(numbers(100, 50), "c3")]);
      expect(await collect(paginate(fetchPage, 150))).toEqual(numbers(0, 150));
      expect(calls).toEqual([{ cursor: null, limit: 100 }, { cursor: "c2", limit: 50 }]);
    });

    it("never returns more than max, even when the API sends a larger page", async () => {
      const { calls, fetchPage } = pagesOf([page(numbers(0, 10), "c2")]);
      expect(await collect(paginate(fetchPage, 3))).toEqual([0, 1, 2]);
      expect(calls).toHaveLength(1);
    });

    it("returns everything when max is more than there is", async () => {
      const { calls, fetchPage } = pagesOf([page(numbers(0, 100), "c2"), page([100, 101])]);
      expect(await collect(paginate(fetchPage, 1000))).toEqual(numbers(0, 102));
      expect(calls).toEqual([{ cursor: null, limit: 100 }, { cursor: "c2", limit: 100 }]);
    });

    it("makes no request for max 0", async () => {
      const { calls, fetchPage } = pagesOf<number>([]);
      expect(await collect(paginate(fetchPage, 0))).toEqual([]);
      expect(calls).toHaveLength(0);
    });

    it("stops fetching when the consumer stops reading", async () => {
      const { calls, fetchPage } = pagesOf([page(numbers(0, 100), "c2"), page(numbers(100, 100))]);
      const seen: number[] = [];
      for await (const n of paginate(fetchPage)) {
        seen.push(n);
        if (seen.length === 3) break;
      }
      expect(seen).toEqual([0, 1, 2]);
      expect(calls).toHaveLength(1);
    });
  });

  it("passes a fetcher's error through", async () => {
    const failing: PageFetcher<number> = async () => { throw new Error("boom"); };
    await expect(collect(paginate(failing))).rejects.toThrow("boom");
  });
});

describe("paginate against a server that misbehaves", () => {
  const ids = (...names: string[]) => names.map((id) => ({ id }));
  /** A fetcher that never runs out: page `n` (from 1) is `make(n)`. */
  function endless<T>(make: (n: number) => Page<T>) {
    const cursors: (string | null)[] = [];
    const fetchPage: PageFetcher<T> = async (cursor) => {
      cursors.push(cursor);
      if (cursors.length > 50) throw new Error("paginate kept going");
      return make(cursors.length);
    };
    return { cursors, fetchPage };
  }

  it("stops when the server sends the same cursor again", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("a"), "A"), page(ids("b"), "A")]);
    const { items, error } = await drain(paginate(fetchPage));
    expect(items).toEqual(ids("a", "b"));
    expect(error?.message).toBe("Prisma sent a cursor for the list that was already followed (after page 2), so following it would loop forever. Stopped after 2 items; the list is incomplete. Run the step again later.");
    expect(calls.map((c) => c.cursor)).toEqual([null, "A"]);
  });

  it("stops when the cursors go round a cycle A → B → A", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("a"), "A"), page(ids("b"), "B"), page(ids("c"), "A")]);
    const { items, error } = await drain(paginate(fetchPage));
    expect(items).toEqual(ids("a", "b", "c"));
    expect(error?.message).toBe("Prisma sent a cursor for the list that was already followed (after page 3), so following it would loop forever. Stopped after 3 items; the list is incomplete. Run the step again later.");
    expect(calls.map((c) => c.cursor)).toEqual([null, "A", "B"]);
  });

  it("stops at the first repeat of a longer cycle, each cursor sent once", async () => {
    const { cursors, fetchPage } = endless((n) => page(ids(`item-${n}`), `c${n % 5}`));
    const { items, error } = await drain(paginate(fetchPage));
    expect(error).toBeInstanceOf(PaginationError);
    expect(cursors).toEqual([null, "c1", "c2", "c3", "c4", "c0"]);
    expect(items).toHaveLength(6);
  });

  it.each<[string, unknown]>([["an empty string", ""], ["a number", 42], ["nothing", undefined]])(
    "fails when hasMore is true and the cursor is %s", async (_what, nextCursor) => {
      const { calls, fetchPage } = pagesOf([page([1], "c2"), { data: [2], pagination: { hasMore: true, nextCursor } } as Page<number>]);
      const { items, error } = await drain(paginate(fetchPage));
      expect(items).toEqual([1, 2]);
      expect(error?.message).toBe("Prisma said the list has more pages after page 2 but sent no cursor to fetch them, so only the first 2 items could be read. Stopped rather than return a list that silently misses items; run the step again later.");
      expect(calls).toHaveLength(2);
    });

  it(`stops after ${MAX_FRUITLESS_PAGES + 1} empty pages in a row that each promise more`, async () => {
    const { cursors, fetchPage } = endless<number>((n) => page([], `c${n}`));
    const { items, error } = await drain(paginate(fetchPage));
    expect(items).toEqual([]);
    expect(error?.message).toBe("Prisma sent 4 pages of the list in a row with no new items while saying there were more. Stopped after 0 items rather than follow it without end; the list may be incomplete. Run the step again later.");
    expect(cursors).toEqual([null, "c1", "c2", "c3"]);
  });

  it("counts pages of items already seen as empty", async () => {
    const { cursors, fetchPage } = endless((n) => page(ids("a", "b"), `c${n}`));
    const { items, error } = await drain(paginate(fetchPage));
    expect(items).toEqual(ids("a", "b"));
    expect(error?.message).toBe("Prisma sent 4 pages of the list in a row with no new items while saying there were more. Stopped after 2 items rather than follow it without end; the list may be incomplete. Run the step again later.");
    expect(cursors).toHaveLength(5);
  });

  it(`follows up to ${MAX_FRUITLESS_PAGES} empty pages in a row, counting again after a page with items`, async () => {
    const empty = (cursor: string) => page<number>([], cursor);
    const { calls, fetchPage } = pagesOf([empty("c1"), empty("c2"), empty("c3"), page([1], "c4"), empty("c5"), empty("c6"), empty("c7"), page([2])]);
    expect(await collect(paginate(fetchPage))).toEqual([1, 2]);
    expect(calls).toHaveLength(8);
  });

  it("yields each ID once, across pages and within one", async () => {
    const { fetchPage } = pagesOf([page(ids("a", "b", "a"), "c2"), page(ids("b", "c", "a"), "c3"), page(ids("c", "d"))]);
    expect(await collect(paginate(fetchPage))).toEqual(ids("a", "b", "c", "d"));
  });

  it("passes items without an ID through, even when they repeat", async () => {
    const { fetchPage } = pagesOf<unknown>([page<unknown>([1, 1, { name: "x" }, { name: "x" }, null], "c2"), page<unknown>([{ id: 7 }, { id: 7 }, { id: "7" }])]);
    expect(await collect(paginate(fetchPage))).toEqual([1, 1, { name: "x" }, { name: "x" }, null, { id: 7 }, { id: "7" }]);
  });

  it("counts only new items towards max, and asks for what is still missing", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("a", "b"), "c2"), page(ids("b", "c", "d"), "c3")]);
    expect(await collect(paginate(fetchPage, 3))).toEqual(ids("a", "b", "c"));
    expect(calls).toEqual([{ cursor: null, limit: 3 }, { cursor: "c2", limit: 1 }]);
  });

  it("does not fail over a broken cursor it does not need to follow", async () => {
    const { calls, fetchPage } = pagesOf([{ data: numbers(0, 5), pagination: { hasMore: true, nextCursor: null } }]);
    expect(await collect(paginate(fetchPage, 5))).toEqual(numbers(0, 5));
    expect(calls).toHaveLength(1);
  });

  it.each<[string, unknown, string]>([
    ["without data", { pagination: { hasMore: false, nextCursor: null } }, "nothing"],
    ["with null data", { data: null, pagination: { hasMore: false, nextCursor: null } }, "null"],
    ["with an object for data", { data: { id: "a" }, pagination: { hasMore: false, nextCursor: null } }, "an object"],
    ["with a string for data", { data: "a,b", pagination: { hasMore: false, nextCursor: null } }, "a string"],
    ["that is null", null, "nothing"],
  ])("fails clearly, not with a TypeError, on a page %s", async (_what, second, got) => {
    const { fetchPage } = pagesOf([page(ids("a"), "c2"), second as Page<{ id: string }>]);
    const { items, error } = await drain(paginate(fetchPage));
    expect(items).toEqual(ids("a"));
    expect(error).toBeInstanceOf(PaginationError);
    expect(error?.message).toBe(`Page 2 of the list came without its \`data\` list of items (got ${got}), so the list cannot be read. Run the step again; if it persists, the API is answering in an unexpected shape.`);
  });

  it("takes a page without pagination as the last one", async () => {
    const { calls, fetchPage } = pagesOf([{ data: [1, 2] } as unknown as Page<number>]);
    expect(await collect(paginate(fetchPage))).toEqual([1, 2]);
    expect(calls).toHaveLength(1);
  });

  it("fails with an error shaped like the API's, with a code per problem", async () => {
    const { fetchPage } = pagesOf([page(ids("a"), "A"), page(ids("b"), "A")]);
    const { error } = await drain(paginate(fetchPage));
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error).toMatchObject({ name: "PaginationError", status: null, code: "pagination-cursor-repeated", apiMessage: null, hint: null });
    const codes = await Promise.all([
      drain(paginate(pagesOf([{ data: [1], pagination: { hasMore: true, nextCursor: null } }]).fetchPage)),
      drain(paginate(endless<number>((n) => page([], `c${n}`)).fetchPage)),
      drain(paginate(pagesOf([null as unknown as Page<number>]).fetchPage)),
    ]);
    expect(codes.map(({ error: e }) => (e as PaginationError).code))
      .toEqual(["pagination-cursor-missing", "pagination-no-progress", "pagination-page-without-data"]);
  });
});

describe("app.paginate over HTTP", () => {
  const prisma = () => boundApp() as unknown as PrismaApp;

  it("requests each page with the cursor and limit", async () => {
    api().get("/v1/projects").query({ limit: "100" }).reply(200, page([project("proj_c1aaaaaaaa"), project("proj_c2aaaaaaaa")], "cur_2"));
    api().get("/v1/projects").query({ cursor: "cur_2", limit: "100" }).reply(200, page([project("proj_c3aaaaaaaa")]));

    const app = prisma();
    const projects: Project[] = await collect(app.paginate(app.listProjects, {}));

    expect(projects.map((p) => p.id)).toEqual(["proj_c1aaaaaaaa", "proj_c2aaaaaaaa", "proj_c3aaaaaaaa"]);
  });

  it("asks for max items and sends nothing more", async () => {
    api().get("/v1/projects").query({ limit: "2" }).reply(200, page([project("proj_c1aaaaaaaa"), project("proj_c2aaaaaaaa")], "cur_2"));

    const app = prisma();
    const projects = await collect(app.paginate(app.listProjects, {}, 2));

    expect(projects).toHaveLength(2);
  });

  it("stops a server that sends the same cursor again after exactly the requests it needed", async () => {
    api().get("/v1/projects").query({ limit: "100" }).reply(200, page([project("proj_c1aaaaaaaa")], "cur_2"));
    api().get("/v1/projects").query({ cursor: "cur_2", limit: "100" }).reply(200, page([project("proj_c2aaaaaaaa")], "cur_2"));

    const app = prisma();
    const { items, error } = await drain(app.paginate(app.listProjects, {}));

    expect(items.map((p) => p.id)).toEqual(["proj_c1aaaaaaaa", "proj_c2aaaaaaaa"]);
    expect(error?.message).toBe("Prisma sent a cursor for the list that was already followed (after page 2), so following it would loop forever. Stopped after 2 items; the list is incomplete. Run the step again later.");
  });

  it("sends one DELETE per database when repeated pages list the same databases again", async () => {
    const first = database("db_c1aaaaaaaa");
    const second = database("db_c2aaaaaaaa");
    api().get("/v1/databases").query({ limit: "100" }).reply(200, page([first, second], "cur_2"));
    api().get("/v1/databases").query({ cursor: "cur_2", limit: "100" }).reply(200, page([second, first], "cur_3"));
    api().get("/v1/databases").query({ cursor: "cur_3", limit: "100" }).reply(200, page([first, second]));
    api().delete("/v1/databases/db_c1aaaaaaaa").reply(204);
    api().delete("/v1/databases/db_c2aaaaaaaa").reply(204);

    const app = prisma();
    const deleted: string[] = [];
    for await (const db of app.paginate(app.listDatabases, {})) {
      await app.deleteDatabase({ databaseId: db.id });
      deleted.push(db.id);
    }

    expect(deleted).toEqual(["db_c1aaaaaaaa", "db_c2aaaaaaaa"]);
  });

  it("finds the first match page by page through findFirst, and stops there", async () => {
    api().get("/v1/projects").query({ logicalId: "shop", limit: "100" }).reply(200, page([project("proj_c1aaaaaaaa")], "cur_2"));
    api().get("/v1/projects").query({ logicalId: "shop", cursor: "cur_2", limit: "100" })
      .reply(200, page([project("proj_c2aaaaaaaa", "shop", { logicalId: "shop" })], "cur_3"));

    const app = prisma();
    const found = await app.findFirst(app.listProjects, { params: { logicalId: "shop" } }, (p) => p.logicalId === "shop");

    expect(found?.id).toBe("proj_c2aaaaaaaa");
  });

  it("answers undefined when no item matches, and stops a broken list with its error", async () => {
    api().get("/v1/projects").query({ limit: "100" }).reply(200, page([project("proj_c1aaaaaaaa")], "cur_2"));
    api().get("/v1/projects").query({ cursor: "cur_2", limit: "100" }).reply(200, page([project("proj_c2aaaaaaaa")]));
    api().get("/v1/databases").query({ limit: "100" }).reply(200, page([database("db_c1aaaaaaaa")], "cur_2"));
    api().get("/v1/databases").query({ cursor: "cur_2", limit: "100" }).reply(200, page([database("db_c2aaaaaaaa")], "cur_2"));

    const app = prisma();
    expect(await app.findFirst(app.listProjects, {}, () => false)).toBeUndefined();
    await expect(app.findFirst(app.listDatabases, {}, () => false)).rejects.toMatchObject({ code: "pagination-cursor-repeated" });
  });

  it("lists each item once through listAll", async () => {
    api().get("/v1/projects").query({ limit: "100" }).reply(200, page([project("proj_c1aaaaaaaa"), project("proj_c2aaaaaaaa")], "cur_2"));
    api().get("/v1/projects").query({ cursor: "cur_2", limit: "100" }).reply(200, page([project("proj_c2aaaaaaaa"), project("proj_c3aaaaaaaa")]));

    const app = prisma();
    const projects = await app.listAll(app.listProjects, {});

    expect(projects.map((p) => p.id)).toEqual(["proj_c1aaaaaaaa", "proj_c2aaaaaaaa", "proj_c3aaaaaaaa"]);
  });
});

describe("pages", () => {
  const ids = (...names: string[]) => names.map((id) => ({ id }));

  it("starts from the cursor given, and yields each page with its cursor, the next one and the trail", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("b"), "C"), page(ids("c"))]);
    const read = await collect(pages(fetchPage, { from: "B" }));
    expect(calls).toEqual([{ cursor: "B", limit: PAGE_LIMIT }, { cursor: "C", limit: PAGE_LIMIT }]);
    expect(read).toEqual([
      { items: ids("b"), cursor: "B", next: "C", problem: null, trail: { followed: ["C"], pages: 1, fruitless: 0 } },
      { items: ids("c"), cursor: "C", next: null, problem: null, trail: { followed: ["C"], pages: 2, fruitless: 0 } },
    ]);
  });

  it("detects a cursor followed in an earlier call from the trail it is given (a dropdown's load more)", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("b"), "A")]);
    const { items, error } = await drain(pages(fetchPage, { from: "A", trail: { followed: ["A"], pages: 1, fruitless: 0 } }));
    expect(calls).toHaveLength(1);
    expect(items.map((p) => [p.next, p.problem?.code])).toEqual([[null, "pagination-cursor-repeated"]]);
    expect(error).toBeInstanceOf(PaginationError);
  });

  it("yields the last readable page with its problem, then throws it instead of fetching more", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("a"), "A"), page(ids("b"), "A")]);
    const { items, error } = await drain(pages(fetchPage));
    expect(calls).toHaveLength(2);
    expect(items.map((p) => p.items)).toEqual([ids("a"), ids("b")]);
    expect(items[1].problem).toBe(error);
  });

  it(`stops at the page cap (${MAX_PAGES} unless set) of a list that never ends`, async () => {
    let n = 0;
    const fetchPage: PageFetcher<{ id: string }> = async () => ({ data: ids(`i${++n}`), pagination: { hasMore: true, nextCursor: `c${n}` } });
    const { items, error } = await drain(pages(fetchPage, { maxPages: 5 }));
    expect(n).toBe(5);
    expect(items).toHaveLength(5);
    expect((error as PaginationError).code).toBe("pagination-page-cap");
    expect(error?.message).toBe("Prisma kept saying the list has more pages after 5 pages (5 items), more than are read in one go. Stopped; the list is incomplete. Narrow it with a filter, e.g. one project.");
  });

  it("sends no request past the page the consumer stopped on", async () => {
    const { calls, fetchPage } = pagesOf([page(ids("a"), "A"), page(ids("b"))]);
    for await (const _first of pages(fetchPage)) break;
    expect(calls).toHaveLength(1);
  });
});
