// Shared pieces of the source tests: an instance of a source with the test token, items with
// distinct creation times, and the check that nothing emitted carries a credential.
import { expect } from "vitest";
import { SECRETS } from "../fixtures";
import { TOKEN } from "../harness";
import { instantiate, MemoryDb, type Emitted, type SourceInstance, type SourceLike } from "../source-harness";

export { MemoryDb };

/** A source instance authenticated with the test token; pass an earlier `db` for a restart. */
export function sourceWith(source: SourceLike, props: Record<string, unknown> = {}, db?: MemoryDb): SourceInstance {
  return instantiate(source, props, { api_token: TOKEN }, db);
}

/** `2026-11-01T10:00:00.000Z` plus `minutes`: distinct, increasing creation times. */
export function minute(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 1, 10, minutes)).toISOString();
}

/** IDs of the emitted events, in order. */
export function ids(emitted: readonly Emitted[]): string[] {
  return emitted.map((e) => e.meta.id);
}

/** No credential (fixture secrets, the token, `extra`) in any event, meta or summary. */
export function expectNoSecrets(emitted: readonly Emitted[], extra: readonly string[] = []) {
  const text = JSON.stringify(emitted);
  for (const secret of [...SECRETS, TOKEN, ...extra]) expect(text).not.toContain(secret);
}
