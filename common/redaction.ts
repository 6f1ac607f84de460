// One place that decides what a secret is. Everything an action returns, exports or throws
// passes through `redactSecrets` (objects) or `redactText` (free text), except the named fields
// of the actions that mint credentials. `maskLiterals` masks only known literal secrets, for
// success bodies whose minted credentials must survive.
import type { Step } from "./types";

export const REDACTED = "[redacted]";

/**
 * The deepest nesting of lists and objects the walks below follow. No answer of the API nests
 * more than a few levels; a value nested deeper (a hostile body of `[[[…]]]`, which JSON parses
 * without recursion) would overflow the stack of a recursive walk, so it is refused with this.
 */
export const MAX_NESTING = 1_000;

/** A value nested deeper than `MAX_NESTING`: refused whole, since no part of it can be checked. */
export class NestingTooDeepError extends Error {
  constructor() {
    super(`The value is nested more than ${MAX_NESTING} levels deep (lists or objects inside one another), deeper than any Prisma answer or input: it was refused rather than passed on unchecked.`);
    this.name = "NestingTooDeepError";
  }
}

type Secrets = readonly string[];

/** Keys whose values are credentials wherever they appear. */
const SECRET_KEYS = new Set([
  "connectionString",
  "pass",
  "password",
  "apiKeys",
  "token",
  "accessToken",
  "access_token",
  "refresh_token",
  "recipientAccessToken",
  "api_token",
  "authorization",
  "Authorization",
]);

/**
 * The fields in which an action that mints credentials hands them over, and the only place they
 * may appear: any other output (an action that mints nothing, an event, an export) drops them.
 */
export const MINTED_FIELDS: ReadonlySet<string> = new Set([
  "directConnectionString",
  "pooledConnectionString",
  "accelerateConnectionString",
  "serviceTokenValue",
]);

// Base64url segments; the first starts `eyJ`, the encoding of `{"` that opens a JWT header.
// Prisma's service tokens (and Accelerate API keys) are JWTs, so this shape covers them too.
// A signature-less `header.payload` is masked as well: it is still a bearer credential.
const JWT_BODY = String.raw`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?`;
// The look-behind makes a match start only where a segment can start, so a failed attempt
// never rescans the same run of characters from every position: the scan stays linear.
const JWT_IN_TEXT = new RegExp(String.raw`(?<![A-Za-z0-9_-])${JWT_BODY}`, "g");
const JWT_WHOLE = new RegExp(`^${JWT_BODY}$`);

/** True for a string that is a token by its shape alone (a JWT, as Prisma's service tokens are). */
export function isTokenShaped(text: string): boolean {
  return text.startsWith("eyJ") && JWT_WHOLE.test(text);
}

// A key whose value is a credential when text spells it `key=value`, `"key": "value"` or
// `key: 'value'` (query strings, libpq settings, JSON and inspected objects quoted in a message).
const SECRET_KEY_NAME = /(?:pass|password|passwd|pwd|passphrase|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|signature|auth|authorization|credentials?)$/i;
// A key written as an identifier (`x-api-key`, `client_secret`, `apiKey`), not a word of prose:
// its `key: value` is a setting even unquoted.
const IDENTIFIER_KEY = /[-_]|[a-z][A-Z]/;
// A word, matched from where it starts to where it ends: no position inside it starts a match.
const WORD = /(?<![A-Za-z0-9_-])[A-Za-z][A-Za-z0-9_-]*/g;

/**
 * Whether `text` holds an identifier's `key:` (not a scheme's `https:`), which alone makes an
 * unquoted pair worth looking for. A scan of its words, each looked at once: a regular
 * expression for this backtracks quadratically on a long run such as `----…`.
 */
function hasIdentifierKeyColon(text: string): boolean {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    let i = WORD.lastIndex;
    while (i - WORD.lastIndex < 3 && (text[i] === " " || text[i] === "\t")) i++;
    if (text[i] === ":" && !text.startsWith("//", i + 1) && IDENTIFIER_KEY.test(match[0])) return true;
  }
  return false;
}

// `value` is a secret on service tokens (marked by their type, by the hint that accompanies
// the value, or by their `itgr_` ID) and whenever it holds a token; elsewhere, such as the
// `{ label, value }` of a dropdown option, it is not. Any other text under a key named like a
// secret (`passwd`, `api_key`, `client_secret`: a SQL row's columns, a header) is one too.
function isSecretKey(key: string, parent: Record<string, unknown>, item: unknown): boolean {
  if (key === "value") {
    return parent.type === "serviceToken" || "valueHint" in parent ||
      (typeof parent.id === "string" && parent.id.startsWith("itgr_")) ||
      (typeof item === "string" && isTokenShaped(item.trim()));
  }
  return SECRET_KEYS.has(key) || (typeof item === "string" && isNamedLikeSecret(key));
}

// The rows of a list share their keys: each name is tested once (up to a bound, for keys that
// never repeat).
const namedLikeSecret = new Map<string, boolean>();

function isNamedLikeSecret(key: string): boolean {
  let named = namedLikeSecret.get(key);
  if (named === undefined) {
    named = SECRET_KEY_NAME.test(key);
    if (namedLikeSecret.size < 10_000) namedLikeSecret.set(key, named);
  }
  return named;
}
// A key and its separator. The look-behind lets a match start only where a word starts, and
// `-` is in it so that `a-a-a…` is scanned once, not once per part: the scan stays linear.
// The separator is `=`, `:`, `=>` or `:=`, or, before a quoted value, only a space: SQL's
// `PASSWORD 'x'`.
const KEY_VALUE = /(?<![A-Za-z0-9_-])(\\?["']?)([A-Za-z][A-Za-z0-9_-]*)(\\?["']?)[ \t]{0,3}(=>|:=|[=:]|(?<=[ \t])(?=\\?["']))[ \t]{0,3}/g;
const SQL_PASSWORD_KEY = /^(?:password|passwd|pwd|passphrase)$/i;
// Where an unquoted value ends, unless a backslash escapes it (libpq's `password=a\ b`).
const VALUE_END = /[&\s"'<>;]/g;
const AUTH_SCHEME = /\b(bearer|basic)[ \t]+/gi;
// Spelled as HTTP spells it, the scheme is followed by a credential; in another case it may be
// prose ("basic plan", "missing bearer token"), so only a value no word looks like counts (a
// digit, a symbol or a capital inside it, as tokens and base64 have).
const AUTH_SCHEME_CANONICAL = new Set([
  "Bearer",
  "Basic",
  "BEARER",
  "BASIC",
]);
const NOT_A_WORD = /[^A-Za-z]|[a-z][A-Z]/;
const AUTH_VALUE = /[A-Za-z0-9._~+/=-]+/y;
const WHITESPACE = /\s/g;
const URL_USER = /[^\s:/@]*/y;
// Percent-encoded separators, encoded once or more (`%3A`, `%253A`): a connection string in a
// query parameter or a hint keeps its shape, only spelled differently.
// (Not `%20`: in a raw connection string it is part of a password, which ends at whitespace.)
const ENCODED = /%(?:25)*(3[AaDdFfBb]|2[Ff6]|40)/y;
const DECODED: Record<string, string> = {
  "3a": ":",
  "3d": "=",
  "3f": "?",
  "3b": ";",
  "2f": "/",
  "26": "&",
  "40": "@",
};

/** A range of text to mask, `[start, end)`. */
type Span = [number, number];

/**
 * The text with its percent-encoded separators decoded, and where each character of that view
 * starts in the text: patterns are found once, in the view, whichever way the text spells them.
 */
function decodedView(text: string): { view: string; origin: number[] } {
  const origin: number[] = [];
  let view = "";
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 37 /* % */) {
      ENCODED.lastIndex = i;
      const match = ENCODED.exec(text);
      if (match) {
        origin.push(i);
        view += DECODED[match[1].toLowerCase()];
        i = ENCODED.lastIndex;
        continue;
      }
    }
    origin.push(i);
    view += text[i];
    i++;
  }
  origin.push(text.length);
  return {
    view,
    origin,
  };
}

/** The last `@` in `text` from `start` to `end`, or -1. */
function lastAt(text: string, start: number, end: number): number {
  let at = -1;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 64 /* @ */) at = i;
  return at;
}

/**
 * `indexOf(search, from)` for calls whose `from` never goes back: a result still ahead is
 * reused, so the text is searched once however often it is asked.
 */
function forwardFinder(text: string, search: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf(search, from);
    return found;
  };
}

// What follows the `host:` of a URL without a user: a port, then its path or its end.
const PORT_FIRST = /^\d{1,5}(?:[/?#"',;)\]>]|$)/;

/**
 * The password of every `scheme://user:password@host` in `text`. The password runs to the LAST
 * `@` before the next whitespace, so one holding `@`, `/`, `:` or `?` is masked whole (at worst,
 * a later `@` in the same unbroken run masks a little more than the password). One typed with
 * spaces in it, not encoded (`user:pass word@host`, which a URL parser still accepts), runs on
 * to the next `@` of its line. A hand-written scan, linear in the text's length: a regular
 * expression for this backtracks quadratically on long hostile input.
 */
function urlPasswords(text: string, spans: Span[], accept: (index: number) => boolean): void {
  const nextLine = forwardFinder(text, "\n");
  const nextUrl = forwardFinder(text, "://");
  const nextAt = forwardFinder(text, "@");
  let from = 0;
  for (;;) {
    const slashes = text.indexOf("://", from);
    if (slashes < 0) break;
    if (!accept(slashes)) {
      from = slashes + 3;
      continue;
    }
    // The user runs to the first `:`; a `/`, `@` or whitespace first means there is no password.
    URL_USER.lastIndex = slashes + 3;
    URL_USER.exec(text);
    const colon = URL_USER.lastIndex;
    if (text[colon] !== ":") {
      from = colon;
      continue;
    }
    const start = colon + 1;
    WHITESPACE.lastIndex = start;
    let end = WHITESPACE.exec(text)?.index ?? text.length;
    let at = lastAt(text, start, end);
    const port = PORT_FIRST.test(text.slice(start, Math.min(end, start + 7)));
    if (at < 0 && end < text.length && !port) {
      // No `@` before the whitespace, and not a port: a password with spaces, if an `@` follows
      // on the same line before another URL starts.
      const spaced = nextAt(end);
      const line = nextLine(end);
      const url = nextUrl(end);
      if (spaced >= 0 && (line < 0 || spaced < line) && (url < 0 || spaced < url)) {
        WHITESPACE.lastIndex = spaced;
        end = WHITESPACE.exec(text)?.index ?? text.length;
        at = lastAt(text, spaced, end);
      }
    }
    // No `@` after the colon in this run: no later `://` in it can hold a password either.
    if (at > start) spans.push([
      start,
      at,
    ]);
    from = end;
  }
}

/**
 * Where a quoted value that starts at `start` ends: at the next `quote` not escaped by a
 * backslash (nor, for `'`, doubled) or, for a value quoted as `\"…\"` (JSON inside a JSON string), at the next `\"`
 * that is not itself an escaped quote of the inner text (`\\\"`).
 */
function quotedEnd(text: string, start: number, quote: string, escaped: boolean): number {
  // In an escaped value, each `\x` of the text is one character `x` of the inner text.
  let innerEscape = false;
  for (let i = start; i < text.length; i++) {
    let char = text[i];
    const at = i;
    if (char === "\\") {
      if (!escaped) {
        i++;
        continue;
      }
      char = text[++i] ?? "";
      if (char === quote && !innerEscape) return at;
    } else if (char === quote && !escaped) {
      // SQL doubles a single quote inside a quoted value: `'it''s'`.
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
    innerEscape = escaped && char === "\\" && !innerEscape;
  }
  return text.length;
}

/** Where an unquoted value that starts at `start` ends: its first terminator no backslash escapes. */
function unquotedEnd(text: string, start: number): number {
  VALUE_END.lastIndex = start;
  for (let match = VALUE_END.exec(text); match; match = VALUE_END.exec(text)) {
    let backslashes = 0;
    while (match.index - backslashes - 1 >= start && text[match.index - backslashes - 1] === "\\") backslashes++;
    if (backslashes % 2 === 0) return match.index;
  }
  return text.length;
}

/** The values of secret keys written as `key=value`, `"key": "value"` or `key: 'value'`. */
function keyValues(text: string, spans: Span[], accept: (index: number) => boolean): void {
  KEY_VALUE.lastIndex = 0;
  for (let match = KEY_VALUE.exec(text); match; match = KEY_VALUE.exec(text)) {
    const [
      whole,
      open,
      key,
      close,
      separator,
    ] = match;
    if (!SECRET_KEY_NAME.test(key) || !accept(match.index + whole.length - 1 - /[ \t]*$/.exec(whole)![0].length)) continue;
    let start = match.index + whole.length;
    const escaped = text[start] === "\\" && (text[start + 1] === "\"" || text[start + 1] === "'");
    const quote = text[escaped
      ? start + 1
      : start];
    const quotedValue = quote === "\"" || quote === "'";
    // `word: value` in prose ("invalid token: please reconnect") is words, not a credential.
    if (separator === ":" && !quotedValue && !open && !close && !IDENTIFIER_KEY.test(key)) continue;
    // A space for a separator is SQL's, for a password in single quotes: `service token "ci"` is
    // a name in prose.
    if (separator === "" && !(quote === "'" && SQL_PASSWORD_KEY.test(key))) continue;
    let end: number;
    if (quotedValue) {
      start += escaped
        ? 2
        : 1;
      end = quotedEnd(text, start, quote, escaped);
    } else {
      end = unquotedEnd(text, start);
    }
    if (end > start) spans.push([
      start,
      end,
    ]);
    KEY_VALUE.lastIndex = Math.max(KEY_VALUE.lastIndex, end);
  }
}

/** The credentials of `Bearer …` and `Basic …` authorizations. */
function authorizations(text: string, spans: Span[]): void {
  AUTH_SCHEME.lastIndex = 0;
  for (let match = AUTH_SCHEME.exec(text); match; match = AUTH_SCHEME.exec(text)) {
    AUTH_VALUE.lastIndex = AUTH_SCHEME.lastIndex;
    const value = AUTH_VALUE.exec(text);
    if (value && (AUTH_SCHEME_CANONICAL.has(match[1]) || NOT_A_WORD.test(value[0]))) {
      spans.push([
        AUTH_SCHEME.lastIndex,
        AUTH_VALUE.lastIndex,
      ]);
      AUTH_SCHEME.lastIndex = AUTH_VALUE.lastIndex;
    }
  }
}

function jwts(text: string, spans: Span[]): void {
  JWT_IN_TEXT.lastIndex = 0;
  for (let match = JWT_IN_TEXT.exec(text); match; match = JWT_IN_TEXT.exec(text)) {
    spans.push([
      match.index,
      match.index + match[0].length,
    ]);
  }
}

const anywhere = () => true;

/** Spans of `text` to mask, found where `accept` says a separator may be. */
function patternSpans(text: string, spans: Span[], accept: (index: number) => boolean): void {
  // Each pattern needs characters most strings lack: checking for them first skips most
  // scans, which is what keeps redacting a list of thousands of items cheap.
  if (text.includes("@") && text.includes("://")) urlPasswords(text, spans, accept);
  // A `key: value` counts only quoted (JSON, an inspected object) or with a key written as an
  // identifier, and a `key 'value'` only quoted: without either, no such pair.
  if (text.includes("=") || (text.includes(":") &&
    (text.includes("\"") || text.includes("'") || hasIdentifierKeyColon(text))) ||
    SPACED_QUOTE.test(text)) {
    keyValues(text, spans, accept);
  }
}

// A word, a space and a quote: what SQL's `PASSWORD 'x'` needs.
const SPACED_QUOTE = /[A-Za-z][ \t]{1,3}\\?'/;

// What every pattern needs one of: `://` or `key:`, `key=`, `key 'value'`, a scheme (as HTTP,
// lower or upper case spell it), a JWT's start, an encoding.
const MAY_HOLD_PATTERN = /[:=%']|eyJ|[Bb](?:earer|asic)|B(?:EARER|ASIC)/;
const MAY_HOLD_AUTHORIZATION = /bearer|basic/i;

function maskPatterns(text: string): string {
  // One scan rules out most strings of a large result (names, numbers, e-mail addresses).
  if (!MAY_HOLD_PATTERN.test(text)) return text;
  const spans: Span[] = [];
  patternSpans(text, spans, anywhere);
  if (MAY_HOLD_AUTHORIZATION.test(text)) authorizations(text, spans);
  if (text.includes("eyJ")) jwts(text, spans);
  let encodedSpans: Span[] = [];
  if (text.includes("%")) {
    // The same patterns once more, on the text with its separators decoded, where a separator
    // was encoded: `postgres%3A%2F%2Fuser%3Apass%40host`. (In a raw URL, `%2F` in a user or
    // password is part of it, not a separator.)
    const {
      view, origin,
    } = decodedView(text);
    if (view !== text) {
      const viewSpans: Span[] = [];
      patternSpans(view, viewSpans, (index) => text.charCodeAt(origin[index]) === 37 /* % */);
      encodedSpans = viewSpans.map(([
        start,
        end,
      ]) => [
        origin[start],
        origin[end],
      ]);
    }
  }
  return maskSpans(text, [
    ...spans,
    ...encodedSpans,
  ]);
}

/** `text` with each span replaced by `[redacted]`; overlapping spans are masked once, as one. */
function maskSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let masked = "";
  let copied = 0;
  for (const [
    from,
    to,
  ] of spans) {
    if (to <= copied) continue;
    if (from >= copied) masked += text.slice(copied, from) + REDACTED;
    copied = to;
  }
  return masked + text.slice(copied);
}

/**
 * Literal secrets ready to mask: non-empty, as given and trimmed (a token saved with a trailing
 * newline is sent trimmed), each with its URL-encoded form, longest first.
 */
function literalForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== "string") continue;
    for (const form of new Set([
      secret,
      secret.trim(),
    ])) {
      if (form === "") continue;
      forms.add(form);
      try {
        forms.add(encodeURIComponent(form));
      } catch {
        // A lone surrogate has no URL-encoded form; the secret itself is still masked.
      }
    }
  }
  // Longest first, so a secret that contains another is masked whole, not in pieces.
  return [
    ...forms,
  ].sort((a, b) => b.length - a.length);
}

/**
 * Below this length a literal secret is masked only where it stands alone: no real token is
 * this short, and masking every `ops` inside `shops` would garble every answer for nothing.
 */
export const WHOLE_WORD_BELOW = 8;

const WORD_CHAR = /[A-Za-z0-9_-]/;

/** `text` with each occurrence of `form` masked that no letter, digit, `_` or `-` adjoins. */
function maskWholeWord(text: string, form: string): string {
  let masked = "";
  let copied = 0;
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
    const end = at + form.length;
    if (at < copied || WORD_CHAR.test(text[at - 1] ?? "") || WORD_CHAR.test(text[end] ?? "")) continue;
    masked += text.slice(copied, at) + REDACTED;
    copied = end;
  }
  return masked + text.slice(copied);
}

function maskLiteralText(text: string, forms: readonly string[]): string {
  let masked = text;
  for (const form of forms) {
    if (!masked.includes(form)) continue;
    masked = form.length < WHOLE_WORD_BELOW
      ? maskWholeWord(masked, form)
      : masked.split(form).join(REDACTED);
  }
  return masked;
}

/**
 * THE function for free text built from API data (errors, summaries): masks URL passwords,
 * secret query parameters, bearer tokens, JWT-shaped tokens (service tokens among them), and
 * every occurrence of the literal `secrets` given (e.g. the token a request was sent with).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  return maskPatterns(maskLiteralText(text, literalForms(secrets)));
}

/**
 * A deep copy of `value` without credentials: secret keys are dropped, and credentials inside
 * strings are masked as `redactText` does (with the literal `secrets` given). Plain data only
 * (what JSON can hold).
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  return redact(value, literalForms(secrets)) as T;
}

// A body parsed from JSON may hold `__proto__` as an ordinary key: copy it as one, rather than
// letting the assignment replace the copy's prototype.
function setOwn(target: Record<string, unknown>, key: string, item: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, {
    value: item,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  else target[key] = item;
}

// As the language defines them, before anything could replace them.
const DATE_TO_JSON = Date.prototype.toJSON;
const DATE_TO_ISO = Date.prototype.toISOString;

function redact(
  value: unknown,
  forms: readonly string[],
  keep?: ReadonlySet<string>,
  ancestors: Set<object> = new Set(),
  keys: Map<string, string> = new Map(),
  asWritten = false,
): unknown {
  if (typeof value === "string") return maskPatterns(maskLiteralText(value, forms));
  if (ancestors.size > MAX_NESTING) throw new NestingTooDeepError();
  // A function is no data, and JSON would call one's `toJSON` after the copy was masked.
  if (typeof value === "function") return undefined;
  if (!value || typeof value !== "object") return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  // A Date as the language writes it is ISO text (or null when invalid), which holds no
  // credential: copied as a Date, it spares a SQL result of timestamps a mask per value, and
  // JSON still writes the same text.
  if (value instanceof Date && toJSON === DATE_TO_JSON && value.toISOString === DATE_TO_ISO) {
    return new Date(value.getTime());
  }
  if (!asWritten && typeof toJSON === "function") {
    // What JSON writes in its place (a Date's ISO text), redacted, rather than its fields.
    let written: unknown;
    try {
      written = toJSON.call(value, "");
    } catch {
      return REDACTED;
    }
    return redact(written, forms, keep, ancestors, keys, true);
  }
  // Plain data has no cycles; a value that has one is cut there rather than followed forever.
  if (ancestors.has(value)) return REDACTED;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((item) => redact(item, forms, keep, ancestors, keys));
    }
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (keep?.has(key)) setOwn(copy, key, item);
      // A component's output (`keep` given) drops the named fields it may not keep; plain
      // `redactSecrets` masks them in place, for a tool that shows them masked.
      else if (!isSecretKey(key, source, item) && !(keep && MINTED_FIELDS.has(key))) {
        // The rows of a list share their keys: each is masked once.
        let masked = keys.get(key);
        if (masked === undefined) {
          // A key is text like any other: a map keyed by connection strings shows them masked.
          masked = maskPatterns(maskLiteralText(key, forms));
          keys.set(key, masked);
        }
        setOwn(copy, masked, redact(item, forms, keep, ancestors, keys));
      }
    }
    return copy;
  } finally {
    ancestors.delete(value);
  }
}

const NOTHING_KEPT: ReadonlySet<string> = new Set();

/**
 * A component's output, redacted everywhere (names and other text built from API data
 * included, and the literal `secrets` given) except in the fields of `keep`: by default the
 * named fields that carry what an action minted.
 */
export function redactOutput<T>(
  output: T,
  secrets: readonly string[] = [],
  keep: ReadonlySet<string> = MINTED_FIELDS,
): T {
  return redact(output, literalForms(secrets), keep) as T;
}

/** `redactOutput` keeping nothing: for what no minting action returns (exports, events). */
export function redactAll<T>(value: T, secrets: readonly string[] = []): T {
  return redactOutput(value, secrets, NOTHING_KEPT);
}

/** Error fields that hold text a person reads, masked as text wherever they are. */
const ERROR_TEXT_FIELDS = [
  "message",
  "stack",
];

/**
 * `error` with every credential masked, as it leaves the package: its message and stack, every
 * own field (the request core's `hint` and `apiMessage` among them), its `cause` and the
 * `errors` of an aggregate, at any depth. The error keeps its class, so callers still tell one
 * kind from another; a thrown value that is not an error is redacted as data.
 */
export function redactError(error: unknown, secrets: readonly string[] = []): unknown {
  return redactThrown(error, literalForms(secrets), new WeakSet());
}

function isPlainData(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (!value || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An error's field of plain data, redacted; nested too deep to redact, it is dropped for the mark. */
function redactField(item: unknown, forms: readonly string[]): unknown {
  try {
    return redact(item, forms, NOTHING_KEPT);
  } catch (error) {
    if (error instanceof NestingTooDeepError) return REDACTED;
    throw error;
  }
}

function redactThrown(error: unknown, forms: readonly string[], seen: WeakSet<object>): unknown {
  if (!(error instanceof Error)) return redact(error, forms, NOTHING_KEPT);
  if (seen.has(error)) return error;
  seen.add(error);
  const text = (item: string) => maskPatterns(maskLiteralText(item, forms));
  // Symbol-keyed fields too: `util.inspect`, which logs use, shows them.
  const fields = new Set<string | symbol>([
    ...ERROR_TEXT_FIELDS,
    ...Reflect.ownKeys(error),
  ]);
  for (const field of fields) {
    const own = Object.getOwnPropertyDescriptor(error, field);
    // The message and stack are read however the engine keeps them; any other field only when it
    // is plain data (a getter computes from the fields masked here).
    const isText = typeof field === "string" && ERROR_TEXT_FIELDS.includes(field);
    if (!isText && !(own && "value" in own)) continue;
    const item: unknown = isText
      ? (error as unknown as Record<string, unknown>)[field]
      : own?.value;
    const masked = typeof item === "string"
      ? text(item)
      : item instanceof Error
        ? redactThrown(item, forms, seen)
        : Array.isArray(item) && item.some((entry) => entry instanceof Error)
          ? item.map((entry) => redactThrown(entry, forms, seen))
          : isPlainData(item)
            ? redactField(item, forms)
            // Something else (a socket, a request): nothing a person needs, and it may hold anything.
            : item && typeof item === "object"
              ? REDACTED
              : item;
    // A field's name is text too (`error["postgres://u:pw@h"]`): one that holds a credential
    // moves to its masked name.
    const name = typeof field === "string" && !isText
      ? text(field)
      : field;
    if (masked === item && name === field) continue;
    try {
      if (name !== field && !Reflect.deleteProperty(error, field)) throw new TypeError("not configurable");
      Object.defineProperty(error, name, {
        value: masked,
        writable: true,
        configurable: true,
        enumerable: own?.enumerable ?? false,
      });
    } catch {
      // A field that cannot be redefined cannot be masked: remove it, or give up on the error.
      if (!Reflect.deleteProperty(error, field)) return new Error(text(String(error.message)));
    }
  }
  return error;
}

/**
 * `value` with every occurrence of the literal `secrets` (in strings and keys, at any depth)
 * replaced by `[redacted]`, and nothing else changed: for success bodies, whose minted
 * connection strings must survive but which must not echo the account's token or a credential
 * that was sent. Parts without a secret are shared, not copied; when no string holds a secret,
 * `value` itself is returned.
 */
export function maskLiterals<T>(value: T, secrets: readonly string[]): T {
  const forms = literalForms(secrets);
  return forms.length === 0
    ? value
    : maskLiteralsIn(value, forms) as T;
}

function maskLiteralsIn(value: unknown, forms: readonly string[], depth = 0): unknown {
  if (typeof value === "string") return maskLiteralText(value, forms);
  if (depth > MAX_NESTING && value && typeof value === "object") throw new NestingTooDeepError();
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const masked = maskLiteralsIn(item, forms, depth + 1);
      if (masked !== item) (copy ??= [
        ...value,
      ])[index] = masked;
    }
    return copy ?? value;
  }
  if (value && typeof value === "object") {
    const source = value as Record<string, unknown>;
    let copy: Record<string, unknown> | null = null;
    const keys = Object.keys(source);
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index];
      const item = source[key];
      const maskedKey = maskLiteralText(key, forms);
      const maskedItem = maskLiteralsIn(item, forms, depth + 1);
      if (copy === null && (maskedKey !== key || maskedItem !== item)) {
        // The first change: copy the keys before it as they were, in their order.
        copy = {};
        for (let before = 0; before < index; before++) {
          setOwn(copy, keys[before], source[keys[before]]);
        }
      }
      if (copy !== null) setOwn(copy, maskedKey, maskedItem);
    }
    return copy ?? value;
  }
  return value;
}

/**
 * The strings held under secret keys anywhere in `value`, such as a token sent in a request
 * body, so they can be masked wherever a response echoes them.
 */
export function secretValuesOf(value: unknown): string[] {
  const found: string[] = [];
  const visit = (item: unknown, depth: number) => {
    if (depth > MAX_NESTING && item && typeof item === "object") throw new NestingTooDeepError();
    if (Array.isArray(item)) {
      for (const entry of item) visit(entry, depth + 1);
    } else if (item && typeof item === "object") {
      const source = item as Record<string, unknown>;
      for (const [
        key,
        child,
      ] of Object.entries(source)) {
        if (typeof child === "string") {
          if (child && isSecretKey(key, source, child)) found.push(child);
        } else {
          visit(child, depth + 1);
        }
      }
    }
  };
  visit(value, 0);
  return found;
}

interface EndpointsLike {
  direct?: { connectionString?: string };
  pooled?: { connectionString?: string };
  accelerate?: { connectionString?: string };
}

export interface ConnectionStrings {
  directConnectionString: string | null;
  pooledConnectionString: string | null;
  accelerateConnectionString: string | null;
}

/** The one-time connection strings of a freshly minted connection, in their named fields. */
export function connectionStringsOf(
  connection: { endpoints?: EndpointsLike } | null | undefined,
): ConnectionStrings {
  const endpoints = connection?.endpoints ?? {};
  return {
    directConnectionString: endpoints.direct?.connectionString ?? null,
    pooledConnectionString: endpoints.pooled?.connectionString ?? null,
    accelerateConnectionString: endpoints.accelerate?.connectionString ?? null,
  };
}

interface CreatedDatabaseLike {
  defaultConnectionId: string | null;
  connections: { id: string; endpoints?: EndpointsLike }[];
  // Deprecated fields the older create routes still send; used only when `endpoints` lack strings.
  connectionString?: string | null;
  directConnection?: { host: string; user: string; pass: string } | null;
}

/** The connection strings of a freshly created database: those of its default connection. */
export function databaseConnectionStrings(
  database: CreatedDatabaseLike | null | undefined,
): ConnectionStrings {
  const connections = database?.connections ?? [];
  const chosen = connections.find((c) => c.id === database?.defaultConnectionId) ?? connections[0];
  const strings = connectionStringsOf(chosen);
  const legacy = database?.directConnection;
  if (!strings.directConnectionString && legacy) {
    strings.directConnectionString =
      `postgresql://${encodeURIComponent(legacy.user)}:${encodeURIComponent(legacy.pass)}@${legacy.host}/postgres?sslmode=require`;
  }
  const legacyString = database?.connectionString;
  if (!strings.accelerateConnectionString && legacyString?.startsWith("prisma+postgres://")) {
    strings.accelerateConnectionString = legacyString;
  }
  return strings;
}

/**
 * The step `$` with every export stripped of secrets (the literal `secrets` given among them):
 * a `$summary` masked as text, anything else (the HTTP client's `debug` export) as data with
 * its secret keys dropped. Everything else of `$` (its context, the flow's suspend and rerun)
 * is the original's.
 */
export function redactingStep<S extends Step>($: S, secrets: readonly string[]): S;
export function redactingStep<S extends Step>($: S | undefined, secrets: Secrets): S | undefined;
export function redactingStep<S extends Step>($: S | undefined, secrets: Secrets): S | undefined {
  if (!$ || typeof $ !== "object") return $;
  const exportRedacted = (key: string, value: unknown) => $.export(key, redactAll(value, secrets));
  return new Proxy($, {
    get(target, key) {
      return key === "export"
        ? exportRedacted
        : Reflect.get(target, key, target);
    },
  });
}
