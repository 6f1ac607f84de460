// A server that never finishes answering (hangs, or trickles a byte at a time): every attempt is
// abandoned after the request timeout, a GET is retried only while the run's deadline allows,
// a POST is sent once and says what may exist, and the whole run ends within its deadline.
import { describe, expect, it } from "vitest";
import { REQUEST, REQUEST_TIMEOUT_CODE } from "../../common/constants";
import { PrismaApiError } from "../../common/errors";
import createDatabase from "../../actions/create-database/create-database";
import getDatabase from "../../actions/get-database/get-database";
import listDatabases from "../../actions/list-databases/list-databases";
import { database, databaseCreated, DIRECT_URL, SECRET_PASSWORD } from "../fixtures";
import { RUN_BUDGET_MS, TOKEN, expectNoCrash, expectNoLeak, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const servers = useHostileServers();
useHostileClock();

// With jitter pinned low, retry n waits half of 500·2^(n−1) ms.
const FIRST_BACKOFF_MS = 250;

const stalls: [string, () => Behaviour][] = [
  ["hangs without a byte", () => reply.hang()],
  ["trickles a byte every 40 ms", () => reply.trickle(40)],
  ["sends 200 and its headers, then nothing", () => reply.trickle(3_600_000, "")],
];

describe.each(stalls)("a server that %s", (_, stall) => {
  it("abandons a GET after 15 s, retries it while the run's deadline allows, and fails with a timeout inside the deadline", async () => {
    const server = (await servers.start()).handle(stall);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.code).toBe(REQUEST_TIMEOUT_CODE);
    expect(error.status).toBeNull();
    // Attempt 1 gets the full 15 s; after its backoff, attempt 2 gets what is left of the 25 s run
    // (9.75 s); then no pause fits before the deadline, so there is no third attempt.
    expect(server.log).toEqual([`GET /v1/databases/${databaseId}`, `GET /v1/databases/${databaseId}`]);
    expect(server.requests[1].at - server.requests[0].at).toBe(REQUEST.timeoutMs + FIRST_BACKOFF_MS);
    expect(outcome.elapsedMs).toBe(RUN_BUDGET_MS);
    expect(error.message).toContain("The Prisma Management API did not answer within 10 s (PRISMA_REQUEST_TIMEOUT). Check the network and run the step again.");
    expect(outcome.summary).toBeUndefined();
    expectNoLeak(outcome, [TOKEN]);
  });

  it("gives up on the stalled attempt after 15 s and returns the next attempt's answer", async () => {
    const server = (await servers.start()).respond(stall(), reply.json(200, { data: database(databaseId) }));
    pointAppAt(server);

    const outcome = await runAction<{ id: string; name: string }>(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId, name: "orders" });
    expect(server.requests).toHaveLength(2);
    expect(outcome.elapsedMs).toBe(REQUEST.timeoutMs + FIRST_BACKOFF_MS);
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD]);
  });

  it("sends a POST once and says the database may have been created, how to check, and what a re-run without a Logical ID does", async () => {
    const server = (await servers.start()).handle(stall);
    pointAppAt(server);

    const outcome = await runAction(createDatabase, { projectId, name: "orders-staging", region: "us-east-1", maxWaitSeconds: 0 });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.code).toBe(REQUEST_TIMEOUT_CODE);
    expect(server.log).toEqual(["POST /v1/databases"]);
    expect(server.requests[0].json).toEqual({ projectId, name: "orders-staging", region: "us-east-1" });
    expect(outcome.elapsedMs).toBe(REQUEST.timeoutMs);
    expect(error.message).toContain("The database may have been created.");
    expect(error.message).toContain("Check with **List Databases** before running again");
    expect(error.message).toContain("without one it can create a second database");
    expect(error.message).toContain("Logical ID");
    expect(error.message).toContain("did not answer within 15 s (PRISMA_REQUEST_TIMEOUT)");
    expectNoLeak(outcome, [TOKEN]);
  });
});

describe("a list whose later page stalls", () => {
  it("fails the whole list with a timeout instead of returning the first page as if it were all", async () => {
    const server = (await servers.start()).handle((request) => request.query.cursor
      ? reply.hang()
      : reply.json(200, { data: [database("db_cfirstpage0001")], pagination: { hasMore: true, nextCursor: "c2" } }));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expect(error.code).toBe(REQUEST_TIMEOUT_CODE);
    expect(server.log).toEqual([
      `GET /v1/projects/${projectId}/databases?limit=100`,
      `GET /v1/projects/${projectId}/databases?cursor=c2&limit=100`,
      `GET /v1/projects/${projectId}/databases?cursor=c2&limit=100`,
    ]);
    expect(outcome.elapsedMs).toBe(RUN_BUDGET_MS);
    expect(outcome.result).toBeUndefined();
  });
});

describe("a create whose answer stalls after the database was made", () => {
  it("keeps the one-time connection strings out of the error the timeout becomes", async () => {
    // The server made the database and starts sending its strings, then stalls.
    const partial = JSON.stringify({ data: databaseCreated() }).slice(0, 1500);
    expect(partial).toContain(DIRECT_URL);
    const server = (await servers.start()).handle(() => reply.trickle(40, partial));
    pointAppAt(server);

    const outcome = await runAction(createDatabase, { projectId, name: "orders-staging", region: "us-east-1", maxWaitSeconds: 0 });

    const error = failureOf(outcome);
    expect(server.log).toEqual(["POST /v1/databases"]);
    expect(error.code).toBe(REQUEST_TIMEOUT_CODE);
    expect(outcome.elapsedMs).toBe(REQUEST.timeoutMs);
    expect(error.message).toContain("The database may have been created.");
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD, DIRECT_URL]);
  });
});
