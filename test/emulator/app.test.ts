// The package's own app methods against the emulator: the request shapes the app sends are
// the ones the emulator accepts, and the retry policy meets the emulator's faults.
import { describe, expect, it } from "vitest";
import type { PrismaApiError } from "../../common/errors";
import { collect } from "../../common/pagination";
import app, { type PrismaApp } from "../../prisma_management_api.app";
import type { Emulator } from "../../emulator/server";
import { emulator } from "./client";
import { bindApp } from "../pipedream";

function appFor(emu: Emulator): PrismaApp {
  return bindApp(app, { api_token: emu.token }, { _baseUrl: () => emu.url }) as unknown as PrismaApp;
}

async function failure(promise: Promise<unknown>): Promise<PrismaApiError> {
  try {
    await promise;
  } catch (error) {
    return error as PrismaApiError;
  }
  throw new Error("expected the call to fail");
}

describe("the app against the emulator", () => {
  it("provisions, lists, connects, restores and cleans up", async () => {
    const emu = await emulator();
    const prisma = appFor(emu);

    const project = await prisma.createProject({ data: { name: "e2e", region: "eu-west-3", logicalId: "e2e" } });
    const database = project.database!;
    expect(database.status).toBe("ready");
    expect((await prisma.getMe({})).workspace?.id).toBe(emu.workspaceId);
    expect((await prisma.getProject({ projectId: project.id })).name).toBe("e2e");

    emu.seedDatabases(project.id, 250);
    const all = await collect(prisma.paginate(prisma.listProjectDatabases, { projectId: project.id }));
    expect(all).toHaveLength(251);
    expect(new Set(all.map((d) => d.id)).size).toBe(251);
    const some = await collect(prisma.paginate(prisma.listDatabases, {}, 130));
    expect(some.map((d) => d.id)).toEqual(all.slice(0, 130).map((d) => d.id));

    const extra = await prisma.createDatabase({ data: { projectId: project.id, region: "inherit", name: "extra" } });
    expect(extra.region?.id).toBe("eu-west-3");
    const connection = await prisma.createConnection({ data: { databaseId: extra.id, name: "worker" } });
    const rotated = await prisma.rotateConnection({ connectionId: connection.id });
    expect(rotated.endpoints.direct?.connectionString).not.toBe(connection.endpoints.direct?.connectionString);

    const backups = await prisma.listBackups({ databaseId: database.id, params: { limit: 100 } });
    expect(backups.data.length).toBeGreaterThan(0);
    const restoring = await prisma.restoreDatabase({
      targetDatabaseId: extra.id,
      data: { source: { type: "backup", databaseId: database.id, backupId: backups.data[0].id } },
    });
    expect(restoring.source).toEqual({ type: "backup", databaseId: database.id, backupId: backups.data[0].id });

    const usage = await prisma.getDatabaseUsage({ databaseId: extra.id, params: {} });
    expect(usage.metrics.operations.unit).toBe("ops");
    expect((await prisma.listPostgresRegions({})).length).toBe(6);

    await prisma.deleteConnection({ connectionId: connection.id });
    await prisma.deleteDatabase({ databaseId: extra.id });
    await prisma.deleteProject({ projectId: project.id });
    expect(emu.state.projects.size).toBe(0);
  });

  it("surfaces refusals as PrismaApiError without the token", async () => {
    const emu = await emulator();
    const prisma = appFor(emu);
    const error = await failure(prisma.getDatabase({ databaseId: "db_cunknown0000" }));
    expect(error.status).toBe(404);
    expect(error.code).toBe("resource-not-found");
    expect(error.message).toContain("Database with id db_cunknown0000 not found.");
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(emu.token);
  });

  it("retries GETs through 429 and 503 (honouring Retry-After) and does not retry a POST on 503", async () => {
    const emu = await emulator({
      faults: { rules: [{ kind: "rate-limit", route: "GET /me", times: 2, retryAfterSeconds: 0 }, { kind: "unavailable", route: "POST /projects", times: 1 }] },
    });
    const prisma = appFor(emu);
    expect((await prisma.getMe({})).credential.type).toBe("service_token");
    expect(emu.state.requests.map((r) => r.status)).toEqual([429, 429, 200]);

    const error = await failure(prisma.createProject({ data: { name: "once" } }));
    expect(error.status).toBe(503);
    expect(emu.state.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(emu.state.projects.size).toBe(0);
  });

  it("retries a GET after a reset connection", async () => {
    const emu = await emulator({ faults: { rules: [{ kind: "reset", route: "GET /regions/postgres", times: 1 }] } });
    const prisma = appFor(emu);
    expect(await prisma.listPostgresRegions({})).toHaveLength(6);
    expect(emu.state.requests.map((r) => r.status)).toEqual([0, 200]);
  });
});
