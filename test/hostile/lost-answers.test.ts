// Answers lost on the way back: the connection cut before the server answered, or while the body
// was arriving. A GET, PATCH or DELETE is sent again and the later answer wins; a POST is sent
// once and its error says what may now exist, how to check, and what a re-run would do. A
// refused connection reached nobody, so even a POST is tried again, and says nothing may exist.
import { describe, expect, it } from "vitest";
import { RETRY } from "../../common/constants";
import { PrismaApiError } from "../../common/errors";
import createConnectionString from "../../actions/create-connection-string/create-connection-string";
import createDatabase from "../../actions/create-database/create-database";
import createServiceToken from "../../actions/create-service-token/create-service-token";
import deleteDatabase from "../../actions/delete-database/delete-database";
import getDatabase from "../../actions/get-database/get-database";
import rotateConnectionString from "../../actions/rotate-connection-string/rotate-connection-string";
import transferProject from "../../actions/transfer-project/transfer-project";
import updateProject from "../../actions/update-project/update-project";
import { ACCELERATE_URL, DIRECT_URL, SECRET_API_KEY, SECRET_PASSWORD, connectionWithSecrets, database, databaseCreated, project } from "../fixtures";
import { TOKEN, expectNoCrash, expectNoLeak, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, refusingOrigin, reply, useHostileServers, type Behaviour } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const connectionId = "con_chostile00001";
const workspaceId = "wksp_chostile0001";
const RECIPIENT_TOKEN = "recipient-oauth-9b1e77d0c4f2a6";
const MINTED_TOKEN_VALUE = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0b2tlbiJ9.mintedServiceTokenSignature";
const servers = useHostileServers();
useHostileClock();

/** The first `length` characters of `body` as JSON: an answer cut short. */
const cut = (body: unknown, length: number) => JSON.stringify(body).slice(0, length);

const NO_ANSWER = "Lost the connection to the Prisma Management API: it was reset before an answer arrived (ECONNRESET).";

const cuts: [string, (partial: string) => Behaviour][] = [
  ["reset before any answer", () => reply.reset()],
  ["reset while the body arrives", (partial) => reply.resetMidBody(partial)],
];

describe.each(cuts)("a connection %s", (_, lose) => {
  it("sends the GET again and returns the second answer", async () => {
    const whole = { data: database(databaseId) };
    const server = (await servers.start()).respond(lose(cut(whole, 120)), reply.json(200, whole));
    pointAppAt(server);

    const outcome = await runAction<{ id: string; connections: unknown[] }>(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId, name: "orders", status: "ready" });
    expect(server.log).toEqual([`GET /v1/databases/${databaseId}`, `GET /v1/databases/${databaseId}`]);
    expect(server.requests[1].at - server.requests[0].at).toBe(RETRY.baseDelayMs / 2);
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD]);
  });

  it("gives up on a GET after 4 lost answers, within a few seconds, saying the connection was lost", async () => {
    const whole = { data: database(databaseId) };
    const server = (await servers.start()).handle(() => lose(cut(whole, 120)));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.code).toBe("ECONNRESET");
    expect(server.requests).toHaveLength(RETRY.maxAttempts);
    // Backoff 250 + 500 + 1000 ms between the four attempts.
    expect(outcome.elapsedMs).toBe(1750);
    expect(error.message).toContain(NO_ANSWER);
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD]);
  });

  it("sends a PATCH again with the same body", async () => {
    const renamed = { data: project(projectId, "orders-renamed") };
    const server = (await servers.start()).respond(lose(cut(renamed, 80)), reply.json(200, renamed));
    pointAppAt(server);

    const outcome = await runAction(updateProject, { projectId, name: "orders-renamed" });

    expect(resultOf(outcome)).toMatchObject({ id: projectId, name: "orders-renamed" });
    expect(server.log).toEqual([`PATCH /v1/projects/${projectId}`, `PATCH /v1/projects/${projectId}`]);
    expect(server.requests.map((r) => r.json)).toEqual([{ name: "orders-renamed" }, { name: "orders-renamed" }]);
  });

  it("sends a DELETE again, and takes its 404 to mean the first one deleted it", async () => {
    const server = (await servers.start()).respond(
      lose('{"data":'),
      reply.json(404, { error: { code: "resource-not-found", message: "Database not found." } }),
    );
    pointAppAt(server);

    const outcome = await runAction(deleteDatabase, { databaseId, confirm: databaseId });

    expect(resultOf(outcome)).toEqual({ deleted: true, databaseId });
    expect(server.log).toEqual([`DELETE /v1/databases/${databaseId}`, `DELETE /v1/databases/${databaseId}`]);
    expect(outcome.summary).toBe(`Deleted database ${databaseId}`);
  });

  it("sends Create Database once and says the database may exist, to check with List Databases, and what a re-run without a Logical ID does", async () => {
    const server = (await servers.start()).handle(() => lose(cut({ data: databaseCreated() }, 1500)));
    pointAppAt(server);

    const outcome = await runAction(createDatabase, { projectId, name: "orders-staging", region: "us-east-1", maxWaitSeconds: 0 });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(server.log).toEqual(["POST /v1/databases"]);
    expect(outcome.elapsedMs).toBe(0);
    expect(error.code).toBe("ECONNRESET");
    expect(error.message).toContain(
      "The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, " +
      "but without one it can create a second database.",
    );
    expect(error.message).toContain(`${NO_ANSWER} Check the network and run the step again.`);
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD, DIRECT_URL, SECRET_API_KEY]);
  });

  it("sends Create Connection String once and says where to check and how to remove an unwanted one", async () => {
    const server = (await servers.start()).handle(() => lose(cut({ data: connectionWithSecrets(connectionId, databaseId) }, 700)));
    pointAppAt(server);

    const outcome = await runAction(createConnectionString, { databaseId, name: "app-server" });

    const error = failureOf(outcome);
    expect(server.log).toEqual(["POST /v1/connections"]);
    expect(server.requests[0].json).toEqual({ databaseId, name: "app-server" });
    expect(error.message).toContain("The connection may have been created, and its one-time connection strings with it.");
    expect(error.message).toContain("**List Connection Strings**");
    expect(error.message).toContain("**Delete Connection String**");
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD, DIRECT_URL, ACCELERATE_URL, SECRET_API_KEY]);
  });

  it("sends Rotate Connection String once and says the old credentials may already be gone", async () => {
    const server = (await servers.start()).handle(() => lose(cut({ data: connectionWithSecrets(connectionId, databaseId) }, 700)));
    pointAppAt(server);

    const outcome = await runAction(rotateConnectionString, { connectionId, confirm: connectionId });

    const error = failureOf(outcome);
    expect(server.log).toEqual([`POST /v1/connections/${connectionId}/rotate`]);
    expect(error.message).toContain("The credentials may have been rotated, in which case the old ones no longer work and the new ones were lost.");
    expect(error.message).toContain("**Rotate Connection String**");
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD, DIRECT_URL, SECRET_API_KEY]);
  });

  it("sends Create Service Token once; the one-time value in the cut body appears nowhere", async () => {
    const minted = { data: { id: "itgr_cminted000001", type: "serviceToken", name: "ci", value: MINTED_TOKEN_VALUE, valueHint: "…ture", createdAt: "2026-11-01T10:00:00.000Z" } };
    const server = (await servers.start()).handle(() => lose(cut(minted, 150)));
    pointAppAt(server);
    expect(cut(minted, 150)).toContain(MINTED_TOKEN_VALUE);

    const outcome = await runAction(createServiceToken, { workspaceId, name: "ci" });

    const error = failureOf(outcome);
    expect(server.log).toEqual([`POST /v1/workspaces/${workspaceId}/service-tokens`]);
    expect(error.message).toContain("The token may have been created, and its one-time value with it.");
    expect(error.message).toContain("**List Service Tokens**");
    expectNoLeak(outcome, [TOKEN, MINTED_TOKEN_VALUE]);
  });

  it("sends Transfer Project once, says the transfer may have happened and how to check, and never shows the recipient's token", async () => {
    const server = (await servers.start()).handle(() => lose(""));
    pointAppAt(server);

    const outcome = await runAction(transferProject, { projectId, recipientAccessToken: RECIPIENT_TOKEN, confirm: projectId });

    const error = failureOf(outcome);
    expect(server.log).toEqual([`POST /v1/projects/${projectId}/transfer`]);
    expect(server.requests[0].json).toEqual({ recipientAccessToken: RECIPIENT_TOKEN });
    expect(error.message).toContain("The transfer may have happened. Check with **Get Project**: a 404 means the project has left this workspace.");
    expectNoLeak(outcome, [TOKEN, RECIPIENT_TOKEN]);
  });
});

describe("a refused connection (nothing listens at the base URL)", () => {
  it("tries a POST again, since nothing was sent, and says to check the base URL, not that something may exist", async () => {
    pointAppAt(`${await refusingOrigin()}/v1`);

    const outcome = await runAction(createDatabase, { projectId, name: "orders-staging", region: "us-east-1", maxWaitSeconds: 0 });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error.code).toBe("ECONNREFUSED");
    // Four attempts: backoff 250 + 500 + 1000 ms between them.
    expect(outcome.elapsedMs).toBe(1750);
    expect(error.message).toBe(
      "Could not reach the Prisma Management API: the connection was refused (ECONNREFUSED). Check the API base URL and the network, then run the step again.",
    );
    expect(error.message).not.toContain("may have");
    expectNoLeak(outcome, [TOKEN]);
  });
});
