// `_makeRequest` as every app method uses it: the retry policy against real HTTP exchanges
// (nock), the error a failed request throws, where requests go and what they carry, and what
// reaches the step's debug exports.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PrismaApiError } from "../../common/errors";
import { RETRY } from "../../common/constants";
import type { Step } from "../../common/types";
import app, { type PrismaApp } from "../../prisma_management_api.app";
import { bindApp } from "../pipedream";
import { DIRECT_URL, SECRETS, SECRET_PASSWORD, database, project } from "../fixtures";
import { API, TOKEN, api, boundApp, errorBody, everything, hang, settle, useFakeClock } from "../harness";

const databaseId = "db_corders000001";
const projectId = "proj_corders00001";
const dbPath = `/v1/databases/${databaseId}`;
const START = new Date("2026-11-01T10:00:00.000Z");

function prisma(token = TOKEN): PrismaApp {
  return boundApp({ api_token: token }) as unknown as PrismaApp;
}

/** Runs `call` under the fake clock; resolves to its outcome and the fake time it took. */
async function timed<T>(call: () => Promise<T>) {
  const started = Date.now();
  let value: T | undefined;
  let error: unknown;
  try {
    value = await settle(call());
  } catch (err) {
    error = err;
  }
  return { value, error: error as PrismaApiError | undefined, elapsed: Date.now() - started };
}

/** The error `call` fails with (failing the test if it succeeds). */
function failure(call: Promise<unknown>): Promise<PrismaApiError> {
  return call.then(
    (value) => { throw new Error(`expected a failure, got ${JSON.stringify(value)}`); },
    (error: PrismaApiError) => error,
  );
}

/** A `$` with a context, as Pipedream passes it, recording what is exported. */
function recordingStep() {
  const exports: Record<string, unknown> = {};
  const $: Step = { context: {}, export: (key, value) => { exports[key] = value; } };
  return { $, exports };
}

/** A counter of the requests a nock interceptor answered. */
function counted(status: number, body: unknown = errorBody("unavailable", "Try again"), headers?: Record<string, string>) {
  const counter = { calls: 0 };
  const reply = () => {
    counter.calls++;
    return [status, body, headers ?? {}] as [number, unknown, Record<string, string>];
  };
  return { counter, reply };
}

/** A socket-level failure as Node reports it (nock 14 needs an Error instance here, not a plain object). */
function networkError(code: string, message: string) {
  return Object.assign(new Error(message), { code });
}

const resetError = networkError("ECONNRESET", "socket hang up");
const connectionBody = { databaseId, name: "app-server" };
const created = { data: { id: "con_cnew00000001", name: "app-server" } };

describe("retry policy through _makeRequest", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it.each([429, 502, 503, 504])("retries a GET answered %i and returns the later success", async (status) => {
    api().get(dbPath).reply(status, errorBody("unavailable", "Try again"));
    api().get(dbPath).reply(200, { data: database(databaseId) });

    const { value, error } = await timed(() => prisma().getDatabase({ databaseId }));

    expect(error).toBeUndefined();
    expect(value).toEqual(database(databaseId));
  });

  it("keeps retrying a GET until the fourth attempt succeeds", async () => {
    api().get(dbPath).reply(503, errorBody("unavailable", "Try again"));
    api().get(dbPath).reply(502, errorBody("bad-gateway", "Try again"));
    api().get(dbPath).reply(504, errorBody("timeout", "Try again"));
    api().get(dbPath).reply(200, { data: database(databaseId) });

    const { value } = await timed(() => prisma().getDatabase({ databaseId }));

    expect(value).toMatchObject({ id: databaseId });
  });

  it("waits with growing, jittered backoff between attempts when there is no Retry-After", async () => {
    const { counter, reply } = counted(503);
    api().get(dbPath).times(3).reply(reply);
    api().get(dbPath).reply(200, { data: database(databaseId) });

    const { elapsed } = await timed(() => prisma().getDatabase({ databaseId }));

    expect(counter.calls).toBe(3);
    // Retries 1, 2, 3 wait 50–100 % of 500, 1000 and 2000 ms.
    expect(elapsed).toBeGreaterThanOrEqual(250 + 500 + 1000);
    expect(elapsed).toBeLessThanOrEqual(500 + 1000 + 2000);
  });

  it("sends at most 4 attempts and then throws the last error", async () => {
    const { counter, reply } = counted(503, errorBody("unavailable", "Still down"));
    api().get(dbPath).times(RETRY.maxAttempts).reply(reply);

    const { error } = await timed(() => prisma().getDatabase({ databaseId }));

    expect(counter.calls).toBe(4);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error?.status).toBe(503);
    expect(error?.message).toContain("Prisma API error 503 (unavailable): Still down");
  });

  describe("connection resets", () => {
    it("retries a GET after a reset", async () => {
      api().get(dbPath).replyWithError(resetError);
      api().get(dbPath).reply(200, { data: database(databaseId) });
      const { value } = await timed(() => prisma().getDatabase({ databaseId }));
      expect(value).toMatchObject({ id: databaseId });
    });

    it("retries a PATCH after a reset, sending the same body again", async () => {
      api().patch(`/v1/projects/${projectId}`, { name: "renamed" }).replyWithError(resetError);
      api().patch(`/v1/projects/${projectId}`, { name: "renamed" }).reply(200, { data: project(projectId, "renamed") });
      const { value } = await timed(() => prisma().updateProject({ projectId, data: { name: "renamed" } }));
      expect(value).toMatchObject({ id: projectId, name: "renamed" });
    });

    it("retries a DELETE after a reset", async () => {
      api().delete(dbPath).replyWithError(resetError);
      api().delete(dbPath).reply(204);
      const { value, error } = await timed(() => prisma().deleteDatabase({ databaseId }));
      expect(error).toBeUndefined();
      expect(value).toBeUndefined();
    });

    it("does not retry a POST after a reset: the server may have created it", async () => {
      api().post("/v1/connections", connectionBody).replyWithError(resetError);
      const { error, elapsed } = await timed(() => prisma().createConnection({ data: connectionBody }));
      expect(error).toBeInstanceOf(PrismaApiError);
      expect(error?.status).toBeNull();
      expect(error?.code).toBe("ECONNRESET");
      expect(error?.message).toMatch(/^Lost the connection to the Prisma Management API: it was reset before an answer arrived \(ECONNRESET\)\./);
      expect(error?.message).toContain("The connection may have been created, and its one-time connection strings with it. Check with **List Connection Strings**");
      expect(elapsed).toBe(0);
    });
  });

  describe("POST", () => {
    it.each([500, 502, 503, 504])("sends a POST answered %i exactly once", async (status) => {
      const { counter, reply } = counted(status, errorBody("server-error", "Something broke"));
      api().post("/v1/connections", connectionBody).reply(reply);

      const { error, elapsed } = await timed(() => prisma().createConnection({ data: connectionBody }));

      expect(counter.calls).toBe(1);
      expect(error?.status).toBe(status);
      expect(elapsed).toBe(0);
    });

    it("retries a POST answered 429: the request was not processed", async () => {
      api().post("/v1/connections", connectionBody).reply(429, errorBody("rate-limit-exceeded", "Slow down"));
      api().post("/v1/connections", connectionBody).reply(201, created);
      const { value } = await timed(() => prisma().createConnection({ data: connectionBody }));
      expect(value).toEqual(created.data);
    });
  });

  it.each([502, 503])("retries a PATCH answered %i", async (status) => {
    api().patch(`/v1/projects/${projectId}`, { name: "renamed" }).reply(status, errorBody("unavailable", "Try again"));
    api().patch(`/v1/projects/${projectId}`, { name: "renamed" }).reply(200, { data: project(projectId, "renamed") });
    const { value } = await timed(() => prisma().updateProject({ projectId, data: { name: "renamed" } }));
    expect(value).toMatchObject({ name: "renamed" });
  });

  it.each([429, 504])("retries a DELETE answered %i", async (status) => {
    api().delete(dbPath).reply(status, errorBody("unavailable", "Try again"));
    api().delete(dbPath).reply(204);
    const { error } = await timed(() => prisma().deleteDatabase({ databaseId }));
    expect(error).toBeUndefined();
  });

  describe("Retry-After", () => {
    it("waits the seconds a Retry-After gives", async () => {
      api().get(dbPath).reply(429, errorBody("rate-limit-exceeded", "Slow down"), { "Retry-After": "7" });
      api().get(dbPath).reply(200, { data: database(databaseId) });

      const { value, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));

      expect(value).toMatchObject({ id: databaseId });
      expect(elapsed).toBeGreaterThanOrEqual(7000);
      // The header replaces the backoff rather than adding to it.
      expect(elapsed).toBeLessThan(7000 + 500);
    });

    it("waits until the HTTP date a Retry-After gives", async () => {
      const until = new Date(START.getTime() + 12_000).toUTCString();
      api().get(dbPath).reply(503, errorBody("unavailable", "Maintenance"), { "Retry-After": until });
      api().get(dbPath).reply(200, { data: database(databaseId) });

      const { value, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));

      expect(value).toMatchObject({ id: databaseId });
      expect(elapsed).toBeGreaterThanOrEqual(12_000);
      expect(elapsed).toBeLessThan(12_000 + 500);
    });

    it("honours Retry-After on a retried POST 429 too", async () => {
      api().post("/v1/connections", connectionBody).reply(429, errorBody("rate-limit-exceeded", "Slow down"), { "Retry-After": "3" });
      api().post("/v1/connections", connectionBody).reply(201, created);
      const { value, elapsed } = await timed(() => prisma().createConnection({ data: connectionBody }));
      expect(value).toEqual(created.data);
      expect(elapsed).toBeGreaterThanOrEqual(3000);
    });

    it("gives up at once when the first Retry-After exceeds the run's 25 s budget", async () => {
      const { counter, reply } = counted(429, errorBody("rate-limit-exceeded", "Slow down"), { "Retry-After": "26" });
      api().get(dbPath).reply(reply);

      const { error, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));

      expect(counter.calls).toBe(1);
      expect(error?.status).toBe(429);
      expect(error?.message).toContain("Prisma asked to wait 26 s before another try, longer than this step had left: run it again in a minute.");
      expect(elapsed).toBe(0);
    });

    it("stops early when a later Retry-After would pass the run's 25 s budget", async () => {
      const { counter, reply } = counted(503, errorBody("unavailable", "Maintenance"), { "Retry-After": "15" });
      api().get(dbPath).times(2).reply(reply);

      const { error, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));

      // 15 s waited once; a second 15 s wait would end at 30 s, past the budget.
      expect(counter.calls).toBe(2);
      expect(error?.status).toBe(503);
      expect(elapsed).toBe(15_000);
    });

    it("retries when the wait leaves the next attempt exactly the least time a request needs", async () => {
      api().get(dbPath).reply(503, errorBody("unavailable", "Maintenance"), { "Retry-After": "23" });
      api().get(dbPath).reply(200, { data: database(databaseId) });
      const { value, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));
      expect(value).toMatchObject({ id: databaseId });
      expect(elapsed).toBe(23_000);
    });
  });

  describe("DELETE answered 404", () => {
    it("counts a retried DELETE that then gets 404 as deleted", async () => {
      api().delete(dbPath).reply(503, errorBody("unavailable", "Try again"));
      api().delete(dbPath).reply(404, errorBody("resource-not-found", "database not found"));
      const { value, error } = await timed(() => prisma().deleteDatabase({ databaseId }));
      expect(error).toBeUndefined();
      expect(value).toBeUndefined();
    });

    it("counts a DELETE whose connection reset and then gets 404 as deleted", async () => {
      api().delete(dbPath).replyWithError(resetError);
      api().delete(dbPath).reply(404, errorBody("resource-not-found", "database not found"));
      const { error } = await timed(() => prisma().deleteDatabase({ databaseId }));
      expect(error).toBeUndefined();
    });

    it("still fails a DELETE answered 404 on its first attempt", async () => {
      api().delete(dbPath).reply(404, errorBody("resource-not-found", `database with id ${databaseId} not found`));
      const { error } = await timed(() => prisma().deleteDatabase({ databaseId }));
      expect(error).toBeInstanceOf(PrismaApiError);
      expect(error?.status).toBe(404);
      expect(error?.message).toContain(`Prisma API error 404 (resource-not-found): database with id ${databaseId} not found`);
    });
  });

  it.each([400, 401, 403, 404, 409, 422])("does not retry a GET answered %i", async (status) => {
    const { counter, reply } = counted(status, errorBody("client-error", "No"));
    api().get(dbPath).reply(reply);

    const { error, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));

    expect(counter.calls).toBe(1);
    expect(error?.status).toBe(status);
    expect(elapsed).toBe(0);
  });

  it.each([400, 403, 409, 422])("does not retry a PATCH or DELETE answered %i", async (status) => {
    const patch = counted(status, errorBody("client-error", "No"));
    const del = counted(status, errorBody("client-error", "No"));
    api().patch(`/v1/projects/${projectId}`, { name: "renamed" }).reply(patch.reply);
    api().delete(dbPath).reply(del.reply);

    const patched = await timed(() => prisma().updateProject({ projectId, data: { name: "renamed" } }));
    const deleted = await timed(() => prisma().deleteDatabase({ databaseId }));

    expect([patch.counter.calls, del.counter.calls]).toEqual([1, 1]);
    expect([patched.error?.status, deleted.error?.status]).toEqual([status, status]);
  });

  it("retries a GET answered 500 a few times (3 attempts), then gives up", async () => {
    const { counter, reply } = counted(500, errorBody("internal-server-error", "Oops"));
    api().get(dbPath).times(3).reply(reply);
    const { error } = await timed(() => prisma().getDatabase({ databaseId }));
    expect(counter.calls).toBe(3);
    expect(error?.status).toBe(500);
    expect(error?.message).toContain("Prisma had a server problem");
  });

  it("returns a GET's success after a passing 500", async () => {
    api().get(dbPath).reply(500, errorBody("internal-server-error", "Oops"));
    api().get(dbPath).reply(200, { data: database(databaseId) });
    const { value } = await timed(() => prisma().getDatabase({ databaseId }));
    expect(value).toMatchObject({ id: databaseId });
  });

  it("does not retry a network error that is not passing (host not found)", async () => {
    api().get(dbPath).replyWithError(networkError("ENOTFOUND", "getaddrinfo ENOTFOUND api.prisma.io"));
    const { error } = await timed(() => prisma().getDatabase({ databaseId }));
    expect(error?.code).toBe("ENOTFOUND");
    expect(error?.message).toMatch(/^Could not reach the Prisma Management API: the host name of the API base URL was not found \(ENOTFOUND\)\./);
  });

  it("retries even a POST whose connection was refused: nothing reached the server", async () => {
    api().post("/v1/connections", connectionBody).replyWithError(networkError("ECONNREFUSED", "connect ECONNREFUSED"));
    api().post("/v1/connections", connectionBody).reply(200, created);
    const { value } = await timed(() => prisma().createConnection({ data: connectionBody }));
    expect(value).toEqual(created.data);
  });
});

describe("the error a failed request throws", () => {
  it("carries the HTTP status, the API's code, message and hint", async () => {
    api().get(dbPath).reply(404, errorBody("resource-not-found", `database with id ${databaseId} not found`, "List your databases first"));

    const error = await failure(prisma().getDatabase({ databaseId }));

    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.message).toBe(
      `Prisma API error 404 (resource-not-found): database with id ${databaseId} not found. Hint: List your databases first. ` +
      "Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.",
    );
    expect(error).toMatchObject({
      name: "PrismaApiError",
      status: 404,
      code: "resource-not-found",
      apiMessage: `database with id ${databaseId} not found`,
      hint: "List your databases first",
    });
  });

  it.each<[string, number, () => Promise<unknown>, string, () => nock.Interceptor]>([
    ["deleteDatabase", 403, () => prisma().deleteDatabase({ databaseId }), "This is the project's default database",
      () => api().delete(dbPath)],
    ["deleteProject", 400, () => prisma().deleteProject({ projectId }), "The project still has resources that depend on it",
      () => api().delete(`/v1/projects/${projectId}`)],
    ["restoreDatabase", 409, () => prisma().restoreDatabase({ targetDatabaseId: databaseId, data: restoreBody }), "still provisioning or already restoring",
      () => api().post(`${dbPath}/restore`, restoreBody)],
    ["restoreDatabase", 422, () => prisma().restoreDatabase({ targetDatabaseId: databaseId, data: restoreBody }), "Pick a completed backup from **List Backups**",
      () => api().post(`${dbPath}/restore`, restoreBody)],
    ["listBackups", 422, () => prisma().listBackups({ databaseId }), "backups are not available for remote databases",
      () => api().get(`${dbPath}/backups`)],
  ])("%s explains a %i in the endpoint's own words", async (_method, status, call, words, interceptor) => {
    interceptor().reply(status, errorBody("refused", "Refused by the API"));

    const error = await failure(call());

    expect(error.message).toContain(`Prisma API error ${status} (refused): Refused by the API`);
    expect(error.message).toContain(words);
    expect(error.status).toBe(status);
  });

  it("uses the generic advice for a status the endpoint gives no words for", async () => {
    api().delete(dbPath).reply(401, errorBody("authentication-failed", "Invalid token"));
    const error = await failure(prisma().deleteDatabase({ databaseId }));
    expect(error.message).toContain("The Prisma token was rejected");
    expect(error.message).not.toContain("default database");
  });

  it("says when a refusal looks like a plan limit", async () => {
    api().post("/v1/projects", { name: "orders" })
      .reply(403, errorBody("permission-denied", "Your plan allows at most 5 projects. Upgrade to create more."));
    const error = await failure(prisma().createProject({ data: { name: "orders" } }));
    expect(error.message).toContain("Prisma API error 403 (permission-denied): Your plan allows at most 5 projects");
    expect(error.message).toContain("This looks like a limit of the workspace's Prisma plan");
  });

  it("describes a network failure", async () => {
    api().get(dbPath).replyWithError(networkError("ENOTFOUND", "getaddrinfo ENOTFOUND api.prisma.io"));
    const error = await failure(prisma().getDatabase({ databaseId }));
    expect(error.message).toMatch(/^Could not reach the Prisma Management API: the host name of the API base URL was not found \(ENOTFOUND\)\./);
    expect(error.status).toBeNull();
  });

  describe("never carries the token", () => {
    const leaks = (error: unknown) => [
      everything(error),
      (error as Error).stack ?? "",
      ...Object.getOwnPropertyNames(error).map((k) => JSON.stringify((error as Record<string, unknown>)[k]) ?? ""),
    ].join("\n");

    it("not even when the API echoes it in the message and hint", async () => {
      api().get(dbPath).reply(401, errorBody(
        "authentication-failed",
        `Token ${TOKEN} is not valid (sent as Bearer ${TOKEN})`,
        `Replace ${TOKEN} with a new service token`,
      ));

      const error = await failure(prisma().getDatabase({ databaseId }));

      expect(error.message).toContain("Prisma API error 401 (authentication-failed): Token [redacted] is not valid");
      expect(leaks(error)).not.toContain(TOKEN);
    });

    it("not when the API echoes it in the error code", async () => {
      api().get(dbPath).reply(401, errorBody(`bad-token:${TOKEN}`, "No"));
      const error = await failure(prisma().getDatabase({ databaseId }));
      expect(leaks(error)).not.toContain(TOKEN);
    });

    it("not after a network failure, whose request still held the header", async () => {
      api().get(dbPath).replyWithError(networkError("ENOTFOUND", `lookup failed for Bearer ${TOKEN}`));
      const error = await failure(prisma().getDatabase({ databaseId }));
      expect(leaks(error)).not.toContain(TOKEN);
    });

    it("nor a credential sent in the body, such as a transfer's recipient token", async () => {
      const recipient = "eyJhbGciOiJSUzI1NiJ9.recipient-7c1d";
      const { $, exports } = recordingStep();
      api().post(`/v1/projects/${projectId}/transfer`, { recipientAccessToken: recipient })
        .reply(401, errorBody("authentication-failed", `Token ${recipient} is not valid`, `Got ${recipient}`));

      const error = await failure(prisma().transferProject({ $, projectId, data: { recipientAccessToken: recipient } }));

      expect(error.message).toContain("Prisma API error 401 (authentication-failed): Token [redacted] is not valid. Hint: Got [redacted].");
      expect(exports.debug).toBeDefined();
      expect(`${leaks(error)}\n${everything(exports)}`).not.toContain(recipient);
    });

    it("and keeps no request config, headers or response", async () => {
      api().get(dbPath).reply(400, errorBody("client-error", "Oops"));
      const error = await failure(prisma().getDatabase({ databaseId }));
      const keys = Object.getOwnPropertyNames(error);
      for (const key of ["config", "request", "response", "headers", "cause"]) expect(keys).not.toContain(key);
      expect(leaks(error)).not.toMatch(/Bearer|authorization/i);
    });
  });

  it("masks connection strings the API puts in an error", async () => {
    api().get(dbPath).reply(400, errorBody("client-error", `Could not connect to ${DIRECT_URL}`, `Check ${DIRECT_URL}`));
    const error = await failure(prisma().getDatabase({ databaseId }));
    expect(error.message).toContain("Could not connect to postgres://user_abc:[redacted]@db.prisma.io:5432/postgres");
    for (const secret of SECRETS) expect(everything(error)).not.toContain(secret);
  });
});

const restoreBody = { source: { type: "backup" as const, databaseId: "db_csource000001", backupId: "bkp_1" } };

describe("where requests go and what they carry", () => {
  it("sends exactly `Bearer <token>` as the Authorization header", async () => {
    let header: unknown;
    nock(API).get(dbPath).reply(function () {
      header = this.req.headers.authorization;
      return [200, { data: database(databaseId) }];
    });
    await prisma().getDatabase({ databaseId });
    expect(header).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ["with its scheme", "Bearer another-token-123"],
    ["with its scheme in lower case and a newline", "bearer  another-token-123\n"],
  ])("sends a token pasted %s with one scheme, not two", async (_, saved) => {
    nock(API, { reqheaders: { authorization: "Bearer another-token-123" } }).get(dbPath).reply(200, { data: database(databaseId) });
    await expect(prisma(saved).getDatabase({ databaseId })).resolves.toMatchObject({ id: databaseId });
  });

  it("sends the connected account's own token", async () => {
    nock(API, { reqheaders: { authorization: "Bearer another-token-123" } }).get(dbPath).reply(200, { data: database(databaseId) });
    await expect(prisma("another-token-123").getDatabase({ databaseId })).resolves.toMatchObject({ id: databaseId });
  });

  it("asks for JSON and sends JSON bodies", async () => {
    nock(API, { reqheaders: { accept: "application/json", "content-type": /^application\/json/ } })
      .post("/v1/connections", connectionBody).reply(201, created);
    await expect(prisma().createConnection({ data: connectionBody })).resolves.toEqual(created.data);
  });

  it("goes to another server whole when `_baseUrl` is overridden on the bound app, as local tools do", async () => {
    nock("http://127.0.0.1:4010", { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(dbPath).reply(200, { data: database(databaseId) });
    const local = bindApp(app, { api_token: TOKEN }, { _baseUrl: () => "http://127.0.0.1:4010/v1" }) as unknown as PrismaApp;
    await expect(local.getDatabase({ databaseId })).resolves.toMatchObject({ id: databaseId });
  });

  it("keeps the path of an overridden base URL, adding nothing of its own", async () => {
    nock("http://localhost:4011").get(`/mock/api/databases/${databaseId}`).reply(200, { data: database(databaseId) });
    const local = bindApp(app, { api_token: TOKEN }, { _baseUrl: () => "http://localhost:4011/mock/api" }) as unknown as PrismaApp;
    await expect(local.getDatabase({ databaseId })).resolves.toMatchObject({ id: databaseId });
  });

  it("talks to https://api.prisma.io/v1, whatever the environment says: the app reads no environment variable", async () => {
    process.env.PRISMA_MANAGEMENT_API_URL = "http://127.0.0.1:4010/v1";
    try {
      api().get(dbPath).reply(200, { data: database(databaseId) });
      await expect(prisma().getDatabase({ databaseId })).resolves.toMatchObject({ id: databaseId });
      expect((boundApp() as unknown as PrismaApp)._baseUrl()).toBe("https://api.prisma.io/v1");
    } finally {
      delete process.env.PRISMA_MANAGEMENT_API_URL;
    }
  });

  it("percent-encodes IDs in paths, so an ID cannot reach another route", async () => {
    const odd = "db_c1234567/../../projects?x=1#y";
    api().get(`/v1/databases/${encodeURIComponent(odd)}`).reply(200, { data: database(odd) });
    await expect(prisma().getDatabase({ databaseId: odd })).resolves.toMatchObject({ id: odd });
  });

  it("percent-encodes every ID of a path with two", async () => {
    const workspaceId = "wksp_c1234567/x";
    const serviceTokenId = "itgr_c1234567?y";
    api().delete(`/v1/workspaces/${encodeURIComponent(workspaceId)}/service-tokens/${encodeURIComponent(serviceTokenId)}`).reply(204);
    await expect(prisma().deleteServiceToken({ workspaceId, serviceTokenId })).resolves.toBeUndefined();
  });

  it("sends query parameters and leaves out the undefined ones", async () => {
    api().get("/v1/databases").query({ projectId, limit: "100" }).reply(200, { data: [], pagination: { nextCursor: null, hasMore: false } });
    await prisma().listDatabases({ params: { projectId, cursor: undefined, limit: 100 } });
  });
});

describe("debug exports", () => {
  it("exports the failed response for debugging, with credentials removed", async () => {
    const { $, exports } = recordingStep();
    api().get(dbPath).reply(400, {
      error: { code: "client-error", message: `Cannot reach postgres://admin:${SECRET_PASSWORD}@db.prisma.io:5432/postgres` },
      connectionString: DIRECT_URL,
      directConnection: { host: "db.prisma.io", user: "admin", pass: SECRET_PASSWORD },
    });

    await expect(prisma().getDatabase({ $, databaseId })).rejects.toThrow("Prisma API error 400");

    expect(Object.keys(exports)).toEqual(["debug"]);
    const debug = exports.debug as { status: number; data: Record<string, unknown> };
    expect(debug.status).toBe(400);
    expect(debug.data).toEqual({
      error: { code: "client-error", message: "Cannot reach postgres://admin:[redacted]@db.prisma.io:5432/postgres" },
      directConnection: { host: "db.prisma.io", user: "admin" },
    });
    for (const secret of SECRETS) expect(everything(exports)).not.toContain(secret);
  });

  it("does not export the token the API echoes", async () => {
    const { $, exports } = recordingStep();
    api().get(dbPath).reply(401, errorBody("authentication-failed", `Token ${TOKEN} is not valid`));

    await expect(prisma().getDatabase({ $, databaseId })).rejects.toThrow("Prisma API error 401");

    expect(exports.debug).toBeDefined();
    expect(everything(exports)).not.toContain(TOKEN);
  });

  it("exports nothing without a step context, nor on success", async () => {
    const exports: Record<string, unknown> = {};
    const $: Step = { export: (key, value) => { exports[key] = value; } };
    api().get(dbPath).reply(400, errorBody("client-error", "No"));
    api().get(dbPath).reply(200, { data: database(databaseId) });
    await expect(prisma().getDatabase({ $, databaseId })).rejects.toThrow();
    const withContext = recordingStep();
    await prisma().getDatabase({ $: withContext.$, databaseId });
    expect(exports).toEqual({});
    expect(withContext.exports).toEqual({});
  });
});

describe("the request core's bounds", () => {
  beforeEach(() => {
    useFakeClock();
    vi.setSystemTime(START);
  });
  afterEach(() => vi.useRealTimers());

  it("abandons an attempt that has not answered after 15 s, retries a GET, and returns the later answer", async () => {
    api().get(dbPath).reply(hang);
    api().get(dbPath).reply(200, { data: database(databaseId, { name: "second" }) });
    const { value, elapsed } = await timed(() => prisma().getDatabase({ databaseId }));
    expect(value).toMatchObject({ id: databaseId, name: "second" });
    expect(elapsed).toBeGreaterThanOrEqual(15_000);
    expect(elapsed).toBeLessThan(25_000);
  });

  it("sends a POST that did not answer in time once, and says it may have reached Prisma", async () => {
    api().post("/v1/databases", { projectId, name: "orders" }).reply(hang);
    const { error, elapsed } = await timed(() => prisma().createDatabase({ data: { projectId, name: "orders" } }));
    expect(error?.code).toBe("PRISMA_REQUEST_TIMEOUT");
    expect(error?.status).toBeNull();
    expect(error?.message).toContain("The database may have been created. Check with **List Databases** before running again: a re-run with the same Logical ID returns it, but without one it can create a second database.");
    expect(elapsed).toBe(15_000);
  });

  it("never follows a redirect: the error names the origin it pointed to, and nothing is sent there", async () => {
    const elsewhere = nock("https://elsewhere.example").post(/.*/).reply(200, {});
    api().post(`/v1/projects/${projectId}/transfer`).reply(307, "", { Location: "https://elsewhere.example/v1/steal?token=x" });
    const { error } = await timed(() => prisma().transferProject({ projectId, data: { recipientAccessToken: "eyJhbGciOiJSUzI1NiJ9.a.b" } }));
    expect(error?.status).toBe(307);
    expect(error?.message).toContain("https://elsewhere.example");
    expect(error?.message).not.toContain("steal");
    expect(elsewhere.isDone()).toBe(false);
    nock.cleanAll();
  });

  it("ends a 2xx of the wrong shape with an error naming the endpoint and what was missing", async () => {
    api().get("/v1/databases").query(true).reply(200, { items: [] });
    const { error } = await timed(() => prisma().listDatabases({ params: { projectId } }));
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error?.message).toBe(
      "Prisma answered GET /databases with 200, but not in the shape the API documents: `data` is missing or not a list. Nothing was changed. " +
      "If this keeps happening, check that the API base URL points at the Prisma Management API.",
    );
  });

  it("says a create whose answer was unreadable may have taken effect", async () => {
    api().post("/v1/connections", connectionBody).reply(200, "<html>oops</html>");
    const { error } = await timed(() => prisma().createConnection({ data: connectionBody }));
    expect(error?.message).toContain("Prisma answered POST /connections with 200, but not in the shape the API documents: the body is not JSON.");
    expect(error?.message).toContain("The connection may have been created");
  });

  it("masks the account's token in a successful answer that echoes it", async () => {
    api().get(dbPath).reply(200, { data: { ...database(databaseId), name: `made with ${TOKEN}` } });
    const { value } = await timed(() => prisma().getDatabase({ databaseId }));
    expect(value?.name).toBe("made with [redacted]");
  });

  it("paces a run to 30 requests a minute: the 31st request waits for the first to leave the window", async () => {
    const { $ } = recordingStep();
    api().get(dbPath).times(31).reply(200, { data: database(databaseId) });
    const sentAt: number[] = [];
    const { error } = await timed(async () => {
      for (let i = 0; i < 31; i++) {
        await prisma().getDatabase({ $, databaseId, deadline: undefined });
        sentAt.push(Date.now() - START.getTime());
      }
    });
    // Each call binds a fresh app, but the run (its `$`) is the same: one pacer, and a deadline
    // long enough only because the test extends nothing... the 31st slot is 60 s away.
    expect(error?.name).toBe("RateBudgetError");
    expect(sentAt).toHaveLength(30);
    nock.cleanAll();
  });
});
