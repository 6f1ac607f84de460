// A name pattern a person or an agent types: a prefix, or a regular expression between slashes.
// A regular expression runs in time of its own making (`/^(a+)+$/` takes exponential time on a
// long run of `a`s that ends in another character), so it is run on the names inside a time
// limit, and a pattern that reaches it is refused rather than left to hang the step.
import { ConfigurationError } from "@pipedream/platform";
import vm from "node:vm";
import { requireText } from "./validation";

/** How long a regular expression may take on all the names of one call together. */
export const NAME_PATTERN_BUDGET_MS = 1_000;

export interface NamePattern {
  /** The pattern as typed, for messages. */
  text: string;
  /** For each name, whether it matches; a name that is not text never does. */
  matchAll(names: readonly unknown[]): boolean[];
}

const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/;

// Each name is tested from its start: with `g` or `y`, `test` would go on from where the last
// name's match ended.
const MATCH_ALL = new vm.Script("names.map((name) => { pattern.lastIndex = 0; return typeof name === \"string\" && pattern.test(name); })");

/** The pattern, checked before any request: a prefix such as `pr-`, or `/^preview-\d+$/`. */
export function checkNamePattern(value: unknown, label = "Name Pattern"): NamePattern {
  requireText(value, label, "`pr-`");
  const text = typeof value === "string"
    ? value.trim()
    : "";
  if (!text) throw new ConfigurationError(`${label} is required: a name prefix such as \`pr-\`, or a regular expression such as \`/^preview-\\d+$/\`.`);
  const literal = REGEX_LITERAL.exec(text);
  if (!literal) {
    return {
      text,
      matchAll: (names) => names.map((name) => typeof name === "string" && name.startsWith(text)),
    };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(literal[1], literal[2]);
  } catch (error) {
    throw new ConfigurationError(`${label} ${text} is not a valid regular expression: ${(error as Error).message}`);
  }
  return {
    text,
    matchAll(names) {
      try {
        // An array of the context's realm, copied into this one.
        return Array.from(MATCH_ALL.runInContext(vm.createContext({
          pattern,
          names,
        }), {
          timeout: NAME_PATTERN_BUDGET_MS,
        }) as boolean[]);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw error;
        throw new ConfigurationError(`${label} ${text} took longer than ${NAME_PATTERN_BUDGET_MS / 1000} s to test against ${names.length} name${names.length === 1
          ? ""
          : "s"}, so it was stopped. A repeat inside a repeat, such as \`(a+)+\`, can take exponential time: simplify the pattern (a prefix such as \`pr-\` is often enough).`);
      }
    },
  };
}
