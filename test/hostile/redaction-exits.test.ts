// Secrets at the exits the other sweeps do not reach: the account's token typed with its
// `Bearer ` scheme or too short to be a token, the console while a run is under way, and the
// dropdowns, which Pipedream calls outside any step and so outside the boundary.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import getDatabase from "../../actions/get-database/get-database";
import listProjects from "../../actions/list-projects/list-projects";
import { appOf, bindApp, options } from "../pipedream";
import { TOKEN, expectNoLeak, failureOf, runAction, settle, useHostileClock } from "./harness";
import { ACTIONS, FORBIDDEN, RAW_URL, refusalFullOfSecrets, runPastGuards, successFullOfSecrets } from "./components";
import { pointAppAt, reply, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

describe("the account's token as it was typed", () => {
  it("typed with its `Bearer ` scheme: an answer quoting the bare token shows it masked", async () => {
    const server = (await servers.start()).respond(reply.json(401, {
      error: { code: "authentication-failed", message: `Token ${TOKEN} is not valid`, hint: `tried "${TOKEN}"` },
    }));
    pointAppAt(server);

    const outcome = await runAction(getDatabase, { databaseId: "db_cexits0000001" }, { token: `Bearer ${TOKEN}` });

    expect(failureOf(outcome).message).toContain("Token [redacted] is not valid");
    expectNoLeak(outcome, [TOKEN]);
  });

  it("too short to be a token: masked where it stands alone, not inside every word that holds it", async () => {
    const short = "ops";
    const server = (await servers.start()).respond(reply.json(200, {
      data: [{ id: "proj_cexits000001", name: "shops and ops", createdAt: "2026-10-01T10:00:00.000Z", workspace: { id: "wksp_cexits00001", name: `key ${short}` } }],
      pagination: { hasMore: false, nextCursor: null },
    }));
    pointAppAt(server);

    // Not through `runAction`, whose own check would find `ops` inside `shops`.
    const exports: Record<string, unknown> = {};
    const self = { app: bindApp(appOf(listProjects), { api_token: short }) };
    const $ = { export: (key: string, value: unknown) => { exports[key] = value; } };
    const result = await settle((listProjects.run as (options: { $: typeof $ }) => Promise<{ name: string; workspace: { name: string } }[]>).call(self, { $ }));

    expect(server.requests[0].headers.authorization).toBe(`Bearer ${short}`);
    expect(result.map((p) => [p.name, p.workspace.name])).toEqual([["shops and [redacted]", "key [redacted]"]]);
    expect(exports.$summary).toBe("Found 1 project");
  });
});

describe("the console while a run is under way", () => {
  it.each(ACTIONS)("%s: writes nothing secret to the console, on success or refusal", async (_, action) => {
    const written: unknown[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { written.push(args); });
    }
    for (const handler of [successFullOfSecrets(TOKEN), refusalFullOfSecrets(TOKEN)]) {
      const server = (await servers.start()).handle(handler);
      pointAppAt(server);
      await runPastGuards(action);
    }
    const text = JSON.stringify(written);
    for (const secret of [...FORBIDDEN, TOKEN]) expect(text).not.toContain(secret);
  });
});

describe("dropdowns, which run outside any step", () => {
  const PROPS: [string, Record<string, unknown>][] = [
    ["workspaceId", {}], ["projectId", {}], ["databaseId", {}], ["databaseId", { projectId: RAW_URL }], ["branchId", { projectId: RAW_URL }],
    ["connectionId", { databaseId: RAW_URL }], ["region", {}],
  ];

  it.each(PROPS)("%s %j: labels carry no credential of an answer full of them", async (name, args) => {
    const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
    pointAppAt(server);

    const loaded = await settle(options(appOf(getDatabase), name, args, { api_token: TOKEN }));

    expect(server.requests.length).toBeGreaterThan(0);
    const labels = JSON.stringify((Array.isArray(loaded) ? loaded : (loaded as { options: unknown[] }).options));
    for (const secret of [...FORBIDDEN, TOKEN]) expect(labels).not.toContain(secret);
  });

  it.each(PROPS)("%s %j: a refusal full of credentials fails without them", async (name, args) => {
    const server = (await servers.start()).handle(refusalFullOfSecrets(`${TOKEN}\n`));
    pointAppAt(server);

    const error = await settle(options(appOf(getDatabase), name, args, { api_token: `${TOKEN}\n` })).then(() => undefined, (caught: Error) => caught);

    expect(error).toBeInstanceOf(Error);
    const text = [error!.message, String(error!.stack), JSON.stringify(error), inspect(error, { showHidden: true, depth: 8 })].join("\n");
    for (const secret of [...FORBIDDEN, TOKEN]) expect(text).not.toContain(secret);
  });
});

describe("the named minted fields, in an action that mints nothing", () => {
  const mints = (folder: string) => readFileSync(join(import.meta.dirname, "..", "..", "actions", folder, `${folder}.ts`), "utf8").includes("mints: true");
  const NOT_MINTING = ACTIONS.filter(([folder]) => !mints(folder));
  // Opaque values, which no pattern knows: only their field says what they are.
  const OPAQUE = { directConnectionString: "opaque-direct-5e1a", pooledConnectionString: "opaque-pooled-77c2", accelerateConnectionString: "opaque-accel-0b9d", serviceTokenValue: "opaque-token-c4f8" };

  it("leaves most actions to sweep", () => {
    expect(NOT_MINTING.length).toBeGreaterThan(30);
  });

  it.each(NOT_MINTING)("%s: an answer carrying them, at the top and nested in lists, shows none of their values", async (_, action) => {
    const planted = (resource: Record<string, unknown>) => ({ ...resource, ...OPAQUE, replicas: [{ id: "rep_1", ...OPAQUE }] });
    const server = (await servers.start()).handle((request) => {
      const behaviour = successFullOfSecrets(TOKEN)(request);
      if (behaviour.kind !== "answer" || !behaviour.body) return behaviour;
      const body = JSON.parse(behaviour.body) as { data: Record<string, unknown> | Record<string, unknown>[] };
      body.data = Array.isArray(body.data) ? body.data.map(planted) : planted(body.data);
      return { ...behaviour, body: JSON.stringify(body) };
    });
    pointAppAt(server);

    const outcome = await runPastGuards(action);

    expect(server.requests.length).toBeGreaterThan(0);
    expectNoLeak(outcome, Object.values(OPAQUE));
  });
});
