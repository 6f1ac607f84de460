// What the SQL actions run in a session: a read-only query with its rows capped, a script in
// one transaction, and the schema read from the catalogs. The texts were checked with
// `common/sql-lexer.ts` before any of this runs.
import type {
  FieldDef, QueryResult,
} from "pg";
import { redactText } from "./redaction";
import {
  commandOf, passwordsIn, type Statement,
} from "./sql-lexer";
import {
  SqlError, type Exchange, type SqlSession, type Wire,
} from "./sql-client";

export const QUERY_LIMITS = {
  defaultMaxRows: 100,
  maxRows: 10_000,
  /** The JSON size at which the rows are cut, so a result stays readable by a person and an agent. */
  maxBytes: 1_000_000,
  /**
   * Rows asked of the server per round trip. A query for at most this many rows, and the one
   * more that tells whether the cap cut anything, takes a single round trip.
   */
  batchRows: 1_000,
} as const;

export interface QueryOutcome {
  rows: Record<string, unknown>[];
  rowCount: number;
  fields: { name: string; type: string }[];
  truncated: boolean;
  /** The command tag, e.g. `SELECT`. */
  command: string;
}

/** The most bytes of JSON a value can take: exact for objects, a bound for the rest. */
function jsonBound(value: unknown): number {
  if (value === null) return 4;
  switch (typeof value) {
  case "string":
    // Each UTF-16 unit is at most 6 bytes of JSON (`\u001f`, a lone surrogate), plus the quotes.
    return 6 * value.length + 2;
  case "number":
    // The longest a number prints, e.g. `-1.7976931348623157e+308`.
    return 24;
  case "boolean":
    return 5;
  default:
    return Buffer.byteLength(JSON.stringify(value) ?? "null");
  }
}

/**
 * The size of the rows as one JSON array, held against `maxBytes`. Measuring a row exactly
 * costs a JSON.stringify, so while an upper bound of the size stays within the cap only the
 * bound is kept; once it would not, the rows taken are measured exactly, once, and each row
 * after them. Rows are cut where exact sizes would cut them, at a fraction of the cost.
 */
class JsonSize {
  /** `[]`, then for each row its braces and the comma before the next. */
  private bound = 2;
  private exact: number | undefined;
  /** Per row: its braces, its comma, and each key with its quotes, colon and comma. */
  private readonly rowOverhead: number;

  constructor(names: string[], private readonly maxBytes: number) {
    const keys = names.reduce((sum, name) => sum + Buffer.byteLength(JSON.stringify(name)) + 2, 0);
    this.rowOverhead = 3 + keys;
  }

  /** Whether `row` (its values at most `valueBound` bytes) fits after `taken`; if so, it counts. */
  admits(
    row: Record<string, unknown>,
    valueBound: number,
    taken: Record<string, unknown>[],
  ): boolean {
    const bound = this.rowOverhead + valueBound;
    if (this.exact === undefined) {
      if (this.bound + bound <= this.maxBytes) {
        this.bound += bound;
        return true;
      }
      this.exact = taken.reduce((sum, earlier) => sum + exactSize(earlier), 2);
    }
    const size = exactSize(row);
    if (this.exact + size > this.maxBytes) return false;
    this.exact += size;
    return true;
  }
}

/** A row's bytes in the JSON array: its JSON and the comma after it. */
function exactSize(row: Record<string, unknown>): number {
  return Buffer.byteLength(JSON.stringify(row)) + 1;
}

type Rows = Pick<QueryOutcome, "rows" | "truncated"> & { fields: FieldDef[] };

/**
 * One read-only query as one conversation with the server, written ahead of its answers: BEGIN
 * READ ONLY, the `statement_timeout`, the statement with its parameters (the extended protocol
 * holds one statement, whatever the text says), ROLLBACK. The statement's rows come through a
 * portal, a batch at a time, so at most `maxRows` + 1 rows ever leave the server; rows stop at
 * `maxBytes` of JSON too, and no further batch is asked for. A query that fits one batch takes
 * one round trip in all.
 */
class ReadOnlyQuery implements Exchange<Rows> {
  readonly outcome: Promise<Rows>;
  private settle!: { resolve(rows: Rows): void; reject(error: unknown): void };
  private readonly rows: Record<string, unknown>[] = [];
  private fields: FieldDef[] = [];
  private parsers: ((text: string) => unknown)[] = [];
  private names: string[] = [];
  private truncated = false;
  private size!: JsonSize;
  /** The rows are complete or cut: nothing more is read. */
  private full = false;
  /** ROLLBACK and Sync have been written. */
  private ended = false;
  /** Statements before the user's whose completion is still to come. */
  private leading: number;
  private failure: unknown;

  constructor(
    private readonly session: SqlSession,
    private readonly text: string,
    private readonly params: (string | null)[],
    private readonly maxRows: number,
    private readonly maxBytes: number,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      this.settle = {
        resolve,
        reject,
      };
    });
    this.leading = session.transactionStart("READ ONLY").length;
  }

  submit(wire: Wire): void {
    wire.stream.cork?.();
    try {
      for (const text of this.session.transactionStart("READ ONLY")) {
        wire.parse({
          text,
        });
        wire.bind({});
        wire.execute({});
      }
      wire.parse({
        text: this.text,
      });
      wire.bind({
        values: this.params,
      });
      wire.describe({
        type: "P",
        name: "",
      });
      this.askForRows(wire);
    } finally {
      wire.stream.uncork?.();
    }
  }

  /** Asks for the next batch; when it is the last one needed, ends the conversation behind it. */
  private askForRows(wire: Wire): void {
    const wanted = this.maxRows + 1 - this.rows.length;
    const rows = wanted <= QUERY_LIMITS.batchRows + 1
      ? wanted
      : QUERY_LIMITS.batchRows;
    wire.execute({
      rows,
    });
    if (rows === wanted) this.end(wire);
    else wire.flush();
  }

  private end(wire: Wire): void {
    if (this.ended) return;
    this.ended = true;
    wire.parse({
      text: "ROLLBACK",
    });
    wire.bind({});
    wire.execute({});
    wire.sync();
  }

  handleRowDescription({ fields }: { fields: FieldDef[] }): void {
    this.fields = fields;
    this.parsers = fields.map((field) => this.session.parserOf(field.dataTypeID));
    this.names = fields.map((field) => field.name);
    this.size = new JsonSize(this.names, this.maxBytes);
    // A row is an object with one value per name: a second column of the same name would
    // silently take the first one's place.
    const second = this.names.findIndex((name, i) => this.names.indexOf(name) !== i);
    if (second >= 0) {
      const name = this.names[second];
      this.failure ??= new SqlError(`Columns ${this.names.indexOf(name) + 1} and ${second + 1} of the result are both named "${name}", and each row holds one value per name. Give each column its own name with AS (e.g. \`SELECT a.id AS a_id, b.id AS b_id\`).`);
      this.full = true;
    }
  }

  handleDataRow({ fields: values }: { fields: (string | null)[] }): void {
    if (this.full) return;
    if (this.rows.length >= this.maxRows) {
      this.cut();
      return;
    }
    const row: Record<string, unknown> = {};
    let bound = 0;
    try {
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const name = this.names[i];
        const parsed = value === null
          ? null
          : this.parsers[i](value);
        bound += jsonBound(parsed);
        // A column named `__proto__` is data, not the row's prototype.
        if (name === "__proto__") {
          Object.defineProperty(row, name, {
            value: parsed,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else {
          row[name] = parsed;
        }
      }
    } catch (error) {
      this.failure ??= error;
      this.full = true;
      return;
    }
    if (!this.size.admits(row, bound, this.rows)) {
      this.cut();
      return;
    }
    this.rows.push(row);
  }

  private cut(): void {
    this.truncated = true;
    this.full = true;
  }

  handlePortalSuspended(wire: Wire): void {
    if (this.ended) return;
    if (this.full) this.end(wire);
    else this.askForRows(wire);
  }

  handleCommandComplete(_message: { text: string }, wire: Wire): void {
    if (this.leading > 0) {
      this.leading--;
      return;
    }
    // The statement's own completion (its rows are all read), or ROLLBACK's.
    this.full = true;
    this.end(wire);
  }

  handleEmptyQuery(wire: Wire): void {
    this.full = true;
    this.end(wire);
  }

  // The transaction is read-only, so no COPY can write; one that asks for data is refused.
  handleCopyInResponse(): void {
    this.failure ??= new Error("COPY FROM STDIN is not supported: the query has no data to send.");
  }

  handleCopyData(): void {}

  handleError(error: unknown, wire: Wire): void {
    // After a refusal the server waits for Sync before it answers again; a lost connection has no one to answer.
    if (!this.ended && (error as { severity?: unknown } | null)?.severity) {
      this.ended = true;
      wire.sync();
    }
    this.settle.reject(error);
  }

  handleReadyForQuery(): void {
    if (this.failure !== undefined) {
      this.settle.reject(this.failure);
      return;
    }
    this.settle.resolve({
      rows: this.rows,
      fields: this.fields,
      truncated: this.truncated,
    });
  }
}

/**
 * Runs one checked statement in a READ ONLY transaction, with `params` bound as `$1, $2, …`;
 * see `ReadOnlyQuery` for how the rows are capped. The transaction is rolled back: a read keeps
 * nothing.
 */
export async function runReadOnlyQuery(
  session: SqlSession,
  statement: Statement,
  params: (string | null)[],
  {
    maxRows, maxBytes = QUERY_LIMITS.maxBytes,
  }: { maxRows: number; maxBytes?: number },
): Promise<QueryOutcome> {
  const {
    rows, fields, truncated,
  } = await session.exchange(new ReadOnlyQuery(session, statement.text, params, maxRows, maxBytes));
  return {
    rows,
    rowCount: rows.length,
    fields: await fieldTypes(session, fields),
    truncated,
    command: commandOf(statement),
  };
}

// Names of the common built-in types, so most queries need no catalog lookup.
const TYPE_NAMES: Record<number, string> = {
  16: "boolean",
  17: "bytea",
  18: "\"char\"",
  19: "name",
  20: "bigint",
  21: "smallint",
  23: "integer",
  25: "text",
  26: "oid",
  114: "json",
  700: "real",
  701: "double precision",
  1042: "character",
  1043: "character varying",
  1082: "date",
  1083: "time without time zone",
  1114: "timestamp without time zone",
  1184: "timestamp with time zone",
  1186: "interval",
  1266: "time with time zone",
  1700: "numeric",
  2950: "uuid",
  3802: "jsonb",
  1009: "text[]",
  1007: "integer[]",
  1016: "bigint[]",
};

async function fieldTypes(
  session: SqlSession,
  fields: FieldDef[],
): Promise<{ name: string; type: string }[]> {
  const unknown = [
    ...new Set(fields.map((f) => f.dataTypeID).filter((oid) => !(oid in TYPE_NAMES))),
  ];
  const names: Record<number, string> = {
    ...TYPE_NAMES,
  };
  if (unknown.length) {
    const found = await session.query({
      text: "SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])",
      values: [
        unknown,
      ],
    });
    for (const row of found.rows as { oid: number; name: string }[]) names[row.oid] = row.name;
  }
  return fields.map((f) => ({
    name: f.name,
    type: names[f.dataTypeID] ?? `oid ${f.dataTypeID}`,
  }));
}

export interface StatementOutcome {
  /** The statement's command, e.g. `CREATE TABLE`, `INSERT`. */
  command: string;
  /** Rows the statement inserted, updated, deleted or returned; null for those that count none. */
  rowCount: number | null;
}

/**
 * Runs a checked script in one transaction: every statement commits, or none does. The script
 * goes to the server as one text, so the server splits it as it always does.
 */
export async function runScript(
  session: SqlSession,
  script: string,
  statements: Statement[],
): Promise<StatementOutcome[]> {
  await session.begin("READ WRITE");
  let answer: QueryResult | QueryResult[];
  try {
    answer = await session.query(script) as QueryResult | QueryResult[];
  } catch (error) {
    throw withoutPasswords(error, passwordsIn(statements));
  }
  const results = Array.isArray(answer)
    ? answer
    : [
      answer,
    ];
  session.setPhase("committing");
  await session.query("COMMIT");
  session.setPhase("running");
  return results.map((result, index) => ({
    command: results.length === statements.length
      ? commandOf(statements[index])
      : result.command ?? "UNKNOWN",
    rowCount: typeof result.rowCount === "number"
      ? result.rowCount
      : null,
  }));
}

/** The server's error with the passwords the script wrote masked wherever it quotes them. */
function withoutPasswords(error: unknown, passwords: string[]): unknown {
  if (!passwords.length || !error || typeof error !== "object") return error;
  const fields = error as Record<string, unknown>;
  for (const key of [
    "message",
    "detail",
    "hint",
    "where",
  ]) {
    if (typeof fields[key] === "string") fields[key] = redactText(fields[key] as string, passwords);
  }
  return error;
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

export interface TableInfo {
  schema: string;
  name: string;
  kind: string;
  /** PostgreSQL's estimate from its statistics; null before the table was first analyzed. */
  estimatedRows: number | null;
  columns: ColumnInfo[];
  primaryKey: { name: string; columns: string[] } | null;
  foreignKeys: {
    name: string;
    columns: string[];
    references: { schema: string; table: string; columns: string[] };
    onUpdate: string;
    onDelete: string;
  }[];
  indexes: { name: string; unique: boolean; primary: boolean; definition: string }[];
}

const KINDS: Record<string, string> = {
  r: "table",
  p: "partitioned table",
  v: "view",
  m: "materialized view",
  f: "foreign table",
};

const ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

const TABLES_SQL = `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, c.reltuples::float8 AS reltuples
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND CASE WHEN $1::text IS NULL
    THEN n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
    ELSE n.nspname = $1::text END
ORDER BY n.nspname, c.relname`;

const COLUMNS_SQL = `SELECT a.attrelid::int AS oid, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  NOT a.attnotnull AS nullable, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity::text AS identity
FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

const CONSTRAINTS_SQL = `SELECT c.conrelid::int AS oid, c.conname AS name, c.contype::text AS type,
  ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(num, i) JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.i) AS columns,
  fn.nspname AS ref_schema, fc.relname AS ref_table,
  ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(num, i) JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.i) AS ref_columns,
  c.confupdtype::text AS on_update, c.confdeltype::text AS on_delete
FROM pg_catalog.pg_constraint c
  LEFT JOIN pg_catalog.pg_class fc ON fc.oid = c.confrelid
  LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE c.conrelid = ANY($1::oid[]) AND c.contype IN ('p', 'f')
ORDER BY c.conrelid, c.conname`;

const INDEXES_SQL = `SELECT i.indrelid::int AS oid, ic.relname AS name, i.indisunique AS "unique", i.indisprimary AS "primary",
  pg_catalog.pg_get_indexdef(i.indexrelid) AS definition
FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = ANY($1::oid[])
ORDER BY i.indrelid, ic.relname`;

interface Keyed { oid: number }

interface ColumnRow extends Keyed {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  identity: string;
}

interface ConstraintRow extends Keyed {
  name: string;
  type: string;
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  on_update: string;
  on_delete: string;
}

type TableRow = Keyed & { schema: string; name: string; kind: string; reltuples: number };
type IndexRow = Keyed & { name: string; unique: boolean; primary: boolean; definition: string };

function byTable<R extends Keyed>(rows: R[]): Map<number, R[]> {
  const grouped = new Map<number, R[]>();
  for (const row of rows) {
    const list = grouped.get(row.oid) ?? [];
    list.push(row);
    grouped.set(row.oid, list);
  }
  return grouped;
}

export interface SchemaRead {
  tables: TableInfo[];
  /** For a schema with no tables that does not exist: words saying so (names are case-sensitive). */
  missingSchema: string | null;
}

/** Null when `schema` exists; else words saying it does not, naming one of another case if there is one. */
async function missingSchemaOf(session: SqlSession, schema: string): Promise<string | null> {
  const names = ((await session.query({
    text: "SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE lower(nspname) = lower($1) ORDER BY nspname",
    values: [
      schema,
    ],
  })).rows as { name: string }[]).map((row) => row.name);
  if (names.includes(schema)) return null;
  return names.length
    ? `no schema is named ${schema}; schema names are case-sensitive: did you mean ${names[0]}?`
    : `no schema is named ${schema}`;
}

/**
 * The tables (and views) of `schema`, or of every user schema when null, read in one read-only
 * snapshot; a schema with none is looked for, so that a misspelt one is told from an empty one.
 */
export async function readSchema(session: SqlSession, schema: string | null): Promise<SchemaRead> {
  await session.begin("READ ONLY");
  const tables = (await session.query({
    text: TABLES_SQL,
    values: [
      schema,
    ],
  })).rows as TableRow[];
  const oids = [
    tables.map((t) => t.oid),
  ];
  const columns = byTable((await session.query({
    text: COLUMNS_SQL,
    values: oids,
  })).rows as ColumnRow[]);
  const constraints = byTable((await session.query({
    text: CONSTRAINTS_SQL,
    values: oids,
  })).rows as ConstraintRow[]);
  const indexes = byTable((await session.query({
    text: INDEXES_SQL,
    values: oids,
  })).rows as IndexRow[]);
  const missingSchema = tables.length === 0 && schema !== null
    ? await missingSchemaOf(session, schema)
    : null;
  await session.query("ROLLBACK");
  return {
    missingSchema,
    tables: tableInfos(tables, columns, constraints, indexes),
  };
}

function tableInfos(
  tables: TableRow[],
  columns: Map<number, ColumnRow[]>,
  constraints: Map<number, ConstraintRow[]>,
  indexes: Map<number, IndexRow[]>,
): TableInfo[] {
  return tables.map((table) => {
    const own = constraints.get(table.oid) ?? [];
    const primary = own.find((c) => c.type === "p");
    const isRelation = table.kind === "r" || table.kind === "p" || table.kind === "m";
    return {
      schema: table.schema,
      name: table.name,
      kind: KINDS[table.kind] ?? table.kind,
      estimatedRows: isRelation && table.reltuples >= 0
        ? Math.round(table.reltuples)
        : null,
      columns: (columns.get(table.oid) ?? []).map((c) => ({
        name: c.name,
        type: c.type,
        nullable: c.nullable,
        default: c.default ?? identityDefault(c.identity),
      })),
      primaryKey: primary
        ? {
          name: primary.name,
          columns: primary.columns,
        }
        : null,
      foreignKeys: own.filter((c) => c.type === "f").map((c) => ({
        name: c.name,
        columns: c.columns,
        references: {
          schema: c.ref_schema ?? "",
          table: c.ref_table ?? "",
          columns: c.ref_columns,
        },
        onUpdate: ACTIONS[c.on_update] ?? c.on_update,
        onDelete: ACTIONS[c.on_delete] ?? c.on_delete,
      })),
      indexes: (indexes.get(table.oid) ?? []).map((i) => ({
        name: i.name,
        unique: i.unique,
        primary: i.primary,
        definition: i.definition,
      })),
    };
  });
}

/** The default an identity column has, which `pg_attrdef` does not hold. */
function identityDefault(identity: string): string | null {
  if (identity === "a") return "GENERATED ALWAYS AS IDENTITY";
  if (identity === "d") return "GENERATED BY DEFAULT AS IDENTITY";
  return null;
}
