// Status changes of databases. The API has no "changed since" filter and no update time, and a
// change of status does not move a database in its list: the only way to see changes is to read
// every database in scope on each run (one request per 100 databases) and compare with the last
// status recorded for each. That record is necessarily one status per database; it is rebuilt
// from each full read, so deleted databases drop out and it never outgrows the databases that exist.
import type {
  Database, DatabaseStatus,
} from "../../common/types";
import { DATABASE_STATUSES } from "./checks";

export interface StatusState {
  /** The databases watched (e.g. the project filter): another scope starts afresh. */
  scope: string;
  /** When the statuses were read (epoch ms): a change seen now happened after it. */
  checkedAt: number;
  /** The last status of each database in scope, by ID. */
  statuses: Record<string, DatabaseStatus>;
}

export interface StatusChange {
  database: Database;
  /** The status at the last check; null for a database created since (every database starts `provisioning`). */
  previousStatus: DatabaseStatus | null;
}

export function isStatusState(value: unknown): value is StatusState {
  const state = value as StatusState;
  return !!state && typeof state === "object" && typeof state.scope === "string" && typeof state.checkedAt === "number" &&
    !!state.statuses && typeof state.statuses === "object" &&
    Object.values(state.statuses).every((s) =>
      (DATABASE_STATUSES as readonly unknown[]).includes(s));
}

/** The statuses of `databases`, recorded as of `now`. */
export function recordStatuses(
  scope: string,
  databases: readonly Database[],
  now: number,
): StatusState {
  const statuses: Record<string, DatabaseStatus> = {};
  for (const database of databases) statuses[database.id] = database.status;
  return {
    scope,
    checkedAt: now,
    statuses,
  };
}

/**
 * The databases whose status differs from the last check, in list order. A database created
 * since the last check counts as changed when it is no longer `provisioning`, the status every
 * database starts in; one still provisioning is only recorded.
 */
export function statusChanges(state: StatusState, databases: readonly Database[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const database of databases) {
    const previous = Object.hasOwn(state.statuses, database.id)
      ? state.statuses[database.id]
      : null;
    if (previous === null
      ? database.status !== "provisioning"
      : previous !== database.status) {
      changes.push({
        database,
        previousStatus: previous,
      });
    }
  }
  return changes;
}
