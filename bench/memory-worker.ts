// One listing in a fresh process, so its memory is its own (the emulator lives in the parent).
// Usage: node --expose-gc --import tsx bench/memory-worker.ts '<json>'; prints one JSON line.
import { loadBuiltAction } from "../scripts/actions";
import { run } from "../test/pipedream";
import { at, NO_RATE_LIMIT } from "./cases";
import { listWithSdk, sdkClient } from "./sdk-list";

export interface MemoryJob {
  url: string;
  token: string;
  projectId: string;
  mode: "package" | "sdk";
  maxResults?: number;
}

export interface MemoryReport {
  items: number;
  /** RSS after loading the code, before the listing (after a GC). */
  baselineRss: number;
  /** The process's peak RSS (getrusage maxRSS), in bytes. */
  maxRss: number;
  /** The highest RSS sampled during the listing. */
  peakRss: number;
  /** Heap in use after the listing and a GC, with the output still held. */
  retainedHeap: number;
  ms: number;
}

const job = JSON.parse(process.argv[2]) as MemoryJob;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const action = await loadBuiltAction("list-databases");
const client = sdkClient(job.url, job.token);

gc();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sample = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
const sampler = setInterval(sample, 2);
const started = performance.now();
const output = job.mode === "package"
  ? (await run<unknown[]>(action, { projectId: job.projectId, maxResults: job.maxResults }, { api_token: job.token }, { ...at(job.url), ...NO_RATE_LIMIT })).result
  : await listWithSdk(client, job.projectId);
const ms = performance.now() - started;
sample();
clearInterval(sampler);
gc();
const report: MemoryReport = {
  items: output.length,
  baselineRss,
  maxRss: process.resourceUsage().maxRSS * 1024,
  peakRss,
  retainedHeap: process.memoryUsage().heapUsed,
  ms,
};
console.log(JSON.stringify(report));
