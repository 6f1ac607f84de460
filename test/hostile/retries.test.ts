// A retry never turns a refusal into a success. A retried DELETE answered 404 means "already
// deleted" only when an earlier attempt may have done the deleting (a 5xx, or an answer lost on
// the way back); a 429 is refused before processing, so a 404 after 429s alone means the thing
// never existed, and the step says so. For every delete action, on a real server.
import { describe, expect, it } from "vitest";
import { PrismaApiError } from "../../common/errors";
import deleteBranch from "../../actions/delete-branch/delete-branch";
import deleteConnectionString from "../../actions/delete-connection-string/delete-connection-string";
import deleteDatabase from "../../actions/delete-database/delete-database";
import deleteIntegration from "../../actions/delete-integration/delete-integration";
import deletePreviewBranch from "../../actions/delete-preview-branch/delete-preview-branch";
import deleteProject from "../../actions/delete-project/delete-project";
import deleteServiceToken from "../../actions/delete-service-token/delete-service-token";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import type { ActionLike } from "../pipedream";
import { branch, database, page } from "../fixtures";
import { expectNoCrash, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour } from "./server";

const servers = useHostileServers();
useHostileClock();

const notFound = () => reply.json(404, { error: { code: "resource-not-found", message: "Not found" } });
const throttled = () => reply.json(429, { error: { code: "rate-limit-exceeded", message: "Rate limit exceeded" } });
const unavailable = () => reply.json(503, { error: { code: "unavailable", message: "Service unavailable" } });

/** Answers to the DELETE, in turn: a refusal that did nothing, then 404. */
const REFUSED_THEN_404: [string, () => Behaviour[]][] = [
  ["429 → 404", () => [throttled(), notFound()]],
  ["429 → 429 → 404", () => [throttled(), throttled(), notFound()]],
];
/** Answers to the DELETE, in turn: an attempt that may have deleted, then 404. */
const MAYBE_DONE_THEN_404: [string, () => Behaviour[]][] = [
  ["503 → 404", () => [unavailable(), notFound()]],
  ["reset → 404", () => [reply.reset(), notFound()]],
  ["429 → 503 → 404", () => [throttled(), unavailable(), notFound()]],
];

const preview = branch("br_cfeature00001");

interface Single {
  name: string;
  action: ActionLike;
  props: Record<string, unknown>;
  /** The requests before the DELETE and their answers. */
  before: [string, () => Behaviour][];
  remove: string;
}

const SINGLES: Single[] = [
  { name: "Delete Database", action: deleteDatabase, props: { databaseId: "db_ctypo12345", confirm: "db_ctypo12345" },
    before: [], remove: "DELETE /v1/databases/db_ctypo12345" },
  { name: "Delete Branch", action: deleteBranch, props: { branchId: preview.id, confirm: preview.id },
    before: [[`GET /v1/branches/${preview.id}`, () => reply.json(200, { data: preview })]], remove: `DELETE /v1/branches/${preview.id}` },
  { name: "Delete Connection String", action: deleteConnectionString, props: { connectionId: "con_ctypo12345", confirm: "con_ctypo12345" },
    before: [], remove: "DELETE /v1/connections/con_ctypo12345" },
  { name: "Delete Project", action: deleteProject, props: { projectId: "proj_ctypo12345", confirm: "proj_ctypo12345" },
    before: [], remove: "DELETE /v1/projects/proj_ctypo12345" },
  { name: "Delete Service Token", action: deleteServiceToken,
    props: { workspaceId: "wksp_cmain0000001", serviceTokenId: "itgr_ctypo12345", confirm: "itgr_ctypo12345" },
    before: [], remove: "DELETE /v1/workspaces/wksp_cmain0000001/service-tokens/itgr_ctypo12345" },
  { name: "Delete Integration", action: deleteIntegration, props: { integrationId: "itgr_ctypo12345", confirm: "itgr_ctypo12345" },
    before: [], remove: "DELETE /v1/integrations/itgr_ctypo12345" },
];

/** A server answering `before` by route, and the DELETE of `remove` with `sequence`, in turn. */
async function scripted(routes: [string, () => Behaviour][], remove: string, sequence: Behaviour[]) {
  const answers = [...sequence];
  const server = (await servers.start()).handle((request) => {
    const route = `${request.method} ${request.path}`;
    if (route === remove) return answers.shift() ?? notFound();
    const found = routes.find(([r]) => r === route);
    return found ? found[1]() : reply.status(204);
  });
  pointAppAt(server);
  return server;
}

const paths = (log: string[]) => log.map((line) => line.split("?")[0]);

describe.each(SINGLES)("$name", ({ action, props, before, remove }) => {
  it.each(REFUSED_THEN_404)("answered %s fails with the 404: nothing was deleted, nothing existed", async (_seq, sequence) => {
    const answers = sequence();
    const server = await scripted(before, remove, answers);

    const outcome = await runAction(action, props);

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.status).toBe(404);
    expect(outcome.summary).toBeUndefined();
    expect(paths(server.log)).toEqual([...before.map(([r]) => r), ...answers.map(() => remove)]);
  });

  it.each(MAYBE_DONE_THEN_404)("answered %s is deleted: an earlier attempt may have done it", async (_seq, sequence) => {
    const answers = sequence();
    const server = await scripted(before, remove, answers);

    const outcome = await runAction(action, props);

    expect(resultOf(outcome)).toMatchObject({ deleted: true });
    expect(paths(server.log)).toEqual([...before.map(([r]) => r), ...answers.map(() => remove)]);
  });
});

const stale = database("db_cpr000000001", { name: "pr-1", isDefault: false, createdAt: "2026-01-01T00:00:00.000Z", branchId: preview.id });
const described = { databaseId: stale.id, name: "pr-1" };

describe("Delete Stale Databases", () => {
  const props = { namePattern: "pr-", dryRun: false, confirm: "DELETE" };
  const before: [string, () => Behaviour][] = [["GET /v1/databases", () => reply.json(200, page([stale]))]];
  const remove = `DELETE /v1/databases/${stale.id}`;

  it.each(REFUSED_THEN_404)("lists a database answered %s as failed, not deleted", async (_seq, sequence) => {
    const answers = sequence();
    const server = await scripted(before, remove, answers);

    const result = resultOf(await runAction<{ deleted: unknown[]; failed: { error: string }[] }>(deleteStaleDatabases, props));

    expect(result.deleted).toEqual([]);
    expect(result.failed).toEqual([expect.objectContaining({ ...described, error: expect.stringContaining("404") })]);
    expect(paths(server.log)).toEqual(["GET /v1/databases", ...answers.map(() => remove)]);
  });

  it.each(MAYBE_DONE_THEN_404)("lists a database answered %s as deleted", async (_seq, sequence) => {
    const answers = sequence();
    await scripted(before, remove, answers);

    const result = resultOf(await runAction<{ deleted: unknown[]; failed: unknown[] }>(deleteStaleDatabases, props));

    expect(result.deleted).toEqual([expect.objectContaining(described)]);
    expect(result.failed).toEqual([]);
  });
});

describe("Delete Preview Branch", () => {
  const props = { projectId: "proj_corders00001", gitName: "feature/login", dryRun: false, confirm: "feature/login" };
  const lists: [string, () => Behaviour][] = [
    ["GET /v1/projects/proj_corders00001/branches", () => reply.json(200, page([preview]))],
    ["GET /v1/databases", () => reply.json(200, page([stale]))],
  ];
  const removeDatabase = `DELETE /v1/databases/${stale.id}`;
  const removeBranch = `DELETE /v1/branches/${preview.id}`;

  it.each(REFUSED_THEN_404)("keeps the branch when its database is answered %s: the database was not deleted", async (_seq, sequence) => {
    const answers = sequence();
    const server = await scripted(lists, removeDatabase, answers);

    const result = resultOf(await runAction<{ deleted: unknown[]; failed: unknown[]; branchDeleted: boolean }>(deletePreviewBranch, props));

    expect(result).toMatchObject({ deleted: [], branchDeleted: false });
    expect(result.failed).toEqual([expect.objectContaining({ databaseId: stale.id, error: expect.stringContaining("404") })]);
    expect(paths(server.log)).toEqual([...lists.map(([r]) => r), ...answers.map(() => removeDatabase)]);
  });

  it.each(MAYBE_DONE_THEN_404)("deletes the branch when its database is answered %s", async (_seq, sequence) => {
    const answers = sequence();
    const server = await scripted(lists, removeDatabase, answers);

    const result = resultOf(await runAction<{ branchDeleted: boolean }>(deletePreviewBranch, props));

    expect(result.branchDeleted).toBe(true);
    expect(paths(server.log)).toEqual([...lists.map(([r]) => r), ...answers.map(() => removeDatabase), removeBranch]);
  });

  it.each(REFUSED_THEN_404)("fails when the branch itself is answered %s", async (_seq, sequence) => {
    const answers = sequence();
    const server = await scripted([...lists, [removeDatabase, () => reply.status(204)]], removeBranch, answers);

    const error = failureOf(await runAction(deletePreviewBranch, props));

    expectNoCrash(error);
    expect(error.status).toBe(404);
    expect(paths(server.log)).toEqual([...lists.map(([r]) => r), removeDatabase, ...answers.map(() => removeBranch)]);
  });

  it.each(MAYBE_DONE_THEN_404)("reports the branch deleted when it is answered %s", async (_seq, sequence) => {
    const answers = sequence();
    await scripted([...lists, [removeDatabase, () => reply.status(204)]], removeBranch, answers);

    const result = resultOf(await runAction<{ branchDeleted: boolean }>(deletePreviewBranch, props));

    expect(result.branchDeleted).toBe(true);
  });
});
