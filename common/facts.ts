// What an answer says about a resource that a guard must be sure of before touching it: yes, no,
// or cannot tell. Each fact is decided here once, from fields whose every value (absent, null,
// another type, a value the package does not know) has a meaning; a guard acts only on "yes" and
// refuses otherwise, saying what it could not confirm.
import { redactText } from "./redaction";
import { kindOf } from "./responses";
import { sameId } from "./validation";

export type Verdict = "yes" | "no" | "unknown";

export interface Finding {
  verdict: Verdict;
  /** Why the answer is not "yes", worded to follow the resource's name; null for "yes". */
  reason: string | null;
}

const YES: Finding = {
  verdict: "yes",
  reason: null,
};
const no = (reason: string): Finding => ({
  verdict: "no",
  reason,
});
const unknown = (reason: string): Finding => ({
  verdict: "unknown",
  reason,
});

/** An enumeration's value for a summary: the value the API sent, or "unknown" when it sent none. */
export function valueText(value: unknown): string {
  return typeof value === "string" && value !== ""
    ? value
    : "unknown";
}

/** All of `findings` at once: "no" when one is, else "unknown" when one is (with its reason), else "yes". */
export function allOf(findings: readonly Finding[]): Finding {
  return findings.find((f) => f.verdict === "no") ??
    findings.find((f) => f.verdict === "unknown") ??
    YES;
}

/** `value` in words for an error: a known type's name, or the unknown string itself. */
function shown(value: unknown): string {
  return typeof value === "string" && value !== ""
    ? `"${redactText(value.slice(0, 40))}", a value this package does not know`
    : kindOf(value);
}

/** The branch roles the API documents. */
export const BRANCH_ROLES = [
  "production",
  "preview",
] as const;

/** The branch's role, or "unknown" for anything the API does not document (absent included). */
export function branchRole(branch: { role?: unknown }): typeof BRANCH_ROLES[number] | "unknown" {
  return (BRANCH_ROLES as readonly unknown[]).includes(branch.role)
    ? branch.role as typeof BRANCH_ROLES[number]
    : "unknown";
}

/** The branch's role for a summary: "preview", "production, the default", "an unknown role", … */
export function branchRoleText(branch: { role?: unknown; isDefault?: unknown }): string {
  const role = branchRole(branch);
  const named = role === "unknown"
    ? "an unknown role"
    : role;
  if (branch.isDefault === true) return `${named}, the default`;
  return branch.isDefault === false
    ? named
    : `${named}; whether it is the default is unknown`;
}

/**
 * Whether the branch is a preview branch that is not the project's default: the only kind a
 * guard lets be deleted or given a preview database. Production and default are "no"; a role
 * or default flag the answer does not state is "unknown".
 */
export function isPreviewBranch(branch: { role?: unknown; isDefault?: unknown }): Finding {
  const {
    role, isDefault,
  } = branch;
  if (role === "production") return no("is the project's production branch");
  if (isDefault === true) return no("is the project's default branch");
  if (role !== "preview") {
    return unknown(`cannot be confirmed to be a preview branch: its \`role\` in Prisma's answer is ${shown(role)}`);
  }
  if (isDefault !== false) {
    return unknown(`cannot be confirmed not to be the project's default branch: its \`isDefault\` in Prisma's answer is ${shown(isDefault)}`);
  }
  return YES;
}

/** Whether the database is confirmed not to be its project's default database. */
export function isNonDefaultDatabase(database: { isDefault?: unknown }): Finding {
  const { isDefault } = database;
  if (isDefault === true) return no("is its project's default database");
  if (isDefault === false) return YES;
  return unknown(`cannot be confirmed not to be its project's default database: its \`isDefault\` in Prisma's answer is ${shown(isDefault)}`);
}

/** The ID of the resource `ref` names (`{ id, … }`), or null when the answer names none. */
export function referencedId(ref: unknown): string | null {
  const id = typeof ref === "object" && ref !== null
    ? (ref as { id?: unknown }).id
    : undefined;
  return typeof id === "string" && id !== ""
    ? id
    : null;
}

/**
 * Whether `parent` (the `{ id }` an answer names, or whatever stands there) is `expectedId`.
 * `what` names the parent's kind, e.g. "project".
 */
export function belongsTo(parent: unknown, expectedId: string, what: string): Finding {
  const id = referencedId(parent);
  if (id === null) {
    return unknown(`cannot be confirmed to belong to ${what} ${expectedId}: the ${what} in Prisma's answer is ${kindOf(parent)}`);
  }
  return sameId(id, expectedId)
    ? YES
    : no(`belongs to ${what} ${id}, not to ${what} ${expectedId}`);
}

/** Whether the database is on branch `branchId`, from its `branchId` field (null: on none named). */
export function isOnBranch(database: { branchId?: unknown }, branchId: string): Finding {
  const found = database.branchId;
  if (typeof found === "string" && found !== "") {
    return found === branchId
      ? YES
      : no(`is on branch ${found}, not on branch ${branchId}`);
  }
  if (found === null) return no(`is not on branch ${branchId}: its \`branchId\` in Prisma's answer is null`);
  return unknown(`cannot be confirmed to be on branch ${branchId}: its \`branchId\` in Prisma's answer is ${kindOf(found)}`);
}

/**
 * The earliest time an answer can state (epoch ms): nothing of Prisma Postgres was created before
 * 2000, so a smaller number is not a time in milliseconds but seconds, or damage.
 */
export const EARLIEST_TIME_MS = Date.UTC(2000, 0, 1);

/**
 * A timestamp as milliseconds since the epoch: an ISO 8601 string (read as UTC when it names no
 * zone, as the API writes its times), or a number of milliseconds. null when the value is neither
 * (absent, null, unreadable) or lies before `EARLIEST_TIME_MS`: the time is unknown.
 */
export function timeOf(value: unknown): number | null {
  let ms = NaN;
  if (typeof value === "number") ms = value;
  else if (typeof value === "string" && /^\d{4}-\d\d-\d\d/.test(value)) {
    ms = Date.parse(/^\d{4}-\d\d-\d\dT[\d:.]+$/.test(value)
      ? `${value}Z`
      : value);
  }
  return Number.isFinite(ms) && ms >= EARLIEST_TIME_MS
    ? ms
    : null;
}

/**
 * Whether the resource was created at or before `cutoffMs`; `age` words it, e.g. "older than 24
 * hours". At, too: a time in milliseconds cannot order two moments of the same millisecond, and
 * a cutoff of now must take everything already created.
 */
export function createdAtOrBefore(
  resource: { createdAt?: unknown },
  cutoffMs: number,
  age: string,
): Finding {
  const createdAt = timeOf(resource.createdAt);
  if (createdAt === null) {
    // A number is shown as it is: seconds for milliseconds are told by their size.
    const found = typeof resource.createdAt === "number"
      ? `the number ${resource.createdAt}`
      : shown(resource.createdAt);
    return unknown(`cannot be confirmed to be ${age}: its \`createdAt\` in Prisma's answer is ${found}, not a time`);
  }
  return createdAt <= cutoffMs
    ? YES
    : no(`is not ${age} yet`);
}
