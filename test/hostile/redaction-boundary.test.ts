// One redaction boundary at every exit, swept over every action and trigger: credentials
// planted in each input, in every answer (success bodies full of them, refusals quoting the
// token, an encoded connection string and a JWT), and the token saved with a trailing newline.
// No result (outside a minting action's named fields), summary, export (the HTTP client's
// `debug` export included), event, event summary or error in any form may carry them.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { MINTED_FIELDS, REDACTED } from "../../common/redaction";
import { instantiate } from "../source-harness";
import { TOKEN, runAction, useHostileClock, visibleText, type Outcome, settle } from "./harness";
import {
  ACTIONS, CREDENTIALS, FORBIDDEN, JWT, RAW_URL, SOURCES, fillableProps, runPastGuards, refusalFullOfSecrets, successFullOfSecrets, wellFormedProps,
} from "./components";
import { pointAppAt, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

/** `value` without the named minted fields, at any depth: the only place a secret may be. */
function withoutMinted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMinted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !MINTED_FIELDS.has(key)).map(([key, item]) => [key, withoutMinted(item)]));
  }
  return value;
}

/** Asserts that none of `secrets` (nor its URL-encoded form) shows in what the run left, minted fields aside for a minting action. */
function expectClean(outcome: Outcome<unknown>, secrets: readonly string[], mints: boolean): void {
  const text = visibleText({ ...outcome, result: mints ? withoutMinted(outcome.result) : outcome.result });
  for (const secret of secrets) {
    expect(text, `${JSON.stringify(secret)} leaked`).not.toContain(secret);
    expect(text, `${JSON.stringify(secret)} leaked URL-encoded`).not.toContain(encodeURIComponent(secret));
  }
}

const MINTING = new Set(["clone-database", "create-connection-string", "create-database", "create-databases-in-regions", "create-project",
  "create-service-token", "provision-postgres-project", "provision-preview-database", "restore-backup-to-new-database", "rotate-connection-string"]);

/** Every (action, prop) pair: each prop a person or an agent can fill in. */
const INPUTS = ACTIONS.flatMap(([folder, action]) => fillableProps(action).map(([name, prop]) => ({ folder, action, name, prop })));

describe("credentials typed into any input of any action", () => {
  it("covers every action that has inputs", () => {
    const withInputs = ACTIONS.filter(([, action]) => fillableProps(action).length > 0);
    expect(new Set(INPUTS.map((input) => input.folder)).size).toBe(withInputs.length);
    expect(withInputs.length).toBeGreaterThan(35);
  });

  for (const [kind, credential] of Object.entries(CREDENTIALS)) {
    it.each(INPUTS.map((input) => [`${input.folder}: ${input.name}`, input] as const))(`${kind}: %s quotes it back masked`, async (_, { folder, action, name, prop }) => {
      // A server that echoes whatever it was sent, so an input that passes the checks comes back too.
      const server = (await servers.start()).handle((request) => ({
        kind: "answer", status: 400, headers: { "content-type": "application/json" },
        body: JSON.stringify({ error: { code: "bad-request", message: `Received ${request.body} ${JSON.stringify(request.query)}`, hint: request.path } }),
      }));
      pointAppAt(server);
      const planted = String(prop.type).endsWith("[]") ? [credential] : credential;

      const outcome = await runAction(action, { ...wellFormedProps(action), dryRun: false, [name]: planted });

      expectClean(outcome, FORBIDDEN, MINTING.has(folder));
    });
  }
});

describe("answers full of credentials, to every action", () => {
  it.each(ACTIONS)("%s: a success body that carries them everywhere", async (folder, action) => {
    const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
    pointAppAt(server);

    const outcome = await runPastGuards(action);

    expect(server.requests.length, "requests sent").toBeGreaterThan(0);
    expectClean(outcome, [...FORBIDDEN, TOKEN], MINTING.has(folder));
  });

  it.each(ACTIONS)("%s: a 401 quoting the token saved with a trailing newline, an encoded connection string and a JWT", async (folder, action) => {
    const saved = `${TOKEN}\n`;
    const server = (await servers.start()).handle(refusalFullOfSecrets(saved));
    pointAppAt(server);

    const outcome = await runPastGuards(action, { token: saved });

    expect(server.requests.length, "requests sent").toBeGreaterThan(0);
    // Sent trimmed, masked in both forms.
    for (const request of server.requests) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The HTTP client exported its debug summary of the failure, and it too is clean.
    expect(outcome.exports.debug).toBeDefined();
    expectClean(outcome, [...FORBIDDEN, TOKEN, saved], false);
  });

  it("the minting actions hand the connection string over in their named fields, and only there", async () => {
    const minting = ACTIONS.filter(([folder]) => folder === "create-connection-string");
    expect(minting).toHaveLength(1);
    const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(minting[0][1], wellFormedProps(minting[0][1]));

    expect(outcome.result?.directConnectionString).toBe(CREDENTIALS["a connection string whose password holds @, / and :"]);
    expectClean(outcome, FORBIDDEN, true);
  });
});

/** A source's run, as the hostile harness runs an action: under the fake clock, with what it emitted. */
async function runSource(source: (typeof SOURCES)[number][1], props: Record<string, unknown>, token = TOKEN) {
  const instance = instantiate(source, props, { api_token: token });
  let error: (Error & Record<string, unknown>) | undefined;
  try {
    await settle(instance.deploy());
    await settle(instance.tick());
  } catch (caught) {
    error = caught as Error & Record<string, unknown>;
  }
  return {
    instance,
    text: [JSON.stringify(instance.emitted), error ? [error.message, String(error.stack), JSON.stringify(error), inspect(error, { showHidden: true, depth: 8 })].join("\n") : ""].join("\n"),
  };
}

describe("answers full of credentials, to every trigger", () => {
  const sourceProps = (source: (typeof SOURCES)[number][1]) => ({ ...wellFormedProps(source), storageGibThreshold: 0.000001, operationsThreshold: 1 });

  it.each(SOURCES)("%s: events and their summaries carry none of them", async (folder, source) => {
    const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
    pointAppAt(server);

    const { text, instance } = await runSource(source, sourceProps(source));

    expect(server.requests.length, "requests sent").toBeGreaterThan(0);
    // The triggers of new things emit the newest on deploy: the events were there to check.
    if (folder.startsWith("new-")) expect(instance.emitted.length, "events emitted").toBeGreaterThan(0);
    for (const secret of [...FORBIDDEN, TOKEN]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
  });

  it.each(SOURCES)("%s: a refusal quoting the token saved with a trailing newline", async (_, source) => {
    const saved = `${TOKEN}\n`;
    const server = (await servers.start()).handle(refusalFullOfSecrets(saved, 403));
    pointAppAt(server);

    const { text } = await runSource(source, sourceProps(source), saved);

    expect(server.requests.length, "requests sent").toBeGreaterThan(0);
    for (const secret of [...FORBIDDEN, TOKEN]) expect(text).not.toContain(secret);
  });
});

describe("the cases seen", () => {
  const byFolder = (folder: string) => ACTIONS.find(([name]) => name === folder)![1];

  it.each([
    ["get-database", "databaseId", RAW_URL, "Database ID"],
    ["delete-database", "confirm", JWT, "Confirm"],
    ["create-project", "region", RAW_URL, "Region"],
  ])("%s: %s pasted with a credential is quoted back masked, before any request", async (folder, name, credential, label) => {
    const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
    pointAppAt(server);
    const action = byFolder(folder);

    const outcome = await runAction(action, { ...wellFormedProps(action), [name]: credential });

    expect(server.requests).toHaveLength(0);
    expect(outcome.error?.message).toContain(label);
    expect(outcome.error?.message).toContain(REDACTED);
    expectClean(outcome, FORBIDDEN, false);
  });

  it("an encoded connection string in an error hint reaches neither the error nor the debug export", async () => {
    const server = (await servers.start()).handle(refusalFullOfSecrets(TOKEN, 400));
    pointAppAt(server);

    const outcome = await runAction(byFolder("get-database"), { databaseId: "db_csweep0000001" });

    expect(outcome.error?.message).toContain(`Hint: Connect with postgresql%3A%2F%2Fadmin%3A${REDACTED}%40db.example.com`);
    expect(JSON.stringify(outcome.exports.debug)).toContain(`postgresql%3A%2F%2Fadmin%3A${REDACTED}%40db.example.com`);
    expectClean(outcome, [...FORBIDDEN, TOKEN], false);
  });
});
