// Part 2: List Databases over 1,000 / 10,000 / 100,000 databases, against a plain loop over
// the official SDK's client doing the same pages, alternating in the same process; then the
// memory of each listing in a fresh process. The emulator has no rate limit here and the package's
// pacing is off (NO_RATE_LIMIT): this measures the client's own cost. Under Prisma's real limit a
// list of N pages takes about N/30 minutes whatever the client (part 6).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { redactSecrets } from "../common/redaction";
import { startEmulator, type Emulator } from "../emulator/server";
import { loadBuiltAction } from "../scripts/actions";
import { run } from "../test/pipedream";
import { at, clearRequests, NO_RATE_LIMIT } from "./cases";
import type { MemoryJob, MemoryReport } from "./memory-worker";
import { listWithSdk, sdkClient } from "./sdk-list";
import { median, round } from "./stats";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export interface ListingSize {
  items: number;
  rounds: number;
}

export interface ListingResult {
  items: number;
  pages: number;
  /** Requests of every package run, and every SDK run. */
  packageRequests: number[];
  sdkRequests: number[];
  packageMs: number[];
  sdkMs: number[];
  /** package / SDK, per round. */
  ratios: number[];
  medianRatio: number;
  packageMedianMs: number;
  sdkMedianMs: number;
  /** Package wall time per item, in microseconds. */
  packageUsPerItem: number;
  sdkUsPerItem: number;
  /** The part of the wall time that is not injected latency (pages × latency), per item. */
  packageWorkUsPerItem: number;
  /** Package minus SDK, median per round. */
  extraMs: number;
  /** redactSecrets (common/redaction.ts, as List Databases applies it) over the raw listed items, median of 3. */
  redactMs: number;
}

export interface MemoryResult {
  items: number;
  mode: "package" | "sdk";
  maxResults: number | null;
  report: MemoryReport;
}

const WORKER = join(import.meta.dirname, "memory-worker.ts");

function memoryRun(job: MemoryJob): Promise<MemoryReport> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the emulator answering the worker lives in this process.
    execFile(process.execPath, ["--expose-gc", "--import", "tsx", WORKER, JSON.stringify(job)],
      { cwd: join(import.meta.dirname, ".."), maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        if (error) return reject(new Error(`memory worker failed: ${stderr || error.message}`));
        resolve(JSON.parse(stdout.trim().split("\n").pop()!) as MemoryReport);
      });
  });
}

export async function listing({ latencyMs, sizes, memoryCap, log }: {
  latencyMs: number;
  sizes: ListingSize[];
  memoryCap: number;
  log: (line: string) => void;
}): Promise<{ timing: ListingResult[]; memory: MemoryResult[]; seedMs: number }> {
  const emulator: Emulator = await startEmulator({ readyDelayMs: 0, seed: 202, faults: { latencyMs } });
  const auth = { api_token: emulator.token };
  const overrides = { ...at(emulator.url), ...NO_RATE_LIMIT };
  const action = await loadBuiltAction("list-databases");
  const client = sdkClient(emulator.url, emulator.token);
  const timing: ListingResult[] = [];
  const memory: MemoryResult[] = [];
  try {
    const seedStarted = performance.now();
    const projects = new Map<number, string>();
    for (const { items } of sizes) {
      const projectId = emulator.seedProject({ name: `list-${items}` });
      emulator.seedDatabases(projectId, items, { namePrefix: `list-${items}` });
      projects.set(items, projectId);
    }
    const seedMs = performance.now() - seedStarted;

    const viaPackage = async (projectId: string) => {
      const { result } = await run<unknown[]>(action, { projectId }, auth, overrides);
      return result;
    };
    const viaSdk = (projectId: string) => listWithSdk(client, projectId);
    const measure = async (list: (projectId: string) => Promise<unknown[]>, projectId: string, expected: number) => {
      gc();
      clearRequests(emulator);
      const started = performance.now();
      const output = await list(projectId);
      const elapsed = performance.now() - started;
      if (output.length !== expected) throw new Error(`listed ${output.length} of ${expected}`);
      return { ms: elapsed, requests: emulator.state.requests.length, output };
    };

    // Warm both clients up on the smallest list.
    const smallest = Math.min(...sizes.map((s) => s.items));
    await measure(viaPackage, projects.get(smallest)!, smallest);
    await measure(viaSdk, projects.get(smallest)!, smallest);

    for (const { items, rounds } of sizes) {
      const projectId = projects.get(items)!;
      const result: ListingResult = {
        items, pages: Math.ceil(items / 100), packageRequests: [], sdkRequests: [], packageMs: [], sdkMs: [], ratios: [],
        medianRatio: 0, packageMedianMs: 0, sdkMedianMs: 0, packageUsPerItem: 0, sdkUsPerItem: 0, packageWorkUsPerItem: 0,
        extraMs: 0, redactMs: 0,
      };
      let raw: unknown[] = [];
      for (let r = 0; r < rounds; r++) {
        // Alternate which goes first, so neither always runs on a warmer process.
        const order = r % 2 === 0 ? ["package", "sdk"] as const : ["sdk", "package"] as const;
        const round: Record<string, { ms: number; requests: number; output: unknown[] }> = {};
        for (const who of order) {
          round[who] = await measure(who === "package" ? viaPackage : viaSdk, projectId, items);
          if (who === "sdk") raw = round[who].output;
          round[who].output = [];
        }
        result.packageMs.push(round.package.ms);
        result.sdkMs.push(round.sdk.ms);
        result.packageRequests.push(round.package.requests);
        result.sdkRequests.push(round.sdk.requests);
        result.ratios.push(round.package.ms / round.sdk.ms);
        log(`  ${items.toLocaleString("en-US")} items, round ${r + 1}/${rounds}: package ${round.package.ms.toFixed(0)} ms, SDK ${round.sdk.ms.toFixed(0)} ms`);
      }
      result.medianRatio = round(median(result.ratios), 3);
      result.packageMedianMs = round(median(result.packageMs));
      result.sdkMedianMs = round(median(result.sdkMs));
      result.packageUsPerItem = round((result.packageMedianMs * 1000) / items, 2);
      result.sdkUsPerItem = round((result.sdkMedianMs * 1000) / items, 2);
      result.packageWorkUsPerItem = round(((result.packageMedianMs - result.pages * latencyMs) * 1000) / items, 2);
      result.extraMs = round(median(result.packageMs.map((p, i) => p - result.sdkMs[i])));
      // Where the difference goes: the one step List Databases adds to what the SDK loop does.
      const redactTimes: number[] = [];
      for (let i = 0; i < 3; i++) {
        gc();
        const t = performance.now();
        redactSecrets(raw);
        redactTimes.push(performance.now() - t);
      }
      result.redactMs = round(median(redactTimes));
      raw = [];
      result.packageMs = result.packageMs.map((v) => round(v));
      result.sdkMs = result.sdkMs.map((v) => round(v));
      result.ratios = result.ratios.map((v) => round(v, 3));
      timing.push(result);
    }

    // Memory does not depend on latency: without it the 100,000-item listings take seconds, not minutes.
    emulator.setFaults({});
    for (const { items } of sizes) {
      const projectId = projects.get(items)!;
      const jobs: { mode: "package" | "sdk"; maxResults?: number }[] = [
        { mode: "package" }, { mode: "package", maxResults: memoryCap }, { mode: "sdk" },
      ];
      for (const { mode, maxResults } of jobs) {
        const report = await memoryRun({ url: emulator.url, token: emulator.token, projectId, mode, maxResults });
        memory.push({ items, mode, maxResults: maxResults ?? null, report });
        log(`  memory ${items.toLocaleString("en-US")} items, ${mode}${maxResults ? ` maxResults ${maxResults}` : ""}: peak RSS ${(report.maxRss / 1_048_576).toFixed(0)} MB`);
      }
    }
    return { timing, memory, seedMs: round(seedMs) };
  } finally {
    await emulator.close();
  }
}
