import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_NESTING, MINTED_FIELDS, NestingTooDeepError, REDACTED, connectionStringsOf, databaseConnectionStrings, isTokenShaped, maskLiterals, redactAll, redactError, redactOutput, redactSecrets, redactText, secretValuesOf } from "../../common/redaction";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRETS, SECRET_PASSWORD, connection, connectionWithSecrets, database, databaseCreated, projectCreated } from "../fixtures";

const percentEncoded = (constraints: { minLength?: number; maxLength?: number }) =>
  fc.string({ unit: "grapheme", ...constraints }).map(encodeURIComponent);

const scheme = fc.oneof(
  fc.constantFrom("postgres", "postgresql", "prisma+postgres", "mysql", "redis", "rediss", "mongodb+srv", "https", "amqp"),
  fc.stringMatching(/^[a-z][a-z0-9+.-]{0,10}$/),
);
const host = fc.oneof(fc.domain(), fc.ipV4(), fc.constantFrom("localhost", "db.prisma.io"));
const port = fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined });
const dbName = fc.stringMatching(/^[a-z0-9_]{0,12}$/);
const params = fc.subarray(["sslmode=require", "connect_timeout=10", "schema=public", "pgbouncer=true", "application_name=app"]);

/** `scheme://user:password@host[:port]/db?params`, with the parts that must survive. */
const credentialUrl = fc.record({ scheme, user: percentEncoded({ maxLength: 12 }), password: percentEncoded({ minLength: 1, maxLength: 24 }), host, port, dbName, params })
  .map((p) => {
    const rest = `${p.host}${p.port === undefined ? "" : `:${p.port}`}/${p.dbName}${p.params.length ? `?${p.params.join("&")}` : ""}`;
    return {
      ...p,
      url: `${p.scheme}://${p.user}:${p.password}@${rest}`,
      redacted: `${p.scheme}://${p.user}:${REDACTED}@${rest}`,
    };
  });

/** Text that may come right before a URL in a message: words, digits, punctuation, but no URL syntax. */
const lead = fc.stringMatching(/^[A-Za-z0-9_ =:"'([,;.]{0,12}$/);
const trail = fc.constantFrom("", " ", ".", "\"", "'", ")", "\n", " and more text", ",");

describe("redactText", () => {
  it("removes the password of any `scheme://user:password@host[:port]/db?params` URL", () => {
    fc.assert(fc.property(credentialUrl, ({ url, redacted }) => {
      expect(redactText(url)).toBe(redacted);
    }), { numRuns: 300 });
  });

  it("removes it wherever the URL sits in a message", () => {
    fc.assert(fc.property(lead, credentialUrl, trail, (before, { url, redacted }, after) => {
      expect(redactText(`${before}${url}${after}`)).toBe(`${before}${redacted}${after}`);
    }), { numRuns: 300 });
  });

  it("removes every password when a text holds several URLs", () => {
    fc.assert(fc.property(fc.array(credentialUrl, { minLength: 2, maxLength: 4 }), (urls) => {
      expect(redactText(urls.map((u) => u.url).join(" "))).toBe(urls.map((u) => u.redacted).join(" "));
    }));
  });

  it("handles the URLs the API sends", () => {
    expect(redactText(DIRECT_URL)).toBe(`postgres://user_abc:${REDACTED}@db.prisma.io:5432/postgres?sslmode=require`);
    expect(redactText(`DATABASE_URL=${POOLED_URL}`)).toBe(`DATABASE_URL=postgres://user_abc:${REDACTED}@pooled.db.prisma.io:5432/postgres?sslmode=require`);
    expect(redactText("redis://:hunter2secret@cache:6379")).toBe(`redis://:${REDACTED}@cache:6379`);
  });

  it("masks api_key and other secret query parameters, whatever their case", () => {
    const name = fc.constantFrom("api_key", "API_KEY", "apikey", "apiKey", "password", "token", "access_token");
    const secret = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,40}$/);
    fc.assert(fc.property(name, secret, fc.boolean(), (key, value, first) => {
      const query = first ? `?${key}=${value}&schema=public` : `?schema=public&${key}=${value}`;
      const masked = first ? `?${key}=${REDACTED}&schema=public` : `?schema=public&${key}=${REDACTED}`;
      expect(redactText(`prisma+postgres://accelerate.prisma-data.net/${query}`)).toBe(`prisma+postgres://accelerate.prisma-data.net/${masked}`);
    }));
    expect(redactText(ACCELERATE_URL)).toBe(`prisma+postgres://accelerate.prisma-data.net/?api_key=${REDACTED}`);
  });

  it("masks bearer tokens", () => {
    expect(redactText("sent Authorization: Bearer eyJhbGciOi.J9x-y_z~+/=")).toBe(`sent Authorization: Bearer ${REDACTED}`);
  });

  it("leaves text without credentials alone", () => {
    const plain = fc.stringMatching(/^[A-Za-z0-9 ,.()_-]{0,60}$/);
    fc.assert(fc.property(plain, (text) => {
      expect(redactText(text)).toBe(text);
    }));
    expect(redactText("https://api.prisma.io/v1/databases/db_1?limit=100")).toBe("https://api.prisma.io/v1/databases/db_1?limit=100");
    expect(redactText("user:name@example.com wrote")).toBe("user:name@example.com wrote");
  });
});

describe("redactText against hostile passwords", () => {
  it("masks a password holding `@` and `/` up to the last `@` before the host", () => {
    expect(redactText("postgres://u:p@ss/w@rd@db.prisma.io:5432/x")).toBe(`postgres://u:${REDACTED}@db.prisma.io:5432/x`);
    expect(redactText("see postgres://u:a/b@c:d?e#f@db.prisma.io:5432/x?sslmode=require.")).toBe(`see postgres://u:${REDACTED}@db.prisma.io:5432/x?sslmode=require.`);
    expect(redactText("redis://:@@@@cache:6379")).toBe(`redis://:${REDACTED}@cache:6379`);
    expect(redactText("postgres://u:pw@ss@h/x and mysql://v:p/w@h2/y")).toBe(`postgres://u:${REDACTED}@h/x and mysql://v:${REDACTED}@h2/y`);
  });

  it("masks any raw password whole, whatever characters it holds", () => {
    const rawPassword = fc.stringMatching(/^[A-Za-z0-9@/:?#%&=+!$*~.,;'()[\]-]{1,30}$/);
    const url = fc.record({ scheme, user: percentEncoded({ maxLength: 12 }), password: rawPassword, host, port, dbName, params });
    fc.assert(fc.property(lead, url, trail, (before, p, after) => {
      const rest = `${p.host}${p.port === undefined ? "" : `:${p.port}`}/${p.dbName}${p.params.length ? `?${p.params.join("&")}` : ""}`;
      expect(redactText(`${before}${p.scheme}://${p.user}:${p.password}@${rest}${after}`))
        .toBe(`${before}${p.scheme}://${p.user}:${REDACTED}@${rest}${after}`);
    }), { numRuns: 500 });
  });

  it("leaves a URL with a user but no password, or an empty one, alone", () => {
    expect(redactText("https://someone@example.com/a:b")).toBe("https://someone@example.com/a:b");
    expect(redactText("postgres://u:@db.prisma.io/x")).toBe("postgres://u:@db.prisma.io/x");
    expect(redactText("https://api.prisma.io:443/v1/x")).toBe("https://api.prisma.io:443/v1/x");
  });

  // Each of these took seconds (quadratic backtracking) with a regular expression for URLs. The
  // scans are linear by construction (no nested quantifiers; every match starts only where a
  // word or URL can start); what is checked here is the answer on inputs large enough that a
  // quadratic scan would run past the test's timeout, never how long it took.
  it.each<[string, string, string | null]>([
    ["letters before an `@`", `${"a".repeat(100_000)}@`, null],
    ["a scheme whose user never ends", `x://${"u".repeat(100_000)}@`, null],
    ["`://:` over and over", `${"://:".repeat(25_000)}@`, `://:${REDACTED}@`],
    ["URLs without `@` after an early `@`", `@${" a://u:x".repeat(12_500)}`, null],
    ["a password of `@`s", `a://b:${"@".repeat(100_000)}`, `a://b:${REDACTED}@`],
    ["a password of `p@/`s", `postgres://u:${"p@/".repeat(33_333)}@db.prisma.io/x`, `postgres://u:${REDACTED}@db.prisma.io/x`],
    ["`eyJ` over and over", "eyJ".repeat(33_334), null],
    ["JWT-like headers without payloads", "eyJabcd.".repeat(12_501), `${REDACTED}.`.repeat(4_167)],
    ["a bearer prefix and spaces", `Bearer ${" ".repeat(100_000)}`, null],
    ["secret query names", "?token=".repeat(14_286), `?token=${REDACTED}`],
    ["words joined by `-` before an `=`", `${"a-".repeat(50_000)}=`, null],
    ["words joined by `-` before a `:`", `${"a-".repeat(50_000)}:`, null],
    ["encoded `://` over and over", "%3A%2F%2F".repeat(11_111), null],
    ["encoded schemes with a user and no host", "x%3A%2F%2Fu%3A".repeat(7_000), null],
    ["`%25` over and over before a code", `${"%25".repeat(33_333)}3A`, null],
    ["one `%` before a long run of `25`", `%${"25".repeat(50_000)}zz`, null],
    ["JSON keys without values", "\"password\":\"".repeat(8_000), null],
    ["escaped JSON keys without values", "\\\"token\\\":\\\"".repeat(8_000), null],
    ["an unclosed quoted value", `password="${"x".repeat(100_000)}`, `password="${REDACTED}`],
  ])("gives the right answer on 100k characters of %s", (_what, text, expected) => {
    expect(redactText(text)).toBe(expected ?? text);
  });

  // A scan quadratic in these would take many minutes, far past the test's timeout on any machine.
  it.each<[string, string]>([
    ["`-` over and over, a `:` on the next line", `${"-".repeat(1_000_000)}\n:`],
    ["`aB` over and over, a `:` on the next line", `${"aB".repeat(500_000)}\n:`],
    ["`eyJ` over and over, a `:` on the next line", `${"eyJ".repeat(333_334)}\n:`],
  ])("gives the right answer on a million characters of %s", (_what, text) => {
    expect(redactText(text)).toBe(text);
  });
});

/** A password no other part of a URL can hold by chance: `Zq` and then anything a raw password may hold. */
const distinctPassword = fc.stringMatching(/^[A-Za-z0-9@/:?#&=+!$*~.,;'()[\]-]{4,24}$/).map((raw) => `Zq${raw}`);

describe("redactText and credentials however they are written", () => {
  it("masks the password of a URL-encoded connection string (encoded once or twice), keeping its host", () => {
    const url = fc.record({ scheme, password: distinctPassword, host, dbName });
    fc.assert(fc.property(lead, url, fc.integer({ min: 1, max: 2 }), (before, p, times) => {
      let encoded = `${p.scheme}://admin:${encodeURIComponent(p.password)}@${p.host}/${p.dbName}?sslmode=require`;
      for (let i = 0; i < times; i++) encoded = encodeURIComponent(encoded);
      const masked = redactText(`${before}${encoded} .`);
      expect(masked).not.toContain(encodeURIComponent(encodeURIComponent(p.password)));
      expect(masked).toContain(REDACTED);
      // Only the password goes: what comes after it is kept as it was.
      let rest = `@${p.host}/${p.dbName}?sslmode=require`;
      for (let i = 0; i < times; i++) rest = encodeURIComponent(rest);
      expect(masked.endsWith(`${REDACTED}${rest} .`)).toBe(true);
    }), { numRuns: 300 });
  });

  it("masks the seen case: an encoded connection string in an error hint", () => {
    const hint = `Use ${encodeURIComponent("postgres://u:p@ss/w:rd@db.prisma.io:5432/postgres?sslmode=require")} instead`;
    expect(redactText(hint)).toBe(`Use postgres%3A%2F%2Fu%3A${REDACTED}%40db.prisma.io%3A5432%2Fpostgres%3Fsslmode%3Drequire instead`);
  });

  const secretKey = fc.constantFrom("password", "PASSWORD", "sslpassword", "db_password", "passwd", "pwd", "api_key", "apiKey", "x-api-key",
    "token", "access_token", "refreshToken", "client_secret", "accessKey", "auth", "credentials");
  const queryValue = fc.stringMatching(/^[A-Za-z0-9._~+/=@:!$*(),-]{1,40}$/);

  it("masks secret keys of a query string, raw or URL-encoded", () => {
    fc.assert(fc.property(secretKey, queryValue, fc.boolean(), fc.boolean(), (key, value, first, encoded) => {
      const [head, tail] = first ? [`?${key}=`, "&schema=public"] : [`?schema=public&${key}=`, "&x=1"];
      const spell = encoded ? encodeURIComponent : (text: string) => text;
      const text = `https://files.example.com/dump${spell(`${head}${value}${tail}`)}`;
      expect(redactText(text)).toBe(`https://files.example.com/dump${spell(head)}${REDACTED}${spell(tail)}`);
    }), { numRuns: 400 });
  });

  it("masks secret keys of libpq settings, JSON (quoted once or inside another string) and inspected objects", () => {
    fc.assert(fc.property(secretKey, fc.string({ minLength: 1, maxLength: 30 }), (key, value) => {
      const json = JSON.stringify({ [key]: value, name: "orders" });
      const masked = JSON.parse(redactText(json)) as Record<string, unknown>;
      expect(masked).toEqual({ [key]: REDACTED, name: "orders" });
      const nested = JSON.stringify({ body: json });
      expect(JSON.parse(JSON.parse(redactText(nested)).body)).toEqual({ [key]: REDACTED, name: "orders" });
    }), { numRuns: 300 });
    expect(redactText("host=db.prisma.io user=u password=s3cr3t! dbname=x")).toBe(`host=db.prisma.io user=u password=${REDACTED} dbname=x`);
    expect(redactText("{ password: 'pw1', access_token: 'at' }")).toBe(`{ password: '${REDACTED}', access_token: '${REDACTED}' }`);
    expect(redactText("Authorization: Basic dXNlcjpwYXNz")).toBe(`Authorization: Basic ${REDACTED}`);
  });

  it("leaves prose that names a credential alone, and times", () => {
    for (const text of [
      "Invalid token: reconnect the account.",
      "The password: must be 8 characters",
      "2026-11-01T10:00:00.000Z status: ready, region: us-east-1",
      "tokens=3 of 5",
    ]) expect(redactText(text)).toBe(text);
  });

  it("masks the account's token however it was saved: with surrounding whitespace, as sent trimmed, and URL-encoded", () => {
    const token = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{12,40}$/);
    const padding = fc.constantFrom("", "\n", " ", "\r\n", "\t ");
    fc.assert(fc.property(token, padding, padding, (value, before, after) => {
      const saved = `${before}${value}${after}`;
      const masked = redactText(`401: token "${value}" (${encodeURIComponent(value)}) rejected; saved as ${JSON.stringify(saved)}`, [saved]);
      expect(masked).not.toContain(value);
      expect(masked).not.toContain(encodeURIComponent(value));
    }), { numRuns: 200 });
  });
});

describe("redactOutput and redactAll", () => {
  const minted = { directConnectionString: "postgres://u:pw@h/x", serviceTokenValue: "eyJhbGciOi.eyJzdWIi.sig", name: "postgres://u:pw@h/x" };

  it("keeps the named minted fields, at any depth, and masks everything else", () => {
    expect(redactOutput({ ...minted, nested: [minted] })).toEqual({
      ...minted, name: `postgres://u:${REDACTED}@h/x`, nested: [{ ...minted, name: `postgres://u:${REDACTED}@h/x` }],
    });
    expect([...MINTED_FIELDS].sort()).toEqual(["accelerateConnectionString", "directConnectionString", "pooledConnectionString", "serviceTokenValue"]);
  });

  it("keeps nothing for a component that mints nothing: the named fields are dropped, whatever they hold", () => {
    expect(redactAll(minted)).toEqual({ name: `postgres://u:${REDACTED}@h/x` });
  });

  it("masks the literal secrets given, in values and keys, and cuts a cycle instead of following it", () => {
    const cyclic: Record<string, unknown> = { echo: "tok-123456", "tok-123456": 1 };
    cyclic.self = cyclic;
    expect(redactAll(cyclic, ["tok-123456\n"])).toEqual({ echo: REDACTED, [REDACTED]: 1, self: REDACTED });
  });
});

describe("redactError", () => {
  it("masks the message, the stack, every own field, the cause and an aggregate's errors, keeping the error's class", () => {
    class ApiError extends Error {
      hint = "use postgres://u:pw1@h/x";
      details = { dsn: "postgres://u:pw2@h/x", token: "tok-abcdef" };
    }
    const cause = new Error("cause quotes tok-abcdef");
    const error = new ApiError("message with eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", { cause });
    const aggregate = new AggregateError([error, new Error("postgres%3A%2F%2Fu%3Apw3%40h")], "several: tok-abcdef");

    const masked = redactError(aggregate, ["tok-abcdef"]) as AggregateError;

    expect(masked).toBe(aggregate);
    expect(masked.errors[0]).toBeInstanceOf(ApiError);
    const text = [masked.message, masked.stack, ...masked.errors.flatMap((e: Error) => [e.message, e.stack, JSON.stringify(e), String((e.cause as Error)?.message), String((e.cause as Error)?.stack)])].join("\n");
    for (const secret of ["tok-abcdef", "pw1", "pw2", "pw3", "c2ln"]) expect(text).not.toContain(secret);
    expect(error.hint).toBe(`use postgres://u:${REDACTED}@h/x`);
    expect(error.details).toEqual({ dsn: `postgres://u:${REDACTED}@h/x` });
  });

  it("redacts a thrown value that is not an error as data", () => {
    expect(redactError("postgres://u:pw@h/x")).toBe(`postgres://u:${REDACTED}@h/x`);
    expect(redactError({ message: "Bearer abc" })).toEqual({ message: `Bearer ${REDACTED}` });
  });

  it("replaces what is not plain data (a socket, a request) on an error", () => {
    const error = Object.assign(new Error("x"), { request: new (class Request { headers = { authorization: "Bearer abc" }; })() });
    expect((redactError(error) as Error & { request: unknown }).request).toBe(REDACTED);
  });
});

describe("redactText and tokens", () => {
  const jwt = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJ3b3Jrc3BhY2VfaWQiOiJ3a3NwXzEifQ.c2lnbmF0dXJl-_x";

  it("masks a JWT (a Prisma service token's shape) wherever it sits in text", () => {
    expect(redactText(`token ${jwt} is invalid`)).toBe(`token ${REDACTED} is invalid`);
    expect(redactText(`{"value":"${jwt}","n":1}`)).toBe(`{"value":"${REDACTED}","n":1}`);
    expect(redactText(`PRISMA_SERVICE_TOKEN=${jwt}`)).toBe(`PRISMA_SERVICE_TOKEN=${REDACTED}`);
    expect(redactText(`(${jwt}).`)).toBe(`(${REDACTED}).`);
    expect(redactText(`a ${jwt}\nb ${jwt}`)).toBe(`a ${REDACTED}\nb ${REDACTED}`);
    // Two segments (no signature) are still a bearer credential.
    expect(redactText("key eyJhbGciOiJIUzI1NiJ9.secretkey end")).toBe(`key ${REDACTED} end`);
  });

  it("masks a JWT inside a string redactSecrets keeps", () => {
    expect(redactSecrets({ note: `minted ${jwt}` })).toEqual({ note: `minted ${REDACTED}` });
  });

  it("leaves words that merely contain `eyJ` alone", () => {
    for (const text of ["keyJar.config", "eyJ", "eyJabc.def", "heyJude.song and more", "the eyJx segment"]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it("knows a token by its shape", () => {
    expect(isTokenShaped(jwt)).toBe(true);
    expect(isTokenShaped("eyJhbGciOiJIUzI1NiJ9.secretkey")).toBe(true);
    expect(isTokenShaped(`x ${jwt}`)).toBe(false);
    expect(isTokenShaped("wksp_clx7abc123def456")).toBe(false);
    expect(isTokenShaped("us-east-1")).toBe(false);
  });
});

// Secret values carry a marker the rest of a generated object cannot contain.
const secretValue = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{4,12}$/).map((s) => `SECRET_${s}`),
  fc.stringMatching(/^[A-Za-z0-9]{4,12}$/).map((s) => `postgres://u:SECRET_${s}@db.prisma.io:5432/postgres`),
);
const SECRET_KEYS = [
  "connectionString", "pass", "password", "token", "accessToken", "access_token", "refresh_token",
  "recipientAccessToken", "api_token", "authorization", "Authorization",
] as const;
const secretEntry = fc.oneof(
  fc.tuple(fc.constantFrom(...SECRET_KEYS), secretValue),
  fc.tuple(fc.constant("apiKeys"), fc.array(secretValue.map((v) => ({ id: "key_1", connectionString: v })), { maxLength: 2 })),
);
const NOT_SAFE = new Set<string>([...SECRET_KEYS, "apiKeys", "value", "type", "valueHint"]);
const safeKey = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/).filter((k) => !NOT_SAFE.has(k));
const safeLeaf = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[a-z0-9 ._-]{0,12}$/));

type Pair = [dirty: unknown, clean: unknown];

/** Pairs of [an object tree with secrets at any depth, the same tree without them]. */
const trees = fc.letrec<{ node: Pair; object: Pair; array: Pair }>((tie) => ({
  node: fc.oneof({ depthSize: "small" }, safeLeaf.map((v): Pair => [v, v]), tie("object"), tie("array")),
  array: fc.array(tie("node"), { maxLength: 4 }).map((pairs): Pair => [pairs.map((p) => p[0]), pairs.map((p) => p[1])]),
  object: fc.record({
    entries: fc.uniqueArray(fc.tuple(safeKey, tie("node")), { selector: (e) => e[0], maxLength: 4 }),
    secrets: fc.array(secretEntry, { maxLength: 3 }),
    serviceToken: fc.option(fc.tuple(fc.constantFrom("type", "valueHint"), secretValue), { nil: undefined }),
  }).map(({ entries, secrets, serviceToken }): Pair => {
    const dirty: Record<string, unknown> = {};
    const clean: Record<string, unknown> = {};
    for (const [key, [d, c]] of entries) {
      dirty[key] = d;
      clean[key] = c;
    }
    for (const [key, value] of secrets) dirty[key] = value;
    if (serviceToken) {
      // A service token: marked by its type, or by the hint that comes with the value.
      const [marker, value] = serviceToken;
      const markerValue = marker === "type" ? "serviceToken" : "…x9f2";
      dirty[marker] = clean[marker] = markerValue;
      dirty.value = value;
    }
    return [dirty, clean];
  }),
}));

describe("redactSecrets", () => {
  it("drops secret keys at any depth and keeps every other key unchanged", () => {
    fc.assert(fc.property(trees.node, ([dirty, clean]) => {
      const redacted = redactSecrets(dirty);
      expect(redacted).toEqual(clean);
      expect(JSON.stringify(redacted) ?? "").not.toContain("SECRET_");
    }), { numRuns: 300 });
  });

  it("does not change its input", () => {
    fc.assert(fc.property(trees.node, ([dirty]) => {
      const before = structuredClone(dirty);
      redactSecrets(dirty);
      expect(dirty).toEqual(before);
    }));
  });

  it("masks credentials inside strings it keeps", () => {
    fc.assert(fc.property(credentialUrl, safeKey, ({ url, redacted }, key) => {
      expect(redactSecrets({ nested: [{ [key]: `see ${url}` }] })).toEqual({ nested: [{ [key]: `see ${redacted}` }] });
    }));
  });

  it("keeps `value` where it is not a service token's", () => {
    const option = { label: "Main (wksp_1)", value: "wksp_1" };
    expect(redactSecrets({ options: [option] })).toEqual({ options: [option] });
    expect(redactSecrets({ type: "connection", value: "x" })).toEqual({ type: "connection", value: "x" });
  });

  it("drops a service token's `value` even without its `valueHint`", () => {
    const token = "prisma-st-value-0123456789";
    // The GitHub-OIDC exchange answers `{ id: "itgr_…", type: "serviceToken", value, … }`.
    expect(redactSecrets({ data: { id: "itgr_c1", type: "serviceToken", value: token, expiresAt: null } }))
      .toEqual({ data: { id: "itgr_c1", type: "serviceToken", expiresAt: null } });
    expect(redactSecrets({ type: "serviceToken", value: token })).toEqual({ type: "serviceToken" });
    expect(redactSecrets([{ id: "itgr_ctoken000001", name: "ci", value: token }])).toEqual([{ id: "itgr_ctoken000001", name: "ci" }]);
  });

  it("drops a `value` holding a token, whatever object holds it", () => {
    const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiIxIn0.c2ln";
    expect(redactSecrets({ label: "CI token", value: jwt })).toEqual({ label: "CI token" });
    expect(redactSecrets({ env: [{ key: "PRISMA_TOKEN", value: ` ${jwt}\n` }] })).toEqual({ env: [{ key: "PRISMA_TOKEN" }] });
    expect(secretValuesOf({ nested: { value: jwt } })).toEqual([jwt]);
  });

  it("keeps plain `value`s of dropdown options, and of other objects", () => {
    const options = [
      { label: "Main (wksp_1)", value: "wksp_1" },
      { label: "US East", value: "us-east-1" },
      { label: "Inherit", value: "inherit" },
      { label: "Count", value: 3 },
      { label: "Long name", value: "eyJ is how JSON starts in base64" },
    ];
    expect(redactSecrets(options)).toEqual(options);
    expect(secretValuesOf(options)).toEqual([]);
  });

  it("removes every secret the API's bodies carry", () => {
    const bodies = [connection(), connectionWithSecrets(), database(), databaseCreated(), projectCreated()];
    for (const body of bodies) {
      const redacted = redactSecrets(body);
      for (const secret of SECRETS) expect(JSON.stringify(redacted)).not.toContain(secret);
    }
    expect(redactSecrets(connectionWithSecrets())).toMatchObject({
      id: "con_cnew00000001",
      endpoints: { direct: { host: "db.prisma.io", port: 5432 } },
      directConnection: { host: "db.prisma.io:5432", user: "user_abc" },
    });
  });

  it("passes primitives through", () => {
    expect(redactSecrets(null)).toBeNull();
    expect(redactSecrets(undefined)).toBeUndefined();
    expect(redactSecrets(42)).toBe(42);
    expect(redactSecrets(false)).toBe(false);
    expect(redactSecrets(`x ${DIRECT_URL}`)).toBe(`x postgres://user_abc:${REDACTED}@db.prisma.io:5432/postgres?sslmode=require`);
  });

  it("masks the literal secrets it is given", () => {
    const token = "tok_0123456789abcdef";
    expect(redactSecrets({ message: `bad token ${token}`, list: [token] }, [token]))
      .toEqual({ message: `bad token ${REDACTED}`, list: [REDACTED] });
    expect(redactText(`a ${token} b ${token}`, [token])).toBe(`a ${REDACTED} b ${REDACTED}`);
    expect(redactText("nothing to hide", [""])).toBe("nothing to hide");
  });
});

describe("secretValuesOf", () => {
  it("collects the strings under secret keys at any depth", () => {
    fc.assert(fc.property(trees.node, ([dirty]) => {
      const found = secretValuesOf(dirty);
      for (const value of found) expect(value).toContain("SECRET_");
      expect(found.length).toBe((JSON.stringify(dirty) ?? "").split("SECRET_").length - 1);
    }));
  });

  it("finds a request body's credentials and nothing else", () => {
    expect(secretValuesOf({ recipientAccessToken: "tok_recipient" })).toEqual(["tok_recipient"]);
    expect(secretValuesOf({ name: "orders", region: "us-east-1", logicalId: "orders-prod" })).toEqual([]);
    expect(secretValuesOf({ options: [{ label: "x", value: "y" }], token: "" })).toEqual([]);
    expect(secretValuesOf(undefined)).toEqual([]);
  });
});

describe("connectionStringsOf", () => {
  it("takes each endpoint's connection string", () => {
    expect(connectionStringsOf(connectionWithSecrets())).toEqual({
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
  });

  it("gives null for endpoints without a string, and for no connection", () => {
    const none = { directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null };
    expect(connectionStringsOf({ endpoints: { direct: {}, pooled: {} } })).toEqual(none);
    expect(connectionStringsOf(null)).toEqual(none);
    expect(connectionStringsOf(undefined)).toEqual(none);
    expect(connectionStringsOf({})).toEqual(none);
  });
});

describe("databaseConnectionStrings", () => {
  const minted = connectionWithSecrets("con_cminted00001");
  const other = { id: "con_cother000001", endpoints: { direct: { connectionString: "postgres://other:pw2@h/db" } } };

  it("picks the default connection", () => {
    const db = { defaultConnectionId: minted.id, connections: [other, { id: minted.id, endpoints: minted.endpoints }] };
    expect(databaseConnectionStrings(db)).toEqual({
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
  });

  it("falls back to the first connection when the default is missing or unset", () => {
    expect(databaseConnectionStrings({ defaultConnectionId: null, connections: [other, minted] }).directConnectionString).toBe("postgres://other:pw2@h/db");
    expect(databaseConnectionStrings({ defaultConnectionId: "con_cgone0000001", connections: [other] }).directConnectionString).toBe("postgres://other:pw2@h/db");
  });

  it("builds the direct string from the deprecated directConnection when endpoints have none", () => {
    const db = {
      defaultConnectionId: null,
      connections: [],
      directConnection: { host: "db.prisma.io:5432", user: "user@abc", pass: "p/ss:word" },
    };
    expect(databaseConnectionStrings(db).directConnectionString)
      .toBe("postgresql://user%40abc:p%2Fss%3Aword@db.prisma.io:5432/postgres?sslmode=require");
  });

  it("takes the deprecated connectionString as the Accelerate string only when it is one", () => {
    expect(databaseConnectionStrings({ defaultConnectionId: null, connections: [], connectionString: ACCELERATE_URL }).accelerateConnectionString).toBe(ACCELERATE_URL);
    expect(databaseConnectionStrings({ defaultConnectionId: null, connections: [], connectionString: DIRECT_URL }).accelerateConnectionString).toBeNull();
  });

  it("prefers the endpoints to the deprecated fields", () => {
    const db = {
      defaultConnectionId: minted.id,
      connections: [minted],
      connectionString: "prisma+postgres://old.example/?api_key=old",
      directConnection: { host: "old.example", user: "old", pass: "old" },
    };
    expect(databaseConnectionStrings(db)).toEqual({
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
  });

  it("reads what POST /v1/projects answers", () => {
    expect(databaseConnectionStrings(projectCreated().database)).toEqual({
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(DIRECT_URL).toContain(SECRET_PASSWORD);
  });

  it("gives nulls for no database", () => {
    expect(databaseConnectionStrings(null)).toEqual({ directConnectionString: null, pooledConnectionString: null, accelerateConnectionString: null });
  });
});

describe("maskLiterals", () => {
  const token = "pd-token-0123456789abcdef";
  const recipient = "oauth-recipient-token-42";

  it("masks every occurrence of the literals at any depth, in strings and keys", () => {
    const body = {
      data: {
        id: "proj_1",
        note: `created with ${token}; again ${token}`,
        list: [token, { deep: `x${recipient}y` }, 7, null, true],
        [token]: "a key that is the token",
      },
    };
    expect(maskLiterals(body, [token, recipient])).toEqual({
      data: {
        id: "proj_1",
        note: `created with ${REDACTED}; again ${REDACTED}`,
        list: [REDACTED, { deep: `x${REDACTED}y` }, 7, null, true],
        [REDACTED]: "a key that is the token",
      },
    });
  });

  it("leaves connection strings the API minted untouched", () => {
    const minted = connectionWithSecrets();
    const masked = maskLiterals({ data: minted, echo: `bad ${token}` }, [token]);
    expect(masked.data).toBe(minted);
    expect(connectionStringsOf(masked.data)).toEqual({
      directConnectionString: DIRECT_URL,
      pooledConnectionString: POOLED_URL,
      accelerateConnectionString: ACCELERATE_URL,
    });
    expect(masked.echo).toBe(`bad ${REDACTED}`);
  });

  it("returns the value itself when no string holds a secret", () => {
    const body = { data: [database(), database("db_c2aaaaaaaa")], pagination: { hasMore: false, nextCursor: null } };
    expect(maskLiterals(body, [token, recipient])).toBe(body);
    expect(maskLiterals(body, [])).toBe(body);
    expect(maskLiterals(body, [""])).toBe(body);
  });

  it("copies only what changed and never edits its input", () => {
    const untouched = { id: "db_1", tags: ["a", "b"] };
    const body = { keep: untouched, change: { text: token } };
    const before = structuredClone(body);
    const masked = maskLiterals(body, [token]);
    expect(body).toEqual(before);
    expect(masked).not.toBe(body);
    expect(masked.keep).toBe(untouched);
    expect(masked.change).toEqual({ text: REDACTED });
  });

  it("masks a secret that contains another one whole, and its URL-encoded form", () => {
    expect(maskLiterals({ a: "abc-def tail" }, ["abc", "abc-def"])).toEqual({ a: `${REDACTED} tail` });
    const spaced = "tok with/slash";
    expect(maskLiterals({ url: `https://x.test/?t=${encodeURIComponent(spaced)}` }, [spaced])).toEqual({ url: `https://x.test/?t=${REDACTED}` });
  });

  it("masks a secret that has no URL-encoded form (a lone surrogate) without failing", () => {
    const odd = "token\uD800end";
    expect(maskLiterals({ a: `x${odd}y` }, [odd])).toEqual({ a: `x${REDACTED}y` });
    expect(redactText(`x${odd}y`, [odd])).toBe(`x${REDACTED}y`);
  });

  it("passes primitives through, masking a bare string", () => {
    expect(maskLiterals(null, [token])).toBeNull();
    expect(maskLiterals(undefined, [token])).toBeUndefined();
    expect(maskLiterals(5, [token])).toBe(5);
    expect(maskLiterals(`=${token}=`, [token])).toBe(`=${REDACTED}=`);
  });

  it("hands a large list without secrets back as it is, copying nothing", () => {
    const body = { data: Array.from({ length: 10_000 }, (_, i) => database(`db_c${String(i).padStart(10, "0")}`)) };
    expect(maskLiterals(body, [token, recipient])).toBe(body);
  });
});

describe("a body with a `__proto__` key", () => {
  const body = () => JSON.parse('{"__proto__":{"note":"kept","password":"hunter2"},"id":"db_1","echo":"tok_abcdef123"}') as Record<string, unknown>;

  it("keeps it as an ordinary key in redactSecrets", () => {
    const redacted = redactSecrets(body(), ["tok_abcdef123"]);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"note":"kept"},"id":"db_1","echo":"[redacted]"}');
  });

  it("keeps it as an ordinary key in maskLiterals", () => {
    const masked = maskLiterals(body(), ["tok_abcdef123"]);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(JSON.stringify(masked)).toBe('{"__proto__":{"note":"kept","password":"hunter2"},"id":"db_1","echo":"[redacted]"}');
  });
});

// JSON parses a hundred thousand nested lists without recursion; a recursive walk of them would
// overflow the stack with a RangeError that says nothing. They are refused by name instead.
describe("values nested deeper than any answer", () => {
  const nested = (levels: number, inner: unknown = "postgres://u:secret-pw@h/db"): unknown =>
    JSON.parse(`${"[".repeat(levels)}${JSON.stringify(inner)}${"]".repeat(levels)}`);
  const deep = nested(100_000);

  it.each<[string, () => unknown]>([
    ["redactSecrets", () => redactSecrets(deep)],
    ["redactOutput", () => redactOutput({ data: deep })],
    ["redactAll", () => redactAll(JSON.parse(`${"{\"a\":".repeat(100_000)}1${"}".repeat(100_000)}`))],
    ["maskLiterals", () => maskLiterals({ data: deep }, ["secret-pw"])],
    ["secretValuesOf", () => secretValuesOf({ data: deep })],
  ])("%s refuses 100,000 levels with a NestingTooDeepError", (_what, walk) => {
    expect(walk).toThrow(NestingTooDeepError);
    expect(walk).toThrow(`The value is nested more than ${MAX_NESTING} levels deep`);
  });

  it("still walks a value nested as deep as allowed, masking inside it", () => {
    let inner = redactSecrets(nested(MAX_NESTING - 1));
    for (let level = 0; level < MAX_NESTING - 1; level++) inner = (inner as unknown[])[0];
    expect(inner).toBe(`postgres://u:${REDACTED}@h/db`);
  });

  it("keeps an error whose field is nested too deep, with that field masked whole", () => {
    const error = Object.assign(new Error("refused: postgres://u:secret-pw@h/db"), { body: deep });
    const redacted = redactError(error) as Error & { body: unknown };
    expect(redacted).toBe(error);
    expect(redacted.message).toBe(`refused: postgres://u:${REDACTED}@h/db`);
    expect(redacted.body).toBe(REDACTED);
  });
});
