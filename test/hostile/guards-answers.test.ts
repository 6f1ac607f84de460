// Guards decide on what an answer states, so an answer that states something else than it seems
// must not pass: a read answered with another resource than the one asked for (a proxy's cache,
// a server's bug), a creation time that is no time in milliseconds (seconds, zero, negative), and
// a list that shows one database twice with different facts. Each stops the step, or keeps the
// resource in `unconfirmed`; no destructive request is sent on the strength of it.
import { describe, expect, it } from "vitest";
import { PaginationError } from "../../common/pagination";
import deleteBranch from "../../actions/delete-branch/delete-branch";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import getDatabase from "../../actions/get-database/get-database";
import updateProject from "../../actions/update-project/update-project";
import { branch, database, page, project } from "../fixtures";
import { START, expectNoCrash, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const servers = useHostileServers();
useHostileClock();

const OLD = "2026-01-01T00:00:00.000Z";

/** A server answering by route; anything else (a destructive request) is answered 204 and recorded. */
async function serving(routes: Record<string, () => Behaviour>) {
  const server = (await servers.start()).handle((request) => routes[`${request.method} ${request.path}`]?.() ?? reply.status(204));
  pointAppAt(server);
  return server;
}

describe("a read answered with another resource than the one asked for", () => {
  it("Delete Branch refuses: the preview branch shown is not the branch it would delete", async () => {
    const asked = "br_cmain00000001";
    const server = await serving({ [`GET /v1/branches/${asked}`]: () => reply.json(200, { data: branch("br_cfeature00001") }) });

    const error = failureOf(await runAction(deleteBranch, { branchId: asked, confirm: asked }));

    expectNoCrash(error);
    expect(error.code).toBe("unexpected-response");
    expect(error.message).toBe(`Prisma answered GET /branches/${asked} with 200, but not in the shape the API documents: \`data.id\` is "br_cfeature00001", another resource than the ${asked} asked for. Nothing was changed. If this keeps happening, check that the API base URL points at the Prisma Management API.`);
    expect(server.log).toEqual([`GET /v1/branches/${asked}`]);
  });

  it("Get Database returns no other database's details", async () => {
    const server = await serving({ "GET /v1/databases/db_corders000001": () => reply.json(200, { data: database("db_cbilling00001") }) });

    const outcome = await runAction(getDatabase, { databaseId: "db_corders000001" });

    const error = failureOf(outcome);
    expect(error.message).toContain("`data.id` is \"db_cbilling00001\", another resource than the db_corders000001 asked for. Nothing was changed.");
    expect(outcome.result).toBeUndefined();
    expect(server.log).toEqual(["GET /v1/databases/db_corders000001"]);
  });

  it("an update answered with another project says the change may have been made", async () => {
    const server = await serving({ "PATCH /v1/projects/proj_corders00001": () => reply.json(200, { data: project("proj_cbilling0001", "renamed") }) });

    const error = failureOf(await runAction(updateProject, { projectId: "proj_corders00001", name: "renamed" }));

    expect(error.message).toContain("`data.id` is \"proj_cbilling0001\", another resource than the proj_corders00001 asked for. The change may have been made.");
    expect(server.log).toEqual(["PATCH /v1/projects/proj_corders00001"]);
  });

  it("an answer naming the same resource without its type prefix is that resource", async () => {
    await serving({ "GET /v1/databases/db_corders000001": () => reply.json(200, { data: database("corders000001") }) });

    expect(resultOf(await runAction(getDatabase, { databaseId: "db_corders000001" }))).toMatchObject({ id: "corders000001" });
  });
});

describe("Delete Stale Databases with a createdAt that is no time in milliseconds", () => {
  const props = { namePattern: "pr-", dryRun: false, confirm: "DELETE" };
  interface Result { matched: unknown[]; unconfirmed: { databaseId: string; reason: string }[]; deleted: unknown[] }

  it.each([
    // Created a minute ago, written in seconds: read as milliseconds it would be January 1970.
    ["epoch seconds", Math.floor(START.getTime() / 1_000) - 60],
    ["zero", 0],
    ["negative", -1],
  ])("keeps a matching database whose createdAt is %s, deleting nothing", async (_what, createdAt) => {
    const server = await serving({
      "GET /v1/databases": () => reply.json(200, page([database("db_cpr000000001", { name: "pr-1", isDefault: false, createdAt: createdAt as never })])),
    });

    const result = resultOf(await runAction<Result>(deleteStaleDatabases, props));

    expect(result.matched).toEqual([]);
    expect(result.unconfirmed).toEqual([expect.objectContaining({
      databaseId: "db_cpr000000001",
      reason: `Database db_cpr000000001 cannot be confirmed to be older than 24 hours: its \`createdAt\` in Prisma's answer is the number ${createdAt}, not a time, so it was kept`,
    })]);
    expect(server.log).toEqual(["GET /v1/databases?limit=100"]);
  });
});

describe("a list that shows one database twice, with different facts", () => {
  const row = database("db_cpr000000001", { name: "pr-1", isDefault: false, createdAt: OLD });

  it.each([
    ["first as not the default, then as the default", row, { ...row, isDefault: true }],
    ["first as the default, then as not the default", { ...row, isDefault: true }, row],
  ])("Delete Stale Databases deletes nothing when it is listed %s", async (_what, first, second) => {
    const server = (await servers.start()).handle((request) => request.method !== "GET"
      ? reply.status(204)
      : request.query.cursor === "c1" ? reply.json(200, page([second])) : reply.json(200, page([first], "c1")));
    pointAppAt(server);

    const error = failureOf(await runAction(deleteStaleDatabases, { namePattern: "pr-", dryRun: false, confirm: "DELETE" }));

    expectNoCrash(error);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.code).toBe("pagination-item-changed");
    expect(error.message).toBe("Prisma listed \"db_cpr000000001\" again on page 2 of the list, different from the first time, so the list changed while it was read. Stopped after 1 item rather than decide on either copy; run the step again.");
    expect(server.log).toEqual(["GET /v1/databases?limit=100", "GET /v1/databases?cursor=c1&limit=100"]);
  });
});
