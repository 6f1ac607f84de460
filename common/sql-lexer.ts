// A tokenizer for PostgreSQL's lexical rules (with standard_conforming_strings on, which the
// SQL sessions set), and the statements it splits a script into. What the SQL actions decide
// about a text (one statement or several, destructive or not, read-only or not) is decided on
// these tokens, never on the raw text: comments, quoted names, string constants of every kind
// and dollar-quoted bodies hide nothing and fake nothing.

export type TokenKind =
  /** A keyword or unquoted identifier; `value` is lower-cased, as PostgreSQL folds it. */
  | "word"
  /** A double-quoted identifier (`"x"`, `U&"x"`); `value` is the name it denotes. */
  | "quoted"
  /** A string constant of any kind ('…', E'…', B'…', X'…', N'…', U&'…', $tag$…$tag$). */
  | "string"
  | "number"
  /** A parameter placeholder, `$1`. */
  | "param"
  /** One operator character (`+`, `=`, `::` is two). */
  | "operator"
  /** `(`, `)`, `[`, `]`, `,`, `;`, `:`, `.` */
  | "punctuation";

export interface Token {
  kind: TokenKind;
  value: string;
  /** Offset of the token's first character in the text. */
  start: number;
  /** Offset just past its last character. */
  end: number;
}

/** A text PostgreSQL itself would refuse to read (an unterminated string, comment or name). */
export class SqlLexError extends Error {
  constructor(message: string, public position: number) {
    super(message);
    this.name = "SqlLexError";
  }
}

const WHITESPACE = /[ \t\n\r\f\v]/;
const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CONT = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG_START = /[A-Za-z_\u0080-\uffff]/;
const DOLLAR_TAG_CONT = /[A-Za-z0-9_\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";
const PUNCTUATION = "()[],;:.";

/** 1-based character position, as PostgreSQL reports positions. */
const at = (offset: number) => offset + 1;

/** The tokens of `text`, comments and whitespace left out. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, value: string, start: number) => {
    tokens.push({
      kind,
      value,
      start,
      end: i,
    });
  };
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && next === "-") {
      while (i < n && text[i] !== "\n" && text[i] !== "\r") i++;
      continue;
    }
    if (c === "/" && next === "*") {
      i = skipBlockComment(text, i);
      continue;
    }
    const start = i;
    const lower = c.toLowerCase();
    // Prefixed constants and names: the prefix counts only when the quote follows at once.
    if (lower === "e" && next === "'") {
      const quoted = readStringConstant(text, i + 1, true);
      i = quoted.end;
      push("string", decodeBackslashEscapes(quoted.value, start), start);
      continue;
    }
    if ((lower === "b" || lower === "x" || lower === "n") && next === "'") {
      const quoted = readStringConstant(text, i + 1, false);
      i = quoted.end;
      push("string", quoted.value, start);
      continue;
    }
    if (lower === "u" && next === "&" && (text[i + 2] === "'" || text[i + 2] === "\"")) {
      const quote = text[i + 2];
      const quoted = quote === "'"
        ? readStringConstant(text, i + 2, false)
        : readQuoted(text, i + 2, quote, false);
      const clause = uescapeAt(text, quoted.end, start);
      i = clause?.end ?? quoted.end;
      push(quote === "'"
        ? "string"
        : "quoted", decodeUnicodeEscapes(quoted.value, start, clause?.escape), start);
      continue;
    }
    if (c === "'" || c === "\"") {
      const quoted = c === "'"
        ? readStringConstant(text, i, false)
        : readQuoted(text, i, c, false);
      i = quoted.end;
      if (c === "\"" && quoted.value === "") throw new SqlLexError(`A quoted name cannot be empty (at character ${at(start)}).`, at(start));
      push(c === "'"
        ? "string"
        : "quoted", quoted.value, start);
      continue;
    }
    if (c === "$") {
      if (next !== undefined && DIGIT.test(next)) {
        i++;
        while (i < n && DIGIT.test(text[i])) i++;
        push("param", text.slice(start, i), start);
        continue;
      }
      const tag = dollarTagAt(text, i);
      if (tag !== null) {
        const bodyStart = i + tag.length;
        const close = text.indexOf(tag, bodyStart);
        if (close < 0) throw new SqlLexError(`The dollar-quoted string ${tag} that starts at character ${at(start)} is never closed.`, at(start));
        i = close + tag.length;
        push("string", text.slice(bodyStart, close), start);
        continue;
      }
      i++;
      push("operator", "$", start);
      continue;
    }
    if (IDENT_START.test(c)) {
      i++;
      while (i < n && IDENT_CONT.test(text[i])) i++;
      push("word", text.slice(start, i).toLowerCase(), start);
      continue;
    }
    if (DIGIT.test(c) || (c === "." && next !== undefined && DIGIT.test(next))) {
      i++;
      while (i < n && (/[0-9A-Za-z_.]/.test(text[i]) ||
        ((text[i] === "+" || text[i] === "-") && /[eE]/.test(text[i - 1]) && !/^0[xX]/.test(text.slice(start, i))))) i++;
      push("number", text.slice(start, i), start);
      continue;
    }
    if (PUNCTUATION.includes(c)) {
      i++;
      push("punctuation", c, start);
      continue;
    }
    if (OPERATOR_CHARS.includes(c)) {
      i++;
      push("operator", c, start);
      continue;
    }
    // Anything else (a backslash, a control character) is one operator-like token: PostgreSQL
    // refuses it, and nothing here gives it a meaning.
    i++;
    push("operator", c, start);
  }
  return tokens;
}

/**
 * The content of the quoted text that opens at `open` (`'…'` or `"…"`) and the offset just past
 * its closing quote: a doubled quote stands for one; with `backslashes` (E'…'), a backslash
 * escapes the next character.
 */
function readQuoted(
  text: string,
  open: number,
  quote: string,
  backslashes: boolean,
): { value: string; end: number } {
  let value = "";
  let i = open + 1;
  for (;;) {
    if (i >= text.length) {
      const what = quote === "'"
        ? "string constant"
        : "quoted name";
      throw new SqlLexError(`The ${what} that starts at character ${at(open)} is never closed.`, at(open));
    }
    const c = text[i];
    if (backslashes && c === "\\") {
      value += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return {
        value,
        end: i + 1,
      };
    }
    value += c;
    i++;
  }
}

/**
 * A string constant that opens at `open`, with the parts PostgreSQL joins to it: a quote that
 * follows the closing one after whitespace holding a newline (`'a'\n'b'` is `'ab'`) continues
 * the same constant, in the same mode, so in `E'x'\n'\''` the backslash still escapes.
 */
function readStringConstant(
  text: string,
  open: number,
  backslashes: boolean,
): { value: string; end: number } {
  let quoted = readQuoted(text, open, "'", backslashes);
  let value = quoted.value;
  for (;;) {
    const next = continuationAt(text, quoted.end);
    if (next < 0) break;
    quoted = readQuoted(text, next, "'", backslashes);
    value += quoted.value;
  }
  return {
    value,
    end: quoted.end,
  };
}

/**
 * The offset of the quote that continues a string constant ending at `from`, or -1: PostgreSQL's
 * `quotecontinue`, whitespace and `--` comments holding at least one newline, then `'`.
 */
function continuationAt(text: string, from: number): number {
  let newline = false;
  let i = from;
  while (i < text.length) {
    if (text[i] === "\n" || text[i] === "\r") {
      newline = true;
      i++;
    } else if (WHITESPACE.test(text[i])) {
      i++;
    } else if (text[i] === "-" && text[i + 1] === "-") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else {
      break;
    }
  }
  return newline && text[i] === "'"
    ? i
    : -1;
}

/** The end of the `/* … *\/` comment that opens at `open`; PostgreSQL's comments nest. */
function skipBlockComment(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    if (text[i] === "/" && text[i + 1] === "*") {
      depth++;
      i += 2;
    } else if (text[i] === "*" && text[i + 1] === "/") {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw new SqlLexError(`The comment that starts at character ${at(open)} is never closed.`, at(open));
}

/** The `$tag$` (or `$$`) that opens a dollar-quoted string at `i`, or null. */
function dollarTagAt(text: string, i: number): string | null {
  let j = i + 1;
  if (text[j] === "$") return "$$";
  if (j >= text.length || !DOLLAR_TAG_START.test(text[j])) return null;
  j++;
  while (j < text.length && DOLLAR_TAG_CONT.test(text[j])) j++;
  return text[j] === "$"
    ? text.slice(i, j + 1)
    : null;
}

/** The offset past whitespace and comments from `from`. */
function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (WHITESPACE.test(text[i])) i++;
    else if (text[i] === "-" && text[i + 1] === "-") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (text[i] === "/" && text[i + 1] === "*") i = skipBlockComment(text, i);
    else break;
  }
  return i;
}

/**
 * The `UESCAPE 'c'` clause that may follow a `U&` constant or name ending at `from`: its escape
 * character and the offset past it, or null. It is part of the constant, and decides what the
 * constant denotes (`U&'!0044ROP' UESCAPE '!'` is `DROP`).
 */
function uescapeAt(
  text: string,
  from: number,
  start: number,
): { escape: string; end: number } | null {
  const word = skipSpace(text, from);
  if (text.slice(word, word + 7).toLowerCase() !== "uescape" || IDENT_CONT.test(text[word + 7] ?? "")) return null;
  const open = skipSpace(text, word + 7);
  if (text[open] !== "'") throw new SqlLexError(`UESCAPE must be followed by a one-character string constant (at character ${at(word)}).`, at(word));
  const quoted = readQuoted(text, open, "'", false);
  if (quoted.value.length !== 1 || /[0-9A-Fa-f+'" \t\n\r\f\v]/.test(quoted.value)) {
    throw new SqlLexError(`Invalid Unicode escape character in the text that starts at character ${at(start)}.`, at(start));
  }
  return {
    escape: quoted.value,
    end: quoted.end,
  };
}

/**
 * The text an `E'…'` constant denotes: `\b`, `\f`, `\n`, `\r`, `\t`, octal `\o…`, hex `\xh…`
 * and `\u`/`\U` escapes decoded (bytes as UTF-8), any other escaped character as itself, so a
 * routine's body is read as the server will store it.
 */
function decodeBackslashEscapes(raw: string, start: number): string {
  const bytes: number[] = [];
  const character = (c: string) => bytes.push(...Buffer.from(c, "utf8"));
  const simple: Record<string, number> = {
    b: 8,
    f: 12,
    n: 10,
    r: 13,
    t: 9,
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== "\\" || i + 1 >= raw.length) {
      const code = raw.codePointAt(i) as number;
      character(String.fromCodePoint(code));
      if (code > 0xffff) i++;
      continue;
    }
    const e = raw[i + 1];
    const octal = /^[0-7]{1,3}/.exec(raw.slice(i + 1, i + 4));
    const hex = /^x([0-9A-Fa-f]{1,2})/.exec(raw.slice(i + 1, i + 4));
    const unicode = /^(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/.exec(raw.slice(i + 1, i + 10));
    if (e in simple) {
      bytes.push(simple[e]);
      i++;
    } else if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length;
    } else if (hex) {
      bytes.push(parseInt(hex[1], 16));
      i += hex[0].length;
    } else if (unicode) {
      const code = parseInt(unicode[1] ?? unicode[2], 16);
      if (code > 0x10ffff) throw new SqlLexError(`Invalid Unicode escape in the string that starts at character ${at(start)}.`, at(start));
      character(String.fromCodePoint(code));
      i += unicode[0].length;
    } else if (e === "u" || e === "U") {
      throw new SqlLexError(`Invalid Unicode escape in the string that starts at character ${at(start)}.`, at(start));
    } else {
      const code = raw.codePointAt(i + 1) as number;
      character(String.fromCodePoint(code));
      i += code > 0xffff
        ? 2
        : 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * The text a `U&'…'` or `U&"…"` denotes, with its escape character (`\` unless a `UESCAPE`
 * clause names another): `\XXXX`, `\+XXXXXX`, `\\`.
 */
function decodeUnicodeEscapes(raw: string, start: number, escape = "\\"): string {
  let value = "";
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== escape) {
      value += raw[i];
      continue;
    }
    if (raw[i + 1] === escape) {
      value += escape;
      i++;
      continue;
    }
    const long = raw[i + 1] === "+";
    const digits = long
      ? raw.slice(i + 2, i + 8)
      : raw.slice(i + 1, i + 5);
    if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== (long
      ? 6
      : 4)) {
      throw new SqlLexError(`Invalid Unicode escape in the text that starts at character ${at(start)}.`, at(start));
    }
    value += String.fromCodePoint(parseInt(digits, 16));
    i += long
      ? 7
      : 4;
  }
  return value;
}

export interface Statement {
  /** The statement's text, from its first token to its last (no trailing `;`). */
  text: string;
  /** Offset of `text` in the whole script. */
  start: number;
  tokens: Token[];
}

/**
 * The statements of `script`, split where PostgreSQL splits them: at each `;`, except inside
 * the `BEGIN ATOMIC … END` body of a CREATE FUNCTION or PROCEDURE, where CASE … END nests. A
 * BEGIN without ATOMIC opens no body (a function may be named `begin`: psql's guess that it
 * does would hide the statements after it). Empty statements (`;;`) are left out.
 */
export function splitStatements(script: string): Statement[] {
  const tokens = tokenize(script);
  const statements: Statement[] = [];
  let current: Token[] = [];
  let depth = 0;
  let parentheses = 0;
  const close = () => {
    if (current.length) {
      const start = current[0].start;
      statements.push({
        text: script.slice(start, current[current.length - 1].end),
        start,
        tokens: current,
      });
    }
    current = [];
    depth = 0;
    parentheses = 0;
  };
  tokens.forEach((token, index) => {
    if (isPunct(token, ";") && depth === 0) {
      close();
      return;
    }
    if (isPunct(token, "(")) parentheses++;
    else if (isPunct(token, ")")) parentheses--;
    else if (depth > 0) {
      if (isWord(token, "case")) depth++;
      else if (isWord(token, "end")) depth--;
    } else if (isWord(token, "begin") && isWord(tokens[index + 1], "atomic") && parentheses === 0 && isRoutineDefinition(current)) {
      depth = 1;
    }
    current.push(token);
  });
  close();
  return statements;
}

/** True when the tokens so far open `CREATE [OR REPLACE] FUNCTION|PROCEDURE`. */
function isRoutineDefinition(tokens: Token[]): boolean {
  const words = tokens.slice(0, 4).map((t) => t.kind === "word"
    ? t.value
    : "");
  if (words[0] !== "create") return false;
  const kind = words[1] === "or" && words[2] === "replace"
    ? words[3]
    : words[1];
  return kind === "function" || kind === "procedure";
}

const isWord = (token: Token | undefined, ...values: string[]) =>
  token?.kind === "word" && values.includes(token.value);
const isPunct = (token: Token | undefined, value: string) =>
  token?.kind === "punctuation" && token.value === value;

/**
 * The command tag a statement will report, as PostgreSQL names it: `SELECT`, `INSERT`,
 * `CREATE TABLE`, … (its first words, upper-cased).
 */
export function commandOf(statement: Statement): string {
  const words: string[] = [];
  for (const token of statement.tokens) {
    if (token.kind !== "word") break;
    words.push(token.value.toUpperCase());
    if (words.length === 1 && ![
      "CREATE",
      "DROP",
      "ALTER",
    ].includes(words[0])) break;
    if (words.length > 1 && ![
      "OR",
      "REPLACE",
      "UNIQUE",
      "TEMP",
      "TEMPORARY",
      "UNLOGGED",
      "MATERIALIZED",
    ].includes(words[words.length - 1])) break;
  }
  return words.join(" ") || "UNKNOWN";
}

/** The tokens of a statement past any `EXPLAIN [ANALYZE] [VERBOSE]` or `EXPLAIN (…)` prefix. */
function pastExplain(tokens: Token[]): Token[] {
  if (!isWord(tokens[0], "explain")) return tokens;
  let i = 1;
  if (isPunct(tokens[i], "(")) {
    let depth = 0;
    for (; i < tokens.length; i++) {
      if (isPunct(tokens[i], "(")) depth++;
      else if (isPunct(tokens[i], ")") && --depth === 0) {
        i++;
        break;
      }
    }
  } else {
    while (isWord(tokens[i], "analyze", "analyse", "verbose")) i++;
  }
  return tokens.slice(i);
}

// Tokens after which DELETE or UPDATE begins a statement of its own (rather than being part of
// `FOR UPDATE`, `ON UPDATE`, `DO UPDATE`, `GRANT UPDATE`, …): the start, `(` of a WITH query or
// subquery, `)` ending the WITH list, the `AS`/`ALSO`/`INSTEAD` of PREPARE and rules, and the
// places a statement starts in a routine's body (`;`, `BEGIN [ATOMIC]`, `THEN`, `ELSE`, `LOOP`,
// and the query of PL/pgSQL's `FOR … IN` and `RETURN QUERY`).
function startsSubStatement(previous: Token | undefined): boolean {
  return previous === undefined || isPunct(previous, "(") || isPunct(previous, ")") || isPunct(previous, ";") ||
    isWord(previous, "as", "also", "instead", "begin", "atomic", "then", "else", "loop", "in", "query");
}

/**
 * True when a `WHERE` follows `from` at the same nesting depth, before that (sub)statement ends
 * (at `;`, or at the `LOOP` that ends a PL/pgSQL `FOR … IN` query).
 */
function hasWhereAfter(tokens: Token[], from: number): boolean {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (isPunct(token, "(")) depth++;
    else if (isPunct(token, ")")) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && (isPunct(token, ";") || isWord(token, "loop"))) return false;
    else if (depth === 0 && isWord(token, "where")) return true;
  }
  return false;
}

/** Why the DELETE, UPDATE or MERGE in `tokens` (at any depth) changes rows it does not choose, or null. */
function rowsReason(tokens: Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (isWord(tokens[i - 1], "then") && tokens.slice(0, i).some((t) => isWord(t, "merge"))) {
      // MERGE's `WHEN MATCHED THEN DELETE` removes every row the join matches, with no WHERE
      // to say which; its `THEN UPDATE` changes the rows its ON condition chose.
      if (isWord(token, "delete")) return "MERGE … THEN DELETE removes every row it matches";
      // `WHEN NOT MATCHED BY SOURCE THEN UPDATE` changes every row the source does not match.
      let when = i;
      while (when > 0 && !isWord(tokens[when], "when")) when--;
      if (isWord(token, "update") && tokens.slice(when, i).some((t, j, clause) => isWord(t, "by") && isWord(clause[j + 1], "source"))) {
        return "MERGE … NOT MATCHED BY SOURCE THEN UPDATE changes every row its source does not match";
      }
      continue;
    }
    // `FOR UPDATE` locks rows, but PL/pgSQL's `OPEN c FOR DELETE FROM …` deletes them.
    const deleteStarts = startsSubStatement(tokens[i - 1]) || isWord(tokens[i - 1], "for");
    if (isWord(token, "delete") && deleteStarts && isWord(tokens[i + 1], "from") && !hasWhereAfter(tokens, i + 1)) {
      return "DELETE without WHERE removes every row";
    }
    if (!startsSubStatement(tokens[i - 1])) continue;
    if (isWord(token, "update") && !hasWhereAfter(tokens, i + 1) && tokens.slice(i + 1).some((t) => isWord(t, "set"))) {
      return "UPDATE without WHERE changes every row";
    }
  }
  return null;
}

/**
 * First words of the statements that leave data and schema as they are, apart from what
 * `destructiveReason` looks for in them. Every other command of PostgreSQL's grammar (CALL,
 * EXECUTE, REVOKE, REASSIGN OWNED, SECURITY LABEL, …) is one the checks cannot tell about, so it
 * needs the confirmation.
 */
const PRESERVING_HEADS = new Set([
  "select",
  "values",
  "table",
  "with",
  "insert",
  "update",
  "delete",
  "merge",
  "create",
  "alter",
  "comment",
  "grant",
  "set",
  "reset",
  "show",
  "savepoint",
  "release",
  "rollback",
  "analyze",
  "analyse",
  "vacuum",
  "reindex",
  "cluster",
  "refresh",
  "lock",
  "notify",
  "listen",
  "unlisten",
  "prepare",
  "deallocate",
  "declare",
  "fetch",
  "move",
  "close",
  "copy",
  "import",
  "checkpoint",
]);

/**
 * The first words of PostgreSQL's commands (as of PostgreSQL 18) beyond those above. A text that
 * starts with none of them is no statement at all: the server refuses the script as a syntax
 * error before it runs any of it.
 */
const OTHER_COMMANDS = new Set([
  "abort",
  "begin",
  "call",
  "commit",
  "discard",
  "do",
  "drop",
  "end",
  "execute",
  "explain",
  "load",
  "reassign",
  "revoke",
  "security",
  "start",
  "truncate",
]);

/** What ALTER may change and be told apart: the objects of a schema, not roles, databases or the server. */
const ALTERABLE = new Set([
  "table",
  "index",
  "sequence",
  "view",
  "materialized",
  "type",
  "domain",
  "schema",
  "function",
  "procedure",
  "routine",
  "aggregate",
  "trigger",
  "extension",
  "foreign",
  "statistics",
  "collation",
]);

/** Built-in functions that destroy what they are given (lo_export: the file it writes, as COPY … TO). */
const DESTROYING_FUNCTIONS = new Set([
  "lo_unlink",
  "lo_truncate",
  "lo_truncate64",
  "lo_export",
]);

/**
 * Words of a routine's body that make it destroy, or run what no check can read, when it is
 * called: the body runs later, where nothing checks it.
 */
const UNCHECKED_IN_BODIES = new Set([
  "drop",
  "truncate",
  "alter",
  "revoke",
  "call",
  "execute",
]);

/** Why the body of a CREATE FUNCTION or PROCEDURE destroys when called (or cannot be read), or null. */
function routineReason(tokens: Token[], command: string): string | null {
  // Every word after a `language`, not only the first: a parameter may be named language (and
  // be of a type named sql) ahead of the clause that says which language the body is in.
  const languages = tokens.flatMap((t, i) => isWord(t, "language")
    ? [
      tokens[i + 1]?.value.toLowerCase() ?? "",
    ]
    : []);
  const language = languages.find((name) => name !== "sql" && name !== "plpgsql") ?? "sql";
  const bodies = tokens.filter((t, i) => t.kind === "string" && (isWord(tokens[i - 1], "as") ||
    (isPunct(tokens[i - 1], ",") && tokens[i - 2]?.kind === "string" && isWord(tokens[i - 3], "as"))));
  const inline = bodies.length === 0;
  if (!inline && language !== "sql" && language !== "plpgsql") {
    return `${command} in LANGUAGE ${language} defines code that is not checked here`;
  }
  const codes: Token[][] = [];
  if (inline) codes.push(tokens);
  for (const body of bodies) {
    try {
      codes.push(tokenize(body.value));
    } catch {
      return `${command} has a body that cannot be read here`;
    }
  }
  for (const code of codes) {
    const word = code.find((t) => t.kind === "word" && (UNCHECKED_IN_BODIES.has(t.value) || DESTROYING_FUNCTIONS.has(t.value)));
    if (word && !inline) return `${command} defines code that runs ${word.value.toUpperCase()} when called`;
    const rows = rowsReason(code);
    if (rows) return `${command} defines code that runs ${rows}`;
  }
  return null;
}

/** Why an ALTER statement destroys (or may), or null. */
function alterReason(tokens: Token[], command: string): string | null {
  if (!isWord(tokens[1], ...ALTERABLE)) return `${command} is not a statement this step can tell leaves data and schema as they are`;
  for (let i = 2; i < tokens.length; i++) {
    const token = tokens[i];
    if (isWord(token, "drop")) return "ALTER … DROP removes part of the schema";
    if (isWord(token, "owner") && isWord(tokens[i + 1], "to")) return "ALTER … OWNER TO hands the object to another role";
    // `ALTER [COLUMN | ATTRIBUTE] name [SET DATA] TYPE …` converts the column's values (a
    // composite type's attribute, those of its typed tables), which can lose them.
    if (isWord(token, "type") && (isWord(tokens[i - 1], "data") || isWord(tokens[i - 2], "alter") ||
      (isWord(tokens[i - 2], "column", "attribute") && isWord(tokens[i - 3], "alter")))) {
      return "ALTER … TYPE converts a column's values, which can lose them";
    }
  }
  return null;
}

/**
 * Why a statement destroys data or schema, or may and cannot be told apart, or null when it does
 * not: `DROP`, `TRUNCATE`, `DELETE` or `UPDATE` without `WHERE` (in a WITH query too, and under
 * EXPLAIN ANALYZE), `MERGE … THEN DELETE`, `ALTER … DROP`, `… TYPE` or `… OWNER TO`, `CREATE OR
 * REPLACE`, a routine whose body does any of that (or is in a language not read here), `DO`, and
 * every statement not known to leave data alone. A guard that cannot tell, refuses.
 */
export function destructiveReason(statement: Statement): string | null {
  const tokens = pastExplain(statement.tokens);
  const head = tokens.find((t) => !isPunct(t, "("));
  const command = commandOf({
    ...statement,
    tokens,
  });
  if (isWord(head, "drop")) return `${command} removes it with its data`;
  if (isWord(head, "truncate")) return "TRUNCATE removes every row";
  if (isWord(head, "do")) return "DO runs a block of code that is not checked here";
  if (head?.kind !== "word" || (!PRESERVING_HEADS.has(head.value) && !OTHER_COMMANDS.has(head.value))) return null;
  if (!PRESERVING_HEADS.has(head.value)) return `${command} is not a statement this step can tell leaves data and schema as they are`;
  // Named at all, not only called: a column's DEFAULT or CHECK runs it on every row, an operator
  // or a routine with a body in SQL calls it under another name.
  const destroying = tokens.find((t) => (t.kind === "word" || t.kind === "quoted") && DESTROYING_FUNCTIONS.has(t.value));
  if (destroying) {
    return destroying.value === "lo_export"
      ? "lo_export overwrites a file on the server"
      : `${destroying.value} removes what it is given`;
  }
  if (head.value === "alter") return alterReason(tokens, command);
  if (head.value === "create") {
    if (isWord(tokens[1], "or") && isWord(tokens[2], "replace")) return `${command} replaces what may already exist under that name`;
    if (command === "CREATE RULE") return "CREATE RULE rewrites later statements on the table, which is not checked here";
    if (command === "CREATE FUNCTION" || command === "CREATE PROCEDURE") return routineReason(tokens, command);
  }
  if (head.value === "copy" && tokens.some((t) => isWord(t, "program"))) return "COPY … PROGRAM runs a command on the server, which is not checked here";
  if (head.value === "copy" && tokens.some((t, i) => isWord(t, "to") && tokens[i + 1]?.kind === "string")) {
    return "COPY … TO a file overwrites that file on the server";
  }
  // A comment set to NULL or to '' is removed.
  if (head.value === "comment" && tokens.some((t, i) => isWord(t, "is") &&
    (isWord(tokens[i + 1], "null") || (tokens[i + 1]?.kind === "string" && tokens[i + 1].value === "")))) {
    return "COMMENT … IS NULL removes a comment";
  }
  return rowsReason(tokens);
}

/** Statements that end or open a transaction, which would break the all-or-nothing run. */
export function transactionControl(statement: Statement): string | null {
  const [
    first,
    second,
  ] = statement.tokens;
  if (isWord(first, "begin", "commit", "end", "abort")) return first.value.toUpperCase();
  if (isWord(first, "start") && isWord(second, "transaction")) return "START TRANSACTION";
  if (isWord(first, "rollback") && !isWord(second, "to")) return "ROLLBACK";
  if (isWord(first, "prepare") && isWord(second, "transaction")) return "PREPARE TRANSACTION";
  return null;
}

/** Statements the driver cannot carry: COPY to or from the client (psql's `\copy` does that). */
export function copyThroughClient(statement: Statement): boolean {
  return isWord(statement.tokens[0], "copy") && statement.tokens.some((t) => isWord(t, "stdin", "stdout"));
}

/** First words a read-only query may start with. */
const READ_ONLY_HEADS = new Set([
  "select",
  "with",
  "values",
  "table",
  "explain",
  "show",
]);

/**
 * Functions that act outside the transaction (another session, another server, the server's
 * files or settings, a lock held by the session past its transaction, which a pooled
 * connection keeps for its next client), so a READ ONLY transaction cannot stop them.
 */
const OUTSIDE_THE_TRANSACTION = [
  /^dblink/,
  /^pg_(try_)?advisory_lock(_shared)?$/,
  /^pg_terminate_backend$/,
  /^pg_cancel_backend$/,
  /^pg_reload_conf$/,
  /^pg_rotate_logfile/,
  /^pg_switch_wal$/,
  /^pg_create_restore_point$/,
  /^pg_promote$/,
  /^pg_logical_emit_message$/,
  /^pg_file_/,
  /^pg_read_(binary_)?file$/,
  /^pg_background/,
  /^pg_notify$/,
  /^set_config$/,
  /^lo_(import|export|unlink|create|creat|from_bytea|put)$/,
  /^lowrite$/,
];

/**
 * Functions that run SQL given as text (built in, or from extensions such as tablefunc and
 * xml2), where no check of the query's own text can see what it calls.
 */
const RUNNING_QUERY_TEXT = [
  /^(query|cursor)_to_xml/,
  /^ts_stat$/,
  /^ts_rewrite$/,
  /^crosstab\d*$/,
  /^connectby$/,
  /^xpath_table$/,
];

/**
 * Why `statement` may not run as a read-only query, or null: it must be one statement that
 * starts like a query, and must not call functions that act outside the transaction or run
 * SQL given as text.
 */
export function readOnlyProblem(statements: Statement[]): string | null {
  if (statements.length === 0) return "The query is empty.";
  if (statements.length > 1) {
    return `Run SQL Query runs one statement, and this text holds ${statements.length}. Run them one at a time, or use **Execute SQL** for a script.`;
  }
  const tokens = statements[0].tokens;
  const head = tokens.find((t) => !isPunct(t, "("));
  if (!head || head.kind !== "word" || !READ_ONLY_HEADS.has(head.value)) {
    return `Run SQL Query runs only queries that read (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW); this one starts with ${commandOf(statements[0])}. To change data or schema, use **Execute SQL**.`;
  }
  for (const token of tokens) {
    if (token.kind !== "word" && token.kind !== "quoted") continue;
    const name = token.value.toLowerCase();
    if (OUTSIDE_THE_TRANSACTION.some((pattern) => pattern.test(name))) {
      return `${token.value} acts outside the read-only transaction, so Run SQL Query does not call it.`;
    }
    if (RUNNING_QUERY_TEXT.some((pattern) => pattern.test(name))) {
      return `${token.value} runs SQL given as text, which the checks cannot read, so Run SQL Query does not call it.`;
    }
  }
  return null;
}

/**
 * The passwords a statement writes (`PASSWORD 'x'`, `PASSWORD $$x$$`, or a bare word the
 * server refuses), as written and as they denote: an error the server sends about the
 * statement may quote them, e.g. `syntax error at or near "x"`.
 */
export function passwordsIn(statements: Statement[]): string[] {
  return statements.flatMap(({
    tokens, text, start,
  }) => tokens.flatMap((token, i) => {
    const value = tokens[i + 1];
    if (!isWord(token, "password") || !value || value.kind === "punctuation" || isWord(value, "null")) return [];
    return [
      value.value,
      text.slice(value.start - start, value.end - start),
    ];
  }));
}
