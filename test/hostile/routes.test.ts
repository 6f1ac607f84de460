// A server with no such route (the base URL lacks `/v1`, or points at some other web server)
// answers 404 for everything, in a web server's words. That must not read as "nothing with that
// ID exists", which would send a person hunting for a wrong ID: the error says to check the API
// base URL. Prisma's own 404 still means the ID.
import { describe, expect, it } from "vitest";
import createDatabase from "../../actions/create-database/create-database";
import deleteDatabase from "../../actions/delete-database/delete-database";
import getDatabase from "../../actions/get-database/get-database";
import listDatabases from "../../actions/list-databases/list-databases";
import { TOKEN, expectNoCrash, expectNoLeak, failureOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const servers = useHostileServers();
useHostileClock();

const CHECK_BASE_URL = "Check the API base URL";
const NO_SUCH_ID = "Nothing with that ID exists";

const webServer404s: [string, () => Behaviour][] = [
  ["an HTML page", () => reply.html(404, "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>")],
  ['{"message":"Not Found"}', () => reply.json(404, { message: "Not Found" })],
  ['{"error":"Not Found"}', () => reply.json(404, { error: "Not Found" })],
  ["a framework's Cannot GET", () => reply.json(404, { statusCode: 404, message: "Cannot GET /databases/db_chostile00001", error: "Not Found" })],
  ["plain text", () => reply.raw(404, "404 page not found", "text/plain")],
  ["no body", () => reply.empty(404)],
];

describe.each(webServer404s)("every route answered 404 with %s", (_, notFound) => {
  it("Get Database says to check the API base URL, not that the ID does not exist", async () => {
    const server = (await servers.start()).handle(notFound);
    // The base URL without `/v1`.
    pointAppAt(server.origin);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.status).toBe(404);
    expect(server.log).toEqual([`GET /databases/${databaseId}`]);
    expect(error.message).toContain(CHECK_BASE_URL);
    expect(error.message).not.toContain(NO_SUCH_ID);
    expectNoLeak(outcome, [TOKEN]);
  });

  it("List Databases says the same", async () => {
    const server = (await servers.start()).handle(notFound);
    pointAppAt(server.origin);

    const outcome = await runAction(listDatabases, { projectId });

    const error = failureOf(outcome);
    expect(server.requests).toHaveLength(1);
    expect(error.message).toContain(CHECK_BASE_URL);
    expect(error.message).not.toContain(NO_SUCH_ID);
  });

  it("Create Database says the same, and nothing about a database that may exist", async () => {
    const server = (await servers.start()).handle(notFound);
    pointAppAt(server.origin);

    const outcome = await runAction(createDatabase, { projectId, name: "orders-staging", region: "us-east-1", maxWaitSeconds: 0 });

    const error = failureOf(outcome);
    expect(server.log).toEqual(["POST /databases"]);
    expect(error.message).toContain(CHECK_BASE_URL);
    expect(error.message).not.toContain(NO_SUCH_ID);
    expect(error.message).not.toContain("may have been created");
  });

  it("Delete Database does not take a first 404 for a deletion done", async () => {
    const server = (await servers.start()).handle(notFound);
    pointAppAt(server.origin);

    const outcome = await runAction(deleteDatabase, { databaseId, confirm: databaseId });

    const error = failureOf(outcome);
    expect(server.log).toEqual([`DELETE /databases/${databaseId}`]);
    expect(error.message).toContain(CHECK_BASE_URL);
    expect(outcome.summary).toBeUndefined();
  });
});

describe("Prisma's own 404", () => {
  it("still says that nothing with that ID exists", async () => {
    const server = (await servers.start()).respond(reply.json(404, { error: { code: "resource-not-found", message: "Database not found." } }));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(server.requests).toHaveLength(1);
    expect(error.message).toBe("Prisma API error 404 (resource-not-found): Database not found. Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.");
  });
});
