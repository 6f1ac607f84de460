// Which backups of a database are new and settled. Backups are listed newest first in a single
// page of at most 100 (no cursor); Prisma takes about one a day and keeps them for 7 to 30 days,
// so one request per run sees every backup that can be new. A backup is first `running`, then
// `completed` or `failed`: one is emitted once it has settled, however long that takes.
import type { Backup } from "../../common/types";
import {
  isStoredTime, timeOf,
} from "./base";
import { oldestFirst } from "./watermark";

/**
 * Every backup created before `createdAt` has been settled and dealt with; `ids` are the
 * backups from `createdAt` on that have been dealt with (emitted, or settled and skipped).
 * `createdAt` stays at the oldest backup still running, so `ids` hold at most a page.
 */
export interface BackupState {
  /** The database (and options) the state belongs to: another scope starts afresh. */
  scope: string;
  /** As the API sent it (an ISO string, or epoch ms), or 0 for a backup listed without a readable time. */
  createdAt: string | number | null;
  ids: string[];
}

/** Statuses after which a backup changes no more. `unknown` may still turn into either, so it waits. */
const SETTLED: readonly Backup["status"][] = [
  "completed",
  "failed",
];

/** A state this file could have written: a time that cannot be read (damage) would make every backup new. */
export function isBackupState(value: unknown): value is BackupState {
  const state = value as BackupState;
  return !!state && typeof state === "object" && typeof state.scope === "string" &&
    (state.createdAt === null || isStoredTime(state.createdAt)) &&
    Array.isArray(state.ids) && state.ids.every((id) => typeof id === "string");
}

/**
 * The backups to emit now, oldest first (those settled since the last run that `wanted`
 * accepts), and the state after them. With `state` null (on deploy) every settled backup counts
 * as new; the caller keeps only the most recent.
 */
export function settledBackups(
  state: BackupState | null,
  scope: string,
  backups: readonly Backup[],
  wanted: (backup: Backup) => boolean,
): { emit: Backup[]; state: BackupState } {
  const since = state?.createdAt
    ? timeOf(state.createdAt)
    : -Infinity;
  const known = new Set(state?.ids ?? []);
  const open = backups.filter((b) => timeOf(b.createdAt) >= since && !known.has(b.id));
  const settled = open.filter((b) => SETTLED.includes(b.status));
  const running = open.filter((b) => !SETTLED.includes(b.status));
  const emit = oldestFirst(settled.filter(wanted));

  // The new boundary: the oldest backup still running, or else the newest backup listed.
  const times = (running.length
    ? running
    : backups).map((b) => timeOf(b.createdAt));
  // Folds, not `Math.min(...)`: a list of a million backups is more arguments than a call takes.
  const boundary = times.length === 0
    ? null
    : running.length
      ? times.reduce((a, b) => Math.min(a, b))
      : times.reduce((a, b) => Math.max(a, b));
  const boundaryBackup = boundary === null
    ? undefined
    : backups.find((b) => timeOf(b.createdAt) === boundary);
  // As the API sent it, or 0 when it sent no time that can be read (so the state still validates).
  const createdAt: string | number | null = boundaryBackup
    ? isStoredTime(boundaryBackup.createdAt)
      ? boundaryBackup.createdAt
      : 0
    : state?.createdAt ?? null;
  const dealtWith = [
    ...known,
    ...settled.map((b) => b.id),
  ];
  // While the boundary stays, every ID dealt with is still at or past it: all are kept, even one
  // missing from this answer. Once it moves, only those listed at or past the new one are kept.
  const from = createdAt === null
    ? -Infinity
    : timeOf(createdAt);
  const dealtWithIds = new Set(dealtWith);
  const ids = createdAt === (state?.createdAt ?? null)
    ? dealtWith
    : backups
      .filter((b) => dealtWithIds.has(b.id) && timeOf(b.createdAt) >= from)
      .map((b) => b.id);
  return {
    emit,
    state: {
      scope,
      createdAt,
      ids,
    },
  };
}
