// Dropdown helpers: one page of options per call, through the same `pages()` as every list,
// labelled for people and masked like every other exit.
import { createHash } from "node:crypto";
import {
  FINGERPRINT_LENGTH, MAX_CURSOR_LENGTH, pages, type PageFetcher, type PageTrail,
} from "./pagination";
import { PAGE_LIMIT } from "./constants";
import {
  branchRole, timeOf,
} from "./facts";
import { redactText } from "./redaction";
import type {
  Backup, Database,
} from "./types";

export interface Option {
  label: string;
  value: string;
}

/**
 * What a dropdown carries from one "load more" to the next: the cursor of the next page and the
 * trail of the pages before it, so that a cursor handed back again ends the list instead of
 * looping, and an option listed on an earlier page is not listed again.
 */
export interface OptionsContext {
  /** The list the cursor belongs to (see `optionsPage`): a cursor of another list is not sent. */
  list?: string;
  cursor?: string;
  trail?: PageTrail;
}

/** A dropdown page: options plus the context of the next page (an empty context ends the list). */
export interface OptionsPage {
  options: Option[];
  context: OptionsContext;
}

/** The dropdown pages a list has at most (10,000 items): a list that goes on is ended there. */
export const MAX_OPTION_PAGES = 100;

/** No options and no "load more": what a dropdown shows before the prop it depends on is set. */
export const NO_OPTIONS: OptionsPage = {
  options: [],
  context: {},
};

/** The most fingerprints a trail this file gave can hold: a full page for each page allowed. */
const MAX_SEEN_LENGTH = MAX_OPTION_PAGES * PAGE_LIMIT * FINGERPRINT_LENGTH;

/** The most characters a label shows: a name sent at any length must not flood the dropdown. */
export const MAX_LABEL_LENGTH = 200;

/** Characters kept of a long label's end, where the ID and the facts are. */
const LABEL_TAIL = 80;

// Line breaks and tabs would break a dropdown's line; control characters, direction overrides
// and zero-width characters would hide or reorder what it shows (a name could pass for another).
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * A label as a dropdown shows it: masked like every other exit, on one line with every hidden
 * character shown as `�`, then cut in its middle to `MAX_LABEL_LENGTH` (cut after masking, so
 * that no secret is cut short of its pattern).
 */
export function shownLabel(label: string): string {
  const masked = redactText(label)
    .replace(LINE_BREAKS, " ")
    .replace(HIDDEN, "\ufffd");
  if (masked.length <= MAX_LABEL_LENGTH) return masked;
  return `${masked.slice(0, MAX_LABEL_LENGTH - LABEL_TAIL - 1)}…${masked.slice(-LABEL_TAIL)}`;
}

/** `prefix value` when the answer gave `value` as text, else null (a fact left out of a label). */
export function fact(prefix: string, value: unknown): string | null {
  return typeof value === "string" && value !== ""
    ? `${prefix} ${value}`
    : null;
}

/**
 * `name (id) · fact, fact`: what tells two options apart. Read totally: a name the answer does
 * not give shows as "(no name)", and a fact it does not give as text is left out.
 */
export function optionLabel(name: unknown, id: string, facts: readonly unknown[] = []): string {
  const title = typeof name === "string" && name.trim() !== ""
    ? name
    : "(no name)";
  const shown = facts.filter((f): f is string => typeof f === "string" && f !== "");
  return `${title} (${id})${shown.length
    ? ` · ${shown.join(", ")}`
    : ""}`;
}

/** A short key of a list's words, to tell its context from another list's. */
function keyOf(list: string): string {
  return createHash("sha1").update(list)
    .digest("base64url")
    .slice(0, 12);
}

/** A cursor `pages()` could have followed: anything else is not sent. */
const isCursor = (value: unknown): value is string =>
  typeof value === "string" && value !== "" && value.length <= MAX_CURSOR_LENGTH;

/** A trail this file could have given: anything else (longer, or of other shapes) is not followed. */
function isTrail(value: unknown): value is PageTrail {
  const trail = value as PageTrail;
  return !!trail && typeof trail === "object" && Array.isArray(trail.followed) &&
    trail.followed.length <= MAX_OPTION_PAGES &&
    trail.followed.every(isCursor) &&
    Number.isInteger(trail.pages) && Number.isInteger(trail.fruitless) &&
    (trail.seen === undefined || (typeof trail.seen === "string" &&
      trail.seen.length <= MAX_SEEN_LENGTH && trail.seen.length % FINGERPRINT_LENGTH === 0 &&
      /^[A-Za-z0-9_-]*$/.test(trail.seen)));
}

/**
 * One page of a list as dropdown options, the largest page the API serves. A page after which
 * the list cannot be followed (a cursor already followed, `hasMore` without a cursor, pages
 * without anything new, the page cap) is shown, and "load more" is no longer offered. A context
 * that is not one this function gave for `list` (the endpoint and its filters, in any stable
 * words: another prop's, another project's, or tampered with) starts the list again from its
 * first page, rather than send a cursor that list never gave.
 */
export async function optionsPage<T>(
  fetchPage: PageFetcher<T>,
  prevContext: OptionsContext | undefined,
  toOption: (item: T) => Option,
  list = "",
): Promise<OptionsPage> {
  const listKey = keyOf(list);
  const known = isCursor(prevContext?.cursor) && prevContext.list === listKey &&
    isTrail(prevContext.trail);
  const iterator = pages(fetchPage, {
    from: known
      ? prevContext.cursor
      : null,
    trail: known
      ? prevContext.trail
      : undefined,
    maxPages: MAX_OPTION_PAGES,
    carried: true,
  });
  const { value: page } = await iterator.next();
  await iterator.return(undefined);
  if (!page) return NO_OPTIONS;
  return {
    options: page.items.map((item: T) => {
      const option = toOption(item);
      return {
        label: shownLabel(option.label),
        value: option.value,
      };
    }),
    // A trail the next call would not follow (a page far larger than asked) ends the list here
    // rather than start it again, which would show every option twice and never end.
    context: page.next === null || !isTrail(page.trail)
      ? {}
      : {
        list: listKey,
        cursor: page.next,
        trail: page.trail,
      },
  };
}

/** `orders (db_…) · us-east-1, ready, default`: what tells two databases apart. */
export function databaseLabel(d: Database): string {
  const region: unknown = d.region;
  return optionLabel(d.name, d.id, [
    region && typeof region === "object"
      ? (region as { id?: unknown }).id
      : null,
    d.status,
    d.isDefault === true
      ? "default"
      : null,
  ]);
}

/** `feature/login (br_…) · preview`, `main (br_…) · production, default`; an undocumented role shows as unknown. */
export function branchLabel(
  b: { id: string; gitName?: unknown; role?: unknown; isDefault?: unknown },
): string {
  const role = branchRole(b);
  return optionLabel(b.gitName, b.id, [
    role === "unknown"
      ? "unknown role"
      : role,
    b.isDefault === true
      ? "default"
      : null,
  ]);
}

/** Backups sorted newest first (`createdAt` an ISO string or epoch ms); one with an unreadable date sorts last. */
export function backupsNewestFirst<B extends Pick<Backup, "createdAt">>(backups: readonly B[]): B[] {
  const time = (b: B) => timeOf(b.createdAt) ?? 0;
  return [
    ...backups,
  ].sort((a, b) => time(b) - time(a));
}
