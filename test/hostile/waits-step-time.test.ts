// A create that took long (throttled with a Retry-After, or slow to answer) uses up the step's
// planned share of the wait rather than pushing it back: in one call (Pipedream Connect, a
// builder test) the default wait still ends 20 s after the step began, inside Pipedream's 30 s
// step timeout, with the one-time strings and one check at least; in a workflow the step still
// suspends about 10 s after it began. On real servers, under the fake clock.
import { describe, expect, it } from "vitest";
import { WAIT } from "../../common/constants";
import createDatabase from "../../actions/create-database/create-database";
import { DIRECT_URL, database, databaseCreated } from "../fixtures";
import { resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

const databaseId = "db_cnewdb000001";
const props = { projectId: "proj_chostile0001", name: "orders-staging", region: "us-east-1" };
const throttled = (retryAfter: string) =>
  reply.json(429, { error: { code: "rate-limit-exceeded", message: "Rate limit exceeded." } }, { "retry-after": retryAfter });

async function serve(retryAfter: string) {
  const server = (await servers.start()).respond(throttled(retryAfter)).handle((r) => (r.method === "POST"
    ? reply.json(201, { data: databaseCreated(databaseId, { project: { id: props.projectId, url: `https://api.prisma.io/v1/projects/${props.projectId}`, name: "orders" } }) })
    : reply.json(200, { data: database(databaseId, { status: "provisioning" }) })));
  pointAppAt(server);
  return server;
}
const times = (server: Awaited<ReturnType<typeof serve>>) => server.requests.map((r) => `${r.method}@${r.at - server.requests[0].at}`);

describe("in one call, a create throttled for part of the step", () => {
  it.each([
    ["10", ["POST@0", "POST@10000", "GET@12500", "GET@17500"]],
    ["20", ["POST@0", "POST@20000", "GET@20000"]],
  ])("Retry-After %s: the default wait still ends 20 s after the step began, having checked", async (retryAfter, sent) => {
    const server = await serve(retryAfter);

    const outcome = await runAction<Record<string, unknown>>(createDatabase, props, { budgetMs: WAIT.defaultSecondsInStep * 1000 });

    expect(resultOf(outcome)).toMatchObject({ databaseId, ready: false, status: "provisioning", directConnectionString: DIRECT_URL });
    expect(times(server)).toEqual(sent);
  });
});

describe("in a workflow, a create throttled for longer than the step's share of the wait", () => {
  it("checks once, then suspends at once instead of waiting 10 s more", async () => {
    const server = await serve("20");

    const outcome = await runAction(createDatabase, props, { workflow: { runs: 1 }, budgetMs: 20_000 });

    expect(resultOf(outcome)).toMatchObject({ waiting: true, databaseIds: [databaseId] });
    expect(times(server)).toEqual(["POST@0", "POST@20000", "GET@20000"]);
    expect(outcome.reruns).toHaveLength(1);
  });

  it("asked to wait 17 s (too little to suspend), waits in the step until 17 s after it began", async () => {
    const server = await serve("10");

    const outcome = await runAction(createDatabase, { ...props, maxWaitSeconds: 17 }, { workflow: { runs: 1 }, budgetMs: 17_000 });

    expect(resultOf(outcome)).toMatchObject({ ready: false, directConnectionString: DIRECT_URL });
    expect(times(server)).toEqual(["POST@0", "POST@10000", "GET@12500", "GET@15000"]);
    expect(outcome.reruns).toEqual([]);
  });
});
