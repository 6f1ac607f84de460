// Safe re-runs for creates that carry a `logicalId`: when the API answers 409 because that
// logical ID exists, the existing resource is looked up and returned instead of a twin.
import { PrismaApiError } from "./errors";

/** `existed` is true when the resource existed already and nothing was created. */
export type CreateOutcome<Created, Existing> =
  | { existed: false; resource: Created }
  | { existed: true; resource: Existing };

export async function createOrReuse<T, E>(
  logicalId: string | undefined,
  create: () => Promise<T>,
  findExisting: (logicalId: string) => Promise<E | undefined>,
): Promise<CreateOutcome<T, E>> {
  try {
    return { existed: false, resource: await create() };
  } catch (err) {
    if (!logicalId || !(err instanceof PrismaApiError) || err.status !== 409) throw err;
    const existing = await findExisting(logicalId);
    if (existing === undefined) throw err;
    return { existed: true, resource: existing };
  }
}
