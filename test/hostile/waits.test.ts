// A create that succeeded, followed by polls that a server breaks (hanging, answering garbage,
// redirecting, cutting the connection). The one-time connection strings the create returned must
// come back whatever the polls do, with `ready: false` and words for why, within Max Wait Seconds.
import { describe, expect, it } from "vitest";
import { STEP, WAIT } from "../../common/constants";
import createDatabase from "../../actions/create-database/create-database";
import { DIRECT_URL, POOLED_URL, SECRET_PASSWORD, databaseCreated } from "../fixtures";
import { TOKEN, expectNoLeak, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const projectId = "proj_chostile0001";
const servers = useHostileServers();
useHostileClock();

const created = databaseCreated("db_cnewdb000001", { project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } });
const MINTED_FIELDS = ["directConnectionString", "pooledConnectionString", "accelerateConnectionString"];
// Where a step cannot suspend, the wait happens in the step: the default wait, plus the time kept for what follows.
const WAIT_MS = WAIT.defaultSecondsInStep * 1000;

const brokenPolls: [string, () => Behaviour][] = [
  ["hangs", () => reply.hang()],
  ["trickles", () => reply.trickle(40)],
  ["answers malformed JSON", () => reply.raw(200, '{"data":{"id":"db_cnewdb000001","status":')],
  ["redirects elsewhere", () => reply.redirect(307, "http://127.0.0.1:9/v1/databases/db_cnewdb000001")],
  ["cuts the connection", () => reply.reset()],
  ["answers 503 forever", () => reply.json(503, { error: { code: "unavailable", message: "Try later" } })],
];

describe.each(brokenPolls)("a create followed by polls whose server %s", (_, brokenPoll) => {
  it("returns the connection strings with ready: false and why, within the wait, never advising another create", async () => {
    const server = (await servers.start()).handle((request) => request.method === "POST"
      ? reply.json(201, { data: created })
      : brokenPoll());
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(createDatabase, { projectId, name: "orders-staging", region: "us-east-1" },
      { budgetMs: WAIT_MS + STEP.afterWaitMs });

    const result = resultOf(outcome);
    expect(result).toMatchObject({
      databaseId: created.id,
      ready: false,
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
    });
    expect(result.waitError).toEqual(expect.stringContaining(`Database ${created.id}`));
    expect(result.waitError).toContain("**Get Database**");
    // The database exists: advice to run the create again would make a second one.
    expect(result.waitError).not.toMatch(/run the step again/i);
    expect(outcome.summary).not.toMatch(/run the step again/i);
    expect(server.requests[0].method).toBe("POST");
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(server.requests.slice(1).every((r) => r.method === "GET" && r.path === `/v1/databases/${created.id}`)).toBe(true);
    expect(server.requests.length).toBeGreaterThan(1);
    expect(outcome.elapsedMs).toBeLessThanOrEqual(WAIT_MS);
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD], MINTED_FIELDS);
  });
});
