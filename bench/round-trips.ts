// Part 1: requests each flow sends against the minimum the API allows, and wall time against
// minimum requests × latency. Built actions, run the way Pipedream runs them, without the pacing
// to Prisma's rate limit (the emulator has none here; part 6 runs the composites under it).
import { startEmulator } from "../emulator/server";
import { loadBuiltAction } from "../scripts/actions";
import { run } from "../test/pipedream";
import { at, clearRequests, FLOWS, NO_RATE_LIMIT, requestShapes } from "./cases";
import { median, round } from "./stats";

export interface FlowResult {
  flow: string;
  target: boolean;
  minimum: number;
  expected: string[];
  why: string;
  /** Requests of every run (warm-up included); all equal when the flow is deterministic. */
  requests: number[];
  shapes: string[];
  sequential: number;
  medianMs: number;
  /** minimum × latency. */
  requestsMs: number;
  /** sequential × latency: the least wall time any client could take. */
  floorMs: number;
  /** Wall time beyond that floor. */
  overheadMs: number;
}

export async function roundTrips({ latencyMs, runs }: { latencyMs: number; runs: number }): Promise<FlowResult[]> {
  const emulator = await startEmulator({ readyDelayMs: 0, seed: 101, faults: { latencyMs } });
  const auth = { api_token: emulator.token };
  const overrides = { ...at(emulator.url), ...NO_RATE_LIMIT };
  const results: FlowResult[] = [];
  let counter = 0;
  try {
    for (const flow of FLOWS) {
      const action = await loadBuiltAction(flow.folder);
      const requests: number[] = [];
      const times: number[] = [];
      let shapes: string[] = [];
      // Run 0 warms the code up and is counted but not timed.
      for (let i = 0; i <= runs; i++) {
        const props = flow.props(emulator, counter++);
        clearRequests(emulator);
        const started = performance.now();
        const { result } = await run<Record<string, unknown>>(action, props, auth, overrides);
        const elapsed = performance.now() - started;
        if (!flow.target && result.alreadyExisted !== true) throw new Error(`${flow.name}: expected an existing resource`);
        shapes = requestShapes(emulator);
        requests.push(shapes.length);
        if (i > 0) times.push(elapsed);
      }
      const medianMs = median(times);
      const floorMs = flow.sequential * latencyMs;
      results.push({
        flow: flow.name, target: flow.target, minimum: flow.minimum, expected: flow.expected, why: flow.why,
        requests, shapes, sequential: flow.sequential, medianMs: round(medianMs),
        requestsMs: flow.minimum * latencyMs, floorMs, overheadMs: round(medianMs - floorMs),
      });
    }
  } finally {
    await emulator.close();
  }
  return results;
}
