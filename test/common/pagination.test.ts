import { describe, expect, it } from "vitest";
import { PAGE_LIMIT } from "../../common/constants";
import { collect, paginate, type PageFetcher } from "../../common/pagination";
import type { Page, Project } from "../../common/types";
import type { PrismaApp } from "../../prisma_management_api.app";
import { page, project } from "../fixtures";
import { api, boundApp } from "../harness";

/** A fetcher over `pages` that records each call's cursor and limit. */
function pagesOf<T>(pages: Page<T>[]) {
  const calls: { cursor: string | null; limit: number }[] = [];
  const fetchPage: PageFetcher<T> = async (cursor, limit) => {
    calls.push({ cursor, limit });
    const next = pages[calls.length - 1];
    if (!next) throw new Error(`page ${calls.length} was not expected`);
    return next;
  };
  return { calls, fetchPage };
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

  it("stops when hasMore is true but the cursor is null", async () => {
    const { calls, fetchPage } = pagesOf([{ data: [1, 2], pagination: { hasMore: true, nextCursor: null } }]);
    expect(await collect(paginate(fetchPage))).toEqual([1, 2]);
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

describe("app.paginate over HTTP", () => {
  const prisma = () => boundApp() as unknown as PrismaApp;

  it("requests each page with the cursor and limit", async () => {
    api().get("/v1/projects").query({ limit: "100" }).reply(200, page([project("proj_c1aaaaaaaa"), project("proj_c2aaaaaaaa")], "cur_2"));
    api().get("/v1/projects").query({ cursor: "cur_2", limit: "100" }).reply(200, page([project("proj_c3aaaaaaaa")]));

    const app = prisma();
    const projects: Project[] = await collect(app.paginate((cursor, limit) => app.listProjects({ params: { cursor, limit } })));

    expect(projects.map((p) => p.id)).toEqual(["proj_c1aaaaaaaa", "proj_c2aaaaaaaa", "proj_c3aaaaaaaa"]);
  });

  it("asks for max items and sends nothing more", async () => {
    api().get("/v1/projects").query({ limit: "2" }).reply(200, page([project("proj_c1aaaaaaaa"), project("proj_c2aaaaaaaa")], "cur_2"));

    const app = prisma();
    const projects = await collect(app.paginate((cursor, limit) => app.listProjects({ params: { cursor, limit } }), 2));

    expect(projects).toHaveLength(2);
  });
});
