// The steps a composite takes after what it created is ready (mint the application's
// connection, read the backups, …). The create's one-time connection strings exist only in
// this run's memory, so a step after it never throws them away: its failure is recorded and
// reported in the result's `followUpError`, in words, next to everything made so far, the way
// a wait that ran out reports `ready: false` and `waitError`.
import { redactText } from "../common/redaction";

export class FollowUps {
  private readonly failures: string[] = [];

  /**
   * Runs `step`. When it fails, records that `what` failed, the error in its own words (which
   * say, for a lost answer, what may have happened), and `advice`: what the result holds
   * instead and how to finish. Returns `fallback()` in the step's place.
   */
  async run<T>(what: string, step: () => Promise<T>, {
    fallback, advice,
  }: { fallback: () => T; advice: string }): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const message = error instanceof Error
        ? error.message
        : String(error);
      this.failures.push(redactText(`${what} failed: ${message} Instead, ${advice}`));
      return fallback();
    }
  }

  /** Why a step after the create did not complete, in words; null when every one did. */
  get error(): string | null {
    return this.failures.length
      ? this.failures.join(" ")
      : null;
  }
}
