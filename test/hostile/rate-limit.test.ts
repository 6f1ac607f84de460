// Throttling: a 429's Retry-After (seconds or an HTTP date) is honoured when the run's deadline
// allows and refused at once, in words, when it does not; throttled requests are retried a
// bounded number of times, POSTs included (Prisma refuses them before doing anything); and a run
// paces itself to Prisma's 30 requests a minute, so a list that never ends cannot flood it.
import { describe, expect, it } from "vitest";
import { RATE_LIMIT, RETRY } from "../../common/constants";
import { PrismaApiError } from "../../common/errors";
import { RateBudgetError } from "../../common/rate-pacing";
import createConnectionString from "../../actions/create-connection-string/create-connection-string";
import getDatabase from "../../actions/get-database/get-database";
import listDatabases from "../../actions/list-databases/list-databases";
import { DIRECT_URL, connectionWithSecrets, database } from "../fixtures";
import { START, TOKEN, expectNoCrash, expectNoLeak, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const servers = useHostileServers();
useHostileClock();

const throttled = (retryAfter?: string) =>
  reply.json(429, { error: { code: "rate-limit-exceeded", message: "Rate limit exceeded." } }, retryAfter === undefined ? {} : { "retry-after": retryAfter });
const found = reply.json(200, { data: database(databaseId) });
const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]);

describe("Retry-After", () => {
  it("waits the 20 s asked for, then sends the one retry", async () => {
    const server = (await servers.start()).respond(throttled("20"), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId });
    expect(server.requests).toHaveLength(2);
    expect(gaps(server.requests.map((r) => r.at))).toEqual([20_000]);
    expect(outcome.elapsedMs).toBe(20_000);
  });

  it("fails at once when the 90 s asked for is longer than the run has left, without a second request", async () => {
    const server = (await servers.start()).respond(throttled("90"), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.status).toBe(429);
    expect(server.requests).toHaveLength(1);
    expect(outcome.elapsedMs).toBe(0);
    expect(error.message).toContain("Prisma asked to wait 90 s before another try, longer than this step had left");
    expect(error.message).toContain("Prisma API error 429 (rate-limit-exceeded): Rate limit exceeded.");
    expectNoLeak(outcome, [TOKEN]);
  });

  it("honours an HTTP-date Retry-After 10 s ahead", async () => {
    const server = (await servers.start()).respond(throttled(new Date(START.getTime() + 10_000).toUTCString()), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId });
    expect(gaps(server.requests.map((r) => r.at))).toEqual([10_000]);
  });

  it("fails at once on an HTTP-date Retry-After past the run's deadline", async () => {
    const server = (await servers.start()).respond(throttled(new Date(START.getTime() + 120_000).toUTCString()), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain("Prisma asked to wait 120 s before another try, longer than this step had left");
  });

  it("retries at once on an HTTP date already past", async () => {
    const server = (await servers.start()).respond(throttled(new Date(START.getTime() - 60_000).toUTCString()), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId });
    expect(gaps(server.requests.map((r) => r.at))).toEqual([0]);
  });

  it.each(["soon", "-5", "1 2", ""])("falls back to its own backoff on an unreadable Retry-After %j", async (value) => {
    const server = (await servers.start()).respond(throttled(value), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId });
    expect(gaps(server.requests.map((r) => r.at))).toEqual([RETRY.baseDelayMs / 2]);
  });

  it("stops when a second Retry-After no longer fits in what is left of the run", async () => {
    const server = (await servers.start()).respond(throttled("20"), throttled("20"), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(server.requests).toHaveLength(2);
    expect(outcome.elapsedMs).toBe(20_000);
    expect(error.message).toContain("Prisma asked to wait 20 s before another try, longer than this step had left");
  });

  it("honours Retry-After on a 503 too", async () => {
    const server = (await servers.start()).respond(
      reply.json(503, { error: { code: "unavailable", message: "Try later" } }, { "retry-after": "3" }), found);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId });
    expect(gaps(server.requests.map((r) => r.at))).toEqual([3_000]);
  });
});

describe("throttled again and again", () => {
  it("retries a throttled POST, which Prisma refused before doing anything, and returns what the retry created", async () => {
    const server = (await servers.start()).respond(throttled("2"), reply.json(201, { data: connectionWithSecrets("con_chostile00001", databaseId) }));
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(createConnectionString, { databaseId, name: "app-server" });

    expect(resultOf(outcome).directConnectionString).toBe(DIRECT_URL);
    expect(server.log).toEqual(["POST /v1/connections", "POST /v1/connections"]);
    expect(server.requests.map((r) => r.json)).toEqual([{ databaseId, name: "app-server" }, { databaseId, name: "app-server" }]);
  });

  it("gives up after 8 attempts of a server that always says 1 s", async () => {
    const server = (await servers.start()).handle(() => throttled("1"));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.status).toBe(429);
    expect(server.requests).toHaveLength(RETRY.maxThrottledAttempts);
    expect(outcome.elapsedMs).toBe((RETRY.maxThrottledAttempts - 1) * 1_000);
  });

  it("gives up after 8 attempts of a server that never says how long, inside the run's deadline", async () => {
    const server = (await servers.start()).handle(() => throttled());
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.status).toBe(429);
    expect(server.requests).toHaveLength(RETRY.maxThrottledAttempts);
    // Half of 500, 1000, 2000, 4000, 8000, 8000, 8000 ms (the cap).
    expect(outcome.elapsedMs).toBe(250 + 500 + 1000 + 2000 + 4000 + 4000 + 4000);
  });
});

describe("pacing", () => {
  it("a list that never ends stops after 30 requests in the minute, with words saying why", async () => {
    let n = 0;
    const server = (await servers.start()).handle(() => {
      n++;
      return reply.json(200, { data: [database(`db_cpage${String(n).padStart(8, "0")}`)], pagination: { hasMore: true, nextCursor: `c${n}` } });
    });
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(RateBudgetError);
    expect(server.requests).toHaveLength(RATE_LIMIT.requestsPerMinute);
    expect(outcome.elapsedMs).toBe(0);
    expect(error.message).toContain(`Prisma allows about ${RATE_LIMIT.requestsPerMinute} requests a minute per workspace; this step has sent ${RATE_LIMIT.requestsPerMinute}`);
    expect(error.message).toContain("set `maxResults` to at most 3,000");
  });
});
