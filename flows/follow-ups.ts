// The steps a composite takes after what it created is ready (mint the application's
// connection, read the backups, …). The create's one-time connection strings exist only in
// this run's memory, so a step after it never throws them away: its failure is recorded and
// reported in the result's `followUpError`, in words, next to everything made so far, the way
// a wait that ran out reports `ready: false` and `waitError`.
import { redactText } from "../common/redaction";
import { reasonOf } from "./waiting";

export class FollowUps {
  private readonly failures: string[] = [];

  /**
   * Runs `step`. When it fails, records that `what` failed, why, and `advice` (what to do
   * instead), and returns `fallback()`: what the result holds in the step's place.
   */
  async run<T>(what: string, step: () => Promise<T>, {
    fallback, advice,
  }: { fallback: () => T; advice: string }): Promise<T> {
    try {
      return await step();
    } catch (error) {
      this.failures.push(`${what} failed (${redactText(reasonOf(error))}): ${advice}`);
      return fallback();
    }
  }

  /** Why a step after the create did not complete, in words; null when every one did. */
  get error(): string | null {
    return this.failures.length
      ? `${this.failures.join(" ")} Everything made before is in this result.`
      : null;
  }
}
