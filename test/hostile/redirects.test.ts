// Redirects are never followed: the token (in the Authorization header) and the body (e.g. a
// recipient's access token) must not reach another origin. A 3xx ends the run with an error
// naming only the origin it pointed to, not its path or query, and is not retried.
import { describe, expect, it } from "vitest";
import { PrismaApiError } from "../../common/errors";
import getDatabase from "../../actions/get-database/get-database";
import transferProject from "../../actions/transfer-project/transfer-project";
import { database } from "../fixtures";
import { TOKEN, expectNoCrash, expectNoLeak, failureOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const RECIPIENT_TOKEN = "recipient-oauth-9b1e77d0c4f2a6";
const servers = useHostileServers();
useHostileClock();

const AFTER = "the Management API does not redirect, so nothing was sent there. Check the API base URL.";
const statuses = [301, 302, 303, 307, 308] as const;

/** The API server, and another origin it redirects to, which answers as the API would if reached. */
async function apiAndElsewhere() {
  const api = await servers.start();
  const elsewhere = (await servers.start()).handle(() => reply.json(200, { data: database(databaseId) }));
  pointAppAt(api);
  return { api, elsewhere };
}

describe.each(statuses)("a %i to another origin", (status) => {
  it("on Transfer Project: nothing reaches the other origin, and the error names only that origin", async () => {
    const { api, elsewhere } = await apiAndElsewhere();
    // The address carries both tokens, as a hostile redirect might to make a client hand them over.
    const location = `${elsewhere.origin}/collect/${TOKEN}?recipient=${RECIPIENT_TOKEN}&token=${TOKEN}`;
    api.respond(reply.redirect(status, location));

    const outcome = await runAction(transferProject, { projectId, recipientAccessToken: RECIPIENT_TOKEN, confirm: projectId });

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.status).toBe(status);
    expect(api.log).toEqual([`POST /v1/projects/${projectId}/transfer`]);
    expect(api.requests[0].json).toEqual({ recipientAccessToken: RECIPIENT_TOKEN });
    expect(elsewhere.requests).toEqual([]);
    expect(error.message).toBe(`Prisma answered with a redirect to ${elsewhere.origin}; ${AFTER}`);
    expect(error.message).not.toContain("/collect");
    expect(outcome.elapsedMs).toBe(0);
    expectNoLeak(outcome, [TOKEN, RECIPIENT_TOKEN]);
  });

  it("on a GET: not followed, not retried, and the error names only the origin", async () => {
    const { api, elsewhere } = await apiAndElsewhere();
    api.handle(() => reply.redirect(status, `${elsewhere.origin}/v1/databases/${databaseId}?access_token=${TOKEN}`));

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.status).toBe(status);
    expect(api.log).toEqual([`GET /v1/databases/${databaseId}`]);
    expect(elsewhere.requests).toEqual([]);
    expect(error.message).toBe(`Prisma answered with a redirect to ${elsewhere.origin}; ${AFTER}`);
    expectNoLeak(outcome, [TOKEN]);
  });
});

describe("other redirects", () => {
  it("leaves out credentials written into the address it points to", async () => {
    const { api, elsewhere } = await apiAndElsewhere();
    const [scheme, host] = elsewhere.origin.split("://");
    api.respond(reply.redirect(307, `${scheme}://thief:hunter2-secret@${host}/v1/databases/${databaseId}`));

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.message).toBe(`Prisma answered with a redirect to ${elsewhere.origin}; ${AFTER}`);
    expect(elsewhere.requests).toEqual([]);
    expectNoLeak(outcome, [TOKEN, "hunter2-secret"]);
  });

  it("does not follow a redirect to the same origin either", async () => {
    const api = await servers.start();
    pointAppAt(api);
    api.handle((request) => request.path === `/v1/databases/${databaseId}`
      ? reply.redirect(308, `${api.origin}/v1/databases/db_cmoved000001`)
      : reply.json(200, { data: database("db_cmoved000001") }));

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.status).toBe(308);
    expect(api.log).toEqual([`GET /v1/databases/${databaseId}`]);
    expect(error.message).toBe(`Prisma answered with a redirect to ${api.origin}; ${AFTER}`);
  });

  it("calls a relative address another path on the same server, and does not follow it", async () => {
    const api = await servers.start();
    pointAppAt(api);
    api.handle((request) => request.path === `/v1/databases/${databaseId}`
      ? reply.redirect(302, "/login?next=/v1/databases")
      : reply.html(200));

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(api.log).toEqual([`GET /v1/databases/${databaseId}`]);
    expect(error.message).toBe(`Prisma answered with a redirect to another path on the same server; ${AFTER}`);
  });

  it("says so when a redirect names no address", async () => {
    const api = (await servers.start()).respond(reply.redirect(301, null));
    pointAppAt(api);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(api.requests).toHaveLength(1);
    expect(error.message).toBe(`Prisma answered with a redirect that names no address; ${AFTER}`);
  });
});
