import { describe, expect, it } from "vitest";
import action from "../../actions/run-sql-query/run-sql-query";
import { everything, runAction } from "../harness";
import { useTestDatabases } from "../sql/database";

const databases = useTestDatabases();
const SETUP = `CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2026-01-02 03:04:05.123456+00');
INSERT INTO users (email) SELECT 'user' || n || '@example.com' FROM generate_series(1, 5) n;`;

describe("run-sql-query over a connection string", () => {
  it("returns rows, fields with type names, and sends no API request", async () => {
    const db = await databases.create(SETUP);
    const { result, summary, exports } = await runAction<Record<string, unknown>>(action, {
      connectionString: db.url,
      sql: "SELECT id, email, created_at FROM users WHERE id <= $1 ORDER BY id",
      params: ["2"],
    });
    expect(result).toEqual({
      rows: [
        { id: 1, email: "user1@example.com", created_at: "2026-01-02 03:04:05.123456+00" },
        { id: 2, email: "user2@example.com", created_at: "2026-01-02 03:04:05.123456+00" },
      ],
      rowCount: 2,
      fields: [
        { name: "id", type: "integer" },
        { name: "email", type: "text" },
        { name: "created_at", type: "timestamp with time zone" },
      ],
      truncated: false,
      temporaryConnectionLeft: null,
    });
    expect(summary).toBe(`SELECT returned 2 rows from ${db.name}`);
    expect(everything(result, exports)).not.toContain(db.password);
  });
});
