// Answers read totally: a success that lacks a field some component reads ends with the shape
// error naming the endpoint and the field, never a TypeError, and nothing destructive is sent
// after it. The cases are generated from the declarations in common/responses.ts: for every
// action below, every endpoint it calls, every field declared for that endpoint, and each way
// the field can be wrong (missing, null, another type).
import { describe, expect, it } from "vitest";
import { PrismaApiError } from "../../common/errors";
import { ANSWERS, requiredPaths, type Answer } from "../../common/responses";
import createBranch from "../../actions/create-branch/create-branch";
import createConnectionString from "../../actions/create-connection-string/create-connection-string";
import createServiceToken from "../../actions/create-service-token/create-service-token";
import deleteBranch from "../../actions/delete-branch/delete-branch";
import deletePreviewBranch from "../../actions/delete-preview-branch/delete-preview-branch";
import deleteStaleDatabases from "../../actions/delete-stale-databases/delete-stale-databases";
import getBranch from "../../actions/get-branch/get-branch";
import getConnectionString from "../../actions/get-connection-string/get-connection-string";
import getDatabase from "../../actions/get-database/get-database";
import getDatabaseUsage from "../../actions/get-database-usage/get-database-usage";
import getIntegration from "../../actions/get-integration/get-integration";
import getProject from "../../actions/get-project/get-project";
import getRegions from "../../actions/get-regions/get-regions";
import getWorkspace from "../../actions/get-workspace/get-workspace";
import getWorkspaceSubscription from "../../actions/get-workspace-subscription/get-workspace-subscription";
import listBackups from "../../actions/list-backups/list-backups";
import listBranches from "../../actions/list-branches/list-branches";
import listConnectionStrings from "../../actions/list-connection-strings/list-connection-strings";
import listDatabases from "../../actions/list-databases/list-databases";
import listIntegrations from "../../actions/list-integrations/list-integrations";
import listProjects from "../../actions/list-projects/list-projects";
import listServiceTokens from "../../actions/list-service-tokens/list-service-tokens";
import listWorkspaces from "../../actions/list-workspaces/list-workspaces";
import rotateConnectionString from "../../actions/rotate-connection-string/rotate-connection-string";
import setDefaultBranch from "../../actions/set-default-branch/set-default-branch";
import updateDatabase from "../../actions/update-database/update-database";
import updateProject from "../../actions/update-project/update-project";
import type { ActionLike } from "../pipedream";
import {
  backup, branch, connection, connectionWithSecrets, database, integration, page, project, serviceToken, workspace,
  workspaceSubscription,
} from "../fixtures";
import { expectNoCrash, failureOf, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers } from "./server";

const servers = useHostileServers();
useHostileClock();

const workspaceId = "wksp_cmain0000001";
const projectId = "proj_corders00001";
const databaseId = "db_corders000001";
const branchId = "br_cfeature00001";
const connectionId = "con_cdefault0001";
const integrationId = "itgr_cintegr00001";
const OLD = "2026-01-01T00:00:00.000Z";

const usage = {
  period: { start: "2026-10-01T00:00:00.000Z", end: "2026-11-01T00:00:00.000Z" },
  metrics: { operations: { used: 1200, unit: "ops" }, storage: { used: 0.5, unit: "GiB" } },
};

/** One endpoint an action calls: the app method (its declaration's key), the route and a good answer. */
interface Call {
  method: keyof typeof ANSWERS;
  route: string;
  body: () => unknown;
}

interface Case {
  name: string;
  action: ActionLike;
  props: Record<string, unknown>;
  calls: Call[];
}

const preview = branch(branchId);
const staleDatabase = database("db_cpr000000001", { name: "pr-1", isDefault: false, createdAt: OLD, branchId });

const CASES: Case[] = [
  { name: "Get Workspace", action: getWorkspace, props: { workspaceId },
    calls: [{ method: "getWorkspace", route: `GET /v1/workspaces/${workspaceId}`, body: () => ({ data: workspace() }) }] },
  { name: "Get Workspace Subscription", action: getWorkspaceSubscription, props: { workspaceId },
    calls: [{ method: "getWorkspaceSubscription", route: `GET /v1/workspaces/${workspaceId}/subscription`, body: () => ({ data: workspaceSubscription() }) }] },
  { name: "List Workspaces", action: listWorkspaces, props: {},
    calls: [{ method: "listWorkspaces", route: "GET /v1/workspaces", body: () => page([workspace()]) }] },
  { name: "List Projects", action: listProjects, props: {},
    calls: [{ method: "listProjects", route: "GET /v1/projects", body: () => page([project()]) }] },
  { name: "Get Project", action: getProject, props: { projectId },
    calls: [{ method: "getProject", route: `GET /v1/projects/${projectId}`, body: () => ({ data: project() }) }] },
  { name: "Update Project", action: updateProject, props: { projectId, name: "renamed" },
    calls: [{ method: "updateProject", route: `PATCH /v1/projects/${projectId}`, body: () => ({ data: project(projectId, "renamed") }) }] },
  { name: "List Databases", action: listDatabases, props: { projectId },
    calls: [{ method: "listProjectDatabases", route: `GET /v1/projects/${projectId}/databases`, body: () => page([database()]) }] },
  { name: "Get Database", action: getDatabase, props: { databaseId },
    calls: [{ method: "getDatabase", route: `GET /v1/databases/${databaseId}`, body: () => ({ data: database() }) }] },
  { name: "Update Database", action: updateDatabase, props: { databaseId, name: "renamed" },
    calls: [{ method: "updateDatabase", route: `PATCH /v1/databases/${databaseId}`, body: () => ({ data: database(databaseId, { name: "renamed" }) }) }] },
  { name: "Get Database Usage", action: getDatabaseUsage, props: { databaseId },
    calls: [{ method: "getDatabaseUsage", route: `GET /v1/databases/${databaseId}/usage`, body: () => usage }] },
  { name: "List Branches", action: listBranches, props: { projectId },
    calls: [{ method: "listBranches", route: `GET /v1/projects/${projectId}/branches`, body: () => page([preview]) }] },
  { name: "Get Branch", action: getBranch, props: { branchId },
    calls: [{ method: "getBranch", route: `GET /v1/branches/${branchId}`, body: () => ({ data: preview }) }] },
  { name: "Set Default Branch", action: setDefaultBranch, props: { branchId },
    calls: [{ method: "updateBranch", route: `PATCH /v1/branches/${branchId}`, body: () => ({ data: { ...preview, isDefault: true } }) }] },
  { name: "Create Branch", action: createBranch, props: { projectId, gitName: "feature/login" },
    calls: [{ method: "createBranch", route: `POST /v1/projects/${projectId}/branches`, body: () => ({ data: preview }) }] },
  { name: "List Backups", action: listBackups, props: { databaseId },
    calls: [{ method: "listBackups", route: `GET /v1/databases/${databaseId}/backups`,
      body: () => ({ data: [backup("bak_cone00000001", OLD)], meta: { backupRetentionDays: 7 }, pagination: { hasMore: false, nextCursor: null } }) }] },
  { name: "List Connection Strings", action: listConnectionStrings, props: { databaseId },
    calls: [{ method: "listDatabaseConnections", route: `GET /v1/databases/${databaseId}/connections`, body: () => page([connection()]) }] },
  { name: "Get Connection String", action: getConnectionString, props: { connectionId },
    calls: [{ method: "getConnection", route: `GET /v1/connections/${connectionId}`, body: () => ({ data: connection() }) }] },
  { name: "Create Connection String", action: createConnectionString, props: { databaseId, name: "app-server" },
    calls: [{ method: "createConnection", route: "POST /v1/connections", body: () => ({ data: connectionWithSecrets() }) }] },
  { name: "Rotate Connection String", action: rotateConnectionString, props: { connectionId, confirm: connectionId },
    calls: [{ method: "rotateConnection", route: `POST /v1/connections/${connectionId}/rotate`, body: () => ({ data: connectionWithSecrets(connectionId) }) }] },
  { name: "Get Regions", action: getRegions, props: {},
    calls: [{ method: "listPostgresRegions", route: "GET /v1/regions/postgres", body: () => ({ data: [{ id: "us-east-1", name: "US East (N. Virginia)", status: "available" }] }) }] },
  { name: "List Service Tokens", action: listServiceTokens, props: { workspaceId },
    calls: [{ method: "listServiceTokens", route: `GET /v1/workspaces/${workspaceId}/service-tokens`, body: () => page([serviceToken()]) }] },
  { name: "Create Service Token", action: createServiceToken, props: { workspaceId, name: "ci" },
    calls: [{ method: "createServiceToken", route: `POST /v1/workspaces/${workspaceId}/service-tokens`, body: () => ({ data: { ...serviceToken(), value: "prisma-service-token-value-1" } }) }] },
  { name: "List Integrations", action: listIntegrations, props: { workspaceId },
    calls: [{ method: "listWorkspaceIntegrations", route: `GET /v1/workspaces/${workspaceId}/integrations`, body: () => page([integration()]) }] },
  { name: "Get Integration", action: getIntegration, props: { integrationId },
    calls: [{ method: "getIntegration", route: `GET /v1/integrations/${integrationId}`, body: () => ({ data: integration() }) }] },
  { name: "Delete Branch", action: deleteBranch, props: { branchId, confirm: branchId },
    calls: [
      { method: "getBranch", route: `GET /v1/branches/${branchId}`, body: () => ({ data: preview }) },
    ] },
  { name: "Delete Preview Branch", action: deletePreviewBranch, props: { projectId, gitName: "feature/login", dryRun: false, confirm: "feature/login" },
    calls: [
      { method: "listBranches", route: `GET /v1/projects/${projectId}/branches`, body: () => page([preview]) },
      { method: "listDatabases", route: "GET /v1/databases", body: () => page([staleDatabase]) },
    ] },
  { name: "Delete Stale Databases", action: deleteStaleDatabases, props: { namePattern: "pr-", dryRun: false, confirm: "DELETE" },
    calls: [{ method: "listDatabases", route: "GET /v1/databases", body: () => page([staleDatabase]) }] },
];

/** Good answers to everything else the destructive actions send, so a run that is not stopped completes. */
const AFTERWARDS: Record<string, () => unknown> = {
  [`DELETE /v1/databases/${staleDatabase.id}`]: () => null,
  [`DELETE /v1/branches/${branchId}`]: () => null,
};

type Corruption = [string, (value: unknown) => unknown];
const CORRUPTIONS: Corruption[] = [
  ["missing", () => undefined],
  ["null", () => null],
  ["of another type", (value) => typeof value === "string" ? 42 : typeof value === "number" ? "7" : typeof value === "boolean" ? "yes" : "x"],
];

/** Where the declared fields sit in an answer of this shape. */
function holder(body: Record<string, unknown>, answer: Answer): Record<string, unknown> {
  if (answer.shape === "usage") return body;
  const data = body.data as Record<string, unknown> | Record<string, unknown>[];
  return Array.isArray(data) ? data[0] : data;
}

/** `body` with the field at `path` set by `corrupt` (deleted when it gives undefined). */
function corrupted(body: unknown, answer: Answer, path: string[], corrupt: (value: unknown) => unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  let at = holder(copy, answer);
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  const value = corrupt(at[last]);
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

/** How the problem names the field: `data.project.id`, `data[0].name`, `metrics.storage.used`. */
function fieldName(answer: Answer, path: string[]): string {
  const inside = path.join(".");
  if (answer.shape === "usage") return inside;
  return ["page", "items", "backups"].includes(answer.shape) ? `data[0].${inside}` : `data.${inside}`;
}

const sweep = CASES.flatMap((c) => c.calls.flatMap((call, index) => requiredPaths(ANSWERS[call.method]).flatMap((path) =>
  CORRUPTIONS.map(([how, corrupt]) => [`${c.name}: ${call.route} with \`${path.join(".")}\` ${how}`, c, index, path, corrupt] as const))));

describe("the declarations cover what the actions read", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s succeeds on the good answers the sweep corrupts", async (_name, c) => {
    const server = (await servers.start()).handle((request) => {
      const route = `${request.method} ${request.path}`;
      const call = c.calls.find((k) => k.route === route);
      if (call) return reply.json(200, call.body());
      return route in AFTERWARDS ? reply.status(204) : reply.json(404, { error: { code: "not-found", message: route } });
    });
    pointAppAt(server);
    resultOf(await runAction(c.action, c.props));
  });

  it("declares the fields whose absence was seen to crash a component", () => {
    // Get Database with `project: null`; New Connection String with `database: null`; Delete Stale Databases with `name: null`.
    expect(requiredPaths(ANSWERS.getDatabase)).toContainEqual(["project", "id"]);
    expect(requiredPaths(ANSWERS.listConnections)).toContainEqual(["database", "id"]);
    expect(requiredPaths(ANSWERS.listDatabaseConnections)).toContainEqual(["database", "id"]);
    expect(requiredPaths(ANSWERS.listDatabases)).toContainEqual(["name"]);
    expect(requiredPaths(ANSWERS.listProjectDatabases)).toContainEqual(["project", "id"]);
    expect(sweep.length).toBeGreaterThan(150);
  });
});

describe.each(sweep)("%s", (_title, c, index, path, corrupt) => {
  it("ends with the shape error naming the endpoint and the field, and sends nothing after it", async () => {
    const target = c.calls[index];
    const answer = ANSWERS[target.method];
    const server = (await servers.start()).handle((request) => {
      const route = `${request.method} ${request.path}`;
      const call = c.calls.find((k) => k.route === route);
      if (call === target) return reply.json(200, corrupted(call.body(), answer, path, corrupt));
      if (call) return reply.json(200, call.body());
      return route in AFTERWARDS ? reply.status(204) : reply.json(404, { error: { code: "not-found", message: route } });
    });
    pointAppAt(server);

    const outcome = await runAction(c.action, c.props);

    const error = failureOf(outcome);
    expectNoCrash(error);
    expect(error).toBeInstanceOf(PrismaApiError);
    expect(error.code).toBe("unexpected-response");
    const [verb, route] = target.route.split(" ");
    expect(error.message).toContain(`Prisma answered ${verb} ${route.replace(/^\/v1/, "")} with 200, but not in the shape the API documents: \`${fieldName(answer, path)}\` is `);
    // The corrupted answer is the last request: nothing was sent on the strength of it.
    expect(server.log.map((line) => line.split("?")[0])).toEqual(c.calls.slice(0, index + 1).map((k) => k.route));
  });
});
