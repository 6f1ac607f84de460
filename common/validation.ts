// Input checks that run before any request. Each throws a ConfigurationError that says what
// was wrong and what is accepted, so a bad input never reaches the network.
import { ConfigurationError } from "@pipedream/platform";
import {
  ID_EXAMPLES,
  ID_NOUNS,
  ID_PREFIXES,
  INHERIT_REGION,
  LOGICAL_ID_PATTERN,
  NAME_LIMITS,
  POSTGRES_REGIONS,
  WAIT,
  type IdKind,
} from "./constants";
import type {
  DatabaseRegionId, PostgresRegionId,
} from "./types";

// The API's ID pattern: an optional type prefix, then a cuid or a lowercase alphanumeric string.
const ID_BODY = String.raw`([cC][^\s-]{8,}|[a-z0-9]+)`;
const ID_PATTERNS = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([
    kind,
    prefix,
  ]) => [
    kind,
    new RegExp(`^(${prefix}_)?${ID_BODY}$`),
  ]),
) as Record<IdKind, RegExp>;
const BODY_PATTERN = new RegExp(`^${ID_BODY}$`);
const KNOWN_PREFIXES = new Set<string>(Object.values(ID_PREFIXES));

/** The type prefix an ID starts with (`con` of `con_…`, in any case), if it is one this package knows. */
function knownPrefixOf(id: string): string | null {
  const prefix = /^([A-Za-z]+)_/.exec(id)?.[1];
  return prefix && KNOWN_PREFIXES.has(prefix.toLowerCase())
    ? prefix
    : null;
}

// The API's pattern lets a cuid swallow a prefix: `con_clx7…` matches the database pattern as an
// unprefixed cuid starting with "c". An ID that starts with a known prefix must therefore carry
// this kind's prefix, exactly once, followed by a valid body.
function matchesKind(kind: IdKind, id: string): boolean {
  if (!ID_PATTERNS[kind].test(id)) return false;
  const prefix = knownPrefixOf(id);
  if (prefix === null) return true;
  const rest = id.slice(prefix.length + 1);
  return prefix === ID_PREFIXES[kind] && BODY_PATTERN.test(rest) && knownPrefixOf(rest) === null;
}

/** What kind of value something that should have been text is, in words, without the value: `a number`, `a list`, … */
export function kindOfNonText(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** What a value that should have been text is, in words: `a number (5)`, `a list`, … */
function describeNonText(value: unknown): string {
  if (Array.isArray(value) || typeof value === "object") return kindOfNonText(value);
  return `${kindOfNonText(value)} (${String(value)})`;
}

/**
 * A value as a message quotes it: text as it is, a number or a boolean as written, a list or an
 * object by its kind (written out, one nested thousands of levels deep would overflow the stack).
 */
function quoted(value: unknown): string {
  return value !== null && typeof value === "object"
    ? kindOfNonText(value)
    : String(value);
}

/** Refuses a value given but not as text (a number, a list, an object), in words rather than as missing. */
export function requireText(value: unknown, label: string, example: string): void {
  if (value === undefined || value === null || typeof value === "string") return;
  throw new ConfigurationError(`${label} must be text, e.g. ${example}; got ${describeNonText(value)}.`);
}

/** The ID, trimmed, if it matches the API's pattern for its kind. */
export function checkId(kind: IdKind, value: unknown, label = `${capitalize(ID_NOUNS[kind])} ID`): string {
  requireText(value, label, ID_EXAMPLES[kind]);
  const id = typeof value === "string"
    ? value.trim()
    : "";
  if (!id) throw new ConfigurationError(`${label} is required, e.g. ${ID_EXAMPLES[kind]}.`);
  if (!matchesKind(kind, id)) {
    throw new ConfigurationError(
      `${label} "${value}" is not a valid Prisma ${ID_NOUNS[kind]} ID. ` +
      `Expected "${ID_PREFIXES[kind]}_" followed by letters and digits, e.g. ${ID_EXAMPLES[kind]} ` +
      `(the "${ID_PREFIXES[kind]}_" prefix is optional).`,
    );
  }
  return id;
}

/** The ID checked as `checkId` does, or undefined when not given. */
export function checkOptionalId(kind: IdKind, value: unknown, label?: string): string | undefined {
  return value === undefined || value === null || value === ""
    ? undefined
    : checkId(kind, value, label);
}

/** The name, trimmed, if its length is within the API's limits. */
export function checkName(
  value: unknown,
  limits: { min: number; max: number },
  label: string,
): string {
  requireText(value, label, "\"orders\"");
  const name = typeof value === "string"
    ? value.trim()
    : "";
  if (!name && limits.min > 0) {
    throw new ConfigurationError(`${label} is required: ${limits.min} to ${limits.max} characters.`);
  }
  if (name.length < limits.min || name.length > limits.max) {
    throw new ConfigurationError(
      `${label} must be ${limits.min} to ${limits.max} characters long; "${name}" has ${name.length}.`,
    );
  }
  return name;
}

export function checkOptionalName(
  value: unknown,
  limits: { min: number; max: number },
  label: string,
) {
  return value === undefined || value === null || value === ""
    ? undefined
    : checkName(value, limits, label);
}

/** Not given: undefined, null, or a string of nothing but spaces. */
function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && !value.trim());
}

/** A Postgres region (`us-east-1`, …). */
export function checkRegion(value: unknown): PostgresRegionId {
  if ((POSTGRES_REGIONS as readonly unknown[]).includes(value)) return value as PostgresRegionId;
  if (isMissing(value)) throw new ConfigurationError(`Region is required: one of ${POSTGRES_REGIONS.join(", ")}.`);
  throw new ConfigurationError(
    `Region "${quoted(value)}" is not a Prisma Postgres region. Use one of: ${POSTGRES_REGIONS.join(", ")}.`,
  );
}

/**
 * A list prop as agents send it: a list, a JSON list in text (`'["a","b"]'`), a comma-separated
 * text (`"a, b"`) or one value; each item trimmed, empty ones dropped.
 */
export function readList(value: unknown): unknown[] {
  let items = value;
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("[")) {
      try {
        items = JSON.parse(text);
      } catch {
        items = [
          text,
        ];
      }
    } else {
      items = text.split(",");
    }
  }
  return (Array.isArray(items)
    ? items
    : [
      items,
    ]).map((item) => (typeof item === "string"
    ? item.trim()
    : item)).filter((item) => !isEmptyInput(item));
}

/** One or more Postgres regions, each once. */
export function checkRegions(value: unknown): PostgresRegionId[] {
  const regions = [
    ...new Set(readList(value).map(checkRegion)),
  ];
  if (regions.length === 0) throw new ConfigurationError(`Select at least one region: ${POSTGRES_REGIONS.join(", ")}.`);
  return regions;
}

/** A region for a new database: a Postgres region, or `inherit` for the project's default region. */
export function checkDatabaseRegion(value: unknown): DatabaseRegionId {
  if (value === INHERIT_REGION) return INHERIT_REGION;
  if ((POSTGRES_REGIONS as readonly unknown[]).includes(value)) return value as DatabaseRegionId;
  if (isMissing(value)) {
    throw new ConfigurationError(
      `Region is required: one of ${POSTGRES_REGIONS.join(", ")}, or "${INHERIT_REGION}" for the project's default region.`,
    );
  }
  throw new ConfigurationError(
    `Region "${quoted(value)}" is not accepted for a database. Use one of: ${POSTGRES_REGIONS.join(", ")}, ` +
    `or "${INHERIT_REGION}" for the project's default region.`,
  );
}

/** A `logicalId`: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export function checkOptionalLogicalId(value: unknown): string | undefined {
  requireText(value, "Logical ID", "\"orders-prod\"");
  // Trimmed, as IDs and names are: a space pasted around it is no part of it.
  const text = typeof value === "string"
    ? value.trim()
    : "";
  if (text === "") return undefined;
  if (LOGICAL_ID_PATTERN.test(text)) return text;
  throw new ConfigurationError(
    `Logical ID "${value}" is not valid: use lowercase letters, digits, "-" and "_", starting with a letter or digit (e.g. "orders-prod").`,
  );
}

/** An integer within bounds, or the default when not given. */
export function checkInteger(
  value: unknown,
  bounds: { min: number; max: number; default?: number },
  label: string,
): number | undefined {
  if (value === undefined || value === null || value === "") return bounds.default;
  let number = value;
  if (typeof value === "string") {
    // Decimal digits only: `Number()` would also take " " (0), "0x10" (16) and "1e2" (100).
    const text = value.trim();
    if (!text) return bounds.default;
    number = /^[+-]?\d+$/.test(text)
      ? Number(text)
      : NaN;
  }
  if (typeof number !== "number" || !Number.isInteger(number) || number < bounds.min || number > bounds.max) {
    throw new ConfigurationError(`${label} must be a whole number from ${bounds.min} to ${bounds.max}; got "${quoted(value)}".`);
  }
  return number;
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** True when the day exists in that month (`Date.parse` rolls 2026-02-30 over to March 2). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay.getUTCDate();
}

/**
 * An ISO 8601 date or date-time, returned as the full date-time the API expects. A date-time
 * without an offset is read as UTC (as a date alone is), not in the machine's time zone.
 */
export function checkOptionalDateTime(value: unknown, label: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "string"
    ? value.trim()
    : "";
  const match = ISO_8601.exec(text);
  const utc = match?.[4] && !match[7]
    ? `${text}Z`
    : text;
  const time = match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
    ? Date.parse(utc)
    : NaN;
  if (Number.isNaN(time)) {
    throw new ConfigurationError(
      `${label} "${quoted(value)}" is not an ISO 8601 date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`,
    );
  }
  return new Date(time).toISOString();
}

/**
 * The guard of an irreversible action: `confirm` must repeat the exact ID (or word) of what
 * will be destroyed or overwritten. `what` completes "To …", e.g. `delete database db_… and all
 * its data`; `alternative`, when given, is a sentence naming a safer way to the same end.
 */
export function checkConfirmation(
  confirm: unknown,
  expected: string,
  what: string,
  alternative?: string,
): void {
  if (typeof confirm !== "string" || confirm.trim() !== expected) {
    const typed = confirm === undefined || confirm === null || confirm === ""
      ? ""
      : ` (it was "${quoted(confirm)}")`;
    throw new ConfigurationError(
      `Nothing was changed. To ${what}, set Confirm to exactly "${expected}"${typed}.` +
      (alternative
        ? ` ${alternative}`
        : ""),
    );
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A backup ID: backups have no fixed ID format, so only an empty one is refused. */
export function checkBackupId(value: unknown): string {
  requireText(value, "Backup ID", "an ID from List Backups");
  const backupId = typeof value === "string"
    ? value.trim()
    : "";
  if (!backupId) throw new ConfigurationError("Backup ID is required: pick a backup, or enter an ID from List Backups.");
  return backupId;
}

/** A boolean prop; empty means `empty` (false unless said otherwise). */
export function checkBoolean(value: unknown, label: string, empty = false): boolean {
  if (value === undefined || value === null || value === "") return empty;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ConfigurationError(`${label} must be true or false; got "${quoted(value)}".`);
}

/** Max Wait Seconds: 0 (don't wait) to the most the package waits; undefined (empty) means the default for where the step runs. */
export function checkMaxWaitSeconds(value: unknown): number | undefined {
  return checkInteger(value, {
    min: 0,
    max: WAIT.maxSeconds,
  }, "Max Wait Seconds");
}

/** Max Results of a followed-to-the-end list: undefined (every item) or a positive whole number. */
export function checkMaxResults(value: unknown): number | undefined {
  return checkInteger(value, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  }, "Max Results");
}

/** The body of a new project: name, Postgres region, and the optional workspace and logical ID. */
export function checkNewProject(
  props: { name: unknown; region: unknown; workspaceId: unknown; logicalId: unknown },
  nameLabel: string,
) {
  return {
    name: checkName(props.name, NAME_LIMITS.project, nameLabel),
    region: checkRegion(props.region),
    workspaceId: checkOptionalId("workspace", props.workspaceId),
    logicalId: checkOptionalLogicalId(props.logicalId),
  };
}

/**
 * True when two IDs name the same resource: the API takes IDs with or without their type
 * prefix. Two prefixes must agree: `db_x` and `con_x` are two resources.
 */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const prefixA = knownPrefixOf(a)?.toLowerCase() ?? null;
  const prefixB = knownPrefixOf(b)?.toLowerCase() ?? null;
  if (prefixA !== null && prefixB !== null && prefixA !== prefixB) return false;
  const body = (id: string, prefix: string | null) => prefix === null
    ? id
    : id.slice(prefix.length + 1);
  return body(a, prefixA) === body(b, prefixB);
}

/** What holds the `propDefinitions` a prop refers to: the app, read without importing it. */
type PropOwner = { propDefinitions?: Record<string, PropDefinitionLike> };

/** What a prop definition says of itself, once its `propDefinition` is resolved. */
interface PropDefinitionLike {
  type?: unknown;
  optional?: unknown;
  default?: unknown;
  propDefinition?: unknown;
}

/**
 * An empty answer, as agents send one for "not given": nothing, a string of nothing but
 * spaces, or a list that holds nothing else.
 */
export function isEmptyInput(value: unknown): boolean {
  // Lists are opened one after another rather than by recursion: a list nested a hundred thousand
  // levels deep (`[[[…]]]` typed into a list prop) would overflow the stack.
  const pending: unknown[] = [
    value,
  ];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === undefined || item === null) continue;
    if (typeof item === "string") {
      if (item.trim() !== "") return false;
    } else if (Array.isArray(item)) {
      for (const inner of item) pending.push(inner);
    } else {
      return false;
    }
  }
  return true;
}

/** A prop as Pipedream resolves it: the app's `propDefinition`, overridden by the component's own keys. */
function resolvedProp(definition: unknown): PropDefinitionLike | null {
  if (!definition || typeof definition !== "object") return null;
  const prop = definition as PropDefinitionLike;
  if (!Array.isArray(prop.propDefinition)) return prop;
  const [
    owner,
    name,
  ] = prop.propDefinition as [PropOwner | undefined, string];
  const {
    propDefinition: _reference, ...overrides
  } = prop;
  return {
    ...owner?.propDefinitions?.[name],
    ...overrides,
  };
}

/**
 * The props given empty (see `isEmptyInput`) that are optional (`optional: true`, or with a
 * `default`), each with what empty means for it: its default, or undefined when it has none.
 * Every component's props pass through this before its code reads them, so an optional prop
 * sent as `""` behaves exactly as one left out, whatever its type.
 */
export function emptyOptionalProps(
  props: Readonly<Record<string, unknown>> | undefined,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> | null {
  let replaced: Record<string, unknown> | null = null;
  for (const [
    name,
    definition,
  ] of Object.entries(props ?? {})) {
    const prop = resolvedProp(definition);
    // Only props a person or an agent fills in: not the app, `$.service.db` or a timer.
    if (!prop || typeof prop.type !== "string" || prop.type === "app" || prop.type.startsWith("$")) continue;
    if (prop.optional !== true && !("default" in prop)) continue;
    const value = values[name];
    if (value === undefined || !isEmptyInput(value)) continue;
    (replaced ??= {})[name] = prop.default;
  }
  return replaced;
}
