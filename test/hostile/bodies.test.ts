// Answers that are not what the API documents: a 2xx with malformed JSON, no body, an HTML page,
// an envelope without `data`, or `data` of the wrong kind; error statuses with bodies a proxy
// would send. Each ends in a clear error naming the endpoint and what was missing (never a
// TypeError), a 2xx is never retried, and an error status is retried only as the policy allows.
import { describe, expect, it } from "vitest";
import { RETRY } from "../../common/constants";
import { PrismaApiError } from "../../common/errors";
import createConnectionString from "../../actions/create-connection-string/create-connection-string";
import deleteDatabase from "../../actions/delete-database/delete-database";
import getCurrentIdentity from "../../actions/get-current-identity/get-current-identity";
import getDatabase from "../../actions/get-database/get-database";
import listDatabases from "../../actions/list-databases/list-databases";
import updateProject from "../../actions/update-project/update-project";
import { database } from "../fixtures";
import { TOKEN, expectNoCrash, expectNoLeak, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const servers = useHostileServers();
useHostileClock();

const BASE_URL_ADVICE = "If this keeps happening, check that the API base URL points at the Prisma Management API.";

/** The message of a 2xx whose body is not the documented shape. */
const unexpected = (endpoint: string, status: number, problem: string, done: string) =>
  `Prisma answered ${endpoint} with ${status}, but not in the shape the API documents: ${problem}. ${done} ${BASE_URL_ADVICE}`;

const notAResource: [string, Behaviour, string][] = [
  ["malformed JSON", reply.raw(200, '{"data":{"id":"db_chostile00001","name":'), "the body is not JSON"],
  ["an empty body", reply.empty(200), "the body is empty"],
  ["an HTML page", reply.html(200, "<html><body>Welcome to nginx!</body></html>"), "the body is not JSON"],
  ["HTML labelled as JSON", reply.raw(200, "<!doctype html><title>Login</title>"), "the body is not JSON"],
  ["a JSON list", reply.json(200, [database(databaseId)]), "the body is not a JSON object"],
  ["JSON null", reply.raw(200, "null"), "the body is JSON null"],
  ["an object without data", reply.json(200, { id: databaseId, name: "orders" }), "`data` is missing or not an object"],
  ["data as a list", reply.json(200, { data: [database(databaseId)] }), "`data` is missing or not an object"],
  ["data without an id", reply.json(200, { data: { name: "orders", status: "ready" } }), "`data.id` is missing"],
  // JSON parses it without recursion; every walk that redacts an answer would overflow the stack.
  ["a field nested 100,000 levels deep", reply.raw(200, `{"data":{"id":"${databaseId}","name":"orders","project":{"id":"${projectId}"},"extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`),
    "the body is nested more than 1000 levels deep"],
];

describe.each(notAResource)("Get Database answered 200 with %s", (_, answer, problem) => {
  it("fails once, naming the endpoint and what was missing", async () => {
    const server = (await servers.start()).respond(answer);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.status).toBe(200);
    expect(error.code).toBe("unexpected-response");
    expect(error.message).toBe(unexpected(`GET /databases/${databaseId}`, 200, problem, "Nothing was changed."));
    expect(server.log).toEqual([`GET /v1/databases/${databaseId}`]);
    expect(outcome.elapsedMs).toBe(0);
    expect(outcome.summary).toBeUndefined();
    expectNoLeak(outcome, [TOKEN]);
  });
});

const notAPage: [string, unknown, string][] = [
  ["a page without data", { pagination: { hasMore: false, nextCursor: null } }, "`data` is missing or not a list"],
  ["data as an object", { data: { id: "db_cone000000001" }, pagination: { hasMore: false, nextCursor: null } }, "`data` is missing or not a list"],
  ["data as a string", { data: "db_cone000000001", pagination: { hasMore: false, nextCursor: null } }, "`data` is missing or not a list"],
  ["items that are not objects", { data: [null, "db_x"], pagination: { hasMore: false, nextCursor: null } }, "item 0 of `data` is not an object"],
  ["no pagination", { data: [database("db_cone000000001")] }, "`pagination.hasMore` is missing"],
  ["hasMore as a string", { data: [], pagination: { hasMore: "false", nextCursor: null } }, "`pagination.hasMore` is missing"],
];

describe.each(notAPage)("List Databases answered 200 with %s", (_, body, problem) => {
  it("fails once, naming the list's endpoint and what was missing", async () => {
    const server = (await servers.start()).respond(reply.json(200, body));
    pointAppAt(server);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.message).toBe(unexpected(`GET /projects/${projectId}/databases`, 200, problem, "Nothing was changed."));
    expect(server.requests).toHaveLength(1);
  });
});

describe("other calls answered in the wrong shape", () => {
  it("Get Current Identity answered with an object whose data is a string", async () => {
    const server = (await servers.start()).respond(reply.json(200, { data: "me" }));
    pointAppAt(server);

    const outcome = await runAction(getCurrentIdentity, {});

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.message).toBe(unexpected("GET /me", 200, "`data` is missing or not an object", "Nothing was changed."));
  });

  it("a create answered 201 with an HTML page says the connection may exist, and is not sent again", async () => {
    const server = (await servers.start()).respond(reply.html(201, "<html><body>Created</body></html>"));
    pointAppAt(server);

    const outcome = await runAction(createConnectionString, { databaseId, name: "app-server" });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(server.log).toEqual(["POST /v1/connections"]);
    expect(error.message).toContain("Prisma answered POST /connections with 201, but not in the shape the API documents: the body is not JSON.");
    expect(error.message).toContain("The connection may have been created, and its one-time connection strings with it.");
  });

  it("an update answered 200 with no body says the change may have been made", async () => {
    const server = (await servers.start()).respond(reply.empty(200));
    pointAppAt(server);

    const outcome = await runAction(updateProject, { projectId, name: "renamed" });

    const error = failureOf(outcome);
    expect(server.log).toEqual([`PATCH /v1/projects/${projectId}`]);
    expect(error.message).toBe(unexpected(`PATCH /projects/${projectId}`, 200, "the body is empty", "The change may have been made."));
  });

  it("a delete answered 200 with a body of garbage succeeds: a delete's body is not read", async () => {
    const server = (await servers.start()).respond(reply.raw(200, "{{{ not json"));
    pointAppAt(server);

    const outcome = await runAction(deleteDatabase, { databaseId, confirm: databaseId });

    expect(resultOf(outcome)).toEqual({ deleted: true, databaseId });
    expect(server.requests).toHaveLength(1);
  });
});

describe("error statuses with a proxy's body", () => {
  it("retries a GET answered 502 with an HTML page 4 times, then says Prisma had a server problem", async () => {
    const server = (await servers.start()).handle(() => reply.html(502));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.status).toBe(502);
    expect(server.requests).toHaveLength(RETRY.maxAttempts);
    expect(outcome.elapsedMs).toBe(250 + 500 + 1000);
    expect(error.message).toBe("Prisma API error 502: no message. Prisma had a server problem: run the step again in a moment.");
  });

  it("retries a GET answered 500 with malformed JSON only 3 times", async () => {
    const server = (await servers.start()).handle(() => reply.raw(500, '{"error":{"code":"internal'));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.status).toBe(500);
    expect(server.requests).toHaveLength(RETRY.maxAttemptsAfter500);
    expect(outcome.elapsedMs).toBe(250 + 500);
  });

  it("does not retry a 400 with a body that is not JSON, and still says what happened", async () => {
    const server = (await servers.start()).respond(reply.raw(400, "Bad Request", "text/plain"));
    pointAppAt(server);

    const outcome = await runAction(updateProject, { projectId, name: "renamed" });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.status).toBe(400);
    expect(server.requests).toHaveLength(1);
    expect(error.message).toMatch(/^Prisma API error 400/);
  });

  it("reads an error body whose error is not an object without crashing", async () => {
    const server = (await servers.start()).respond(reply.json(403, { error: ["forbidden"], message: 42 }));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.status).toBe(403);
    expect(error.message).toContain("Prisma API error 403");
  });
});

describe("answers that are not HTTP a client can read", () => {
  const unreadable: [string, Behaviour][] = [
    ["bytes that are not HTTP", reply.bytes("HELLO THERE\r\n\r\n")],
    ["a status line without headers' end", reply.bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")],
    ["a header of 100 KB", reply.raw(200, JSON.stringify({ data: database(databaseId) }), "application/json", { "x-padding": "x".repeat(100_000) })],
  ];

  it.each(unreadable)("a GET answered with %s fails with a clear error, a bounded number of times", async (_, answer) => {
    const server = (await servers.start()).handle(() => answer);
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.status).toBeNull();
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests.length).toBeLessThanOrEqual(RETRY.maxAttempts);
    expect(error.message).toMatch(/Prisma Management API/);
  });

  it("a create answered with bytes that are not HTTP is sent once and says the connection may exist", async () => {
    const server = (await servers.start()).handle(() => reply.bytes("HELLO THERE\r\n\r\n"));
    pointAppAt(server);

    const outcome = await runAction(createConnectionString, { databaseId, name: "app-server" });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(server.log).toEqual(["POST /v1/connections"]);
    expect(error.message).toContain("The connection may have been created");
  });
});
