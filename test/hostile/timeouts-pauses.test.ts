// A pause before another attempt is worth starting only when the attempt after it still has
// the least time a request needs before the run's deadline: otherwise the run would outlast its
// time in that attempt. Pauses are whole milliseconds, however finely Retry-After is written.
import { describe, expect, it } from "vitest";
import { REQUEST } from "../../common/constants";
import { PrismaApiError } from "../../common/errors";
import getDatabase from "../../actions/get-database/get-database";
import { database } from "../fixtures";
import { RUN_BUDGET_MS, expectNoCrash, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./server";

const databaseId = "db_chostile00001";
const servers = useHostileServers();
useHostileClock();

const throttled = (retryAfter: string) =>
  reply.json(429, { error: { code: "rate-limit-exceeded", message: "Rate limit exceeded." } }, { "retry-after": retryAfter });
const found = () => reply.json(200, { data: database(databaseId) });

describe("a Retry-After that ends too near the run's deadline for another attempt", () => {
  const lastUsable = (RUN_BUDGET_MS - REQUEST.minTimeoutMs) / 1000;

  it.each([String(RUN_BUDGET_MS / 1000), String(lastUsable + 1), String(lastUsable + 0.5)])(
    "Retry-After %s: fails at once, without a pause that would leave the next attempt no time", async (retryAfter) => {
      const server = (await servers.start()).respond(throttled(retryAfter)).handle(() => reply.hang());
      pointAppAt(server);

      const outcome = await runAction(getDatabase, { databaseId });

      const error = failureOf(outcome);
      expectNoCrash(error);
      expect(error).toBeInstanceOf(PrismaApiError);
      expect(error.status).toBe(429);
      expect(server.log).toEqual([`GET /v1/databases/${databaseId}`]);
      expect(outcome.elapsedMs).toBe(0);
      expect(error.message).toContain(`Prisma asked to wait ${Math.ceil(Number(retryAfter))} s before another try, longer than this step had left`);
    },
  );

  it("waits a Retry-After that leaves the next attempt its time, and that attempt ends by the deadline", async () => {
    const server = (await servers.start()).respond(throttled(String(lastUsable))).handle(() => reply.hang());
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.code).toBe("PRISMA_REQUEST_TIMEOUT");
    expect(server.log).toEqual([`GET /v1/databases/${databaseId}`, `GET /v1/databases/${databaseId}`]);
    expect(server.requests[1].at - server.requests[0].at).toBe(lastUsable * 1000);
    expect(outcome.elapsedMs).toBe(RUN_BUDGET_MS);
  });
});

describe("a Retry-After finer than a millisecond", () => {
  it.each(["0.0001", "0.0004"])("Retry-After %s waits one whole millisecond, then retries", async (retryAfter) => {
    const server = (await servers.start()).respond(throttled(retryAfter), found());
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at - server.requests[0].at).toBe(1);
  });
});

describe("a Retry-After no step could wait", () => {
  it.each([["a year", String(365 * 24 * 3600)], ["more digits than a number holds", "9".repeat(400)]])(
    "%s: fails at once, saying so in words rather than in minutes", async (_, retryAfter) => {
      const server = (await servers.start()).respond(throttled(retryAfter), found());
      pointAppAt(server);

      const outcome = await runAction(getDatabase, { databaseId });

      const error = failureOf(outcome);
      expect(server.requests).toHaveLength(1);
      expect(error.message).toBe("Prisma API error 429 (rate-limit-exceeded): Rate limit exceeded. Prisma is rate limiting requests: wait a little and run the step again. " +
        "Prisma asked to wait more than a day before another try, far longer than this step had left: run it again later.");
    },
  );
});
