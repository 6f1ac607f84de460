// A database of its own and a login role allowed into it only, on the test run's PostgreSQL
// server, for each test that runs SQL: what a connection the emulator or Prisma mints gives.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, inject } from "vitest";

export interface TestDatabase {
  name: string;
  user: string;
  password: string;
  /** `postgresql://user:password@127.0.0.1:port/name` of the login role. */
  url: string;
  /** Runs SQL as the superuser in this database (to set up and to check). */
  admin(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

async function superuser(database = "postgres"): Promise<pg.Client> {
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** `create()` gives a new database and role; both are dropped after the test. */
export function useTestDatabases(): { create: (setup?: string) => Promise<TestDatabase> } {
  const made: { name: string; user: string }[] = [];
  afterEach(async () => {
    const client = await superuser();
    try {
      for (const { name, user } of made.splice(0)) {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS ${user}`);
      }
    } finally {
      await client.end();
    }
  });
  return {
    async create(setup) {
      const id = randomBytes(5).toString("hex");
      const name = `sqltest_${id}`;
      const user = `sqluser_${id}`;
      const password = `pw-${randomBytes(12).toString("hex")}`;
      const client = await superuser();
      try {
        await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
        await client.query(`CREATE DATABASE ${name} OWNER ${user}`);
        await client.query(`REVOKE CONNECT ON DATABASE ${name} FROM PUBLIC`);
      } finally {
        await client.end();
      }
      made.push({ name, user });
      const server = new URL(inject("postgresUrl"));
      const url = `postgresql://${user}:${password}@${server.hostname}:${server.port}/${name}?sslmode=require`;
      const admin = async (text: string, values?: unknown[]) => {
        const c = await superuser(name);
        try {
          return await c.query(text, values);
        } finally {
          await c.end();
        }
      };
      if (setup) {
        const c = new pg.Client({ host: server.hostname, port: Number(server.port), user, password, database: name });
        await c.connect();
        try {
          await c.query(setup);
        } finally {
          await c.end();
        }
      }
      return { name, user, password, url, admin };
    },
  };
}

/** The answer of POST /v1/connections for a temporary connection whose strings reach `db`. */
export function mintedConnection(db: TestDatabase, connectionId: string, databaseId: string) {
  return {
    data: {
      id: connectionId, type: "connection", url: `https://api.prisma.io/v1/connections/${connectionId}`,
      name: "temporary-sql", createdAt: "2026-11-01T10:00:00.000Z", kind: "postgres",
      endpoints: {
        direct: { host: "127.0.0.1", port: 5432, connectionString: db.url },
        pooled: { host: "127.0.0.1", port: 5432, connectionString: db.url },
      },
      database: { id: databaseId, url: `https://api.prisma.io/v1/databases/${databaseId}`, name: db.name },
    },
  };
}

/** The body a temporary connection is minted with: the database, and a name of its own. */
export function temporaryConnectionBody(databaseId: string) {
  return (body: { databaseId?: string; name?: string }) =>
    body.databaseId === databaseId && /^temporary-sql-[0-9a-f]{8}$/.test(body.name ?? "") && Object.keys(body).length === 2;
}
