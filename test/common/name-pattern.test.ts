import { describe, expect, it } from "vitest";
import { checkNamePattern, NAME_PATTERN_BUDGET_MS } from "../../common/name-pattern";

describe("checkNamePattern", () => {
  it("a prefix matches names that start with it; a name that is not text never matches", () => {
    expect(checkNamePattern("  pr-  ").matchAll(["pr-1", "main", "xpr-2", null, 7, "pr-"])).toEqual([true, false, false, false, false, true]);
  });

  it("a regular expression between slashes is used with its flags", () => {
    expect(checkNamePattern("/^PR-\\d+$/i").matchAll(["pr-12", "PR-7", "pr-x", undefined])).toEqual([true, true, false, false]);
  });

  it.each(["g", "y", "gy"])("with `%s` each name is tested from its start, whatever the name before it matched", (flags) => {
    // `test` on a `g` or `y` expression goes on from the last match: `pr-old` would then be
    // tested from its fourth character and match `/old/y`, which it does not.
    expect(checkNamePattern(`/old/${flags}`).matchAll(["old", "pr-old", "old"])).toEqual([true, flags === "g", true]);
    expect(checkNamePattern(`/^pr-/${flags}`).matchAll(["pr-1", "pr-2", "pr-3"])).toEqual([true, true, true]);
  });

  it.each([undefined, null, "", "   "])("refuses %j as missing, with an example", (value) => {
    expect(() => checkNamePattern(value)).toThrow("Name Pattern is required: a name prefix such as `pr-`, or a regular expression such as `/^preview-\\d+$/`.");
  });

  it.each([[5, "a number (5)"], [["pr-"], "a list"]])("refuses %j as given but not text", (value, kind) => {
    expect(() => checkNamePattern(value)).toThrow(`Name Pattern must be text, e.g. \`pr-\`; got ${kind}.`);
  });

  it.each([["/[unclosed/", "Unterminated character class"], ["/a/q", "Invalid flags"]])("refuses %s, saying why", (text, why) => {
    expect(() => checkNamePattern(text)).toThrow(new RegExp(`^Name Pattern ${text.replace(/[[\]/]/g, "\\$&")} is not a valid regular expression: .*${why}`));
  });

  // Exponential on these names: it would run for ages, so it is stopped at the budget, whatever
  // the machine's speed (the test asserts the refusal, not how long it took).
  it("stops a regular expression that would run for ages and refuses it, naming the pattern", () => {
    const pattern = checkNamePattern("/^(a+)+$/");
    const names = ["pr-1", `${"a".repeat(60)}!`];
    expect(() => pattern.matchAll(names)).toThrow(`Name Pattern /^(a+)+$/ took longer than ${NAME_PATTERN_BUDGET_MS / 1000} s to test against 2 names, so it was stopped. A repeat inside a repeat, such as \`(a+)+\`, can take exponential time: simplify the pattern (a prefix such as \`pr-\` is often enough).`);
    // The same pattern on names it handles at once still answers.
    expect(pattern.matchAll(["aaa", "aab"])).toEqual([true, false]);
  });
});
