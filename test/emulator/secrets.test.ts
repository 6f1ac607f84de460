import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server";
import { call, emulator, type Loose } from "./client";

/** The JSON text without the deprecated `directConnection` objects (which the real API still sends with `pass`). */
function withoutDirectConnection(body: unknown): string {
  return JSON.stringify(body, (key, value) => (key === "directConnection" ? undefined : value));
}

function secretsOf(connection: Loose): string[] {
  const { direct, pooled, accelerate } = connection.endpoints;
  const apiKey = new URL(accelerate.connectionString).searchParams.get("api_key");
  return [direct.connectionString, pooled.connectionString, accelerate.connectionString, apiKey, connection.directConnection.pass];
}

async function readAll(emu: Emulator, databaseId: string, connectionId: string, projectId: string): Promise<Loose[]> {
  const paths = [
    `/databases/${databaseId}`, "/databases", `/databases?projectId=${projectId}`, `/projects/${projectId}/databases`,
    "/connections", `/connections/${connectionId}`, `/databases/${databaseId}/connections`, `/projects/${projectId}`, "/projects",
  ];
  const bodies = [];
  for (const path of paths) {
    const answer = await call(emu, "GET", path);
    expect(answer.status, path).toBe(200);
    bodies.push(answer.body);
  }
  bodies.push((await call(emu, "PATCH", `/databases/${databaseId}`, { body: { name: "renamed" } })).body);
  return bodies;
}

describe("emulator secrets", () => {
  it("sends connection strings only when minting them; reads carry only the deprecated directConnection", async () => {
    const emu = await emulator();
    const created = await call(emu, "POST", "/projects", { body: { name: "vault" } });
    const db = created.body.data.database;
    const [connection] = db.connections;
    const [direct, pooled, accelerate, apiKey, pass] = secretsOf(connection);

    const { direct: directEnd, pooled: pooledEnd } = emu.endpoints;
    expect(direct).toMatch(new RegExp(`^postgres://emu_[0-9a-f]{8}_[0-9a-f]{32}:sk_[\\w-]{24}@127\\.0\\.0\\.1:${directEnd.port}/postgres\\?sslmode=disable$`));
    expect(pooled).toMatch(new RegExp(`^postgres://emu_[0-9a-f]{8}_[0-9a-f]{32}:sk_[\\w-]{24}@127\\.0\\.0\\.1:${pooledEnd.port}/postgres\\?sslmode=disable$`));
    expect(accelerate).toBe(`prisma+postgres://accelerate.prisma-data.net/?api_key=${apiKey}`);
    // The deprecated fields of the create-project response.
    expect(db.connectionString).toBe(direct);
    expect(db.directConnection).toEqual({ host: `127.0.0.1:${directEnd.port}`, user: connection.directConnection.user, pass });
    expect(db.apiKeys).toHaveLength(1);
    expect(db.apiKeys[0].connectionString).toBe(accelerate);
    expect(db.apiKeys[0].endpoints).toEqual({
      direct: { host: "127.0.0.1", port: directEnd.port }, pooled: { host: "127.0.0.1", port: pooledEnd.port }, accelerate: { host: "accelerate.prisma-data.net", port: 443 },
    });
    expect(db).not.toHaveProperty("project");

    for (const body of await readAll(emu, db.id, connection.id, created.body.data.id)) {
      const text = JSON.stringify(body);
      for (const secret of [direct, pooled, accelerate, apiKey as string]) expect(text).not.toContain(secret);
      expect(text).not.toContain("connectionString");
      expect(text).not.toContain("apiKeys");
      // The password travels only inside directConnection, as the real API still sends it.
      expect(withoutDirectConnection(body)).not.toContain(pass);
    }
    const read = await call(emu, "GET", `/connections/${connection.id}`);
    expect(read.body.data.directConnection).toEqual({ host: `127.0.0.1:${directEnd.port}`, user: connection.directConnection.user, pass });
    expect(read.body.data.endpoints).toEqual(db.apiKeys[0].endpoints);
  });

  it("mints new credentials on each create and rotate, and reads follow the rotation", async () => {
    const emu = await emulator();
    const created = await call(emu, "POST", "/projects", { body: {} });
    const db = created.body.data.database;
    const original = secretsOf(db.connections[0]);

    const viaDatabase = await call(emu, "POST", `/databases/${db.id}/connections`, { body: { name: "worker" } });
    expect(viaDatabase.status).toBe(200);
    const viaConnections = await call(emu, "POST", "/connections", { body: { databaseId: db.id, name: "reporting" } });
    expect(viaConnections.status).toBe(201);
    for (const minted of [viaDatabase.body.data, viaConnections.body.data]) {
      expect(minted.connectionString).toBe(minted.endpoints.direct.connectionString);
      expect(minted.host).toBe("127.0.0.1");
      expect(minted.pass).toBe(minted.directConnection.pass);
      expect(minted.user).toBe(minted.directConnection.user);
      expect(minted.database).toEqual({ id: db.id, url: `${emu.url}/databases/${db.id}`, name: db.name });
      for (const secret of secretsOf(minted)) expect(original).not.toContain(secret);
    }

    const rotated = await call(emu, "POST", `/connections/${db.connections[0].id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.id).toBe(db.connections[0].id);
    const fresh = secretsOf(rotated.body.data);
    fresh.forEach((secret, i) => expect(secret).not.toBe(original[i]));
    const after = await call(emu, "GET", `/connections/${db.connections[0].id}`);
    expect(after.body.data.directConnection.pass).toBe(fresh[4]);
    expect(after.text).not.toContain(fresh[0]);

    const list = await call(emu, "GET", `/databases/${db.id}/connections`);
    expect(list.body.data.map((c: { name: string }) => c.name)).toEqual(["default", "worker", "reporting"]);
    expect((await call(emu, "DELETE", `/connections/${viaDatabase.body.data.id}`)).status).toBe(204);
    expect((await call(emu, "GET", `/databases/${db.id}`)).body.data.connections.map((c: { name: string }) => c.name)).toEqual(["default", "reporting"]);
  });

  it("POST /databases returns credentials inside connections only; POST /projects/{id}/databases adds the deprecated fields", async () => {
    const emu = await emulator();
    const projectId = emu.seedProject();
    const created = await call(emu, "POST", "/databases", { body: { projectId, name: "analytics" } });
    const data = created.body.data;
    expect(data).not.toHaveProperty("apiKeys");
    expect(data).not.toHaveProperty("connectionString");
    expect(data.connections[0].endpoints.direct.connectionString).toMatch(/^postgres:\/\//);

    const inProject = await call(emu, "POST", `/projects/${projectId}/databases`, { body: { name: "legacy" } });
    expect(inProject.status).toBe(201);
    expect(inProject.body.data.connectionString).toBe(inProject.body.data.connections[0].endpoints.direct.connectionString);
    expect(inProject.body.data.project.id).toBe(projectId);
  });

  it("returns a service token value once; lists show only its hint", async () => {
    const emu = await emulator();
    const created = await call(emu, "POST", `/workspaces/${emu.workspaceId}/service-tokens`, { body: { name: "deploy" } });
    expect(created.status).toBe(201);
    const { value, ...rest } = created.body.data;
    expect(value).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(rest).toEqual({ id: expect.stringMatching(/^itgr_[a-z0-9]{24}$/), type: "serviceToken", name: "deploy", valueHint: `...${value.slice(-4)}`, createdAt: expect.any(String), expiresAt: null });
    const list = await call(emu, "GET", `/workspaces/${emu.workspaceId}/service-tokens`);
    expect(list.body.data[0]).toEqual(rest);
    expect(list.text).not.toContain(value);
    expect(list.text).not.toContain(emu.token);
    expect((await call(emu, "GET", "/me")).text).not.toContain(emu.token);
  });
});
