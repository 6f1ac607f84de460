// The one list mechanism where actions are not the reader: dropdowns, which read one page per
// call and carry the trail of cursors followed in their context, and the flows' own lookups.
// A "load more" handed back a cursor already followed, a cycle across calls, pages that stay
// empty or only repeat earlier options, and a list that never ends all stop offering more after
// a bounded number of calls; no option is shown twice across calls;
// labels are masked like every other exit. A flow's lookup stops on a broken list with a
// PaginationError instead of following it.
import { describe, expect, it } from "vitest";
import { MAX_FRUITLESS_PAGES, PaginationError } from "../../common/pagination";
import { MAX_OPTION_PAGES } from "../../common/options";
import { defaultBranchOf } from "../../flows/provisioning-database";
import app, { type PrismaApp } from "../../prisma_management_api.app";
import { DIRECT_URL, SECRET_API_KEY, SECRET_PASSWORD, branch, project } from "../fixtures";
import { bindApp, options } from "../pipedream";
import { TOKEN, expectNoCrash, settle, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour, type Received } from "./server";

const servers = useHostileServers();
useHostileClock();

type OptionsPage = { options: { label: string; value: string }[]; context: Record<string, unknown> };

const pageOf = (items: unknown[], nextCursor: string | null, hasMore = nextCursor !== null): Behaviour =>
  reply.json(200, { data: items, pagination: { hasMore, nextCursor } });

const projectN = (n: number) => project(`proj_cdrop${String(n).padStart(4, "0")}aa`, `p${n}`);

/** Loads the Project dropdown's pages as a person clicking "load more" would, at most `clicks` times. */
async function loadMore(clicks: number) {
  const loaded: OptionsPage[] = [];
  let prevContext: Record<string, unknown> | undefined;
  for (let i = 0; i < clicks; i++) {
    const page = await settle(options(app, "projectId", { prevContext }, { api_token: TOKEN }) as Promise<OptionsPage>);
    loaded.push(page);
    if (Object.keys(page.context).length === 0) break;
    prevContext = page.context;
  }
  return loaded;
}

describe("a dropdown's load more", () => {
  it("ends when the next page hands back the cursor it was given", async () => {
    const server = (await servers.start()).handle((r) => r.query.cursor ? pageOf([projectN(2)], r.query.cursor) : pageOf([projectN(1)], "A"));
    pointAppAt(server);

    const loaded = await loadMore(10);

    expect(server.requests.map((r) => r.query.cursor ?? null)).toEqual([null, "A"]);
    expect(loaded.map((p) => p.options.map((o) => o.value))).toEqual([[projectN(1).id], [projectN(2).id]]);
    expect(loaded[1].context).toEqual({});
  });

  it("ends at the first cursor of a cycle A → B → A", async () => {
    const pages: Record<string, Behaviour> = { "": pageOf([projectN(1)], "A"), A: pageOf([projectN(2)], "B"), B: pageOf([projectN(3)], "A") };
    const server = (await servers.start()).handle((r) => pages[r.query.cursor ?? ""]);
    pointAppAt(server);

    const loaded = await loadMore(10);

    expect(server.requests.map((r) => r.query.cursor ?? null)).toEqual([null, "A", "B"]);
    expect(loaded.at(-1)?.context).toEqual({});
  });

  it(`ends after ${MAX_FRUITLESS_PAGES + 1} empty pages in a row that promise more`, async () => {
    const server = (await servers.start()).handle((r: Received) => pageOf([], `e${Number((r.query.cursor ?? "e0").slice(1)) + 1}`));
    pointAppAt(server);

    const loaded = await loadMore(50);

    expect(server.requests).toHaveLength(MAX_FRUITLESS_PAGES + 1);
    expect(loaded.at(-1)?.context).toEqual({});
  });

  it(`ends after ${MAX_OPTION_PAGES} pages of a list that never ends`, async () => {
    let n = 0;
    const server = (await servers.start()).handle(() => pageOf([projectN(++n)], `p${n}`));
    pointAppAt(server);

    const loaded = await loadMore(MAX_OPTION_PAGES + 20);

    expect(server.requests).toHaveLength(MAX_OPTION_PAGES);
    expect(loaded.at(-1)?.context).toEqual({});
  });

  it("lists no option twice: a later page that repeats earlier ones shows only what is new", async () => {
    const pages: Record<string, Behaviour> = {
      "": pageOf([projectN(1), projectN(2)], "A"),
      A: pageOf([projectN(2), projectN(3)], "B"),
      B: pageOf([projectN(1), projectN(3), projectN(4)], null),
    };
    const server = (await servers.start()).handle((r) => pages[r.query.cursor ?? ""]);
    pointAppAt(server);

    const loaded = await loadMore(10);

    expect(server.requests.map((r) => r.query.cursor ?? null)).toEqual([null, "A", "B"]);
    expect(loaded.map((p) => p.options.map((o) => o.value))).toEqual([
      [projectN(1).id, projectN(2).id],
      [projectN(3).id],
      [projectN(4).id],
    ]);
  });

  it(`ends after ${MAX_FRUITLESS_PAGES + 1} pages in a row that only repeat earlier options under fresh cursors`, async () => {
    const server = (await servers.start()).handle((r: Received) => pageOf([projectN(1)], `r${Number((r.query.cursor ?? "r0").slice(1)) + 1}`));
    pointAppAt(server);

    const loaded = await loadMore(50);

    expect(server.requests).toHaveLength(1 + MAX_FRUITLESS_PAGES + 1);
    expect(loaded.map((p) => p.options.length)).toEqual([1, ...Array(MAX_FRUITLESS_PAGES + 1).fill(0)]);
    expect(loaded.at(-1)?.context).toEqual({});
  });

  it.each([
    ["not a string", 42],
    ["a length that is no whole number of fingerprints", "abc"],
    ["characters no fingerprint has", "abc/efgh"],
    ["more than the pages allowed could have shown", "AAAAAAAA".repeat(MAX_OPTION_PAGES * 100 + 1)],
  ])("starts from the first page when the context's fingerprints are %s", async (_what, seen) => {
    const server = (await servers.start()).handle(() => pageOf([projectN(1)], null));
    pointAppAt(server);

    const prevContext = { cursor: "A", trail: { followed: ["A"], pages: 1, fruitless: 0, seen } };
    const page = await settle(options(app, "projectId", { prevContext }, { api_token: TOKEN }) as Promise<OptionsPage>);

    expect(server.requests.map((r) => r.query.cursor ?? null)).toEqual([null]);
    expect(page.options.map((o) => o.value)).toEqual([projectN(1).id]);
  });

  it("starts from the first page when the context is not one it gave", async () => {
    const server = (await servers.start()).handle(() => pageOf([projectN(1)], null));
    pointAppAt(server);

    const page = await settle(options(app, "projectId", { prevContext: { cursor: "A", trail: "nonsense" } }, { api_token: TOKEN }) as Promise<OptionsPage>);

    expect(server.requests.map((r) => r.query.cursor ?? null)).toEqual([null]);
    expect(page).toEqual({ options: [{ label: `p1 (${projectN(1).id}) · us-east-1`, value: projectN(1).id }], context: {} });
  });

  it("masks a URL password and a JWT in labels", async () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.${SECRET_API_KEY.split(".")[1]}abcdef`;
    const server = (await servers.start()).handle(() => pageOf([
      project("proj_cleaky000001", `db ${DIRECT_URL}`),
      project("proj_cleaky000002", `token ${jwt}`),
    ], null));
    pointAppAt(server);

    const page = await settle(options(app, "projectId", {}, { api_token: TOKEN }) as Promise<OptionsPage>);

    expect(page.options.map((o) => o.value)).toEqual(["proj_cleaky000001", "proj_cleaky000002"]);
    const labels = JSON.stringify(page.options);
    expect(labels).not.toContain(SECRET_PASSWORD);
    expect(labels).not.toContain(jwt);
  });
});

describe("a flow's lookup", () => {
  const projectId = "proj_cflow000001";
  const step = () => ({ export: () => undefined });
  const prisma = () => bindApp(app, { api_token: TOKEN }) as unknown as PrismaApp;

  it("stops on a cursor cycle while looking for the project's default branch", async () => {
    const pages: Record<string, Behaviour> = {
      "": pageOf([branch("br_cflowa0000001", "a")], "A"),
      A: pageOf([branch("br_cflowb0000001", "b")], "B"),
      B: pageOf([branch("br_cflowc0000001", "c")], "A"),
    };
    const server = (await servers.start()).handle((r) => pages[r.query.cursor ?? ""]);
    pointAppAt(server);

    const error = await settle(defaultBranchOf(prisma(), step(), projectId)).then(() => undefined, (caught: Error & { code?: string }) => caught);

    expectNoCrash(error);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error?.code).toBe("pagination-cursor-repeated");
    expect(server.requests.map((r) => `${r.path} ${r.query.cursor ?? ""}`)).toEqual([
      `/v1/projects/${projectId}/branches `, `/v1/projects/${projectId}/branches A`, `/v1/projects/${projectId}/branches B`,
    ]);
  });

  it("reads each branch once when pages repeat them under new cursors, and stops", async () => {
    const server = (await servers.start()).handle((r) =>
      pageOf([branch("br_cflowa0000001", "a")], `d${Number((r.query.cursor ?? "d0").slice(1)) + 1}`));
    pointAppAt(server);

    const error = await settle(defaultBranchOf(prisma(), step(), projectId)).then(() => undefined, (caught: Error & { code?: string }) => caught);

    expect(error?.code).toBe("pagination-no-progress");
    expect(server.requests).toHaveLength(MAX_FRUITLESS_PAGES + 2);
  });
});
