import type { RunOptions } from "./types";

/**
 * The default of `run`'s argument. @pipedream/types declares the argument optional, which
 * strict TypeScript will not destructure; Pipedream always passes it, so this never runs.
 */
export function runOptionsRequired(): RunOptions {
  throw new Error("An action's run() must be called with { $ }.");
}
