import { describe, expect, it } from "vitest";
import action from "../../actions/get-database-schema/get-database-schema";
import { api, everything, runAction, runActionError } from "../harness";
import { mintedConnection, temporaryConnectionBody, useTestDatabases } from "../sql/database";

const databases = useTestDatabases();
const databaseId = "db_csqltest00001";
const connectionId = "con_ctemporary01";
const SETUP = `CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, active boolean DEFAULT true);
CREATE TABLE posts (id serial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE, title text);
CREATE INDEX posts_user_id_idx ON posts (user_id);
INSERT INTO users (email) SELECT 'u' || n FROM generate_series(1, 10) n;
ANALYZE users;
CREATE SCHEMA audit;
CREATE TABLE audit.events (at timestamptz NOT NULL DEFAULT now());`;

const users = {
  schema: "public",
  name: "users",
  kind: "table",
  estimatedRows: 10,
  columns: [
    { name: "id", type: "bigint", nullable: false, default: "GENERATED ALWAYS AS IDENTITY" },
    { name: "email", type: "character varying(200)", nullable: false, default: null },
    { name: "active", type: "boolean", nullable: true, default: "true" },
  ],
  primaryKey: { name: "users_pkey", columns: ["id"] },
  foreignKeys: [],
  indexes: [
    { name: "users_email_key", unique: true, primary: false, definition: "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)" },
    { name: "users_pkey", unique: true, primary: true, definition: "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)" },
  ],
};
const posts = {
  schema: "public",
  name: "posts",
  kind: "table",
  estimatedRows: null,
  columns: [
    { name: "id", type: "integer", nullable: false, default: "nextval('posts_id_seq'::regclass)" },
    { name: "user_id", type: "bigint", nullable: false, default: null },
    { name: "title", type: "text", nullable: true, default: null },
  ],
  primaryKey: { name: "posts_pkey", columns: ["id"] },
  foreignKeys: [
    { name: "posts_user_id_fkey", columns: ["user_id"], references: { schema: "public", table: "users", columns: ["id"] }, onUpdate: "NO ACTION", onDelete: "CASCADE" },
  ],
  indexes: [
    { name: "posts_pkey", unique: true, primary: true, definition: "CREATE UNIQUE INDEX posts_pkey ON public.posts USING btree (id)" },
    { name: "posts_user_id_idx", unique: false, primary: false, definition: "CREATE INDEX posts_user_id_idx ON public.posts USING btree (user_id)" },
  ],
};

describe("get-database-schema", () => {
  it("describes the tables of public by default: columns, keys, indexes and estimated rows", async () => {
    const db = await databases.create(SETUP);
    const { result, summary, exports } = await runAction(action, { connectionString: db.url });
    expect(result).toEqual({ schema: "public", tables: [posts, users], temporaryConnectionLeft: null });
    expect(summary).toBe(`Read 2 tables of schema public in ${db.name}`);
    expect(everything(result, exports)).not.toContain(db.password);
  });

  it("describes every schema but PostgreSQL's own with *", async () => {
    const db = await databases.create(SETUP);
    const { result, summary } = await runAction<{ schema: null; tables: { schema: string; name: string }[] }>(action, { connectionString: db.url, schema: "*" });
    expect(result.schema).toBeNull();
    expect(result.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(["audit.events", "public.posts", "public.users"]);
    expect(summary).toBe(`Read 3 tables of every schema in ${db.name}`);
  });

  it("on a database ID, mints a temporary connection and deletes it: two requests", async () => {
    const db = await databases.create("CREATE TABLE t (a int)");
    api().post("/v1/connections", temporaryConnectionBody(databaseId)).reply(201, mintedConnection(db, connectionId, databaseId));
    api().delete(`/v1/connections/${connectionId}`).reply(204);
    const { result } = await runAction<{ tables: { name: string }[] }>(action, { databaseId, schema: "public" });
    expect(result.tables.map((t) => t.name)).toEqual(["t"]);
  });

  it("returns no tables for a schema that does not exist, and says it does not", async () => {
    const db = await databases.create(SETUP);
    const { result, summary } = await runAction(action, { connectionString: db.url, schema: "nowhere" });
    expect(result).toEqual({ schema: "nowhere", tables: [], temporaryConnectionLeft: null });
    expect(summary).toBe(`Read 0 tables of schema nowhere in ${db.name}: no schema is named nowhere`);
  });

  it("names the schema of another case when the one asked for does not exist", async () => {
    const db = await databases.create(SETUP);
    const { result, summary } = await runAction(action, { connectionString: db.url, schema: "Public" });
    expect(result).toEqual({ schema: "Public", tables: [], temporaryConnectionLeft: null });
    expect(summary).toBe(`Read 0 tables of schema Public in ${db.name}: no schema is named Public; schema names are case-sensitive: did you mean public?`);
  });

  it("says nothing more of a schema that exists and is empty", async () => {
    const db = await databases.create(`${SETUP} CREATE SCHEMA empty;`);
    const { result, summary } = await runAction(action, { connectionString: db.url, schema: "empty" });
    expect(result).toEqual({ schema: "empty", tables: [], temporaryConnectionLeft: null });
    expect(summary).toBe(`Read 0 tables of schema empty in ${db.name}`);
  });

  it("refuses a schema name PostgreSQL cannot have", async () => {
    const error = await runActionError(action, { databaseId, schema: "x".repeat(64) });
    expect(error.message).toBe("Schema must be a PostgreSQL schema name (at most 63 characters), or * for every schema.");
  });
});
