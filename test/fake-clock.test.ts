// The fake clock of the tests moves only when the code waits on it: an answer that takes long in
// real time (a busy machine, a slow server) is waited for with the clock standing still, and a
// request a server holds on purpose lets the clock on to its timeout only while its client waits.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { REQUEST } from "../common/constants";
import type { PrismaApp } from "../prisma_management_api.app";
import { database } from "./fixtures";
import { api, boundApp, hang, settle, useFakeClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./hostile/server";

// Real time, for a server that is slow on purpose (the tests fake `setTimeout`).
const realSetTimeout = globalThis.setTimeout;
/** Longer than any real-time patience a fake clock could have had. */
const SLOW_MS = 750;
const START = Date.parse("2026-11-01T10:00:00.000Z");
const databaseId = "db_cclock0000001";
const servers = useHostileServers();

/** A server that answers every request with the database, `SLOW_MS` of real time after it arrived; `answeredAt` on the fake clock. */
async function slowServer() {
  const answeredAt: number[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    realSetTimeout(() => {
      answeredAt.push(Date.now() - START);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: database(databaseId) }));
    }, SLOW_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { baseUrl, answeredAt, close: () => new Promise((resolve) => server.close(resolve)) };
}

const prisma = () => boundApp() as unknown as PrismaApp;

describe("the fake clock", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(START);
    vi.spyOn(Math, "random").mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it("stands still while a slow answer is on the wire, its timeout pending", async () => {
    const slow = await slowServer();
    pointAppAt(slow.baseUrl);
    try {
      const found = await settle(prisma().getDatabase({ databaseId }));
      expect(found).toMatchObject({ id: databaseId });
      expect(slow.answeredAt).toEqual([0]);
      expect(Date.now() - START).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it("moves to a held request's timeout only once the slow request beside it has its answer", async () => {
    const held = (await servers.start()).handle(() => reply.hang());
    const slow = await slowServer();
    try {
      pointAppAt(held);
      const hung = prisma().createDatabase({ data: { projectId: "proj_cclock000001", name: "held" } });
      pointAppAt(slow.baseUrl);
      const answered = prisma().getDatabase({ databaseId });
      const [error, found] = await settle(Promise.all([hung.then(() => null, (e: Error & { code?: string }) => e), answered]));

      expect(found).toMatchObject({ id: databaseId });
      expect(slow.answeredAt).toEqual([0]);
      expect(error?.code).toBe("PRISMA_REQUEST_TIMEOUT");
      expect(held.log).toEqual(["POST /v1/databases"]);
      expect(Date.now() - START).toBe(REQUEST.timeoutMs);
    } finally {
      await slow.close();
    }
  });

  it("stops counting a held request the moment its client gives up, so the next request's answer is waited for", async () => {
    const held = (await servers.start()).handle(() => reply.hang());
    const slow = await slowServer();
    try {
      const run = async () => {
        pointAppAt(held);
        const error = await prisma().createDatabase({ data: { projectId: "proj_cclock000001", name: "held" } }).catch((e: Error) => e);
        // At once, with no timer between: the held request's server has not yet heard that its client left.
        pointAppAt(slow.baseUrl);
        return [error, await prisma().getDatabase({ databaseId })] as const;
      };
      const [error, found] = await settle(run());

      expect((error as Error & { code?: string }).code).toBe("PRISMA_REQUEST_TIMEOUT");
      expect(found).toMatchObject({ id: databaseId });
      expect(slow.answeredAt).toEqual([REQUEST.timeoutMs]);
      expect(Date.now() - START).toBe(REQUEST.timeoutMs);
    } finally {
      await slow.close();
    }
  });

  it("lets a nock `hang` time out, then waits for a slow nock answer", async () => {
    const path = `/v1/databases/${databaseId}`;
    api().get(path).reply(hang);
    // nock delays on real timers: a slow answer, not a held one.
    api().get(path).delay(SLOW_MS).reply(200, { data: database(databaseId) });

    const found = await settle(prisma().getDatabase({ databaseId }));

    expect(found).toMatchObject({ id: databaseId });
    // The first attempt's 15 s, then the first backoff (its low end, 250 ms), then an answer that took no fake time.
    expect(Date.now() - START).toBe(REQUEST.timeoutMs + 250);
  });
});
