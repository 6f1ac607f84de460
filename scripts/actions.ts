// Loads the built actions from dist/ (exactly the modules Pipedream would load) and turns their
// results into text a person can read at a terminal.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ActionLike } from "../test/pipedream";
import { loadBuiltSource, type SourceLike } from "../test/source-harness";
import { REDACTED, redactSecrets } from "../common/redaction";

const root = resolve(import.meta.dirname, "..");

export function builtActionNames(): string[] {
  const dir = join(root, "dist", "actions");
  if (!existsSync(dir)) throw new Error("dist/ is missing: run `npm run build` first.");
  return readdirSync(dir).sort();
}

export async function loadBuiltAction(folder: string): Promise<ActionLike> {
  const file = join(root, "dist", "actions", folder, `${folder}.mjs`);
  if (!existsSync(file)) throw new Error(`No built action "${folder}". Known: ${builtActionNames().join(", ")}`);
  return (await import(pathToFileURL(file).href)).default as ActionLike;
}

/** The built triggers (polling sources); `common` holds what they share. */
export function builtSourceNames(): string[] {
  const dir = join(root, "dist", "sources");
  if (!existsSync(dir)) throw new Error("dist/ is missing: run `npm run build` first.");
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, `${name}.mjs`))).sort();
}

export { loadBuiltSource, type SourceLike };

/** For printing: credentials masked (`postgres://user:[redacted]@host`), everything else as is. */
export function masked(value: unknown): unknown {
  return JSON.parse(JSON.stringify(redactSecrets(value) ?? null,
    (key, v) => (key === "serviceTokenValue" && typeof v === "string" ? REDACTED : v)));
}

/** The keys whose values differ between `original` and `shown`: what masking hid. */
export function maskedKeys(original: unknown, shown: unknown, key = ""): string[] {
  if (original === shown) return [];
  if (original && shown && typeof original === "object" && typeof shown === "object") {
    const keys = new Set([...Object.keys(original), ...Object.keys(shown)]);
    const found = [...keys].flatMap((k) => maskedKeys(
      (original as Record<string, unknown>)[k], (shown as Record<string, unknown>)[k], Array.isArray(original) ? key : k));
    return [...new Set(found)];
  }
  return JSON.stringify(original) === JSON.stringify(shown) ? [] : [key || "(the result)"];
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The `count` candidates closest to `name` (case-insensitive), closest first. */
export function nearest(name: string, candidates: readonly string[], count = 3): string[] {
  const wanted = name.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}

// Columns a list shows, in this order, when its items have them.
const TABLE_COLUMNS = [
  "id", "databaseId", "branchId", "connectionId", "name", "gitName", "databaseName", "region", "status", "role",
  "isDefault", "ready", "kind", "backupType", "size", "createdAt", "error",
];
const MAX_COLUMNS = 6;
const MAX_CELL = 40;
// API self-links: noise at a terminal (they stay in --json).
const HIDDEN_KEYS = new Set(["url"]);

type Row = Record<string, unknown>;
const isRecord = (value: unknown): value is Row => typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ["string", "number", "boolean"].includes(typeof value);

function cell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if (isScalar(value)) text = String(value);
  else if (Array.isArray(value)) text = value.every(isScalar) ? value.join(", ") : `${value.length} items`;
  else if (isRecord(value) && typeof value.id === "string") text = value.id;
  else if (isRecord(value) && typeof value.name === "string") text = value.name;
  else text = JSON.stringify(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** A compact, aligned table of a list's key columns. */
export function table(items: readonly unknown[]): string {
  if (items.length === 0) return "(none)";
  const rows = items.map((item) => (isRecord(item) ? item : { value: item }));
  const present = new Set(rows.flatMap((row) => Object.keys(row)));
  let columns = TABLE_COLUMNS.filter((column) => present.has(column));
  if (columns.length === 0) columns = [...present].filter((column) => !HIDDEN_KEYS.has(column));
  columns = columns.slice(0, MAX_COLUMNS);
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i].length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i])).join("  ").trimEnd();
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)].join("\n");
}

function fieldValue(value: unknown): string {
  if (typeof value === "string") return value === "" ? '""' : value;
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
  return String(value);
}

/**
 * A result as a person reads it: a list as a table; an object as its key fields (IDs, names,
 * status, connection strings …) aligned, its lists of items as tables, and a note naming the
 * nested objects left out (they are in `--json`).
 */
export function describeResult(result: unknown): string {
  if (result === undefined || result === null) return "";
  if (Array.isArray(result)) return result.every(isScalar) ? fieldValue(result) : table(result);
  if (!isRecord(result)) return String(result);

  const entries = Object.entries(result).filter(([key]) => !HIDDEN_KEYS.has(key));
  const fields: [string, unknown][] = [];
  const tables: [string, unknown[]][] = [];
  const nested: [string, Row][] = [];
  for (const [key, value] of entries) {
    if (Array.isArray(value) && !value.every(isScalar)) tables.push([key, value]);
    else if (isRecord(value)) nested.push([key, value]);
    else fields.push([key, value]);
  }
  // With few key fields of its own (e.g. an identity: credential, user, workspace), the nested
  // objects' fields are the result: show them one level down.
  const left: string[] = [];
  const flatten = fields.length < 3;
  for (const [key, value] of nested) {
    if (!flatten) { left.push(key); continue; }
    for (const [inner, innerValue] of Object.entries(value)) {
      if (HIDDEN_KEYS.has(inner)) continue;
      if (isScalar(innerValue) || (Array.isArray(innerValue) && innerValue.every(isScalar))) fields.push([`${key}.${inner}`, innerValue]);
      else if (!left.includes(key)) left.push(key);
    }
  }

  const width = Math.max(0, ...fields.map(([key]) => key.length));
  const parts = fields.length ? [fields.map(([key, value]) => `${key.padEnd(width)}  ${fieldValue(value)}`.trimEnd()).join("\n")] : [];
  for (const [key, items] of tables) parts.push(`${key} (${items.length}):\n${table(items)}`);
  if (left.length) parts.push(`More in --json: ${left.join(", ")}.`);
  return parts.join("\n\n");
}
