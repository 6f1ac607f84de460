// Input checks of the sources' own props, in the manner of `common/validation.ts`: each throws
// a ConfigurationError that says what was wrong and what is accepted.
import { ConfigurationError } from "@pipedream/platform";
import type { DatabaseStatus } from "../../common/types";
import { checkInteger } from "../../common/validation";

/** Every status a database can have, in lifecycle order. */
export const DATABASE_STATUSES = [
  "provisioning",
  "ready",
  "recovering",
  "failure",
] as const satisfies readonly DatabaseStatus[];

// Fails to compile when the API gains a status this list lacks.
type UnlistedStatus = Exclude<DatabaseStatus, (typeof DATABASE_STATUSES)[number]>;
const everyStatusListed: UnlistedStatus extends never ? true : never = true;
void everyStatusListed;

/** The statuses to watch: each one of `DATABASE_STATUSES`; empty means every status. */
export function checkStatuses(value: unknown, label = "Statuses"): DatabaseStatus[] {
  if (value === undefined || value === null || value === "") return [];
  const values = Array.isArray(value)
    ? value
    : [
      value,
    ];
  for (const status of values) {
    if (!(DATABASE_STATUSES as readonly unknown[]).includes(status)) {
      throw new ConfigurationError(`${label}: "${status}" is not a database status. Use any of: ${DATABASE_STATUSES.join(", ")}.`);
    }
  }
  return [
    ...new Set(values as DatabaseStatus[]),
  ];
}

/** A positive decimal number such as `0.5` or `10`, or undefined when not given. */
export function checkOptionalPositiveNumber(value: unknown, label: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = typeof value === "number"
    ? String(value)
    : typeof value === "string"
      ? value.trim()
      : "";
  if (text === "") return undefined;
  // Plain decimals only: `Number()` would also take "0x10", "1e3" and "Infinity".
  const number = /^\d+(\.\d+)?$/.test(text)
    ? Number(text)
    : NaN;
  if (!(number > 0) || !Number.isFinite(number)) {
    throw new ConfigurationError(`${label} must be a number greater than 0, such as 0.5 or 10; got "${value}".`);
  }
  return number;
}

/** The two usage thresholds, at least one of them set. */
export function checkUsageThresholds(
  storage: unknown,
  operations: unknown,
): { storageGib?: number; operations?: number } {
  const storageGib = checkOptionalPositiveNumber(storage, "Storage Threshold (GiB)");
  const operationCount = checkInteger(operations, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
  }, "Operations Threshold");
  if (storageGib === undefined && operationCount === undefined) {
    throw new ConfigurationError("Set at least one threshold: Storage Threshold (GiB), Operations Threshold, or both.");
  }
  return {
    storageGib,
    operations: operationCount,
  };
}
