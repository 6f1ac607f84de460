// Dropdown helpers: one page of options per call, through the same `pages()` as every list,
// labelled for people and masked like every other exit.
import {
  FINGERPRINT_LENGTH, pages, type PageFetcher, type PageTrail,
} from "./pagination";
import { PAGE_LIMIT } from "./constants";
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

/** A trail this file could have given: anything else (longer, or of other shapes) is not followed. */
function isTrail(value: unknown): value is PageTrail {
  const trail = value as PageTrail;
  return !!trail && typeof trail === "object" && Array.isArray(trail.followed) &&
    trail.followed.length <= MAX_OPTION_PAGES &&
    trail.followed.every((c) => typeof c === "string") &&
    Number.isInteger(trail.pages) && Number.isInteger(trail.fruitless) &&
    (trail.seen === undefined || (typeof trail.seen === "string" &&
      trail.seen.length <= MAX_SEEN_LENGTH && trail.seen.length % FINGERPRINT_LENGTH === 0 &&
      /^[A-Za-z0-9_-]*$/.test(trail.seen)));
}

/**
 * One page of a list as dropdown options, the largest page the API serves. A page after which
 * the list cannot be followed (a cursor already followed, `hasMore` without a cursor, pages
 * without anything new, the page cap) is shown, and "load more" is no longer offered. A context
 * that is not one this function gave starts the list again from its first page.
 */
export async function optionsPage<T>(
  fetchPage: PageFetcher<T>,
  prevContext: OptionsContext | undefined,
  toOption: (item: T) => Option,
): Promise<OptionsPage> {
  const known = typeof prevContext?.cursor === "string" && isTrail(prevContext.trail);
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
        label: redactText(option.label),
        value: option.value,
      };
    }),
    context: page.next === null
      ? {}
      : {
        cursor: page.next,
        trail: page.trail,
      },
  };
}

/** `orders (db_…) · us-east-1, ready, default`: what tells two databases apart. */
export function databaseLabel(d: Database): string {
  const facts = [
    d.region?.id,
    d.status,
    d.isDefault
      ? "default"
      : null,
  ].filter(Boolean).join(", ");
  return `${d.name} (${d.id}) · ${facts}`;
}

/** Backups sorted newest first (`createdAt` an ISO string or epoch ms); one with an unreadable date sorts last. */
export function backupsNewestFirst<B extends Pick<Backup, "createdAt">>(backups: readonly B[]): B[] {
  const time = (b: B) => {
    const createdAt: unknown = b.createdAt;
    const ms = typeof createdAt === "number"
      ? createdAt
      : typeof createdAt === "string"
        ? Date.parse(createdAt)
        : NaN;
    return Number.isNaN(ms)
      ? 0
      : ms;
  };
  return [
    ...backups,
  ].sort((a, b) => time(b) - time(a));
}
