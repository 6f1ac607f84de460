// Part 3: each propDefinition's options(), page by page: one request per call, nothing else.
// The app is bound as for a server without Prisma's rate limit (NO_RATE_LIMIT), like parts 1 and 2.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startEmulator } from "../emulator/server";
import { bindApp, type AppLike } from "../test/pipedream";
import { at, DROPDOWNS, NO_RATE_LIMIT, seedDropdownWorld, walkDropdown, type Props } from "./cases";
import { median, round } from "./stats";

export interface DropdownResult {
  dropdown: string;
  request: string;
  items: number;
  expectedItems: number;
  pages: number;
  expectedPages: number;
  requestsPerCall: number[];
  /** Every request was the expected one. */
  onlyExpected: boolean;
  medianCallMs: number;
}

/** One page of a propDefinition's options, `this` the app bound to the emulator at `url`, without pacing. */
function optionsOf(app: AppLike, prop: string, args: Props, auth: Props, url: string): Promise<unknown> {
  const definition = (app.propDefinitions as Record<string, { options: (this: unknown, args: Props) => Promise<unknown> }>)[prop];
  return definition.options.call(bindApp(app, auth, { ...at(url), ...NO_RATE_LIMIT }), args);
}

export async function dropdowns({ latencyMs, size }: { latencyMs: number; size: number }): Promise<DropdownResult[]> {
  const emulator = await startEmulator({ readyDelayMs: 0, seed: 303 });
  const auth = { api_token: emulator.token };
  const app = (await import(pathToFileURL(join(import.meta.dirname, "..", "dist", "prisma_management_api.app.mjs")).href)).default as AppLike;
  try {
    // Seeded without latency; measured with it.
    const world = await seedDropdownWorld(emulator, size);
    emulator.setFaults({ latencyMs });
    const results: DropdownResult[] = [];
    for (const dropdown of DROPDOWNS) {
      const walk = await walkDropdown(emulator, dropdown, world, (prop, args) => optionsOf(app, prop, args, auth, emulator.url));
      const expectedItems = dropdown.items(emulator, world);
      results.push({
        dropdown: dropdown.name,
        request: dropdown.request,
        items: walk.items,
        expectedItems,
        pages: walk.requestsPerCall.length,
        expectedPages: dropdown.paged ? Math.max(1, Math.ceil(expectedItems / 100)) : 1,
        requestsPerCall: walk.requestsPerCall,
        onlyExpected: walk.shapes.every((shape) => shape === dropdown.request),
        medianCallMs: round(median(walk.callMs)),
      });
    }
    return results;
  } finally {
    await emulator.close();
  }
}
