// A rerun resumes a wait from what the suspended step carried, and only from that: a rerun
// that carries nothing readable (lost, damaged, from another version) creates nothing again and
// says what to do, before any request; a step that Pipedream will not suspend hands back what
// it made, as a wait that ran out does; and a database deleted while the step slept is reported
// as not found, not as existing. On real servers, under the fake clock.
import { ConfigurationError } from "@pipedream/platform";
import { describe, expect, it, vi } from "vitest";
import { WAIT } from "../../common/constants";
import cloneDatabase from "../../actions/clone-database/clone-database";
import createDatabase from "../../actions/create-database/create-database";
import createDatabasesInRegions from "../../actions/create-databases-in-regions/create-databases-in-regions";
import createProject from "../../actions/create-project/create-project";
import provisionPostgresProject from "../../actions/provision-postgres-project/provision-postgres-project";
import provisionPreviewDatabase from "../../actions/provision-preview-database/provision-preview-database";
import restoreBackupInPlace from "../../actions/restore-backup-in-place/restore-backup-in-place";
import restoreBackupToNewDatabase from "../../actions/restore-backup-to-new-database/restore-backup-to-new-database";
import { DIRECT_URL, POOLED_URL, SECRET_PASSWORD, database, databaseCreated } from "../fixtures";
import { appOf, bindApp, type ActionLike } from "../pipedream";
import { START as START_DATE, TOKEN, expectNoCrash, expectNoLeak, failureOf, resultOf, runAction, settle, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

const START = START_DATE.getTime();
const projectId = "proj_chostile0001";
const databaseId = "db_cnewdb000001";
const createProps = { projectId, name: "orders-staging", region: "us-east-1" };
const MINTED_FIELDS = ["directConnectionString", "pooledConnectionString", "accelerateConnectionString"];

const WAITING: [string, ActionLike, Record<string, unknown>][] = [
  ["create-database", createDatabase, createProps],
  ["clone-database", cloneDatabase, { projectId, databaseId: "db_csource000001", name: "orders-copy" }],
  ["restore-backup-to-new-database", restoreBackupToNewDatabase, { projectId, databaseId: "db_csource000001", backupId: "bk_cbackup000001", name: "restored" }],
  ["restore-backup-in-place", restoreBackupInPlace, { databaseId, backupId: "bk_cbackup000001", confirm: databaseId }],
  ["create-project", createProject, { name: "orders", region: "us-east-1" }],
  ["provision-postgres-project", provisionPostgresProject, { name: "orders", region: "us-east-1" }],
  ["provision-preview-database", provisionPreviewDatabase, { projectId, gitName: "feature/login" }],
  ["create-databases-in-regions", createDatabasesInRegions, { projectId, regions: ["us-east-1"], namePrefix: "orders" }],
];

/** A server that creates `databaseId` and answers its polls with `poll()`. */
async function serve(poll: () => ReturnType<typeof reply.json> = () => reply.json(200, { data: database(databaseId, { status: "provisioning" }) })) {
  const server = (await servers.start()).handle((r) => (r.method === "POST" ? reply.json(201, { data: databaseCreated(databaseId, { project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } }) }) : poll()));
  pointAppAt(server);
  return server;
}

/** What a first run of Create Database in a deployed workflow passed to `$.flow.rerun`. */
async function carriedByFirstRun(): Promise<Record<string, Record<string, unknown>>> {
  const first = await runAction(createDatabase, createProps, { workflow: { runs: 1 }, budgetMs: 60_000 });
  expect(resultOf(first)).toMatchObject({ waiting: true });
  return first.reruns[0].context as Record<string, Record<string, unknown>>;
}

function expectRefusedRerun(error: Error & Record<string, unknown>) {
  expectNoCrash(error);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error.message).toContain("what the step carried");
  expect(error.message).toContain("nothing was created again");
  expect(error.message).toContain("**List Databases**");
}

describe("a rerun that carries no wait", () => {
  it.each(WAITING.flatMap(([name, action, props]) => [undefined, {}, { anotherStep: { databases: [] } }]
    .map((context) => [name, JSON.stringify(context) ?? "undefined", action, props, context] as const)))(
    "%s, context %s: creates nothing again and says so, before any request", async (_, __, action, props, context) => {
      const server = await serve();

      const outcome = await runAction(action, props, { workflow: { runs: 2, context } });

      expectRefusedRerun(failureOf(outcome));
      expect(server.log).toEqual([]);
      expect(outcome.reruns).toEqual([]);
    },
  );
});

describe("a rerun that carries a damaged wait", () => {
  const damages: [string, (wait: Record<string, unknown>) => void][] = [
    ["Max Wait Seconds that is not a number", (wait) => { wait.maxWaitSeconds = "abc"; }],
    ["Max Wait Seconds past the most the package waits", (wait) => { wait.maxWaitSeconds = 1e9; }],
    ["no start", (wait) => { wait.startedAt = null; }],
    ["a start in the future", (wait) => { wait.startedAt = START + 1e12; }],
    ["databases that are not databases", (wait) => { wait.databases = [null, 5]; }],
    ["no databases", (wait) => { wait.databases = []; }],
    ["a database without an ID", (wait) => { delete (wait.databases as Record<string, unknown>[])[0].id; }],
    ["a database with a count of checks that is not one", (wait) => { (wait.databases as Record<string, unknown>[])[0].polls = -1; }],
    ["no state", (wait) => { delete wait.state; }],
  ];

  it.each(damages)("%s: creates nothing again, polls nothing, and says so", async (_, damage) => {
    const server = await serve();
    const context = await carriedByFirstRun();
    damage(context.prismaManagementApiWait);
    const sentBefore = server.requests.length;
    vi.setSystemTime(START + WAIT.firstRerunMs + WAIT.inStepSecondsWithReruns * 1000);

    const outcome = await runAction(createDatabase, createProps, { workflow: { runs: 2, context } });

    expectRefusedRerun(failureOf(outcome));
    expect(server.log.slice(sentBefore)).toEqual([]);
    expect(outcome.elapsedMs).toBe(0);
  });

  it("a carried wait without the first run's inputs (an earlier version's) still resumes", async () => {
    let status: "provisioning" | "ready" = "provisioning";
    const server = await serve(() => reply.json(200, { data: database(databaseId, { status }) }));
    const context = await carriedByFirstRun();
    delete context.prismaManagementApiWait.inputs;
    status = "ready";
    const sentBefore = server.requests.length;
    vi.setSystemTime(START + WAIT.firstRerunMs + WAIT.inStepSecondsWithReruns * 1000);

    const outcome = await runAction<Record<string, unknown>>(createDatabase, createProps, { workflow: { runs: 2, context } });

    expect(resultOf(outcome)).toMatchObject({ databaseId, ready: true, directConnectionString: DIRECT_URL });
    expect(server.log.slice(sentBefore)).toEqual([`GET /v1/databases/${databaseId}`]);
  });
});

describe("a step that Pipedream will not suspend", () => {
  it("returns the one-time strings with ready: false, and says why it stopped waiting", async () => {
    const server = await serve();
    const exports: Record<string, unknown> = {};
    const asked: number[] = [];
    const $ = {
      context: { id: "hostile-run", run: { runs: 1 } },
      export: (key: string, value: unknown) => { exports[key] = value; },
      flow: { rerun: (delayMs: number) => { asked.push(delayMs); throw new Error("This workflow has reached its limit of reruns"); } },
    };
    const self = { ...createProps, app: bindApp(appOf(createDatabase), { api_token: TOKEN }) };

    const result = await settle((createDatabase.run as unknown as (options: { $: typeof $ }) => Promise<Record<string, unknown>>).call(self, { $ }));

    expect(asked).toEqual([WAIT.firstRerunMs]);
    expect(result).toMatchObject({ databaseId, ready: false, status: "provisioning", directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL });
    expect(result.waitError).toBe(`Database ${databaseId} is still "provisioning": the step could not suspend itself to wait longer ` +
      "(This workflow has reached its limit of reruns). It exists: do not create it again; check it with **Get Database** until it is ready.");
    expect(server.log.filter((line) => line.startsWith("POST"))).toEqual(["POST /v1/databases"]);
    expect(exports.$summary).toEqual(expect.stringContaining(databaseId));
    expectNoLeak({ result, error: undefined, exports, summary: exports.$summary, elapsedMs: 0, reruns: [] }, [TOKEN, SECRET_PASSWORD], MINTED_FIELDS);
  });
});

describe("a database deleted while the step was suspended", () => {
  it("is reported as not found on the rerun, with the strings the first run carried", async () => {
    let deleted = false;
    const server = await serve(() => (deleted
      ? reply.json(404, { error: { code: "resource-not-found", message: "Database not found." } })
      : reply.json(200, { data: database(databaseId, { status: "provisioning" }) })));
    const context = await carriedByFirstRun();
    deleted = true;
    const sentBefore = server.requests.length;
    vi.setSystemTime(START + WAIT.firstRerunMs + WAIT.inStepSecondsWithReruns * 1000);

    const outcome = await runAction<Record<string, unknown>>(createDatabase, createProps, { workflow: { runs: 2, context } });

    const result = resultOf(outcome);
    expect(result).toMatchObject({ databaseId, ready: false, directConnectionString: DIRECT_URL });
    expect(result.waitError).toBe(`Database ${databaseId} was not found when checked (Prisma API error 404 (resource-not-found): Database not found): ` +
      "it may have been deleted since. Check with **List Databases** whether it is still there before creating or restoring it again.");
    expect(server.log.slice(sentBefore)).toEqual([`GET /v1/databases/${databaseId}`]);
  });
});
