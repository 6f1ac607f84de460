import { describe, expect, it } from "vitest";
import { REQUEST_TIMEOUT_CODE } from "../../common/constants";
import { PrismaApiError, isLogicalIdClash, mayHaveBeenCarriedOut, redirectMessage, toPrismaApiError, type Refusals } from "../../common/errors";
import { RateBudgetError } from "../../common/rate-pacing";
import { ACCELERATE_URL, DIRECT_URL, SECRETS, SECRET_API_KEY } from "../fixtures";
import { errorBody } from "../harness";

/** What platform axios throws for an HTTP error: the response kept, the request removed. */
function httpError(status: number, data: unknown) {
  return Object.assign(new Error(JSON.stringify(data)), { response: { status, data } });
}

function networkError(code: string | undefined, message: string) {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe("toPrismaApiError", () => {
  it("puts status, code, message and hint in the message and in fields", () => {
    const error = toPrismaApiError(httpError(422, errorBody("validation-error", "name is too long", "Use at most 256 characters")));
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("PrismaApiError");
    expect(error.message).toBe("Prisma API error 422 (validation-error): name is too long. Hint: Use at most 256 characters.");
    expect(error).toMatchObject({ status: 422, code: "validation-error", apiMessage: "name is too long", hint: "Use at most 256 characters" });
  });

  it.each([
    ["no stop", "database not found", "database not found."],
    ["trailing blanks and no stop", "database not found  ", "database not found."],
    ["a full stop", "Database not found.", "Database not found."],
    ["an exclamation mark", "Database not found!", "Database not found!"],
    ["a question mark", "Did you mean db_c1?", "Did you mean db_c1?"],
    ["a closing parenthesis", "Database not found (db_c1)", "Database not found (db_c1)"],
    ["a double quote", "No database named \"orders\"", "No database named \"orders\""],
    ["a single quote", "No database named 'orders'", "No database named 'orders'"],
  ])("ends a message and a hint with %s as sentences", (_what, text, asSentence) => {
    const error = toPrismaApiError(httpError(422, errorBody("validation-error", `Message: ${text}`, `Hint text: ${text}`)));
    expect(error.message).toBe(`Prisma API error 422 (validation-error): Message: ${asSentence} Hint: Hint text: ${asSentence}`);
    expect(error).toMatchObject({ apiMessage: `Message: ${text.trimEnd()}`, hint: `Hint text: ${text.trimEnd()}` });
  });

  it("serializes to its fields only", () => {
    const error = toPrismaApiError(httpError(404, errorBody("resource-not-found", "gone")));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "PrismaApiError",
      message: "Prisma API error 404 (resource-not-found): gone. Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.",
      status: 404,
      code: "resource-not-found",
      apiMessage: "gone",
      hint: null,
      conflict: null,
    });
  });

  it.each([
    [401, "The Prisma token was rejected: reconnect the Prisma Management API account with a valid service token (Prisma Console → workspace Settings → Service Tokens)."],
    [403, "The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access."],
    [404, "Nothing with that ID exists for this token: check the ID, or pick it from the dropdown."],
    [429, "Prisma is rate limiting requests: wait a little and run the step again."],
    [500, "Prisma had a server problem: run the step again in a moment."],
    [503, "Prisma had a server problem: run the step again in a moment."],
  ])("gives generic advice for a %i", (status, advice) => {
    const error = toPrismaApiError(httpError(status, errorBody("some-code", "Something")));
    expect(error.message).toBe(`Prisma API error ${status} (some-code): Something. ${advice}`);
  });

  it.each([400, 413, 422])("adds no advice of its own to a %i", (status) => {
    const error = toPrismaApiError(httpError(status, errorBody("client-error", "Bad input")));
    expect(error.message).toBe(`Prisma API error ${status} (client-error): Bad input.`);
  });

  it("prefers the endpoint's refusal words to the generic advice", () => {
    const error = toPrismaApiError(httpError(403, errorBody("permission-denied", "No")), { 403: "Delete the project instead." });
    expect(error.message).toBe("Prisma API error 403 (permission-denied): No. Delete the project instead.");
  });

  it("ignores refusal words for other statuses", () => {
    const error = toPrismaApiError(httpError(404, errorBody("resource-not-found", "No")), { 403: "Delete the project instead." });
    expect(error.message).not.toContain("Delete the project instead.");
  });

  describe("plan limits", () => {
    it.each([
      [403, "Your plan allows at most 2 databases"],
      [403, "Database quota reached for this workspace"],
      [400, "Project limit reached"],
      [422, "This would exceed the workspace limit of 10 projects"],
      [402, "Upgrade to Pro to add databases"],
    ])("says a %i that reads %j looks like a plan limit", (status, message) => {
      const error = toPrismaApiError(httpError(status, errorBody("refused", message)));
      expect(error.message).toContain("This looks like a limit of the workspace's Prisma plan");
    });

    it("does not call a rate limit a plan limit", () => {
      const error = toPrismaApiError(httpError(429, errorBody("rate-limit-exceeded", "Rate limit exceeded")));
      expect(error.message).toBe("Prisma API error 429 (rate-limit-exceeded): Rate limit exceeded. Prisma is rate limiting requests: wait a little and run the step again.");
    });

    it("still says so for a 429 that names a quota", () => {
      const error = toPrismaApiError(httpError(429, errorBody("quota-exceeded", "Monthly quota of the free plan used up")));
      expect(error.message).toContain("This looks like a limit of the workspace's Prisma plan");
    });

    it("does not call a 404 or a 5xx a plan limit", () => {
      expect(toPrismaApiError(httpError(404, errorBody("resource-not-found", "plan not found"))).message).not.toContain("Prisma plan");
      expect(toPrismaApiError(httpError(500, errorBody("internal", "quota service down"))).message).not.toContain("Prisma plan");
    });

    // Lines long enough that a scan backtracking over the rest of the line from each "exceed"
    // (`exceed.*limit`) could not finish; a linear one takes milliseconds.
    it.each([
      ["an \"exceed\" over and over, no limit", "exceed ".repeat(150_000), false],
      ["an \"exceed\" over and over, then a limit", `${"exceeds ".repeat(150_000)}the limit`, true],
      ["the limit on the next line only", `${"exceeds ".repeat(150_000)}\nthe limit`, false],
      ["the limit before the exceed", "limit exceeds it", false],
    ])("reads a plan limit from %s, on a million characters", (_what, message, planLimited) => {
      const error = toPrismaApiError(httpError(403, errorBody("refused", message)));
      expect(error.message.endsWith(planLimited
        ? "This looks like a limit of the workspace's Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console."
        : "The token's workspace may not do this: check that the resource belongs to the token's workspace and that the token has access.")).toBe(true);
    });

    it("lets the endpoint's refusal words win over plan advice", () => {
      const error = toPrismaApiError(httpError(403, errorBody("refused", "plan limit reached")), { 403: "Endpoint words." });
      expect(error.message).toBe("Prisma API error 403 (refused): plan limit reached. Endpoint words.");
    });
  });

  describe("bodies that are not the standard shape", () => {
    it("reads the GitHub-OIDC exchange's { error, errorDescription }", () => {
      const error = toPrismaApiError(httpError(401, { error: "unauthorized", errorDescription: "OIDC token rejected" }));
      expect(error).toMatchObject({ code: "unauthorized", apiMessage: "OIDC token rejected", hint: null });
      expect(error.message).toContain("Prisma API error 401 (unauthorized): OIDC token rejected");
    });

    it.each([
      ["an HTML page", "<html>Bad Gateway</html>"],
      ["an empty body", ""],
      ["no body", undefined],
      ["null", null],
      ["an object without error", { message: "Nope" }],
    ])("handles %s", (_what, data) => {
      const error = toPrismaApiError(httpError(502, data));
      expect(error).toMatchObject({ status: 502, code: null, apiMessage: null, hint: null });
      expect(error.message).toBe("Prisma API error 502: no message. Prisma had a server problem: run the step again in a moment.");
    });

    it("fills in a missing code and message", () => {
      const error = toPrismaApiError(httpError(400, { error: { hint: "Check the body" } }));
      expect(error).toMatchObject({ code: "unknown", apiMessage: null, hint: "Check the body" });
      expect(error.message).toBe("Prisma API error 400 (unknown): no message. Hint: Check the body.");
    });

    it("ignores fields of the wrong type", () => {
      const error = toPrismaApiError(httpError(400, { error: { code: 7, message: ["x"], hint: {} } }));
      expect(error).toMatchObject({ code: "unknown", apiMessage: null, hint: null });
    });
  });

  describe("network failures", () => {
    it("names the socket error code", () => {
      const error = toPrismaApiError(networkError("ECONNRESET", "socket hang up"));
      expect(error).toMatchObject({ status: null, code: "ECONNRESET", apiMessage: null, hint: null });
      expect(error.message).toBe("Lost the connection to the Prisma Management API: it was reset before an answer arrived (ECONNRESET). Check the network and run the step again. Prisma may have received the request: if the step creates or changes something, check whether that happened before running it again.");
    });

    it("falls back to the error's message, then to the value itself", () => {
      expect(toPrismaApiError(networkError(undefined, "timeout of 1000ms exceeded")).message)
        .toBe("Could not reach the Prisma Management API (timeout of 1000ms exceeded). Check the network and run the step again.");
      expect(toPrismaApiError("boom").message).toBe("Could not reach the Prisma Management API (boom). Check the network and run the step again.");
      expect(toPrismaApiError(undefined).message).toContain("(undefined)");
    });

    it("puts the error's message in its parentheses without the full stop it ended with", () => {
      expect(toPrismaApiError(networkError(undefined, "The socket was closed.")).message)
        .toBe("Could not reach the Prisma Management API (The socket was closed). Check the network and run the step again.");
      expect(toPrismaApiError(networkError(undefined, "Waited...")).message)
        .toBe("Could not reach the Prisma Management API (Waited...). Check the network and run the step again.");
    });
  });

  describe("secrets", () => {
    it("masks connection strings and keys in the message, API message and hint", () => {
      const error = toPrismaApiError(httpError(400, errorBody("client-error", `Bad URL ${DIRECT_URL}`, `Try ${ACCELERATE_URL}`)));
      expect(error.apiMessage).toBe("Bad URL postgres://user_abc:[redacted]@db.prisma.io:5432/postgres?sslmode=require");
      expect(error.hint).toBe("Try prisma+postgres://accelerate.prisma-data.net/?api_key=[redacted]");
      for (const secret of SECRETS) expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(secret);
    });

    it("masks a network error's message", () => {
      const error = toPrismaApiError(networkError(undefined, `connect failed: ${DIRECT_URL}`));
      expect(error.message).not.toContain("s3cr3t");
    });

    it("masks the secrets it is given wherever they appear", () => {
      const token = "tok_ABCDEF0123456789";
      const error = toPrismaApiError(
        httpError(401, errorBody(`bad:${token}`, `Token ${token} is invalid`, `Replace ${token}`)),
        {},
        [token],
      );
      expect(error.message).toContain("Token [redacted] is invalid");
      expect(error.code).toBe("bad:[redacted]");
      const everything = [error.message, error.stack, JSON.stringify(error), ...Object.values(error).map(String)].join(" ");
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(SECRET_API_KEY);
    });

    it("masks the given secrets in a network error too", () => {
      const token = "tok_ABCDEF0123456789";
      const error = toPrismaApiError(networkError(undefined, `failed with ${token}`), {}, [token]);
      expect(error.message).toBe("Could not reach the Prisma Management API (failed with [redacted]). Check the network and run the step again.");
    });

    it("keeps nothing of the request", () => {
      const axiosError = Object.assign(httpError(500, errorBody("internal", "Oops")), {
        config: { headers: { Authorization: "Bearer tok_secret_value_1" } },
        request: { _header: "Authorization: Bearer tok_secret_value_1" },
      });
      const error = toPrismaApiError(axiosError);
      expect(Object.getOwnPropertyNames(error).sort()).toEqual(["apiMessage", "code", "conflict", "hint", "message", "name", "stack", "status"]);
      expect(`${JSON.stringify(error)} ${error.stack}`).not.toContain("tok_secret_value_1");
    });
  });
});

const PLAN_ADVICE = "The workspace has reached a limit of its Prisma plan: delete resources you no longer need, or upgrade the plan in Prisma Console.";
const STATE_ADVICE = "The resource is busy or in a state that does not allow this (for example a database still provisioning or restoring): wait until it is ready, then run the step again.";
const CLASH_ADVICE = "Something with this Logical ID already exists: use that one (find it by its Logical ID), or choose another Logical ID.";
const ROUTE_ADVICE = "The endpoint was not found: Prisma has no such route at this address, so this says nothing about the ID. Check the API base URL (it must end in `/v1`, like the default `https://api.prisma.io/v1`).";

// The refusals of the app's create-database and transfer-project endpoints, as they read.
const CREATE_DATABASE: Refusals = {
  403: "This token may not create databases in that project, or the workspace's plan allows no more databases: delete unused ones or upgrade the plan.",
  409: "A database with this Logical ID already exists in the project.",
};
const TRANSFER_PROJECT: Refusals = {
  409: "The project cannot be transferred in its current state (for example while a database is provisioning or restoring). Try again once it is ready.",
};

describe("refusals classified by Prisma's error code first", () => {
  it("gives a 403 planLimitReached the plan advice, not the endpoint's 403 words", () => {
    const error = toPrismaApiError(httpError(403, errorBody("planLimitReached", "You have reached the database limit of your plan")), CREATE_DATABASE);
    expect(error.message).toBe(`Prisma API error 403 (planLimitReached): You have reached the database limit of your plan. ${PLAN_ADVICE}`);
  });

  it.each([409, 400, 402, 429])("gives planLimitReached the plan advice on a %i too", (status) => {
    const error = toPrismaApiError(httpError(status, errorBody("planLimitReached", "Limit hit")), CREATE_DATABASE);
    expect(error.message).toBe(`Prisma API error ${status} (planLimitReached): Limit hit. ${PLAN_ADVICE}`);
  });

  it.each(["plan-limit-reached", "PLAN_LIMIT_REACHED", "planlimitreached"])("reads the code %s as a plan limit", (code) => {
    expect(toPrismaApiError(httpError(403, errorBody(code, "No"))).message).toBe(`Prisma API error 403 (${code}): No. ${PLAN_ADVICE}`);
  });

  it("does not tell a 409 state conflict on Create Database that the Logical ID exists", () => {
    const error = toPrismaApiError(httpError(409, errorBody("conflict", "Database db_c1 is provisioning and cannot be changed now")), CREATE_DATABASE);
    expect(error.message).toBe(`Prisma API error 409 (conflict): Database db_c1 is provisioning and cannot be changed now. ${STATE_ADVICE}`);
    expect(error.message).not.toContain("Logical ID");
  });

  it("gives a 409 that says nothing about the Logical ID the state advice", () => {
    expect(toPrismaApiError(httpError(409, errorBody("conflict", "Conflict")), CREATE_DATABASE).message)
      .toBe(`Prisma API error 409 (conflict): Conflict. ${STATE_ADVICE}`);
    expect(toPrismaApiError(httpError(409, errorBody("conflict", "Conflict"))).message)
      .toBe(`Prisma API error 409 (conflict): Conflict. ${STATE_ADVICE}`);
  });

  it("gives a Logical ID clash on Create Database the endpoint's Logical ID words", () => {
    const error = toPrismaApiError(httpError(409, errorBody("conflict", "A database with logicalId orders-prod already exists on the branch (db_c1).")), CREATE_DATABASE);
    expect(error.message).toBe("Prisma API error 409 (conflict): A database with logicalId orders-prod already exists on the branch (db_c1). A database with this Logical ID already exists in the project.");
  });

  it("gives a Logical ID clash the general Logical ID advice where the endpoint has no words for it", () => {
    const clash = httpError(409, errorBody("conflict", "A project with logicalId orders-prod already exists"));
    expect(toPrismaApiError(clash).message).toBe(`Prisma API error 409 (conflict): A project with logicalId orders-prod already exists. ${CLASH_ADVICE}`);
    expect(toPrismaApiError(clash, TRANSFER_PROJECT).message).toBe(`Prisma API error 409 (conflict): A project with logicalId orders-prod already exists. ${CLASH_ADVICE}`);
  });

  it("keeps an endpoint's own words for its state conflicts", () => {
    const error = toPrismaApiError(httpError(409, errorBody("conflict", "The project cannot be moved now")), TRANSFER_PROJECT);
    expect(error.message).toBe(`Prisma API error 409 (conflict): The project cannot be moved now. ${TRANSFER_PROJECT[409]}`);
  });

  it("lets an endpoint key advice by Logical ID clash and by code", () => {
    const refusals: Refusals = {
      409: "Status words.",
      logicalIdClash: "Clash words.",
      codes: { "quota-exceeded": "Quota words.", planLimitReached: "Endpoint plan words." },
    };
    expect(toPrismaApiError(httpError(409, errorBody("conflict", "logicalId taken")), refusals).message)
      .toBe("Prisma API error 409 (conflict): logicalId taken. Clash words.");
    expect(toPrismaApiError(httpError(409, errorBody("conflict", "busy")), refusals).message)
      .toBe("Prisma API error 409 (conflict): busy. Status words.");
    expect(toPrismaApiError(httpError(409, errorBody("quota-exceeded", "Over quota")), refusals).message)
      .toBe("Prisma API error 409 (quota-exceeded): Over quota. Quota words.");
    expect(toPrismaApiError(httpError(403, errorBody("planLimitReached", "Limit")), refusals).message)
      .toBe("Prisma API error 403 (planLimitReached): Limit. Endpoint plan words.");
  });
});

describe("isLogicalIdClash", () => {
  const appExists = (conflict: "logicalId" | "name", message: string) => ({
    error: { code: "app:already_exists", message, existingAppId: "app_c1", name: "web", branchGitName: "main", conflict, logicalId: "web-prod" },
  });

  it.each<[string, number, unknown]>([
    ["the API's words for a clash", 409, errorBody("conflict", "A database with logicalId orders-prod already exists on the branch (db_c1).")],
    ["a code naming the logical ID", 409, errorBody("logical-id-taken", "Taken")],
    ["a code in snake case", 409, errorBody("logical_id_conflict", "Taken")],
    ["“Logical ID” in the message", 409, errorBody("conflict", "That Logical ID is already in use")],
    ["app:already_exists with conflict logicalId", 409, appExists("logicalId", "An app already exists")],
  ])("is true for %s", (_what, status, body) => {
    const error = toPrismaApiError(httpError(status, body));
    expect(isLogicalIdClash(error)).toBe(true);
  });

  it.each<[string, number, unknown]>([
    ["a 409 that says nothing about it", 409, errorBody("conflict", "Conflict")],
    ["a state conflict", 409, errorBody("conflict", "Database db_c1 is provisioning and cannot be restored now")],
    ["a plan limit that mentions the logical ID", 409, errorBody("planLimitReached", "No more databases with a logicalId on this plan")],
    ["app:already_exists with conflict name, whatever the message says", 409, appExists("name", "An app named web (logicalId web-prod) already exists")],
    ["a 400 about the logicalId field", 400, errorBody("client-error", "logicalId cannot be combined with branchGitName.")],
    ["a 409 whose hint alone names the logical ID", 409, errorBody("conflict", "Busy", "Set a logicalId to make re-runs safe")],
    ["a 409 without Prisma's body", 409, "<html>Conflict</html>"],
  ])("is false for %s", (_what, status, body) => {
    expect(isLogicalIdClash(toPrismaApiError(httpError(status, body)))).toBe(false);
  });

  it("is false for a network failure", () => {
    expect(isLogicalIdClash(toPrismaApiError(networkError("ECONNRESET", "socket hang up")))).toBe(false);
  });

  it("keeps the clashing attribute Prisma names", () => {
    const error = toPrismaApiError(httpError(409, appExists("logicalId", "An app already exists")));
    expect(error).toMatchObject({ status: 409, code: "app:already_exists", apiMessage: "An app already exists", conflict: "logicalId" });
    expect(error.message).toBe(`Prisma API error 409 (app:already_exists): An app already exists. ${CLASH_ADVICE}`);
  });
});

describe("a 404 for a route that does not exist", () => {
  it.each<[string, unknown, string]>([
    ["an HTML page", "<html><body><h1>Not Found</h1></body></html>", `Prisma API error 404: no message. ${ROUTE_ADVICE}`],
    ["a plain string", "Not Found", `Prisma API error 404: no message. ${ROUTE_ADVICE}`],
    ["{ message }", { message: "Not Found" }, `Prisma API error 404: no message. ${ROUTE_ADVICE}`],
    ["{ error: \"Not Found\" }", { error: "Not Found" }, `Prisma API error 404: ${ROUTE_ADVICE}`],
    ["a web framework's body", { statusCode: 404, error: "Not Found", message: "Route GET:/projects not found" }, `Prisma API error 404: ${ROUTE_ADVICE}`],
    ["an empty body", "", `Prisma API error 404: no message. ${ROUTE_ADVICE}`],
    ["no body", undefined, `Prisma API error 404: no message. ${ROUTE_ADVICE}`],
    ["Prisma's shape naming a route", errorBody("not-found", "Route GET /projects not found"), `Prisma API error 404 (not-found): Route GET /projects not found. ${ROUTE_ADVICE}`],
  ])("says the endpoint was not found for %s", (_what, data, message) => {
    const error = toPrismaApiError(httpError(404, data), { 404: "Endpoint words about the ID." });
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("Nothing with that ID exists");
  });

  // Lines long enough that a regular expression with `.*` before and after the method could
  // not finish on them; a linear scan takes milliseconds.
  it.each([
    ["a path that goes on", `Route GET /${"a".repeat(1_000_000)}`, false],
    ["a path that goes on, then not found", `Route GET /${"a".repeat(1_000_000)} not found`, true],
    ["methods over and over", `Route ${"GET /".repeat(200_000)}`, false],
    ["methods over and over, then not found", `Route ${"GET /".repeat(200_000)}not found`, true],
    ["not found on the next line", `Route GET /${"a ".repeat(500_000)}\nnot found`, false],
    ["a path on the next line", `Route GET\n/${"a".repeat(1_000_000)} not found`, true],
  ])("tells a router's missing route from %s in a resource-not-found, on a million characters", (_what, message, routeMissing) => {
    const error = toPrismaApiError(httpError(404, errorBody("resource-not-found", message)), { 404: "Endpoint words about the ID." });
    expect(error.message.endsWith(routeMissing
      ? ROUTE_ADVICE
      : "Endpoint words about the ID.")).toBe(true);
  });

  it("keeps the ID advice for a genuine resource-not-found", () => {
    const error = toPrismaApiError(httpError(404, errorBody("resource-not-found", "database with id db_route1 not found")));
    expect(error.message).toBe("Prisma API error 404 (resource-not-found): database with id db_route1 not found. Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.");
  });
});

describe("messages that do not repeat themselves", () => {
  it.each<[string, number, unknown, Refusals, string]>([
    ["a hint equal to the message", 400, errorBody("client-error", "Name is too long.", "name is too long"), {},
      "Prisma API error 400 (client-error): Name is too long."],
    ["a hint the message already holds", 400, errorBody("client-error", "The name is too long: use at most 256 characters", "Use at most 256 characters."), {},
      "Prisma API error 400 (client-error): The name is too long: use at most 256 characters."],
    ["a message the hint already holds", 400, errorBody("client-error", "Name too long", "Name too long: use at most 256 characters"), {},
      "Prisma API error 400 (client-error): Hint: Name too long: use at most 256 characters."],
    ["a message equal to the advice", 429, errorBody("rate-limit-exceeded", "Prisma is rate limiting requests: wait a little and run the step again."), {},
      "Prisma API error 429 (rate-limit-exceeded): Prisma is rate limiting requests: wait a little and run the step again."],
    ["a hint equal to the endpoint's words", 422, errorBody("validation-error", "Backup not usable", "Pick a completed backup"), { 422: "pick a completed backup." },
      "Prisma API error 422 (validation-error): Backup not usable. Hint: Pick a completed backup."],
    ["advice that holds the message", 404, { error: "Not Found" }, {},
      `Prisma API error 404: ${ROUTE_ADVICE}`],
    ["a blank message", 400, errorBody("client-error", "  \n\t "), {},
      "Prisma API error 400 (client-error): no message."],
    ["a blank message with a hint", 400, errorBody("client-error", " ", "Check the body"), {},
      "Prisma API error 400 (client-error): no message. Hint: Check the body."],
    ["a blank hint", 400, errorBody("client-error", "Bad input", "   "), {},
      "Prisma API error 400 (client-error): Bad input."],
    ["no message and a hint equal to the advice", 500, { error: { code: "internal", hint: "Prisma had a server problem: run the step again in a moment." } }, {},
      "Prisma API error 500 (internal): no message. Hint: Prisma had a server problem: run the step again in a moment."],
    ["message, hint and advice all the same", 409, errorBody("conflict", "Try again once it is ready.", "try again once it is ready"), { 409: "Try again once it is ready." },
      "Prisma API error 409 (conflict): Try again once it is ready."],
  ])("drops %s", (_what, status, body, refusals, message) => {
    const error = toPrismaApiError(httpError(status, body), refusals);
    expect(error.message).toBe(message);
  });

  it("keeps the fields as Prisma sent them, trimmed", () => {
    const error = toPrismaApiError(httpError(400, errorBody("client-error", "  Name is too long. ", "name is too long")));
    expect(error).toMatchObject({ apiMessage: "Name is too long.", hint: "name is too long" });
  });
});

describe("a redirect", () => {
  const redirect = (status: number, headers: unknown) => ({ response: { status, headers, data: "" } });
  const AFTER = "the Management API does not redirect, so nothing was sent there. Check the API base URL.";

  it("names only the origin it pointed to", () => {
    const error = toPrismaApiError(redirect(301, { location: "https://user:pw@evil.example:8443/steal/here?token=abc&x=1#frag" }));
    expect(error.message).toBe(`Prisma answered with a redirect to https://evil.example:8443; ${AFTER}`);
    expect(error).toMatchObject({ status: 301, code: null, apiMessage: null, hint: null, conflict: null });
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
    for (const part of ["steal", "token", "abc", "frag", "user", "pw@"]) expect(everything).not.toContain(part);
  });

  it.each<[string, unknown, string]>([
    ["a capitalised header", { Location: "http://other.example/v1/projects" }, `Prisma answered with a redirect to http://other.example; ${AFTER}`],
    ["headers read through get()", { get: (name: string) => (name === "location" ? "https://api.prisma.io.evil.example/v1" : undefined) }, `Prisma answered with a redirect to https://api.prisma.io.evil.example; ${AFTER}`],
    ["a relative address", { location: "/v2/projects?cursor=x" }, `Prisma answered with a redirect to another path on the same server; ${AFTER}`],
    ["no address", {}, `Prisma answered with a redirect that names no address; ${AFTER}`],
    ["no headers at all", undefined, `Prisma answered with a redirect that names no address; ${AFTER}`],
    ["an address that is not a web address", { location: "javascript:alert(1)" }, `Prisma answered with a redirect to an address that is not a web address; ${AFTER}`],
  ])("handles %s", (_what, headers, message) => {
    expect(toPrismaApiError(redirect(307, headers)).message).toBe(message);
  });

  it("is the same words from redirectMessage", () => {
    expect(redirectMessage("https://elsewhere.example/x")).toBe(`Prisma answered with a redirect to https://elsewhere.example; ${AFTER}`);
  });
});

describe("network failures in words", () => {
  const CAUTION = " Prisma may have received the request: if the step creates or changes something, check whether that happened before running it again.";

  it.each<[string, string]>([
    ["ECONNREFUSED", "Could not reach the Prisma Management API: the connection was refused (ECONNREFUSED). Check the API base URL and the network, then run the step again."],
    ["ENOTFOUND", "Could not reach the Prisma Management API: the host name of the API base URL was not found (ENOTFOUND). Check the API base URL and the network, then run the step again."],
    ["ETIMEDOUT", `Could not reach the Prisma Management API: the connection timed out (ETIMEDOUT). Check the network and run the step again.${CAUTION}`],
    ["ECONNRESET", `Lost the connection to the Prisma Management API: it was reset before an answer arrived (ECONNRESET). Check the network and run the step again.${CAUTION}`],
    ["EPIPE", `Lost the connection to the Prisma Management API: it closed while the request was being sent (EPIPE). Check the network and run the step again.${CAUTION}`],
    ["ECONNABORTED", `The request to the Prisma Management API was aborted before an answer arrived (usually because it took too long) (ECONNABORTED). Check the network and run the step again.${CAUTION}`],
    ["EAI_AGAIN", "Could not reach the Prisma Management API: the host name of the API base URL could not be looked up for now (EAI_AGAIN). Check the network and run the step again."],
  ])("says what %s means", (code, message) => {
    const error = toPrismaApiError(networkError(code, "low-level words"));
    expect(error.message).toBe(message);
    expect(error).toMatchObject({ status: null, code, apiMessage: null, hint: null });
  });

  it("says how long the request core waited", () => {
    const timeout = Object.assign(new Error("no complete answer within 30 s"), { code: REQUEST_TIMEOUT_CODE, maybeSent: true });
    expect(toPrismaApiError(timeout).message).toBe(`The Prisma Management API did not answer within 30 s (PRISMA_REQUEST_TIMEOUT). Check the network and run the step again.${CAUTION}`);
    const inMs = Object.assign(new Error("gave up"), { code: REQUEST_TIMEOUT_CODE, timeoutMs: 45_000 });
    expect(toPrismaApiError(inMs).message).toBe(`The Prisma Management API did not answer within 45 s (PRISMA_REQUEST_TIMEOUT). Check the network and run the step again.${CAUTION}`);
    const unknown = Object.assign(new Error("gave up"), { code: REQUEST_TIMEOUT_CODE });
    expect(toPrismaApiError(unknown).message).toBe(`The Prisma Management API did not answer in time (PRISMA_REQUEST_TIMEOUT). Check the network and run the step again.${CAUTION}`);
  });

  it("trusts the request core about whether the request left", () => {
    const notSent = Object.assign(new Error("reset before sending"), { code: "ECONNRESET", maybeSent: false });
    expect(toPrismaApiError(notSent).message).toBe("Lost the connection to the Prisma Management API: it was reset before an answer arrived (ECONNRESET). Check the network and run the step again.");
  });
});

describe("a connection string with an awkward password in an error", () => {
  const password = "p@ss/w0rd:x?y";
  const url = `postgres://user_abc:${password}@db.prisma.io:5432/postgres?sslmode=require`;
  const masked = "postgres://user_abc:[redacted]@db.prisma.io:5432/postgres?sslmode=require";

  it("reaches neither the message, the stack, toJSON() nor any field", () => {
    const error = toPrismaApiError(httpError(400, errorBody(`bad-url:${url}`, `Cannot connect to ${url}`, `Check ${url} and retry`)));
    expect(error.apiMessage).toBe(`Cannot connect to ${masked}`);
    expect(error.hint).toBe(`Check ${masked} and retry`);
    expect(error.code).toBe(`bad-url:${masked}`);
    expect(error.message).toBe(`Prisma API error 400 (bad-url:${masked}): Cannot connect to ${masked}. Hint: Check ${masked} and retry.`);
    const everything = [error.message, error.stack, JSON.stringify(error), JSON.stringify(error.toJSON()), ...Object.values(error).map(String)].join("\n");
    for (const piece of [password, "p@ss", "w0rd"]) expect(everything).not.toContain(piece);
  });

  it("nor does a JWT-shaped token the API echoed", () => {
    const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJ3b3Jrc3BhY2VfaWQiOiJ3a3NwXzEifQ.c2lnbmF0dXJl";
    const error = toPrismaApiError(httpError(401, errorBody("authentication-failed", `Token ${jwt} is not valid`)));
    expect(error.message).toBe("Prisma API error 401 (authentication-failed): Token [redacted] is not valid. The Prisma token was rejected: reconnect the Prisma Management API account with a valid service token (Prisma Console → workspace Settings → Service Tokens).");
    expect(`${error.stack} ${JSON.stringify(error)}`).not.toContain(jwt);
  });
});

describe("codes that name Object's own properties", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])("treats the code %s as any unknown code", (code) => {
    expect(toPrismaApiError(httpError(409, errorBody(code, "Busy")), { codes: { other: "x" } }).message)
      .toBe(`Prisma API error 409 (${code}): Busy. The resource is busy or in a state that does not allow this (for example a database still provisioning or restoring): wait until it is ready, then run the step again.`);
    expect(toPrismaApiError(networkError(code, "odd")).message)
      .toBe(`Could not reach the Prisma Management API (${code}). Check the network and run the step again.`);
  });
});

describe("mayHaveBeenCarriedOut", () => {
  const failed = (status: number | null, code: string | null) => new PrismaApiError({ status, code, apiMessage: null, hint: null, message: "failed" });

  it.each<[string, unknown, boolean]>([
    ["a 500", failed(500, "internal-error"), true],
    ["a 503", failed(503, null), true],
    ["a 201 of the wrong shape", failed(201, "unexpected-response"), true],
    ["a lost answer", failed(null, REQUEST_TIMEOUT_CODE), true],
    ["a reset connection", failed(null, "ECONNRESET"), true],
    ["a network failure without a code", failed(null, null), true],
    ["a 400", failed(400, "validation-error"), false],
    ["a 429", failed(429, "rate-limited"), false],
    ["a 302", failed(302, null), false],
    ["a refused connection", failed(null, "ECONNREFUSED"), false],
    ["an unreachable host", failed(null, "EHOSTUNREACH"), false],
    ["the step's request budget", new RateBudgetError(60_000, 30), false],
    ["an input error", new Error("Database ID is required"), false],
  ])("%s → %s", (_, error, expected) => {
    expect(mayHaveBeenCarriedOut(error)).toBe(expected);
  });
});
