import { describe, expect, it } from "vitest";
import { PrismaApiError, toPrismaApiError } from "../../common/errors";
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
    expect(error.message).toBe("Prisma API error 422 (validation-error): name is too long Hint: Use at most 256 characters");
    expect(error).toMatchObject({ status: 422, code: "validation-error", apiMessage: "name is too long", hint: "Use at most 256 characters" });
  });

  it("serializes to its fields only", () => {
    const error = toPrismaApiError(httpError(404, errorBody("resource-not-found", "gone")));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "PrismaApiError",
      message: "Prisma API error 404 (resource-not-found): gone Nothing with that ID exists for this token: check the ID, or pick it from the dropdown.",
      status: 404,
      code: "resource-not-found",
      apiMessage: "gone",
      hint: null,
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
    expect(error.message).toBe(`Prisma API error ${status} (some-code): Something ${advice}`);
  });

  it.each([400, 409, 413, 422])("adds no advice of its own to a %i", (status) => {
    const error = toPrismaApiError(httpError(status, errorBody("client-error", "Bad input")));
    expect(error.message).toBe(`Prisma API error ${status} (client-error): Bad input`);
  });

  it("prefers the endpoint's refusal words to the generic advice", () => {
    const error = toPrismaApiError(httpError(403, errorBody("permission-denied", "No")), { 403: "Delete the project instead." });
    expect(error.message).toBe("Prisma API error 403 (permission-denied): No Delete the project instead.");
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
      expect(error.message).toBe("Prisma API error 429 (rate-limit-exceeded): Rate limit exceeded Prisma is rate limiting requests: wait a little and run the step again.");
    });

    it("still says so for a 429 that names a quota", () => {
      const error = toPrismaApiError(httpError(429, errorBody("quota-exceeded", "Monthly quota of the free plan used up")));
      expect(error.message).toContain("This looks like a limit of the workspace's Prisma plan");
    });

    it("does not call a 404 or a 5xx a plan limit", () => {
      expect(toPrismaApiError(httpError(404, errorBody("resource-not-found", "plan not found"))).message).not.toContain("Prisma plan");
      expect(toPrismaApiError(httpError(500, errorBody("internal", "quota service down"))).message).not.toContain("Prisma plan");
    });

    it("lets the endpoint's refusal words win over plan advice", () => {
      const error = toPrismaApiError(httpError(403, errorBody("refused", "plan limit reached")), { 403: "Endpoint words." });
      expect(error.message).toBe("Prisma API error 403 (refused): plan limit reached Endpoint words.");
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
      expect(error.message).toBe("Prisma API error 502: no message Prisma had a server problem: run the step again in a moment.");
    });

    it("fills in a missing code and message", () => {
      const error = toPrismaApiError(httpError(400, { error: { hint: "Check the body" } }));
      expect(error).toMatchObject({ code: "unknown", apiMessage: null, hint: "Check the body" });
      expect(error.message).toBe("Prisma API error 400 (unknown): no message Hint: Check the body");
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
      expect(error.message).toBe("Could not reach the Prisma Management API (ECONNRESET). Check the network and run the step again.");
    });

    it("falls back to the error's message, then to the value itself", () => {
      expect(toPrismaApiError(networkError(undefined, "timeout of 1000ms exceeded")).message)
        .toBe("Could not reach the Prisma Management API (timeout of 1000ms exceeded). Check the network and run the step again.");
      expect(toPrismaApiError("boom").message).toBe("Could not reach the Prisma Management API (boom). Check the network and run the step again.");
      expect(toPrismaApiError(undefined).message).toContain("(undefined)");
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
      expect(Object.getOwnPropertyNames(error).sort()).toEqual(["apiMessage", "code", "hint", "message", "name", "stack", "status"]);
      expect(`${JSON.stringify(error)} ${error.stack}`).not.toContain("tok_secret_value_1");
    });
  });
});
