// Safe re-runs for creates that carry a `logicalId`. When Prisma refuses a create because that
// logical ID is taken (and only then: a 409 can also be a plan limit or a state conflict), the
// existing resource is looked up and returned instead of a twin, but only one that really is
// the one asked for: same logical ID, same project, same branch. Anything else surfaces the
// original refusal with its real meaning.
import {
  PrismaApiError, isLogicalIdClash,
} from "../common/errors";

/** `existed` is true when the resource existed already and nothing was created. */
export type CreateOutcome<Created, Existing> =
  | { existed: false; resource: Created }
  | { existed: true; resource: Existing };

export async function createOrReuse<T, E>(
  logicalId: string | undefined,
  create: () => Promise<T>,
  /** Returns the resource with exactly this logical ID in the same scope, or undefined. */
  findExisting: (logicalId: string) => Promise<E | undefined>,
): Promise<CreateOutcome<T, E>> {
  try {
    return {
      existed: false,
      resource: await create(),
    };
  } catch (err) {
    if (!logicalId || !(err instanceof PrismaApiError) || !isLogicalIdClash(err)) throw err;
    const existing = await findExisting(logicalId);
    if (existing === undefined) throw err;
    return {
      existed: true,
      resource: existing,
    };
  }
}

/** One input of this run that differs from the resource a re-run found, in words. */
export function difference(field: string, found: unknown, asked: unknown): string[] {
  if (asked === undefined || asked === null || found === asked) return [];
  return [
    `${field} is ${JSON.stringify(found)}, not ${JSON.stringify(asked)} as this run asked`,
  ];
}
