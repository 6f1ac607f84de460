// Credentials written in the forms the other redaction tests do not reach: a URL password typed
// with spaces, an authorization scheme in another case, header-style settings, libpq's escapes
// and SQL's quoting, key names of keys and signatures, data that JSON writes through `toJSON`,
// error fields under symbols, and credentials in the names of fields rather than their values.
// Each is checked next to the prose or data of the same shape that must be left alone.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { REDACTED, redactAll, redactError, redactText } from "../../common/redaction";

describe("a URL password typed with spaces, not encoded", () => {
  it.each([
    ["postgresql://u:pass word@db.example.com/app", `postgresql://u:${REDACTED}@db.example.com/app`],
    ["failed: postgres://admin:p a s s@[::1]:5432/db?sslmode=require (refused)", `failed: postgres://admin:${REDACTED}@[::1]:5432/db?sslmode=require (refused)`],
    ["{\"url\":\"postgresql://u:two words@h/db\"}", `{"url":"postgresql://u:${REDACTED}@h/db"}`],
  ])("%s", (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  it.each([
    // A port, then prose: the `@` of an address later on the line is no password's end.
    "postgresql://db.example.com:5432/app refused the connection of admin@example.com",
    "https://host:8080 is down, mail ops@example.com",
    // The line ends, or another URL starts, before any `@`.
    "postgresql://u:pa ss\nmail ops@example.com",
    "see https://host:abc then https://x.example.com/a@b",
  ])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("stays linear on long runs of spaced URLs", () => {
    expect(redactText("a://b:c d ".repeat(30_000))).toBe("a://b:c d ".repeat(30_000));
    // One `@` at the very end: each URL looks ahead once, and only the last one reaches it.
    expect(redactText(`${"a://b:c d ".repeat(30_000)}@`)).toBe(`${"a://b:c d ".repeat(29_999)}a://b:${REDACTED}@`);
  });
});

describe("an authorization scheme in any case", () => {
  it.each([
    ["authorization: bearer tok_9f8e7d6c", `authorization: bearer ${REDACTED}`],
    ["AUTHORIZATION: BEARER tok_9f8e7d6c", `AUTHORIZATION: BEARER ${REDACTED}`],
    ["sent basic dXNlcjpwYXNz", `sent basic ${REDACTED}`],
  ])("%s", (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  it.each(["missing bearer token", "on the basic plan"])("leaves the prose %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("settings written as headers, unquoted", () => {
  it.each([
    ["upstream sent x-api-key: k-41f0c2", `upstream sent x-api-key: ${REDACTED}`],
    ["client_secret: cs-0a9b8c", `client_secret: ${REDACTED}`],
    ["apiKey: ak-77d1", `apiKey: ${REDACTED}`],
  ])("%s", (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  it.each(["Invalid token: reconnect the account.", "status: ready, region: us-east-1"])("leaves the prose %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("settings in the syntaxes of libpq, SQL and code", () => {
  it.each([
    // libpq escapes a space of an unquoted value with a backslash.
    ["host=h user=u password=p\\ a\\ s dbname=d", `host=h user=u password=${REDACTED} dbname=d`],
    // SQL: a space for a separator, and a quote doubled inside the value.
    ["ALTER ROLE app WITH LOGIN PASSWORD 'it''s a secret'", `ALTER ROLE app WITH LOGIN PASSWORD '${REDACTED}'`],
    ["password := 'pl-pgsql-pw'", `password := '${REDACTED}'`],
    ["{ \"password\" => \"php-pw\" }", `{ "password" => "${REDACTED}" }`],
  ])("%s", (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });

  it.each(["a 'quoted' word", "Found database \"orders\" (db_1) in project \"shop\"", "Created service token \"github-actions\" (itgr_1)", "the token 'ci' was made"])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("stays linear on long runs of escapes and quotes", () => {
    expect(redactText(`password=${"\\ ".repeat(60_000)}`)).toBe(`password=${REDACTED}`);
    expect(redactText("a '".repeat(60_000))).toBe("a '".repeat(60_000));
  });
});

describe("keys of keys, passphrases and signatures", () => {
  it.each([
    ["{\"privateKey\":\"pk-1\",\"name\":\"x\"}", `{"privateKey":"${REDACTED}","name":"x"}`],
    ["private_key=pk-2&x=1", `private_key=${REDACTED}&x=1`],
    ["sslpassphrase=pp-3", `sslpassphrase=${REDACTED}`],
    ["https://files.example.com/dump?X-Amz-Signature=5ig4&X-Amz-Date=1", `https://files.example.com/dump?X-Amz-Signature=${REDACTED}&X-Amz-Date=1`],
  ])("%s", (text, masked) => {
    expect(redactText(text)).toBe(masked);
  });
});

describe("data JSON writes through `toJSON`", () => {
  const url = "postgresql://admin:hunter2-7f@db.example.com/app";

  it("a `toJSON` that returns a credential is masked as what it writes", () => {
    const output = redactAll({ dsn: { toJSON: () => url }, list: [{ toJSON: () => ({ nested: url }) }] });
    expect(JSON.stringify(output)).toBe(JSON.stringify({ dsn: `postgresql://admin:${REDACTED}@db.example.com/app`, list: [{ nested: `postgresql://admin:${REDACTED}@db.example.com/app` }] }));
  });

  it("a function is no data: nothing of it is kept for JSON to call", () => {
    const withToJSON = Object.assign(() => 1, { toJSON: () => url });
    expect(JSON.stringify(redactAll({ items: [withToJSON], fn: withToJSON }))).toBe("{\"items\":[null]}");
  });

  it("a Date is kept, copied, and JSON writes the same text for it: not emptied", () => {
    const at = new Date("2026-11-01T10:00:00.000Z");
    const output = redactAll({ at, never: new Date(Number.NaN) }) as { at: Date; never: Date };
    expect(output.at).toBeInstanceOf(Date);
    expect(output.at).not.toBe(at);
    expect(JSON.stringify(output)).toBe("{\"at\":\"2026-11-01T10:00:00.000Z\",\"never\":null}");
  });

  it("a Date whose text was replaced is masked as what it writes", () => {
    const viaIso = Object.assign(new Date(0), { toISOString: () => url });
    const viaJson = Object.assign(new Date(0), { toJSON: () => url });
    expect(redactAll({ viaIso, viaJson })).toEqual({ viaIso: `postgresql://admin:${REDACTED}@db.example.com/app`, viaJson: `postgresql://admin:${REDACTED}@db.example.com/app` });
  });

  it("a throwing `toJSON` is masked whole", () => {
    expect(redactAll({ odd: { toJSON() { throw new Error(url); } } })).toEqual({ odd: REDACTED });
  });
});

describe("error fields under symbols", () => {
  it("are masked like every other field, so `util.inspect` shows no credential", () => {
    const field = Symbol("details");
    const error = Object.assign(new Error("refused"), { [field]: "postgresql://admin:hunter2-7f@db.example.com/app" });

    const masked = redactError(error) as Error & Record<symbol, unknown>;

    expect(masked[field]).toBe(`postgresql://admin:${REDACTED}@db.example.com/app`);
    expect(inspect(masked, { showHidden: true })).not.toContain("hunter2");
  });
});

describe("credentials in names, not values", () => {
  it("an output's keys are masked like its text: a map keyed by connection strings or tokens", () => {
    const output = redactAll({ byTarget: { "postgresql://admin:hunter2-7f@db.example.com/app": 1, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln": 2, "api_key=ak-41": 3 } });
    expect(output).toEqual({ byTarget: { [`postgresql://admin:${REDACTED}@db.example.com/app`]: 1, [REDACTED]: 2, [`api_key=${REDACTED}`]: 3 } });
  });

  it("an error's field named by a connection string moves to its masked name", () => {
    const error = Object.assign(new Error("refused"), { "postgresql://admin:hunter2-7f@db.example.com/app": "down" });

    const masked = redactError(error) as Error & Record<string, unknown>;

    expect(masked[`postgresql://admin:${REDACTED}@db.example.com/app`]).toBe("down");
    expect(inspect(masked, { showHidden: true })).not.toContain("hunter2");
  });
});
