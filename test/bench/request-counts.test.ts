// The request counts `npm run bench` reports, held in place: each flow sends the fewest
// requests the API allows (bench/cases.ts says why each minimum is the minimum), and each
// dropdown sends exactly one request per page. Real HTTP against the emulator, not timed.
import { describe, expect, it } from "vitest";
import {
  clearRequests, DROPDOWNS, FLOWS, requestShapes, seedDropdownWorld, walkDropdown, type DropdownWorld,
} from "../../bench/cases";
import app from "../../prisma_management_api.app";
import { options, type AppLike } from "../pipedream";
import { loadAction, runOn, useEmulator } from "../e2e/emulator";

const sorted = (shapes: string[]) => [...shapes].sort();

describe("round trips: each flow sends its minimum (readyDelayMs 0, so no polls)", () => {
  const ctx = useEmulator({ readyDelayMs: 0 });

  for (const flow of FLOWS) {
    it(`${flow.name}: exactly ${flow.minimum} (${flow.expected.join(", ")})`, async () => {
      expect(flow.expected).toHaveLength(flow.minimum);
      const props = flow.props(ctx.emulator, 0);
      clearRequests(ctx.emulator);
      const { result } = await runOn(ctx.emulator, await loadAction(flow.folder), props);
      const shapes = requestShapes(ctx.emulator);
      // Requests sent side by side may reach the emulator in either order.
      expect(sorted(shapes)).toEqual(sorted(flow.expected));
      // Only a re-run's create may be refused (409: the logical ID exists); everything else succeeds.
      expect(ctx.emulator.state.requests.filter((r) => r.status >= 300).map((r) => `${r.method} ${r.status}`))
        .toEqual(flow.target ? [] : ["POST 409"]);
      if (flow.target) {
        expect(result).not.toHaveProperty("alreadyExisted", true);
        if ("status" in result) expect(result.status).toBe("ready");
      } else {
        expect(result).toHaveProperty("alreadyExisted", true);
      }
    });
  }
});

describe("dropdowns: one request per page, nothing else", () => {
  const ctx = useEmulator({ readyDelayMs: 0 });
  let world: DropdownWorld;
  const load = (prop: string, args: Record<string, unknown>) => options(app as unknown as AppLike, prop, args, { api_token: ctx.emulator.token });

  for (const dropdown of DROPDOWNS) {
    it(`${dropdown.name}: ${dropdown.request}, once per page`, async () => {
      // 150 of each paged kind: two pages, so following the cursor is counted too.
      world ??= await seedDropdownWorld(ctx.emulator, 150);
      const walk = await walkDropdown(ctx.emulator, dropdown, world, load);
      const items = dropdown.items(ctx.emulator, world);
      const pages = dropdown.paged ? Math.max(1, Math.ceil(items / 100)) : 1;
      expect(walk.requestsPerCall).toEqual(Array.from({ length: pages }, () => 1));
      expect(walk.shapes).toEqual(Array.from({ length: pages }, () => dropdown.request));
      expect(walk.items).toBe(items);
      if (dropdown.paged && dropdown.prop !== "workspaceId") expect(pages).toBe(2);
    });
  }
});
