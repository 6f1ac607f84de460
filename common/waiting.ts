// Waits for a database to become ready after create, clone or restore. Polls with a growing
// interval (about 1 s, then ×1.5, at most 5 s) until `ready`, `failure`, or the time is up.
// Past 50 s the cap grows to a tenth of the time waited, so a long wait costs log(T) polls
// while readiness is still noticed within 10 % of the wait.
import { WAIT } from "./constants";
import { sleep } from "./retry";
import type { DatabaseStatus } from "./types";

export class DatabaseWaitError extends Error {
  readonly databaseId: string;
  readonly lastStatus: DatabaseStatus;

  constructor(databaseId: string, lastStatus: DatabaseStatus, message: string) {
    super(message);
    this.name = "DatabaseWaitError";
    this.databaseId = databaseId;
    this.lastStatus = lastStatus;
  }
}

export interface WaitResult<D> {
  database: D;
  polls: number;
  waitedMs: number;
}

/**
 * Returns the database once `ready`. `initial` is what the create call answered; when it is
 * already ready, or `maxWaitSeconds` is 0, no request is made.
 */
export async function waitUntilReady<D extends { id: string; status: DatabaseStatus }>(
  initial: D,
  fetchDatabase: () => Promise<D>,
  maxWaitSeconds: number,
): Promise<WaitResult<D>> {
  const started = Date.now();
  const deadline = started + maxWaitSeconds * 1000;
  let database = initial;
  let polls = 0;
  let interval: number = WAIT.firstPollMs;
  while (maxWaitSeconds > 0 && database.status !== "ready" && database.status !== "failure") {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(interval, left));
    const cap = Math.max(WAIT.maxPollMs, (Date.now() - started) * WAIT.maxLateFraction);
    interval = Math.min(cap, interval * WAIT.growth);
    database = await fetchDatabase();
    polls++;
  }
  const waitedMs = Date.now() - started;
  if (database.status === "failure") {
    throw new DatabaseWaitError(database.id, database.status,
      `Database ${database.id} failed to become ready (status "failure"). ` +
      "Delete it with **Delete Database** and create it again, or contact Prisma support if it keeps failing.");
  }
  if (database.status !== "ready" && maxWaitSeconds > 0) {
    throw new DatabaseWaitError(database.id, database.status,
      `Database ${database.id} is still "${database.status}" after ${maxWaitSeconds} s. It exists: ` +
      "do not create it again. Check it later with **Get Database**, or run this step with a larger Max Wait Seconds.");
  }
  return { database, polls, waitedMs };
}
