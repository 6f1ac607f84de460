// Inputs as agents send them: an optional prop sent empty ("", spaces, null, a list of
// nothing but empty strings) means the same as one left out, its default, for every optional
// prop of every action and trigger, whatever its type. Judged on what was sent and what came
// back: the same requests, the same result, summary or error.
import { describe, expect, it, vi } from "vitest";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import { database } from "../fixtures";
import type { ActionLike, PropDef } from "../pipedream";
import { instantiate, type SourceLike } from "../source-harness";
import { START, TOKEN, resultOf, runAction, settle, useHostileClock, type Outcome } from "./harness";
import { ACTIONS, SOURCES, fillableProps, isOptional, runPastGuards, successFullOfSecrets, wellFormedProps } from "./components";
import { pointAppAt, reply, useHostileServers, type HostileServer } from "./server";

const servers = useHostileServers();
useHostileClock();

/** The empty forms an agent sends for "not given", for a prop of this type. */
function emptyForms(prop: PropDef): unknown[] {
  return String(prop.type).endsWith("[]") ? ["", null, [], [""], ["  "]] : ["", "   ", null];
}

/** What a run sent, comparable between two runs. */
function requestsOf(server: HostileServer) {
  return server.requests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.json ?? r.body }));
}

/** What a run sent and what it gave back, comparable between two runs. */
function observed(server: HostileServer, outcome: Outcome<unknown>) {
  return {
    requests: requestsOf(server),
    result: JSON.parse(JSON.stringify(outcome.result ?? null)),
    summary: outcome.summary,
    error: outcome.error?.message,
  };
}

const OPTIONAL_INPUTS = ACTIONS.flatMap(([folder, action]) => fillableProps(action)
  .filter(([, prop]) => isOptional(prop))
  .map(([name, prop]) => ({ folder, action, name, empties: emptyForms(prop) })));

/** A run with the prop `name` left out (`empty` undefined) or sent as `empty`. */
async function actionRun(action: ActionLike, name: string, empty?: unknown) {
  vi.setSystemTime(START);
  const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
  pointAppAt(server);
  const outcome = empty === undefined
    ? await runPastGuards(action, { optional: false, omit: name })
    : await runPastGuards(action, { optional: false, extra: { [name]: empty } });
  return observed(server, outcome);
}

describe("an optional action prop sent empty means its default", () => {
  it("covers the optional props of the actions", () => {
    const withOptional = ACTIONS.filter(([, action]) => fillableProps(action).some(([, prop]) => isOptional(prop)));
    expect(new Set(OPTIONAL_INPUTS.map((input) => input.folder)).size).toBe(withOptional.length);
    expect(withOptional.length).toBeGreaterThan(15);
  });

  it.each(OPTIONAL_INPUTS.map((input) => [`${input.folder}: ${input.name}`, input] as const))(
    "%s", async (_, { action, name, empties }) => {
      const leftOut = await actionRun(action, name);
      for (const empty of empties) {
        expect(await actionRun(action, name, empty), `sent as ${JSON.stringify(empty)}`).toEqual(leftOut);
      }
    },
  );

  it("Delete Stale Databases with Older Than Hours \"\" looks back its default 24 hours", async () => {
    const now = START.getTime();
    const hoursAgo = (hours: number) => new Date(now - hours * 3600_000).toISOString();
    const server = (await servers.start()).respond(reply.json(200, {
      data: [
        { ...database("db_cpr1old000001"), name: "pr-1", isDefault: false, createdAt: hoursAgo(25) },
        { ...database("db_cpr2new000001"), name: "pr-2", isDefault: false, createdAt: hoursAgo(23) },
      ],
      pagination: { hasMore: false, nextCursor: null },
    }));
    pointAppAt(server);

    const outcome = await runAction<{ matched: { databaseId: string }[] }>(deleteStaleDatabases, { namePattern: "pr-", olderThanHours: "" });

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/databases"]);
    expect(resultOf(outcome).matched.map((d) => d.databaseId)).toEqual(["db_cpr1old000001"]);
    expect(outcome.summary).toBe("Dry run: 1 of 2 databases would be deleted: pr-1; kept 1: 1 created in the last 24 hours");
  });
});

const OPTIONAL_SOURCE_INPUTS = SOURCES.flatMap(([folder, source]) => fillableProps(source)
  .filter(([, prop]) => isOptional(prop))
  .map(([name, prop]) => ({ folder, source, name, empties: emptyForms(prop) })));

async function sourceRun(source: SourceLike, name: string, empty?: unknown) {
  vi.setSystemTime(START);
  const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
  pointAppAt(server);
  const props: Record<string, unknown> = { ...wellFormedProps(source), storageGibThreshold: 0.000001 };
  if (empty === undefined) delete props[name];
  else props[name] = empty;
  const instance = instantiate(source, props, { api_token: TOKEN });
  let error: string | undefined;
  try {
    await settle(instance.deploy());
    await settle(instance.tick());
  } catch (caught) {
    error = (caught as Error).message;
  }
  return { requests: requestsOf(server), emitted: instance.emitted, error };
}

describe("an optional trigger prop sent empty means its default", () => {
  it("covers the optional props of the triggers", () => {
    expect(new Set(OPTIONAL_SOURCE_INPUTS.map((input) => input.folder)).size).toBeGreaterThan(3);
  });

  it.each(OPTIONAL_SOURCE_INPUTS.map((input) => [`${input.folder}: ${input.name}`, input] as const))(
    "%s", async (_, { source, name, empties }) => {
      const leftOut = await sourceRun(source, name);
      for (const empty of empties) {
        expect(await sourceRun(source, name, empty), `sent as ${JSON.stringify(empty)}`).toEqual(leftOut);
      }
    },
  );
});
