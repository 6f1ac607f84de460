// The request counts `npm run bench` reports, held in place: each flow sends the fewest
// requests the API allows (bench/cases.ts says why each minimum is the minimum), each
// dropdown sends exactly one request per page, and the composites under Prisma's rate limit
// send what they must without a single 429. Real HTTP against the emulator, not timed.
import { describe, expect, it } from "vitest";
import {
  clearRequests, DROPDOWNS, FLOWS, NO_RATE_LIMIT, requestShapes, seedDropdownWorld, walkDropdown, type DropdownWorld,
} from "../../bench/cases";
import { DATABASE_ID_QUERY_REQUESTS, SQL_ROWS, sqlDatabase } from "../../bench/sql";
import { floorMs, RATE_LIMITED_FLOWS, runRateLimited, type RateLimitedResult } from "../../bench/rate-limited";
import app from "../../prisma_management_api.app";
import { options, type AppLike } from "../pipedream";
import { loadAction, runOn, useEmulator } from "../e2e/emulator";

const sorted = (shapes: string[]) => [...shapes].sort();

describe("round trips: each flow sends its minimum (readyDelayMs 0, so no polls)", () => {
  const ctx = useEmulator({ readyDelayMs: 0 });

  for (const flow of FLOWS) {
    it(`${flow.name}: exactly ${flow.minimum} (${flow.expected.join(", ")})`, async () => {
      expect(flow.expected).toHaveLength(flow.minimum);
      const props = flow.props(ctx.emulator, 0);
      clearRequests(ctx.emulator);
      const { result } = await runOn(ctx.emulator, await loadAction(flow.folder), props);
      const shapes = requestShapes(ctx.emulator);
      // Requests sent side by side may reach the emulator in either order.
      expect(sorted(shapes)).toEqual(sorted(flow.expected));
      // Only a re-run's create may be refused (409: the logical ID exists); everything else succeeds.
      expect(ctx.emulator.state.requests.filter((r) => r.status >= 300).map((r) => `${r.method} ${r.status}`))
        .toEqual(flow.target ? [] : ["POST 409"]);
      if (flow.target) {
        expect(result).not.toHaveProperty("alreadyExisted", true);
        if ("status" in result) expect(result.status).toBe("ready");
      } else {
        expect(result).toHaveProperty("alreadyExisted", true);
      }
    });
  }

  it("a database re-run looks up the project's default branch, then the database on it: limit=100 and branchId", async () => {
    const flow = FLOWS.find((f) => f.name.startsWith("create-database, re-run"))!;
    const props = flow.props(ctx.emulator, 1);
    const projectId = props.projectId as string;
    const branch = [...ctx.emulator.state.branches.values()].find((b) => b.projectId === projectId && b.isDefault)!;
    // A second branch with a database of the same logical ID: only the default branch's may be returned.
    const preview = ctx.emulator.seedBranch(projectId, { gitName: "preview" });
    const [twin] = ctx.emulator.seedDatabases(projectId, 1, { branchId: preview, logicalIdPrefix: String(props.logicalId).replace(/-1$/, "") });
    clearRequests(ctx.emulator);
    const { result } = await runOn<{ databaseId: string; branchId: string; alreadyExisted: boolean }>(ctx.emulator, await loadAction(flow.folder), props);

    const [, branches, lookup] = ctx.emulator.state.requests;
    expect(`${branches.path}?${branches.query}`).toBe(`/v1/projects/${projectId}/branches?limit=100`);
    expect(lookup.path).toBe("/v1/databases");
    expect(Object.fromEntries(new URLSearchParams(lookup.query))).toEqual({
      projectId, logicalId: props.logicalId, branchId: branch.id, limit: "100",
    });
    expect(result.alreadyExisted).toBe(true);
    expect(result.branchId).toBe(branch.id);
    expect(result.databaseId).not.toBe(twin);
  });

  it("a project re-run finds the project by logicalId with limit=100, then lists its databases", async () => {
    const flow = FLOWS.find((f) => f.name.startsWith("create-project, re-run"))!;
    const props = flow.props(ctx.emulator, 2);
    clearRequests(ctx.emulator);
    await runOn(ctx.emulator, await loadAction(flow.folder), props);
    const [, lookup, databases] = ctx.emulator.state.requests;
    expect(`${lookup.path}?${lookup.query}`).toBe(`/v1/projects?logicalId=${props.logicalId}&limit=100`);
    expect(databases.query).toBe("limit=100");
  });
});

describe("dropdowns: one request per page, nothing else", () => {
  const ctx = useEmulator({ readyDelayMs: 0 });
  let world: DropdownWorld;
  const load = (prop: string, args: Record<string, unknown>) => options(app as unknown as AppLike, prop, args, { api_token: ctx.emulator.token });

  for (const dropdown of DROPDOWNS) {
    it(`${dropdown.name}: ${dropdown.request}, once per page`, async () => {
      // 150 of each paged kind: two pages, so following the cursor is counted too.
      world ??= await seedDropdownWorld(ctx.emulator, 150);
      const walk = await walkDropdown(ctx.emulator, dropdown, world, load);
      const items = dropdown.items(ctx.emulator, world);
      const pages = dropdown.paged ? Math.max(1, Math.ceil(items / 100)) : 1;
      expect(walk.requestsPerCall).toEqual(Array.from({ length: pages }, () => 1));
      expect(walk.shapes).toEqual(Array.from({ length: pages }, () => dropdown.request));
      expect(walk.items).toBe(items);
      if (dropdown.paged && dropdown.prop !== "workspaceId") expect(pages).toBe(2);
    });
  }
});

// Under the virtual clock the composites are deterministic: these are the counts part 6 reports.
const UNDER_THE_LIMIT: Record<string, { runs: number; virtualSeconds: number; requests: Record<string, number> }> = {
  "Provision Postgres Project": {
    runs: 1, virtualSeconds: 7.5,
    // Polled at 2.5 s (provisioning) and 7.5 s (ready: it is after 5 s).
    requests: { "POST /projects": 1, "GET /databases/:id": 2, "POST /connections": 1, "GET /databases/:id/backups": 1 },
  },
  "Create Databases in Regions": { runs: 1, virtualSeconds: 7.5, requests: { "POST /databases": 6, "GET /databases/:id": 12 } },
  // 6 creates and 4 rounds of 6 polls fill the first minute; the 5th round waits for it to pass, and sees them ready.
  "Create Databases in Regions, databases ready after 30 s": { runs: 1, virtualSeconds: 60, requests: { "POST /databases": 6, "GET /databases/:id": 30 } },
  // 1 list + 29 deletions a run, re-run a minute later: 29, 29, then the last 2.
  "Delete Stale Databases": { runs: 3, virtualSeconds: 120, requests: { "GET /databases": 3, "DELETE /databases/:id": 60 } },
  "Provision Preview Database": {
    runs: 1, virtualSeconds: 7.5,
    requests: { "POST /projects/:id/branches": 1, "POST /databases": 1, "GET /databases/:id": 2, "POST /connections": 1 },
  },
  "Delete Preview Branch": {
    runs: 1, virtualSeconds: 0,
    requests: { "GET /projects/:id/branches": 1, "GET /databases": 1, "DELETE /databases/:id": 10, "DELETE /branches/:id": 1 },
  },
  // 50 pages need a second minute, which a step's time cannot hold: it stops after 30, at once.
  "List Databases, 5,000 databases": { runs: 1, virtualSeconds: 0, requests: { "GET /projects/:id/databases": 30 } },
  "List Databases, 5,000 databases, maxResults 3,000": { runs: 1, virtualSeconds: 0, requests: { "GET /projects/:id/databases": 30 } },
};

describe("composites under Prisma's rate limit (30 a minute): paced, never refused", () => {
  it("covers every flow of part 6", () => {
    expect(RATE_LIMITED_FLOWS.map((f) => f.name)).toEqual(Object.keys(UNDER_THE_LIMIT));
  });

  for (const flow of RATE_LIMITED_FLOWS) {
    const expected = UNDER_THE_LIMIT[flow.name];
    it(`${flow.name}: ${Object.values(expected?.requests ?? {}).reduce((a, b) => a + b, 0)} requests in ${expected?.runs} run(s), no 429`, async () => {
      const result: RateLimitedResult = await runRateLimited(flow, loadAction);
      expect(result.requestsByShape).toEqual(expected.requests);
      expect(result.runs).toBe(expected.runs);
      expect(result.virtualMs).toBe(expected.virtualSeconds * 1000);
      expect([result.received429, result.refused, result.userFacing429]).toEqual([0, 0, 0]);
      expect(result.busiestMinute).toBeLessThanOrEqual(30);
      if (flow.name === "List Databases, 5,000 databases") {
        expect(result.intact).toBe(false);
        expect(result.error).toMatch(/30 requests a minute.*has sent 30.*(Max Results|maxResults)/);
        expect(result.floorMs).toBe(60_000);
        // No step can finish this job: stopping at once, suggesting maxResults, is what the package must do.
        expect(result.asExpected).toBe(true);
      } else {
        expect(result.problem).toBeNull();
        expect(result.error).toBeNull();
        expect(result.asExpected).toBe(true);
      }
    });
  }

  it("without the pacing, the same clean-up is refused with 429s, and the bench counts them", async () => {
    const flow = RATE_LIMITED_FLOWS.find((f) => f.name === "Delete Stale Databases")!;
    const result = await runRateLimited(flow, loadAction, { overrides: NO_RATE_LIMIT });
    expect(result.received429).toBeGreaterThan(0);
    expect(result.refused).toBe(result.received429);
    expect(result.busiestMinute).toBeGreaterThan(30);
  });

  it("without the pacing, the long list stops on a 429 that reaches the user, and the bench says so", async () => {
    const flow = RATE_LIMITED_FLOWS.find((f) => f.name === "List Databases, 5,000 databases")!;
    const result = await runRateLimited(flow, loadAction, { overrides: NO_RATE_LIMIT });
    expect([result.requests, result.received429, result.userFacing429]).toEqual([31, 1, 1]);
    expect(result.intact).toBe(false);
    // A stop on a 429 is not the stop the flow must make.
    expect(result.asExpected).toBe(false);
  });

  it("the floor of the limit: the first 30 requests at once, then 30 more each minute", () => {
    expect([0, 1, 30, 31, 60, 61, 63, 90, 91].map((n) => floorMs(n) / 60_000)).toEqual([0, 0, 0, 1, 1, 2, 2, 2, 3]);
  });
});

describe("SQL: a query on a connection string sends no API request; on a database ID, exactly mint and delete", () => {
  const ctx = useEmulator({ readyDelayMs: 0 });

  it("Run SQL Query over a connection string: 0 requests; over the database ID: POST /connections, DELETE /connections/:id", async () => {
    const { databaseId, connectionString } = await sqlDatabase(ctx.emulator);
    const action = await loadAction("run-sql-query");
    const connections = () => [...ctx.emulator.state.connections.keys()].sort();
    const before = connections();
    clearRequests(ctx.emulator);
    const byString = await runOn<{ rows: { n: number }[] }>(ctx.emulator, action, { connectionString, sql: "SELECT count(*)::int AS n FROM users" });
    expect(byString.result.rows).toEqual([{ n: SQL_ROWS }]);
    expect(requestShapes(ctx.emulator)).toEqual([]);
    const byId = await runOn<{ rows: { n: number }[]; temporaryConnectionLeft: unknown }>(ctx.emulator, action, { databaseId, sql: "SELECT count(*)::int AS n FROM users" });
    expect(byId.result.rows).toEqual([{ n: SQL_ROWS }]);
    expect(byId.result.temporaryConnectionLeft).toBeNull();
    expect(requestShapes(ctx.emulator)).toEqual(DATABASE_ID_QUERY_REQUESTS);
    expect(connections()).toEqual(before);
  });
});
