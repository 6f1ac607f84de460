// Input checks that run before any request. Each throws a ConfigurationError that says what
// was wrong and what is accepted, so a bad input never reaches the network.
import { ConfigurationError } from "@pipedream/platform";
import {
  ID_EXAMPLES, ID_NOUNS, ID_PREFIXES, INHERIT_REGION, LOGICAL_ID_PATTERN, POSTGRES_REGIONS,
  type IdKind,
} from "./constants";
import type { DatabaseRegionId, PostgresRegionId } from "./types";

// The API's ID pattern: an optional type prefix, then a cuid or a lowercase alphanumeric string.
const ID_BODY = String.raw`([cC][^\s-]{8,}|[a-z0-9]+)`;
const ID_PATTERNS = Object.fromEntries(
  Object.entries(ID_PREFIXES).map(([kind, prefix]) => [kind, new RegExp(`^(${prefix}_)?${ID_BODY}$`)]),
) as Record<IdKind, RegExp>;

/** The ID, trimmed, if it matches the API's pattern for its kind. */
export function checkId(kind: IdKind, value: unknown, label = `${capitalize(ID_NOUNS[kind])} ID`): string {
  const id = typeof value === "string" ? value.trim() : "";
  if (!id) throw new ConfigurationError(`${label} is required, e.g. ${ID_EXAMPLES[kind]}.`);
  if (!ID_PATTERNS[kind].test(id)) {
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
  return value === undefined || value === null || value === "" ? undefined : checkId(kind, value, label);
}

/** The name, trimmed, if its length is within the API's limits. */
export function checkName(value: unknown, limits: { min: number; max: number }, label: string): string {
  const name = typeof value === "string" ? value.trim() : "";
  if (name.length < limits.min || name.length > limits.max) {
    throw new ConfigurationError(
      `${label} must be ${limits.min} to ${limits.max} characters long; "${name}" has ${name.length}.`,
    );
  }
  return name;
}

export function checkOptionalName(value: unknown, limits: { min: number; max: number }, label: string) {
  return value === undefined || value === null || value === "" ? undefined : checkName(value, limits, label);
}

/** A Postgres region (`us-east-1`, …). */
export function checkRegion(value: unknown): PostgresRegionId {
  if ((POSTGRES_REGIONS as readonly unknown[]).includes(value)) return value as PostgresRegionId;
  throw new ConfigurationError(
    `Region "${value}" is not a Prisma Postgres region. Use one of: ${POSTGRES_REGIONS.join(", ")}.`,
  );
}

/** A region for a new database: a Postgres region, or `inherit` for the project's default region. */
export function checkDatabaseRegion(value: unknown): DatabaseRegionId {
  if (value === INHERIT_REGION) return INHERIT_REGION;
  if ((POSTGRES_REGIONS as readonly unknown[]).includes(value)) return value as DatabaseRegionId;
  throw new ConfigurationError(
    `Region "${value}" is not accepted for a database. Use one of: ${POSTGRES_REGIONS.join(", ")}, ` +
    `or "${INHERIT_REGION}" for the project's default region.`,
  );
}

/** A `logicalId`: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export function checkOptionalLogicalId(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" && LOGICAL_ID_PATTERN.test(value)) return value;
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
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < bounds.min || number > bounds.max) {
    throw new ConfigurationError(`${label} must be a whole number from ${bounds.min} to ${bounds.max}; got "${value}".`);
  }
  return number;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time, returned as the full date-time the API expects. */
export function checkOptionalDateTime(value: unknown, label: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "string" ? value.trim() : "";
  const time = ISO_8601.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) {
    throw new ConfigurationError(
      `${label} "${value}" is not an ISO 8601 date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`,
    );
  }
  return new Date(time).toISOString();
}

/**
 * The guard of an irreversible action: `confirm` must repeat the exact ID (or word) of what
 * will be destroyed or overwritten.
 */
export function checkConfirmation(confirm: unknown, expected: string, what: string): void {
  if (typeof confirm !== "string" || confirm.trim() !== expected) {
    throw new ConfigurationError(
      `Nothing was changed. To confirm that ${what} should go ahead, set Confirm to exactly "${expected}"` +
      (confirm ? ` (it was "${confirm}").` : "."),
    );
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
