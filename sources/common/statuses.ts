// Status changes of databases. The API has no "changed since" filter and no update time, and a
// change of status does not move a database in its list: the only way to see changes is to read
// every database in scope on each run (one request per 100 databases) and compare with the last
// status recorded for each. That record is necessarily one status per database; it is rebuilt
// from each full read, so deleted databases drop out and it never outgrows the databases that exist.
//
// A status is read totally: a database listed without one (absent, null, not a string) keeps the
// status last recorded for it and produces no event; a status this package does not know is
// recorded and reported as it is, and never makes the stored state invalid.
import type { Database } from "../../common/types";
import { DATABASE_STATUSES } from "./checks";

export interface StatusState {
  /** The databases watched (e.g. the project filter): another scope starts afresh. */
  scope: string;
  /** When the statuses were read (epoch ms): a change seen now happened after it. */
  checkedAt: number;
  /** The last status of each database in scope, by ID, as the API wrote it. */
  statuses: Record<string, string>;
}

export interface StatusChange {
  database: Database;
  /** The status now. */
  status: string;
  /** The status at the last check; null for a database created since (every database starts `provisioning`). */
  previousStatus: string | null;
}

/** A database's status, or null when it was listed without one. */
export function statusOf(database: Database): string | null {
  const status: unknown = database.status;
  return typeof status === "string" && status !== ""
    ? status
    : null;
}

/** True for a status this package knows (`DATABASE_STATUSES`). */
export function isKnownStatus(status: string): boolean {
  return (DATABASE_STATUSES as readonly string[]).includes(status);
}

export function isStatusState(value: unknown): value is StatusState {
  const state = value as StatusState;
  return !!state && typeof state === "object" && typeof state.scope === "string" &&
    typeof state.checkedAt === "number" && Number.isFinite(state.checkedAt) &&
    !!state.statuses && typeof state.statuses === "object" && !Array.isArray(state.statuses) &&
    Object.values(state.statuses).every((s) => typeof s === "string");
}

/**
 * The statuses of `databases`, recorded as of `now`. A database listed without a status keeps
 * the one `before` had for it, if any.
 */
export function recordStatuses(
  scope: string,
  databases: readonly Database[],
  now: number,
  before: StatusState | null,
): StatusState {
  const statuses: Record<string, string> = {};
  for (const database of databases) {
    if (typeof database.id !== "string") continue;
    const status = statusOf(database) ?? (before && Object.hasOwn(before.statuses, database.id)
      ? before.statuses[database.id]
      : null);
    if (status !== null) statuses[database.id] = status;
  }
  return {
    scope,
    checkedAt: now,
    statuses,
  };
}

/**
 * The databases whose status differs from the last check, in list order. A database created
 * since the last check counts as changed when it is no longer `provisioning`, the status every
 * database starts in; one still provisioning is only recorded. A database without a status has
 * no change to report.
 */
export function statusChanges(state: StatusState, databases: readonly Database[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const database of databases) {
    const status = statusOf(database);
    if (status === null || typeof database.id !== "string") continue;
    const previousStatus = Object.hasOwn(state.statuses, database.id)
      ? state.statuses[database.id]
      : null;
    if (previousStatus === null
      ? status !== "provisioning"
      : previousStatus !== status) {
      changes.push({
        database,
        status,
        previousStatus,
      });
    }
  }
  return changes;
}
