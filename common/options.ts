// Dropdown helpers: one page of options per call, labelled for people.
import type { PageFetcher } from "./pagination";
import { PAGE_LIMIT } from "./constants";
import type {
  Backup, Database,
} from "./types";

export interface Option {
  label: string;
  value: string;
}

/** A dropdown page: options plus the cursor of the next page (an empty context ends the list). */
export interface OptionsPage {
  options: Option[];
  context: { cursor?: string };
}

/** One page of a cursor-paginated list as dropdown options, the largest page the API serves. */
export async function optionsPage<T>(
  fetchPage: PageFetcher<T>,
  prevContext: { cursor?: string } | undefined,
  toOption: (item: T) => Option,
): Promise<OptionsPage> {
  const {
    data, pagination,
  } = await fetchPage(prevContext?.cursor ?? null, PAGE_LIMIT);
  return {
    options: data.map(toOption),
    context: pagination.hasMore && pagination.nextCursor
      ? {
        cursor: pagination.nextCursor,
      }
      : {},
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

/** Backups newest first; one with an unreadable date sorts last. */
export function newestFirst<B extends Pick<Backup, "createdAt">>(backups: readonly B[]): B[] {
  const time = (b: B) => {
    const ms = Date.parse(b.createdAt);
    return Number.isNaN(ms)
      ? 0
      : ms;
  };
  return [
    ...backups,
  ].sort((a, b) => time(b) - time(a));
}
