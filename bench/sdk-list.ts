// The comparison baseline: a plain loop over the official SDK's own client
// (`@prisma/management-api-sdk`, a devDependency used only here), limit 100 and the cursor.
import { createManagementApiClient } from "@prisma/management-api-sdk";

export type SdkClient = ReturnType<typeof createManagementApiClient>;

/** The emulator's URL ends in /v1; the SDK's paths start with /v1. */
export function sdkClient(emulatorUrl: string, token: string): SdkClient {
  return createManagementApiClient({ baseUrl: emulatorUrl.replace(/\/v1$/, ""), token });
}

export async function listWithSdk(client: SdkClient, projectId: string): Promise<unknown[]> {
  const page = (cursor: string | null) => client.GET("/v1/projects/{projectId}/databases", {
    params: { path: { projectId }, query: { cursor, limit: 100 } },
  });
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const { data, error } = await page(cursor);
    if (!data) throw new Error(`SDK list failed: ${JSON.stringify(error)}`);
    items.push(...data.data);
    cursor = data.pagination.hasMore ? data.pagination.nextCursor : null;
  } while (cursor);
  return items;
}
