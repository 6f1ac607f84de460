import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, connectionStringsOf, databaseConnectionStrings, isTokenShaped, maskLiterals, redactSecrets, redactText, secretValuesOf } from "../../common/redaction";
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

  // Each of these took seconds (quadratic backtracking) with a regular expression for URLs.
  it.each<[string, string, string | null]>([
    ["letters before an `@`", `${"a".repeat(100_000)}@`, null],
    ["a scheme whose user never ends", `x://${"u".repeat(100_000)}@`, null],
    ["`://:` over and over", `${"://:".repeat(25_000)}@`, null],
    ["URLs without `@` after an early `@`", `@${" a://u:x".repeat(12_500)}`, null],
    ["a password of `@`s", `a://b:${"@".repeat(100_000)}`, `a://b:${REDACTED}@`],
    ["a password of `p@/`s", `postgres://u:${"p@/".repeat(33_333)}@db.prisma.io/x`, `postgres://u:${REDACTED}@db.prisma.io/x`],
    ["`eyJ` over and over", "eyJ".repeat(33_334), null],
    ["JWT-like headers without payloads", "eyJabcd.".repeat(12_500), null],
    ["a bearer prefix and spaces", `Bearer ${" ".repeat(100_000)}`, null],
    ["secret query names", "?token=".repeat(14_286), null],
  ])("stays fast on 100k characters of %s", (_what, text, expected) => {
    const started = performance.now();
    const masked = redactText(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(250);
    if (expected !== null) expect(masked).toBe(expected);
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
    const odd = "tok\uD800end";
    expect(maskLiterals({ a: `x${odd}y` }, [odd])).toEqual({ a: `x${REDACTED}y` });
    expect(redactText(`x${odd}y`, [odd])).toBe(`x${REDACTED}y`);
  });

  it("passes primitives through, masking a bare string", () => {
    expect(maskLiterals(null, [token])).toBeNull();
    expect(maskLiterals(undefined, [token])).toBeUndefined();
    expect(maskLiterals(5, [token])).toBe(5);
    expect(maskLiterals(`=${token}=`, [token])).toBe(`=${REDACTED}=`);
  });

  it("stays fast on a large list without secrets", () => {
    const body = { data: Array.from({ length: 10_000 }, (_, i) => database(`db_c${String(i).padStart(10, "0")}`)) };
    const started = performance.now();
    expect(maskLiterals(body, [token, recipient])).toBe(body);
    expect(performance.now() - started).toBeLessThan(1000);
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
