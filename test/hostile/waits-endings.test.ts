// However a wait ends (ready, still provisioning, failed, unable to check), every component
// that creates a database hands back the one-time connection strings its create answered with,
// each exactly once and only in its named field, with `ready` and `waitError` saying how it
// ended. On real servers, under the fake clock.
import { describe, expect, it, vi } from "vitest";
import cloneDatabase from "../../actions/clone-database/clone-database";
import createDatabase from "../../actions/create-database/create-database";
import createDatabasesInRegions from "../../actions/create-databases-in-regions/create-databases-in-regions";
import createProject from "../../actions/create-project/create-project";
import provisionPostgresProject from "../../actions/provision-postgres-project/provision-postgres-project";
import provisionPreviewDatabase from "../../actions/provision-preview-database/provision-preview-database";
import restoreBackupToNewDatabase from "../../actions/restore-backup-to-new-database/restore-backup-to-new-database";
import type { ActionLike } from "../pipedream";
import { ACCELERATE_URL, DIRECT_URL, POOLED_URL, branch, connectionWithSecrets, database, databaseCreated, projectCreated } from "../fixtures";
import { START, resultOf, runAction, useHostileClock } from "./harness";
import { pointAppAt, reply, useHostileServers, type Behaviour, type Received } from "./server";

const servers = useHostileServers();
useHostileClock();

const projectId = "proj_chostile0001";
const databaseId = "db_cnewdb000001";
const created = databaseCreated(databaseId, { project: { id: projectId, url: `https://api.prisma.io/v1/projects/${projectId}`, name: "orders" } });
const createsDatabase = (r: Received) => (r.method === "POST" && r.path === "/v1/databases" ? reply.json(201, { data: created }) : undefined);

const CREATORS: [string, ActionLike, Record<string, unknown>, (r: Received) => Behaviour | undefined, (result: Record<string, unknown>) => Record<string, unknown>][] = [
  ["create-database", createDatabase, { projectId, name: "orders-staging", region: "us-east-1" }, createsDatabase, (r) => r],
  ["clone-database", cloneDatabase, { projectId, databaseId: "db_csource000001", name: "orders-copy" }, createsDatabase, (r) => r],
  ["restore-backup-to-new-database", restoreBackupToNewDatabase, { projectId, databaseId: "db_csource000001", backupId: "bk_cbackup000001", name: "restored" },
    createsDatabase, (r) => r],
  ["create-databases-in-regions", createDatabasesInRegions, { projectId, regions: ["us-east-1"], namePrefix: "orders" }, createsDatabase,
    (r) => (r.results as Record<string, unknown>[])[0]],
  ["create-project", createProject, { name: "orders", region: "us-east-1" },
    (r) => (r.method === "POST" && r.path === "/v1/projects" ? reply.json(201, { data: projectCreated(projectId, databaseId, "provisioning") }) : undefined), (r) => r],
  ["provision-postgres-project", provisionPostgresProject, { name: "orders", region: "us-east-1" }, (r) => {
    if (r.method === "POST" && r.path === "/v1/projects") return reply.json(201, { data: projectCreated(projectId, databaseId, "provisioning") });
    if (r.method === "POST" && r.path === "/v1/connections") return reply.json(500, { error: { code: "internal", message: "mint failed" } });
    if (r.path.endsWith("/backups")) return reply.json(200, { data: [], meta: { backupRetentionDays: 7 }, pagination: { hasMore: false } });
    return undefined;
  }, (r) => r],
  ["provision-preview-database", provisionPreviewDatabase, { projectId, gitName: "feature/login" }, (r) => {
    if (r.method === "POST" && r.path === `/v1/projects/${projectId}/branches`) return reply.json(201, { data: branch("br_cfeature00001", "feature/login", { project: { ...branch().project, id: projectId } }) });
    if (r.method === "POST" && r.path === "/v1/connections") return reply.json(201, { data: connectionWithSecrets("con_cminted000001", databaseId) });
    return createsDatabase(r);
  }, (r) => r],
];

/** How a wait ends: what the polls answer, and what `ready` and `waitError` then say. */
const ENDINGS: [string, () => Behaviour, boolean, RegExp | null][] = [
  ["ready", () => reply.json(200, { data: database(databaseId, { status: "ready" }) }), true, null],
  ["still provisioning", () => reply.json(200, { data: database(databaseId, { status: "provisioning" }) }), false, /still "provisioning" at the end of its 5 s wait/],
  ["failed", () => reply.json(200, { data: database(databaseId, { status: "failure" }) }), false, /failed to become ready \(status "failure"\)/],
  ["unable to check", () => reply.json(403, { error: { code: "forbidden", message: "Not allowed" } }), false, /checking whether it is ready failed \(Prisma API error 403/],
];

const count = (text: string, part: string) => text.split(part).length - 1;

describe.each(ENDINGS)("a wait that ends %s", (_, poll, ready, waitError) => {
  it.each(CREATORS)("%s returns each one-time string exactly once, in its field", async (__, action, props, answer, entry) => {
    vi.setSystemTime(START);
    const server = (await servers.start()).handle((r) => answer(r) ??
      (r.method === "GET" && r.path === `/v1/databases/${databaseId}` ? poll() : reply.json(599, { error: { code: "unscripted", message: r.path } })));
    pointAppAt(server);

    const outcome = await runAction<Record<string, unknown>>(action, { ...props, maxWaitSeconds: 5 }, { budgetMs: 60_000 });

    const result = resultOf(outcome);
    const made = entry(result);
    expect(made).toMatchObject({ ready, directConnectionString: DIRECT_URL, pooledConnectionString: POOLED_URL, accelerateConnectionString: ACCELERATE_URL });
    if (waitError) expect(made.waitError).toMatch(waitError);
    else expect(made.waitError).toBeNull();
    const text = JSON.stringify(result);
    for (const secret of [DIRECT_URL, POOLED_URL, ACCELERATE_URL]) expect(count(text, secret), secret).toBe(1);
    expect(server.requests.filter((r) => r.method === "POST" && r.path !== "/v1/connections").length).toBeGreaterThan(0);
  });
});
