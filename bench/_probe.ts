import { startEmulator } from "../emulator/server";
import { createManagementApiClient } from "@prisma/management-api-sdk";
const emu = await startEmulator({ readyDelayMs: 0, seed: 1 });
let t = performance.now();
const p = emu.seedProject({ name: "big" });
emu.seedDatabases(p, 100_000);
console.log("seed 100k ms", performance.now() - t, "rss MB", process.memoryUsage().rss / 1e6);
const client = createManagementApiClient({ baseUrl: emu.url.replace(/\/v1$/, ""), token: emu.token });
t = performance.now();
let cursor: string | null = null; let n = 0; let pages = 0;
do {
  const { data, error } = await client.GET("/v1/projects/{projectId}/databases", { params: { path: { projectId: p }, query: { cursor, limit: 100 } } });
  if (error) throw new Error(JSON.stringify(error));
  n += data!.data.length; pages++;
  cursor = data!.pagination.hasMore ? data!.pagination.nextCursor : null;
} while (cursor);
console.log("sdk list 100k ms", performance.now() - t, n, pages);
await emu.close();
