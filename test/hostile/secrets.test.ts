// Secrets in odd places of a server's answers: a connection URL whose password holds `@` and `/`,
// a database or connection name holding a connection URL, the account's own token echoed in a
// success body, an error's message and hint and a response header, JWTs and service-token values
// under keys nobody expects. None may show in a result, summary, export (the HTTP client's
// debug exports included) or error, except the minting actions' named fields.
import { describe, expect, it } from "vitest";
import createConnectionString from "../../actions/create-connection-string/create-connection-string";
import createServiceToken from "../../actions/create-service-token/create-service-token";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import getBranch from "../../actions/get-branch/get-branch";
import getConnectionString from "../../actions/get-connection-string/get-connection-string";
import getCurrentIdentity from "../../actions/get-current-identity/get-current-identity";
import getDatabase from "../../actions/get-database/get-database";
import getProject from "../../actions/get-project/get-project";
import getWorkspace from "../../actions/get-workspace/get-workspace";
import listDatabases from "../../actions/list-databases/list-databases";
import listServiceTokens from "../../actions/list-service-tokens/list-service-tokens";
import rotateConnectionString from "../../actions/rotate-connection-string/rotate-connection-string";
import setDefaultBranch from "../../actions/set-default-branch/set-default-branch";
import transferProject from "../../actions/transfer-project/transfer-project";
import updateDatabase from "../../actions/update-database/update-database";
import updateProject from "../../actions/update-project/update-project";
import { connection, connectionWithSecrets, database, project, workspace } from "../fixtures";
import type { ActionLike } from "../pipedream";
import { TOKEN, expectNoLeak, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const databaseId = "db_chostile00001";
const projectId = "proj_chostile0001";
const connectionId = "con_chostile00001";
const workspaceId = "wksp_chostile0001";
const servers = useHostileServers();
useHostileClock();

/** A password holding `@`, `/` and `:`: a naive `user:pass@host` pattern would cut it short. */
const TRICKY_PASSWORD = "p@ss/w0rd:9x@Z";
const TRICKY_URL = `postgresql://admin:${TRICKY_PASSWORD}@db.example.com:5432/app?sslmode=require`;
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlLW9mLWEtdG9rZW4";
const OPAQUE_TOKEN_VALUE = "prisma_sk_live_5f0c2a9e7d1b4c3a";
const RECIPIENT_TOKEN = "recipient-oauth-9b1e77d0c4f2a6";

const MINTED_FIELDS = ["directConnectionString", "pooledConnectionString", "accelerateConnectionString", "serviceTokenValue"];

/** A database with credentials hidden wherever a hostile server could put them. */
function databaseFullOfSecrets(id = databaseId) {
  const base = database(id);
  return {
    ...base,
    region: { id: "us-east-1", name: `US East ${JWT}` },
    source: { type: "empty", restoredFrom: TRICKY_URL },
    connections: [{
      ...connection("con_cdefault0001", id),
      endpoints: { direct: { host: "db.example.com", port: 5432, connectionString: TRICKY_URL } },
      note: `Bearer ${TOKEN}`,
    }],
    metadata: { sessionKey: JWT, echo: TOKEN, dsn: TRICKY_URL },
  };
}

describe("success bodies", () => {
  it("Get Database: nothing of a URL password holding @ and /, a JWT or the account's token survives", async () => {
    const server = (await servers.start()).respond(reply.json(200, { data: databaseFullOfSecrets() }));
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(getDatabase, { databaseId });

    expect(resultOf(outcome)).toMatchObject({ id: databaseId, name: "orders", status: "ready" });
    expect(outcome.summary).toBe(`Found database "orders" (${databaseId}) in project proj_corders00001, status ready`);
    expectNoLeak(outcome, [TOKEN, TRICKY_PASSWORD, "w0rd:9x", JWT]);
  });

  it("List Databases: the same, for every item of every page", async () => {
    const server = (await servers.start()).respond(
      reply.json(200, { data: [databaseFullOfSecrets("db_citem00000001")], pagination: { hasMore: true, nextCursor: "c1" } }),
      reply.json(200, { data: [databaseFullOfSecrets("db_citem00000002")], pagination: { hasMore: false, nextCursor: null } }),
    );
    pointAppAt(server);

    // The project the items show: the action passes over rows of another project.
    const outcome = await runAction<{ id: string }[]>(listDatabases, { projectId: "proj_corders00001" });

    expect(resultOf(outcome).map((d) => d.id)).toEqual(["db_citem00000001", "db_citem00000002"]);
    expectNoLeak(outcome, [TOKEN, TRICKY_PASSWORD, "w0rd:9x", JWT]);
  });

  it("Get Current Identity: the account's token echoed in the body is masked everywhere", async () => {
    const server = (await servers.start()).respond(reply.json(200, {
      data: {
        user: { id: "usr_chostile00001", email: `${TOKEN}@example.com`, name: TOKEN },
        workspace: { id: workspaceId, name: `Main ${TOKEN}` },
        credential: { type: "service_token", id: "itgr_ctoken000001", name: TOKEN, presented: `Bearer ${TOKEN}` },
      },
    }));
    pointAppAt(server);

    const outcome = await runAction(getCurrentIdentity, {});

    expect(outcome.summary).toBe(`Token is a service_token of user [redacted]@example.com for workspace "Main [redacted]" (${workspaceId})`);
    expectNoLeak(outcome, [TOKEN]);
  });

  it("an account token with URL-special characters is masked when echoed URL-encoded", async () => {
    const token = "tok/with+special=chars&more";
    const server = (await servers.start()).respond(reply.json(200, {
      data: { user: null, workspace: { id: workspaceId, name: `Main ${encodeURIComponent(token)}` }, credential: { type: "service_token", id: null, name: token } },
    }));
    pointAppAt(server);

    const outcome = await runAction(getCurrentIdentity, {}, { token });

    expect(server.requests[0].headers.authorization).toBe(`Bearer ${token}`);
    expectNoLeak(outcome, [token]);
  });
});

describe("service tokens", () => {
  const tokenItems = [
    // A token `value` the list never documents, without the `valueHint` that usually marks it.
    { id: "itgr_cnohint000001", type: "serviceToken", name: "no-hint", value: OPAQUE_TOKEN_VALUE, createdAt: "2026-11-01T10:00:00.000Z", expiresAt: null },
    // The value under keys nobody expects.
    { id: "itgr_codd00000001", type: "serviceToken", name: "odd", valueHint: "…oken", createdAt: "2026-11-01T10:00:00.000Z", expiresAt: null, secret: JWT, details: { bearer: JWT } },
  ];

  it("List Service Tokens: no token value survives, whatever key it is under", async () => {
    const server = (await servers.start()).respond(reply.json(200, { data: tokenItems, pagination: { hasMore: false, nextCursor: null } }));
    pointAppAt(server);

    const outcome = await runAction<{ id: string; name: string }[]>(listServiceTokens, { workspaceId });

    expect(resultOf(outcome).map((t) => [t.id, t.name])).toEqual([["itgr_cnohint000001", "no-hint"], ["itgr_codd00000001", "odd"]]);
    expectNoLeak(outcome, [OPAQUE_TOKEN_VALUE, JWT, TOKEN]);
  });

  it("List Service Tokens: a `value` without type or hint, on an item of the service-token list, is still the token", async () => {
    const item = { id: "tok_cbare00000001", name: "bare", value: OPAQUE_TOKEN_VALUE, createdAt: "2026-11-01T10:00:00.000Z" };
    const server = (await servers.start()).respond(reply.json(200, { data: [item], pagination: { hasMore: false, nextCursor: null } }));
    pointAppAt(server);

    const outcome = await runAction(listServiceTokens, { workspaceId });

    resultOf(outcome);
    expectNoLeak(outcome, [OPAQUE_TOKEN_VALUE]);
  });

  it("Create Service Token: the value appears once, in serviceTokenValue, even when the server repeats it elsewhere", async () => {
    const server = (await servers.start()).respond(reply.json(201, {
      data: { id: "itgr_cminted000001", type: "serviceToken", name: `ci ${JWT}`, value: JWT, valueHint: "…oken", createdAt: "2026-11-01T10:00:00.000Z", expiresAt: null, copy: JWT },
    }));
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(createServiceToken, { workspaceId, name: "ci" });

    const result = resultOf(outcome);
    expect(result.serviceTokenValue).toBe(JWT);
    expect(result).toMatchObject({ serviceTokenId: "itgr_cminted000001", name: "ci [redacted]", valueHint: "…oken" });
    expectNoLeak(outcome, [JWT, TOKEN], MINTED_FIELDS);
  });
});

describe("minted connection strings", () => {
  it("Create Connection String: the strings appear only in their named fields", async () => {
    const minted = connectionWithSecrets(connectionId, databaseId);
    minted.endpoints.direct!.connectionString = TRICKY_URL;
    const server = (await servers.start()).respond(reply.json(201, { data: { ...minted, debug: { dsn: TRICKY_URL } } }));
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(createConnectionString, { databaseId, name: "app-server" });

    const result = resultOf(outcome);
    expect(result.directConnectionString).toBe(TRICKY_URL);
    expectNoLeak(outcome, [TRICKY_PASSWORD, "w0rd:9x", TOKEN], MINTED_FIELDS);
  });
});

describe("names the server chose, holding credentials", () => {
  // A name is shown in summaries and results; one holding a connection URL or a token must show
  // without them (the password masked, the token masked), like every other string of an answer.
  const NAME = `copy of ${TRICKY_URL} key ${JWT}`;
  const branchNamed = { id: "br_chostile000001", type: "branch", url: "https://api.prisma.io/v1/branches/br_chostile000001", gitName: NAME, isDefault: true, role: "preview", createdAt: "2026-11-01T10:00:00.000Z", updatedAt: "2026-11-01T10:00:00.000Z", project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } };
  const projectNamed = { ...project(projectId, NAME), workspace: { id: workspaceId, url: `https://api.prisma.io/v1/workspaces/${workspaceId}`, name: "Main" } };
  const staleNamed = database(databaseId, { name: `pr-${NAME}`, isDefault: false, createdAt: "2026-10-01T00:00:00.000Z" });
  const cases: [string, ActionLike, Record<string, unknown>, Behaviour][] = [
    ["Get Database", getDatabase, { databaseId }, reply.json(200, { data: database(databaseId, { name: NAME }) })],
    ["Update Database", updateDatabase, { databaseId, name: "renamed" }, reply.json(200, { data: database(databaseId, { name: NAME }) })],
    ["Get Connection String", getConnectionString, { connectionId }, reply.json(200, { data: connection(connectionId, databaseId, { name: NAME }) })],
    ["Create Connection String", createConnectionString, { databaseId, name: "app-server" }, reply.json(201, { data: { ...connectionWithSecrets(connectionId, databaseId), name: NAME } })],
    ["Rotate Connection String", rotateConnectionString, { connectionId, confirm: connectionId }, reply.json(200, { data: { ...connectionWithSecrets(connectionId, databaseId), name: NAME } })],
    ["Get Project", getProject, { projectId }, reply.json(200, { data: projectNamed })],
    ["Update Project", updateProject, { projectId, name: "renamed" }, reply.json(200, { data: projectNamed })],
    ["Get Workspace", getWorkspace, { workspaceId }, reply.json(200, { data: workspace(workspaceId, NAME) })],
    ["Get Branch", getBranch, { branchId: "br_chostile000001" }, reply.json(200, { data: branchNamed })],
    ["Set Default Branch", setDefaultBranch, { branchId: "br_chostile000001" }, reply.json(200, { data: branchNamed })],
    ["Delete Stale Databases (dry run)", deleteStaleDatabases, { projectId, namePattern: "pr-", olderThanHours: 24 },
      reply.json(200, { data: [staleNamed], pagination: { hasMore: false, nextCursor: null } })],
  ];

  it.each(cases)("%s shows the name without the password or the token", async (_, action, props, answer) => {
    const server = (await servers.start()).respond(answer);
    pointAppAt(server);

    const outcome = await runAction(action, props);

    resultOf(outcome);
    expect(server.requests).toHaveLength(1);
    expect(outcome.summary).toEqual(expect.any(String));
    expectNoLeak(outcome, [TRICKY_PASSWORD, "w0rd:9x", JWT], MINTED_FIELDS);
  });
});

describe("error answers", () => {
  it("the account's token in an error's message, hint and headers is masked in the error and the debug export", async () => {
    const server = (await servers.start()).respond(reply.json(401, {
      error: { code: "authentication-failed", message: `Token ${TOKEN} is not valid`, hint: `Send Authorization: Bearer ${TOKEN} with a live token; see ${TRICKY_URL}` },
    }, { "x-echo-authorization": `Bearer ${TOKEN}`, "x-echo-token": TOKEN }));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.status).toBe(401);
    expect(error.message).toContain("Prisma API error 401 (authentication-failed): Token [redacted] is not valid");
    expect(error.hint).toContain("[redacted]");
    // The HTTP client exports a summary of the failed answer (the `$` has a context): it is checked too.
    expect(outcome.exports.debug).toMatchObject({ status: 401 });
    expectNoLeak(outcome, [TOKEN, TRICKY_PASSWORD, "w0rd:9x"]);
  });

  it("Transfer Project: the recipient's token echoed in a refusal is masked", async () => {
    const server = (await servers.start()).respond(reply.json(401, {
      error: { code: "invalid-recipient", message: `Recipient token ${RECIPIENT_TOKEN} is expired`, hint: `recipientAccessToken=${RECIPIENT_TOKEN}` },
      recipientAccessToken: RECIPIENT_TOKEN,
    }));
    pointAppAt(server);

    const outcome = await runAction(transferProject, { projectId, recipientAccessToken: RECIPIENT_TOKEN, confirm: projectId });

    const error = failureOf(outcome);
    expect(error.message).toContain("Recipient token [redacted] is expired");
    expect(error.message).toContain("the recipient's access token");
    expectNoLeak(outcome, [RECIPIENT_TOKEN, TOKEN]);
  });

  it("a 5xx echoing the whole request (headers and body) leaks nothing after its retries", async () => {
    const server = (await servers.start()).handle((request) => reply.json(503, {
      error: { code: "unavailable", message: `upstream failed for ${JSON.stringify(request.headers)}`, hint: TRICKY_URL },
    }));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId });

    const error = failureOf(outcome);
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(4);
    expectNoLeak(outcome, [TOKEN, TRICKY_PASSWORD, "w0rd:9x"]);
  });
});
