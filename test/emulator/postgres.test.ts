import { describe, expect, inject, it } from "vitest";
import pg from "pg";

describe("the test run's PostgreSQL server", () => {
  it("accepts the superuser on loopback and copies a database from a template", async () => {
    const url = inject("postgresUrl");
    expect(new URL(url).hostname).toBe("127.0.0.1");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const name = `t_${process.pid}_${Date.now()}`;
      await client.query(`CREATE DATABASE ${name}`);
      await client.query(`CREATE DATABASE ${name}_copy TEMPLATE ${name}`);
      const { rows } = await client.query("SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname", [`${name}%`]);
      expect(rows.map((r) => r.datname)).toEqual([name, `${name}_copy`]);
      await client.query(`DROP DATABASE ${name}_copy`);
      await client.query(`DROP DATABASE ${name}`);
    } finally {
      await client.end();
    }
  });
});

describe("emulators of the test run", () => {
  it("share the run's server through PRISMA_EMULATOR_POSTGRES_URL", () => {
    expect(process.env.PRISMA_EMULATOR_POSTGRES_URL).toBe(inject("postgresUrl"));
  });
});
