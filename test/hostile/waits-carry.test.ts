// Waits that must look before they report, and must hand back what they carry, for every
// component that waits: a short Max Wait Seconds still checks; a rerun that comes late still
// checks; a rerun whose props no longer validate still returns the one-time strings the first
// run's create returned; and in a composite, a step after the create that fails (the mint of
// the application's connection, the read of the backups) is reported, never thrown, so the
// create's strings come back with it. On real servers, under a clock that moves only when the
// run waits for it.
import { describe, expect, it, vi } from "vitest";
import { STEP, WAIT } from "../../common/constants";
import cloneDatabase from "../../actions/clone-database/clone-database";
import createDatabase from "../../actions/create-database/create-database";
import createDatabasesInRegions from "../../actions/create-databases-in-regions/create-databases-in-regions";
import createProject from "../../actions/create-project/create-project";
import provisionPostgresProject from "../../actions/provision-postgres-project/provision-postgres-project";
import provisionPreviewDatabase from "../../actions/provision-preview-database/provision-preview-database";
import restoreBackupInPlace from "../../actions/restore-backup-in-place/restore-backup-in-place";
import restoreBackupToNewDatabase from "../../actions/restore-backup-to-new-database/restore-backup-to-new-database";
import type { ActionLike } from "../pipedream";
import {
  ACCELERATE_URL, DIRECT_URL, POOLED_URL, SECRET_PASSWORD, branch, connectionWithSecrets, database, databaseCreated, projectCreated,
} from "../fixtures";
import { START as START_DATE, TOKEN, expectNoLeak, resultOf, runAction, useHostileClock, type Outcome } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour, type HostileServer, type Received } from "./server";

const servers = useHostileServers();
useHostileClock();

const START = START_DATE.getTime();
const projectId = "proj_chostile0001";
const databaseId = "db_cnewdb000001";
const STRINGS = { directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL };
const MINTED_FIELDS = Object.keys(STRINGS);
const error500 = () => reply.json(500, { error: { code: "internal-error", message: "Something broke" } });

interface WaitingComponent {
  action: ActionLike;
  props: Record<string, unknown>;
  /** Props that no longer validate, as a rerun might find them. */
  invalidProps: Record<string, unknown>;
  /** The create (or restore) and anything else but the polls and the steps after the wait. */
  answer: (request: Received) => Behaviour | undefined;
  /** Where the result keeps the database's readiness and the create's one-time strings (a restore in place has none). */
  carried: (result: Record<string, unknown>) => Record<string, unknown>;
  /** The requests sent to create (or restore), in order. */
  creates: string[];
}

const topLevel = (result: Record<string, unknown>) => result;
const created = databaseCreated(databaseId, { project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } });

const components: Record<string, WaitingComponent> = {
  "create-database": {
    action: createDatabase,
    props: { projectId, name: "orders-staging", region: "us-east-1" },
    invalidProps: { projectId: "not a project" },
    answer: (r) => (r.method === "POST" && r.path === "/v1/databases" ? reply.json(201, { data: created }) : undefined),
    carried: topLevel,
    creates: ["POST /v1/databases"],
  },
  "clone-database": {
    action: cloneDatabase,
    props: { projectId, databaseId: "db_csource000001", name: "orders-copy" },
    invalidProps: { databaseId: "" },
    answer: (r) => (r.method === "POST" && r.path === "/v1/databases" ? reply.json(201, { data: created }) : undefined),
    carried: topLevel,
    creates: ["POST /v1/databases"],
  },
  "restore-backup-to-new-database": {
    action: restoreBackupToNewDatabase,
    props: { projectId, databaseId: "db_csource000001", backupId: "bk_cbackup000001", name: "orders-restored" },
    invalidProps: { name: "" },
    answer: (r) => (r.method === "POST" && r.path === "/v1/databases" ? reply.json(201, { data: created }) : undefined),
    carried: topLevel,
    creates: ["POST /v1/databases"],
  },
  "restore-backup-in-place": {
    action: restoreBackupInPlace,
    props: { databaseId, backupId: "bk_cbackup000001", confirm: databaseId },
    invalidProps: { confirm: "not the database" },
    answer: (r) => (r.method === "POST" && r.path === `/v1/databases/${databaseId}/restore`
      ? reply.json(202, { data: database(databaseId, { status: "recovering" }) })
      : undefined),
    carried: topLevel,
    creates: [`POST /v1/databases/${databaseId}/restore`],
  },
  "create-project": {
    action: createProject,
    props: { name: "orders", region: "us-east-1" },
    invalidProps: { name: "" },
    answer: (r) => (r.method === "POST" && r.path === "/v1/projects" ? reply.json(201, { data: projectCreated(projectId, databaseId) }) : undefined),
    carried: topLevel,
    creates: ["POST /v1/projects"],
  },
  "provision-postgres-project": {
    action: provisionPostgresProject,
    props: { name: "orders", region: "us-east-1", connectionName: "app-server" },
    invalidProps: { connectionName: "x" },
    answer: (r) => {
      if (r.method === "POST" && r.path === "/v1/projects") return reply.json(201, { data: projectCreated(projectId, databaseId) });
      if (r.method === "POST" && r.path === "/v1/connections") return reply.json(201, { data: connectionWithSecrets("con_cminted000001", databaseId) });
      if (r.method === "GET" && r.path === `/v1/databases/${databaseId}/backups`) {
        return reply.json(200, { data: [], meta: { backupRetentionDays: 7 }, pagination: { hasMore: false, limit: 100 } });
      }
      return undefined;
    },
    carried: topLevel,
    creates: ["POST /v1/projects"],
  },
  "provision-preview-database": {
    action: provisionPreviewDatabase,
    props: { projectId, gitName: "feature/login" },
    invalidProps: { gitName: "" },
    answer: (r) => {
      if (r.method === "POST" && r.path === `/v1/projects/${projectId}/branches`) return reply.json(201, { data: branch("br_cfeature00001", "feature/login", { project: { ...branch().project, id: projectId } }) });
      if (r.method === "POST" && r.path === "/v1/databases") return reply.json(201, { data: created });
      if (r.method === "POST" && r.path === "/v1/connections") return reply.json(201, { data: connectionWithSecrets("con_cminted000001", databaseId) });
      return undefined;
    },
    carried: topLevel,
    creates: [`POST /v1/projects/${projectId}/branches`, "POST /v1/databases"],
  },
  "create-databases-in-regions": {
    action: createDatabasesInRegions,
    props: { projectId, regions: ["us-east-1"], namePrefix: "orders" },
    invalidProps: { regions: [] },
    answer: (r) => (r.method === "POST" && r.path === "/v1/databases" ? reply.json(201, { data: created }) : undefined),
    carried: (result) => (result.results as Record<string, unknown>[])[0],
    creates: ["POST /v1/databases"],
  },
};

/** A server for `component` whose polls answer `status()` (read at each poll), and whose other requests `override` may answer first. */
async function serve(component: WaitingComponent, status: () => string, override: (r: Received) => Behaviour | undefined = () => undefined) {
  const server = (await servers.start()).handle((r) => override(r) ?? component.answer(r) ??
    (r.method === "GET" && r.path === `/v1/databases/${databaseId}`
      ? reply.json(200, { data: database(databaseId, { status: status() as "ready" }) })
      : undefined) ?? reply.json(599, { error: { code: "unscripted", message: `${r.method} ${r.path}` } }));
  pointAppAt(server);
  return server;
}

const polls = (server: HostileServer, from = 0) => server.requests.slice(from)
  .filter((r) => r.method === "GET" && r.path === `/v1/databases/${databaseId}`);

/** The first run of a deployed workflow, suspended while the database provisions: its rerun context. */
async function suspendedFirstRun(component: WaitingComponent) {
  const outcome = await runAction(component.action, component.props,
    { workflow: { runs: 1 }, budgetMs: WAIT.inStepSecondsWithReruns * 1000 + STEP.afterWaitMs });
  expect(resultOf(outcome)).toMatchObject({ waiting: true, databaseIds: [databaseId] });
  expect(outcome.reruns).toHaveLength(1);
  return outcome.reruns[0].context;
}

/** Asserts what the result carries, and that no secret shows anywhere but in the minted fields (at any depth). */
function expectCarried(component: WaitingComponent, outcome: Outcome, expected: Record<string, unknown>) {
  const result = resultOf(outcome);
  expect(component.carried(result)).toMatchObject(expected);
  const withoutMinted = JSON.parse(JSON.stringify(result, (key, value) => (MINTED_FIELDS.includes(key) ? undefined : value)));
  expectNoLeak({ ...outcome, result: withoutMinted }, [TOKEN, SECRET_PASSWORD]);
}

const hasStrings = (name: string) => name !== "restore-backup-in-place";

describe.each(Object.keys(components))("%s", (name) => {
  const component = components[name];
  const stringsIfAny = hasStrings(name) ? STRINGS : {};

  it.each([1, 4])("asked to wait %i s, checks once, as late as leaves the check time to answer", async (seconds) => {
    let status = "provisioning";
    const server = await serve(component, () => status);
    const notReady = await runAction(component.action, { ...component.props, maxWaitSeconds: seconds },
      { budgetMs: seconds * 1000 + STEP.afterWaitMs });
    expectCarried(component, notReady, { ready: false, ...stringsIfAny });
    expect(polls(server).map((r) => r.at - START)).toEqual([Math.max(0, seconds * 1000 - 2000)]);
    expect(component.carried(resultOf(notReady)).waitError).toContain(`at the end of its ${seconds} s wait`);

    vi.setSystemTime(START);
    status = "ready";
    const before = server.requests.length;
    const ready = await runAction(component.action, { ...component.props, maxWaitSeconds: seconds },
      { budgetMs: seconds * 1000 + STEP.afterWaitMs });
    expectCarried(component, ready, { ready: true, waitError: null });
    expect(polls(server, before)).toHaveLength(1);
  });

  it.each([
    ["1.5 s before the end of the wait", -1500],
    ["5 s after the end of the wait", 5000],
  ])("a rerun that comes %s still checks, and finds the database ready", async (_, lateness) => {
    let status = "provisioning";
    const server = await serve(component, () => status);
    const context = await suspendedFirstRun(component);
    const first = server.requests.length;

    vi.setSystemTime(START + WAIT.defaultSecondsWithReruns * 1000 + lateness);
    status = "ready";
    const rerun = await runAction(component.action, component.props, { workflow: { runs: 2, context } });
    expectCarried(component, rerun, { ready: true, waitError: null });
    expect(rerun.reruns).toEqual([]);
    const sent = server.log.slice(first);
    expect(sent.filter((line) => line === `GET /v1/databases/${databaseId}`)).toHaveLength(1);
    // Nothing is created again on a rerun.
    for (const create of component.creates) expect(sent).not.toContain(create);
  });

  it("a rerun whose props no longer validate still checks and returns what the first run's create returned", async () => {
    const server = await serve(component, () => "provisioning");
    const context = await suspendedFirstRun(component);
    const first = server.requests.length;

    // Late, so the rerun's one check is also its last: the result is what it carried.
    vi.setSystemTime(START + WAIT.defaultSecondsWithReruns * 1000 + 5000);
    const rerun = await runAction(component.action, { ...component.props, ...component.invalidProps },
      { workflow: { runs: 2, context } });
    expectCarried(component, rerun, { ready: false, status: "provisioning", ...stringsIfAny });
    expect(server.log.slice(first)).toEqual([`GET /v1/databases/${databaseId}`]);
  });
});

// The steps a composite takes once the database is ready come after the create minted its
// one-time strings: each fails on its own, reported in `followUpError`, and the strings stay.
const followUps: [string, string, string, (r: Received) => boolean][] = [
  ["provision-postgres-project", "the mint of the application's connection", "Minting the connection \"app-server\" failed",
    (r) => r.method === "POST" && r.path === "/v1/connections"],
  ["provision-postgres-project", "the read of the backups", "Reading the backups failed",
    (r) => r.method === "GET" && r.path === `/v1/databases/${databaseId}/backups`],
  ["provision-preview-database", "the mint of the application's connection", "Minting the connection \"preview-app\" failed",
    (r) => r.method === "POST" && r.path === "/v1/connections"],
];

describe.each(followUps)("%s, when %s answers 500", (name, _, failed, isStep) => {
  const component = components[name];
  const mints = (r: Received) => r.method === "POST" && r.path === "/v1/connections";

  function expectReported(outcome: Outcome, server: HostileServer) {
    const result = resultOf(outcome);
    expect(result.followUpError).toEqual(expect.stringContaining(failed));
    expect(result.followUpError).toContain("Prisma API error 500");
    expect(outcome.summary).toContain("`followUpError`");
    // A POST that got a 500 is not sent again: it may have been carried out.
    expect(server.requests.filter(mints)).toHaveLength(1);
    expectNoLeak(outcome, [TOKEN, SECRET_PASSWORD], MINTED_FIELDS);
  }

  it("in one call, returns the ready database with the one-time strings and says what failed", async () => {
    const server = await serve(component, () => "ready", (r) => (isStep(r) ? error500() : undefined));
    const outcome = await runAction(component.action, component.props,
      { budgetMs: WAIT.defaultSecondsInStep * 1000 + STEP.afterWaitMs });
    expect(resultOf(outcome)).toMatchObject({ ready: true, waitError: null, ...STRINGS });
    // A failed mint hands back the default connection the create returned the strings of.
    if (failed.startsWith("Minting")) expect(resultOf(outcome)).toMatchObject({ connectionId: "con_cnewdefault1", connectionAlreadyExisted: false });
    else expect(resultOf(outcome)).toMatchObject({ connectionId: "con_cminted000001", backupRetentionDays: null, latestBackup: null });
    expectReported(outcome, server);
  });

  it("on the rerun that finds the database ready, returns the strings the suspended step carried", async () => {
    let status = "provisioning";
    const server = await serve(component, () => status, (r) => (isStep(r) ? error500() : undefined));
    const context = await suspendedFirstRun(component);

    vi.setSystemTime(Date.now() + WAIT.firstRerunMs);
    status = "ready";
    const rerun = await runAction(component.action, component.props, { workflow: { runs: 2, context } });
    expect(resultOf(rerun)).toMatchObject({ ready: true, ...STRINGS });
    expectReported(rerun, server);
  });
});
