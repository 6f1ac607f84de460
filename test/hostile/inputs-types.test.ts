// Inputs as agents send them through Pipedream Connect, where types are not enforced: a text
// prop sent as a number, a boolean, a list or an object is refused before any request, in words
// that say it was given but not as text (never "is required"); and a list prop sent as a JSON
// list in text, as a comma-separated text or as one value is read as the list it means.
import { ConfigurationError } from "@pipedream/platform";
import { describe, expect, it, vi } from "vitest";
import createDatabasesInRegions from "../../actions/create-databases-in-regions/create-databases-in-regions";
import { databaseCreated } from "../fixtures";
import { START, TOKEN, expectNoCrash, failureOf, runAction, useHostileClock } from "./harness";
import { ACTIONS, fillableProps, runPastGuards, successFullOfSecrets } from "./components";
import { pointAppAt, reply, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

/** What an agent may send where text is expected. */
const NOT_TEXT: [string, unknown][] = [["a number", 12345], ["a boolean", true], ["a list", ["db_csweep0000001"]], ["an object", { id: "db_csweep0000001" }]];

/** Free-text props besides the IDs: names, git names, the stale databases' pattern, a recipient's token, SQL and a schema. */
const TEXT_NAMES = ["name", "connectionString", "gitName", "gitNameContains", "namePattern", "recipientAccessToken", "sql", "schemaSql", "schema"];

const TEXT_PROPS = ACTIONS.flatMap(([folder, action]) => fillableProps(action)
  .filter(([name, prop]) => prop.type === "string" && (/Id$/.test(name) || TEXT_NAMES.includes(name)))
  .map(([name]) => [`${folder}: ${name}`, action, name] as const));

describe("a text prop sent as something else", () => {
  it("covers the IDs and names of the actions", () => {
    expect(TEXT_PROPS.length).toBeGreaterThan(50);
  });

  it.each(TEXT_PROPS)("%s is refused before any request, as given but not text", async (_, action, name) => {
    for (const [what, value] of NOT_TEXT) {
      vi.setSystemTime(START);
      const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
      pointAppAt(server);

      // The SQL actions take the database or a connection string, not both.
      const other = name === "connectionString" ? { databaseId: undefined } : {};
      const outcome = await runPastGuards(action, { extra: { ...other, [name]: value } });

      const error = failureOf(outcome);
      expectNoCrash(error);
      expect(error, what).toBeInstanceOf(ConfigurationError);
      expect(error.message, what).toMatch(/ must be text, e\.g\. .+; got /);
      expect(error.message, what).not.toContain("is required");
      expect(server.log, what).toEqual([]);
    }
  });
});

describe("Create Databases in Regions' regions as agents send them", () => {
  const projectId = "proj_chostile0001";

  it.each([
    ["a list", ["us-east-1", " eu-central-1 "]],
    ["a JSON list in text", '["us-east-1", "eu-central-1"]'],
    ["a comma-separated text", "us-east-1, eu-central-1"],
    ["a comma-separated text with an empty item and a repeat", "us-east-1,,eu-central-1, us-east-1"],
  ])("as %s: one database per region", async (_, regions) => {
    const server = (await servers.start()).handle((r) => reply.json(201, { data: databaseCreated(`db_c${String((r.json as { region: string }).region).replace(/-/g, "")}0001`, { status: "ready", project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } }) }));
    pointAppAt(server);

    const outcome = await runAction<{ succeeded: number }>(createDatabasesInRegions, { projectId, regions, namePrefix: "orders", maxWaitSeconds: 0 });

    expect(outcome.error).toBeUndefined();
    expect(server.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.json)}`).sort()).toEqual([
      `POST /v1/databases ${JSON.stringify({ projectId, name: "orders-eu-central-1", region: "eu-central-1" })}`,
      `POST /v1/databases ${JSON.stringify({ projectId, name: "orders-us-east-1", region: "us-east-1" })}`,
    ]);
    expect(outcome.result?.succeeded).toBe(2);
  });

  it.each([
    ["a JSON list in text with a region that is not one", '["us-east-1", "mars-1"]', 'Region "mars-1" is not a Prisma Postgres region'],
    ["a JSON list of nothing", "[]", "Select at least one region"],
    ["a broken JSON list", '["us-east-1"', 'Region "["us-east-1"" is not a Prisma Postgres region'],
  ])("as %s: refused before any request", async (_, regions, words) => {
    const server = (await servers.start()).handle(successFullOfSecrets(TOKEN));
    pointAppAt(server);

    const outcome = await runAction(createDatabasesInRegions, { projectId, regions, namePrefix: "orders" });

    expect(failureOf(outcome)).toBeInstanceOf(ConfigurationError);
    expect(failureOf(outcome).message).toContain(words);
    expect(server.log).toEqual([]);
  });
});
