// Guards fail closed. Where an answer does not show that a resource is safe to touch (a preview
// branch that is not the default, a database that is not its project's default and is old
// enough, a database on the branch being torn down), the step refuses or keeps the resource and
// says what it could not confirm; no destructive request is sent. Each fact a guard reads is
// tried missing, null, of another type and with a value the package does not know.
import { describe, expect, it } from "vitest";
import deleteBranch from "../../actions/delete-branch/delete-branch";
import deleteConnectionString from "../../actions/delete-connection-string/delete-connection-string";
import deletePreviewBranch from "../../actions/delete-preview-branch/delete-preview-branch";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import provisionPreviewDatabase from "../../actions/provision-preview-database/provision-preview-database";
import rotateConnectionString from "../../actions/rotate-connection-string/rotate-connection-string";
import { branch, connection, connectionWithSecrets, database, page } from "../fixtures";
import { expectNoCrash, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const servers = useHostileServers();
useHostileClock();

const projectId = "proj_corders00001";
const gitName = "feature/login";
const branchId = "br_cfeature00001";
const OLD = "2026-01-01T00:00:00.000Z";

/** `row` with `field` set to `value`, or removed when `value` is undefined. */
function withField<T extends object>(row: T, field: string, value: unknown): T {
  const copy = { ...row } as Record<string, unknown>;
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy as T;
}

/** A server answering by route; anything else (a destructive request) is answered 204 and recorded. */
async function serving(routes: Record<string, () => Behaviour>) {
  const server = (await servers.start()).handle((request) => routes[`${request.method} ${request.path}`]?.() ?? reply.status(204));
  pointAppAt(server);
  return server;
}

const paths = (log: string[]) => log.map((line) => line.split("?")[0]);
const destructive = (log: string[]) => log.filter((line) => !line.startsWith("GET "));

/** Values of `role` that do not show a preview branch. */
const UNCONFIRMED_ROLES: [string, unknown, string][] = [
  ["missing", undefined, "missing"],
  ["null", null, "null"],
  ["a number", 1, "a number"],
  ["an unknown role", "staging", '"staging", a value this package does not know'],
  ["an empty string", "", "an empty string"],
];
/** Values of `isDefault` that do not show "not the default". */
const UNCONFIRMED_DEFAULTS: [string, unknown, string][] = [
  ["missing", undefined, "missing"],
  ["null", null, "null"],
  ["the string \"false\"", "false", '"false", a value this package does not know'],
  ["0", 0, "a number"],
];

const BRANCH_CASES = [
  ...UNCONFIRMED_ROLES.map(([what, value, shown]) => [`role ${what}`, withField(branch(branchId, gitName), "role", value),
    `cannot be confirmed to be a preview branch: its \`role\` in Prisma's answer is ${shown}`] as const),
  ...UNCONFIRMED_DEFAULTS.map(([what, value, shown]) => [`isDefault ${what}`, withField(branch(branchId, gitName), "isDefault", value),
    `cannot be confirmed not to be the project's default branch: its \`isDefault\` in Prisma's answer is ${shown}`] as const),
  ["role production", branch(branchId, gitName, { role: "production", isDefault: false }), "is the project's production branch"] as const,
  ["isDefault true", branch(branchId, gitName, { isDefault: true }), "is the project's default branch"] as const,
  ["role missing and isDefault missing (the case seen)", withField(withField(branch(branchId, gitName), "role", undefined), "isDefault", undefined),
    "cannot be confirmed to be a preview branch: its `role` in Prisma's answer is missing"] as const,
];

describe.each(BRANCH_CASES)("a branch with %s", (_what, row, reason) => {
  it("Delete Preview Branch refuses, dry run or not, listing and deleting nothing", async () => {
    for (const dryRun of [true, false]) {
      const server = await serving({ [`GET /v1/projects/${projectId}/branches`]: () => reply.json(200, page([row])) });

      const error = failureOf(await runAction(deletePreviewBranch, { projectId, gitName, dryRun, confirm: gitName }));

      expectNoCrash(error);
      expect(error.message).toBe(`Branch "${gitName}" (${branchId}) ${reason}. This action deletes only a preview branch that is not the default, and its databases. Nothing was deleted.`);
      expect(paths(server.log)).toEqual([`GET /v1/projects/${projectId}/branches`]);
    }
  });

  it("Delete Branch refuses after reading it, sending no DELETE", async () => {
    const server = await serving({ [`GET /v1/branches/${branchId}`]: () => reply.json(200, { data: row }) });

    const error = failureOf(await runAction(deleteBranch, { branchId, confirm: branchId }));

    expectNoCrash(error);
    expect(error.message).toBe(`Branch "${gitName}" (${branchId}) ${reason}. This action deletes only a preview branch that is not the default. Nothing was deleted.`);
    expect(server.log).toEqual([`GET /v1/branches/${branchId}`]);
  });
});

describe.each(BRANCH_CASES)("Provision Preview Database given a branch with %s", (_what, row, reason) => {
  it("refuses before creating any database", async () => {
    const server = await serving({
      [`POST /v1/projects/${projectId}/branches`]: () => reply.json(201, { data: row }),
    });

    const error = failureOf(await runAction(provisionPreviewDatabase, { projectId, gitName, connectionName: "app", maxWaitSeconds: 0 }));

    expectNoCrash(error);
    expect(error.message).toBe(`Branch "${gitName}" (${branchId}) ${reason}. Previews go on preview branches that are not the default: nothing was created. To add a database to this branch, use **Create Database**.`);
    expect(server.log).toEqual([`POST /v1/projects/${projectId}/branches`]);
  });
});

describe("Delete Preview Branch with a database the answer does not place", () => {
  const routes = (row: object) => ({
    [`GET /v1/projects/${projectId}/branches`]: () => reply.json(200, page([branch(branchId, gitName)])),
    "GET /v1/databases": () => reply.json(200, page([row])),
  });
  const onBranch = database("db_cpr000000001", { name: "pr-1", isDefault: false, branchId });

  it.each([
    ["missing", undefined, "missing"],
    ["a number", 7, "a number"],
    ["an empty string", "", "an empty string"],
    ["an object", { id: branchId }, "an object"],
  ])("stops when its branchId is %s, deleting nothing", async (_what, value, shown) => {
    for (const dryRun of [true, false]) {
      const server = await serving(routes(withField(onBranch, "branchId", value)));

      const error = failureOf(await runAction(deletePreviewBranch, { projectId, gitName, dryRun, confirm: gitName }));

      expectNoCrash(error);
      expect(error.message).toBe(`Database db_cpr000000001 ("pr-1"), listed for branch "${gitName}" (${branchId}), cannot be confirmed to be on branch ${branchId}: its \`branchId\` in Prisma's answer is ${shown}. Nothing was deleted.`);
      expect(destructive(server.log)).toEqual([]);
    }
  });

  it.each([
    ["another branch", "br_cother0000001"],
    ["null", null],
  ])("leaves a database whose branchId is %s alone (a filter the server ignored)", async (_what, value) => {
    const server = await serving(routes(withField(onBranch, "branchId", value)));

    const result = resultOf(await runAction<{ databases: unknown[]; branchDeleted: boolean }>(deletePreviewBranch, { projectId, gitName, dryRun: false, confirm: gitName }));

    expect(result.databases).toEqual([]);
    expect(destructive(server.log)).toEqual([`DELETE /v1/branches/${branchId}`]);
  });
});

describe("Delete Stale Databases", () => {
  const props = { namePattern: "pr-", dryRun: false, confirm: "DELETE" };
  const candidate = database("db_cpr000000001", { name: "pr-1", isDefault: false, createdAt: OLD });
  const list = (row: object) => ({ "GET /v1/databases": () => reply.json(200, page([row])) });
  interface Result { matched: { databaseId: string }[]; unconfirmed: { databaseId: string; reason: string }[]; deleted: unknown[] }

  it.each(UNCONFIRMED_DEFAULTS)("keeps a matching database whose isDefault is %s, saying why, and deletes nothing", async (_what, value, shown) => {
    for (const dryRun of [true, false]) {
      const server = await serving(list(withField(candidate, "isDefault", value)));

      const outcome = await runAction<Result>(deleteStaleDatabases, { ...props, dryRun });

      const result = resultOf(outcome);
      expect(result.matched).toEqual([]);
      expect(result.unconfirmed).toEqual([expect.objectContaining({
        databaseId: candidate.id,
        reason: `Database ${candidate.id} cannot be confirmed not to be its project's default database: its \`isDefault\` in Prisma's answer is ${shown}, so it was kept`,
      })]);
      expect(String(outcome.summary)).toContain("1 matching kept: Prisma's answer did not confirm it is safe to delete (see `unconfirmed`)");
      expect(destructive(server.log)).toEqual([]);
    }
  });

  it.each([
    ["missing", undefined, "missing"],
    ["null", null, "null"],
    ["not a date", "last tuesday", '"last tuesday", a value this package does not know'],
    ["an object", { seconds: 1 }, "an object"],
  ])("keeps a matching database whose createdAt is %s, and deletes nothing", async (_what, value, shown) => {
    const server = await serving(list(withField(candidate, "createdAt", value)));

    const result = resultOf(await runAction<Result>(deleteStaleDatabases, props));

    expect(result.unconfirmed).toEqual([expect.objectContaining({
      reason: `Database ${candidate.id} cannot be confirmed to be older than 24 hours: its \`createdAt\` in Prisma's answer is ${shown}, not a time, so it was kept`,
    })]);
    expect(destructive(server.log)).toEqual([]);
  });

  it("reads createdAt given as epoch milliseconds as a time", async () => {
    const server = await serving(list(withField(candidate, "createdAt", Date.parse(OLD))));

    const result = resultOf(await runAction<Result>(deleteStaleDatabases, props));

    expect(result.matched).toEqual([expect.objectContaining({ databaseId: candidate.id })]);
    expect(destructive(server.log)).toEqual([`DELETE /v1/databases/${candidate.id}`]);
  });

  it("never deletes the default database, nor one of another project than the one named", async () => {
    const server = await serving({
      "GET /v1/databases": () => reply.json(200, page([
        { ...candidate, id: "db_cdefault00001", isDefault: true },
        { ...candidate, id: "db_cotherproj001", project: { id: "proj_cother000001", url: "", name: "billing" } },
      ])),
    });

    const result = resultOf(await runAction<Result>(deleteStaleDatabases, { ...props, projectId }));

    expect(result).toMatchObject({ matched: [], unconfirmed: [], deleted: [] });
    expect(destructive(server.log)).toEqual([]);
  });
});

describe.each([
  ["Delete Connection String", deleteConnectionString, "DELETE /v1/connections/con_capi00000001"],
  ["Rotate Connection String", rotateConnectionString, "POST /v1/connections/con_capi00000001/rotate"],
] as const)("%s with a database named", (_name, action, change) => {
  const connectionId = "con_capi00000001";
  const databaseId = "db_corders000001";
  const props = { databaseId, connectionId, confirm: connectionId };

  it.each([
    ["of another database", { id: "db_cother0000001", url: "", name: "billing" }],
    ["whose database is missing", undefined],
    ["whose database is null", null],
    ["whose database ID is a number", { id: 7 }],
  ])("refuses a connection %s, sending nothing that changes it", async (_what, parent) => {
    const server = await serving({
      [`GET /v1/connections/${connectionId}`]: () => reply.json(200, { data: withField(connection(connectionId, databaseId), "database", parent) }),
    });

    const error = failureOf(await runAction(action, props));

    expectNoCrash(error);
    expect(error.message).toMatch(/belongs to database db_cother0000001|shape the API documents: `data\.database/);
    expect(server.log).toEqual([`GET /v1/connections/${connectionId}`]);
  });

  it("goes ahead for a connection of that database", async () => {
    const server = await serving({
      [`GET /v1/connections/${connectionId}`]: () => reply.json(200, { data: connection(connectionId, databaseId) }),
      [`POST /v1/connections/${connectionId}/rotate`]: () => reply.json(200, { data: connectionWithSecrets(connectionId, databaseId) }),
    });

    resultOf(await runAction(action, props));

    expect(destructive(server.log)).toEqual([change]);
  });
});
