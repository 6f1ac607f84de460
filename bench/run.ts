// `npm run bench`: how fast and lean the package is as an API client, against the local
// emulator with a fixed injected latency (parts 1-3, without the pacing to Prisma's rate limit,
// which that emulator does not enforce), and how it waits and paces itself on a virtual clock
// (parts 5 and 6, the latter under the rate limit). Prints the tables and the targets
// (PASS/MISS). Writes the run to bench/last-run.json (not tracked); `--record` also makes it the
// published bench/results.json (full runs only). Exits 1 when a target that no machine's speed
// explains is missed (see `verdict`). Needs dist/ (`npm run build`).
//   npx tsx bench/run.ts [--only=1,2,3,4,5,6,7] [--quick] [--record]
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { RATE_LIMIT } from "../common/constants";
import { builtActionNames, loadBuiltAction } from "../scripts/actions";
import { coldStart, type ColdStartResult } from "./cold-start";
import { dropdowns, type DropdownResult } from "./dropdowns";
import { listing, type ListingResult, type MemoryResult } from "./listing";
import { BETWEEN_RUNS_MS, rateLimited, READY_DELAY_MS, type RateLimitedResult } from "./rate-limited";
import { roundTrips, type FlowResult } from "./round-trips";
import { DATABASE_ID_QUERY_REQUESTS, sql, type SqlResult } from "./sql";
import { int, kb, mb, ms, round, sec, table, verdict, type Target } from "./stats";
import { waiting, type WaitingResult } from "./waiting";

const LATENCY_MS = 25;
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",").map(Number);
const record = args.includes("--record");
const unknown = args.filter((a) => !["--quick", "--record"].includes(a) && !a.startsWith("--only="));
if (unknown.length) {
  console.error(`Unknown argument ${unknown.join(", ")}. Usage: npm run bench -- [--only=1,2,3,4,5,6,7] [--quick] [--record]`);
  process.exit(2);
}
if (record && (quick || only)) {
  console.error("--record publishes a full run only: run it without --quick and --only.");
  process.exit(2);
}
const wanted = (part: number) => !only || only.includes(part);

const PLAN = {
  flowRuns: quick ? 2 : 5,
  listing: quick
    ? [{ items: 1_000, rounds: 2 }, { items: 10_000, rounds: 2 }]
    : [{ items: 1_000, rounds: 5 }, { items: 10_000, rounds: 5 }, { items: 100_000, rounds: 1 }],
  memoryCap: 1_000,
  dropdownSize: 250,
  coldStartRuns: quick ? 2 : 5,
  waitSeconds: [1, 3, 10, 30, 60, 120, 300],
  rateLimited: { requestsPerMinute: RATE_LIMIT.requestsPerMinute, readyDelayMs: READY_DELAY_MS, betweenRunsMs: BETWEEN_RUNS_MS },
};

const log = (line: string) => console.log(line);
const started = performance.now();
const targets: Target[] = [];
const target = (part: string, text: string, measured: string, pass: boolean, timing = false) =>
  targets.push({ part, target: text, measured, pass, timing });
const results: Record<string, unknown> = {
  meta: {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
    latencyMs: LATENCY_MS,
    plan: PLAN,
  },
};

builtActionNames();
log(`Benchmark: emulator with ${LATENCY_MS} ms injected latency per request (parts 1-3); Node ${process.version}, ${cpus().length} CPUs.\n`);

// ---- 1. Round trips
if (wanted(1)) {
  log(`## 1. Round trips (readyDelayMs 0: databases come back ready, no polls; no rate limit, pacing off; ${PLAN.flowRuns} timed runs + 1 warm-up)\n`);
  const flows: FlowResult[] = await roundTrips({ latencyMs: LATENCY_MS, runs: PLAN.flowRuns });
  results.roundTrips = flows;
  log(table(
    ["flow", "requests", "minimum", "wall (median)", `minimum × ${LATENCY_MS} ms`, "round trips in sequence (min)", "wall − that × latency"],
    flows.map((f) => [
      f.target ? f.flow : `${f.flow} (info)`,
      f.requests.every((n) => n === f.requests[0]) ? f.requests[0] : f.requests.join("/"),
      f.minimum, ms(f.medianMs), ms(f.requestsMs), `${f.sequential} (${ms(f.floorMs)})`, ms(f.overheadMs),
    ]),
  ));
  for (const f of flows.filter((x) => !x.target && x.requests.some((n) => n > x.minimum))) {
    log(`\n  ${f.flow}: sends ${f.shapes.join(", ")}\n  minimum: ${f.expected.join(", ")}`);
  }
  log("");
  for (const f of flows.filter((x) => x.target)) {
    target("1 round trips", `${f.flow}: requests = ${f.minimum}`, `${f.requests.join("/")} (${f.shapes.join(", ")})`,
      f.requests.every((n) => n === f.minimum));
  }
}

// ---- 2. Listing at scale
if (wanted(2)) {
  log(`## 2. Listing at scale: List Databases vs a plain loop over @prisma/management-api-sdk (limit 100, cursor; no rate limit, pacing off)\n`);
  const { timing, memory, seedMs }: { timing: ListingResult[]; memory: MemoryResult[]; seedMs: number } =
    await listing({ latencyMs: LATENCY_MS, sizes: PLAN.listing, memoryCap: PLAN.memoryCap, log });
  results.listing = { timing, memory, seedMs };
  log(`\n(seeded ${int(PLAN.listing.reduce((s, x) => s + x.items, 0))} databases in ${ms(seedMs)})\n`);
  log(table(
    ["items", "rounds", "requests (package / SDK)", "package (median)", "SDK (median)", "ratio (median)", "package − SDK", "redactSecrets alone", "µs/item", "µs/item beyond latency"],
    timing.map((t) => [
      int(t.items), t.ratios.length, `${[...new Set(t.packageRequests)].join("/")} / ${[...new Set(t.sdkRequests)].join("/")}`,
      ms(t.packageMedianMs), ms(t.sdkMedianMs), t.medianRatio.toFixed(3), ms(t.extraMs), ms(t.redactMs),
      t.packageUsPerItem.toFixed(1), t.packageWorkUsPerItem.toFixed(1),
    ]),
  ));
  log(`\nMemory, each listing in a fresh process (latency off for this part):\n`);
  log(table(
    ["items", "client", "items out", "peak RSS", "RSS before", "heap held after"],
    memory.map((m) => [
      int(m.items), m.mode === "sdk" ? "SDK loop" : m.maxResults ? `package, maxResults ${int(m.maxResults)}` : "package",
      int(m.report.items), mb(m.report.maxRss), mb(m.report.baselineRss), mb(m.report.retainedHeap),
    ]),
  ));
  log("");
  for (const t of timing) {
    target("2 listing", `${int(t.items)} items: ${int(t.pages)} requests`, `${[...new Set(t.packageRequests)].join("/")}`,
      t.packageRequests.every((n) => n === t.pages));
  }
  const tenK = timing.find((t) => t.items === 10_000);
  if (tenK) target("2 listing", "10,000 items: median time package/SDK ≤ 1.10", `${tenK.medianRatio.toFixed(3)} (${tenK.ratios.join(", ")})`, tenK.medianRatio <= 1.1, true);
  const capped = memory.filter((m) => m.mode === "package" && m.maxResults !== null);
  if (capped.length >= 2) {
    const growth = capped[capped.length - 1].report.maxRss - capped[0].report.maxRss;
    target("2 listing", `maxResults ${int(PLAN.memoryCap)}: peak RSS flat in N (≤ +10 MB from ${int(capped[0].items)} to ${int(capped[capped.length - 1].items)})`,
      `${capped.map((m) => mb(m.report.maxRss)).join(" → ")} (${growth >= 0 ? "+" : ""}${mb(growth)})`, growth <= 10 * 1_048_576, true);
  }
  if (timing.length >= 2) {
    const perItem = timing.map((t) => t.packageUsPerItem);
    const spread = Math.max(...perItem) / Math.min(...perItem);
    target("2 listing", "time linear in N (µs/item max/min ≤ 1.25)",
      `${perItem.map((v) => v.toFixed(1)).join(" / ")} µs/item (×${spread.toFixed(2)})`, spread <= 1.25, true);
  }
}

// ---- 3. Dropdowns
if (wanted(3)) {
  log(`## 3. Dropdowns (${PLAN.dropdownSize} items of each paged kind; every options() call counted)\n`);
  const drops: DropdownResult[] = await dropdowns({ latencyMs: LATENCY_MS, size: PLAN.dropdownSize });
  results.dropdowns = drops;
  log(table(
    ["propDefinition", "request", "options", "pages", "requests per call", "ms per call (median)"],
    drops.map((d) => [d.dropdown, d.request, `${int(d.items)} of ${int(d.expectedItems)}`, `${d.pages} of ${d.expectedPages}`,
      d.requestsPerCall.join(","), ms(d.medianCallMs)]),
  ));
  log("");
  const ok = (d: DropdownResult) => d.requestsPerCall.every((n) => n === 1) && d.pages === d.expectedPages && d.items === d.expectedItems && d.onlyExpected;
  const good = drops.filter(ok);
  target("3 dropdowns", "one request per page, no other request, every option listed",
    `${good.length}/${drops.length} dropdowns${good.length < drops.length ? `; off: ${drops.filter((d) => !ok(d)).map((d) => d.dropdown).join(", ")}` : ""}`,
    good.length === drops.length);
}

// ---- 4. Cold start
if (wanted(4)) {
  log(`## 4. Cold start: import time of each built action in a fresh Node process (median of ${PLAN.coldStartRuns})\n`);
  const cold: ColdStartResult = await coldStart({ runs: PLAN.coldStartRuns, log });
  results.coldStart = cold;
  log("");
  log(table(
    ["module", "size", "import (median)", "× @pipedream/platform", "whole process"],
    [
      ["@pipedream/platform alone", "–", ms(cold.baselineMedianMs), "1.000", ms(cold.baselineProcessMedianMs)],
      ...cold.actions.map((a) => [a.action, kb(a.bytes), ms(a.medianMs), a.ratio.toFixed(3), ms(a.processMedianMs)]),
    ],
  ));
  log(`\n${cold.actions.length} actions, ${kb(cold.totalBytes)} in all; median ratio ${cold.medianRatio.toFixed(3)}, worst ${cold.worstRatio.toFixed(3)}\n`);
  target("4 cold start", "every action imports in ≤ 1.5 × @pipedream/platform alone",
    `worst ${cold.worstRatio.toFixed(3)}, median ${cold.medianRatio.toFixed(3)} (platform ${ms(cold.baselineMedianMs)})`, cold.worstRatio <= 1.5, true);
}

// ---- 5. Waiting
if (wanted(5)) {
  log(`## 5. Waiting for a database that is ready after T (virtual clock, network time zero; Create Database, Max Wait Seconds 600)\n`);
  log("In one call (Connect, a builder test) the step polls until ready; in a deployed workflow it polls for 10 s, then suspends with $.flow.rerun.\n");
  const waits: WaitingResult[] = await waiting({ seconds: PLAN.waitSeconds });
  results.waiting = waits;
  log(table(
    ["T", "polls", "noticed after T", "last interval", "within one interval", "polls, steady 5 s", "workflow: reruns", "workflow: polls", "workflow: noticed after T"],
    waits.map((w) => [`${w.seconds} s`, w.polls, sec(w.lagMs), sec(w.lastIntervalMs), w.withinOneInterval ? "yes" : "no",
      w.steadyPolls, w.workflow.reruns, w.workflow.polls, sec(w.workflow.lagMs)]),
  ));
  log("");
  if (waits.some((w) => w.simulatedPolls !== w.polls)) log("  note: the replay of the policy disagrees with the measured polls\n");
  target("5 waiting", "in one call: noticed within one poll interval of T",
    waits.map((w) => `${w.seconds}s: +${(w.lagMs / 1000).toFixed(2)} s`).join(", "), waits.every((w) => w.withinOneInterval));
  const at = (s: number, key: "polls" | "steadyPolls" = "polls") => waits.find((w) => w.seconds === s)?.[key];
  const [p30, p60, p120] = [at(30), at(60), at(120)];
  if (p30 !== undefined && p60 !== undefined && p120 !== undefined) {
    const [s30, s60, s120] = [at(30, "steadyPolls")!, at(60, "steadyPolls")!, at(120, "steadyPolls")!];
    // Logarithmic growth adds a constant number of polls per doubling of T; linear growth doubles it.
    target("5 waiting", "polls grow no faster than log(T): polls added per doubling of T do not grow (30→60→120 s)",
      `polls ${p30} → ${p60} → ${p120}: +${p60 - p30}, then +${p120 - p60} (a steady 5 s would give ${s30} → ${s60} → ${s120}: +${s60 - s30}, then +${s120 - s60})`,
      p120 - p60 <= p60 - p30 + 1);
  }
  target("5 waiting", "in a workflow: noticed within one rerun delay and one poll of T",
    waits.map((w) => `${w.seconds}s: ${w.workflow.reruns} reruns, +${(w.workflow.lagMs / 1000).toFixed(1)} s`).join(", "),
    waits.every((w) => w.workflow.withinOneRerun));
}

// ---- 6. Composites under the rate limit
if (wanted(6)) {
  log(`## 6. Composites under Prisma's rate limit: the emulator refuses the ${RATE_LIMIT.requestsPerMinute + 1}st request of any minute (429), ` +
    `the package paces itself (virtual clock, network time zero; databases ready after ${READY_DELAY_MS / 1000} s unless said; runs that leave work are run again a minute later)\n`);
  const flows: RateLimitedResult[] = await rateLimited(loadBuiltAction);
  results.rateLimited = flows;
  const pass = (f: RateLimitedResult) => f.received429 === 0 && f.userFacing429 === 0 && f.asExpected;
  log(table(
    ["flow", "runs", "requests", "429s received", "429s refused (emulator)", "429s to the user", "busiest minute", "virtual wall time", "floor of the limit", "result"],
    flows.map((f) => [f.flow, f.runs, f.requests, f.received429, f.refused, f.userFacing429, f.busiestMinute, sec(f.virtualMs), sec(f.floorMs),
      pass(f) ? "PASS" : "MISS"]),
  ));
  log("");
  for (const f of flows.filter((x) => x.problem)) log(`  ${f.flow}: ${f.problem}\n`);
  for (const f of flows) {
    target("6 rate limit", `${f.flow}: 0 429s received or shown to the user; ${f.asExpected && !f.intact ? "stops at once, suggesting maxResults" : "results intact"}`,
      `${f.requests} requests in ${f.runs} run${f.runs === 1 ? "" : "s"}, ${f.received429}/${f.userFacing429} 429s, ${sec(f.virtualMs)} (floor ${sec(f.floorMs)})` +
      (f.problem ? `; ${f.error ? "stopped: the step's time cannot hold the next minute's requests" : f.problem}` : ""),
      pass(f));
  }
}

// ---- 7. SQL
if (wanted(7)) {
  log("## 7. SQL: Run SQL Query reading 1,000 rows over a connection string vs plain pg on the same server (no injected latency)\n");
  const r: SqlResult = await sql({ rounds: quick ? 6 : 30, databaseIdRuns: quick ? 1 : 3, load: loadBuiltAction, log });
  results.sql = r;
  log(table(["rows", "rounds", "Run SQL Query (median)", "pg (median)", "ratio (median)", "action − pg"],
    [[int(r.rows), r.rounds, ms(r.actionMedianMs), ms(r.pgMedianMs), r.medianRatio.toFixed(3), ms(r.extraMs)]]));
  log("");
  target("7 sql", "1,000 rows over a connection string: median time Run SQL Query/pg ≤ 1.15", `${r.medianRatio.toFixed(3)}`, r.medianRatio <= 1.15, true);
  target("7 sql", "a query on a connection string sends no API request", `${r.connectionStringRequests}`, r.connectionStringRequests === 0);
  target("7 sql", `a query on a database ID sends ${DATABASE_ID_QUERY_REQUESTS.join(", ")} and leaves no connection`,
    `${r.databaseIdRequests.map((x) => x.join(", ")).join(" / ")}; ${r.connectionsLeft} left`,
    r.connectionsLeft === 0 && r.databaseIdRequests.every((x) => x.join() === DATABASE_ID_QUERY_REQUESTS.join()));
  const p = r.pgLoading;
  target("7 sql", "importing any built action loads no pg (lazy import only)",
    `${p.staticImports.length} static imports of ${p.actions}; ${p.lazyImports.length} lazy; ${p.loadedAfterImport} pg modules loaded (${p.loadedAfterPg} once pg imported)`,
    p.staticImports.length === 0 && p.loadedAfterImport === 0 && p.loadedAfterPg > 0);
}

// ---- Targets
results.targets = targets;
results.elapsedSeconds = round((performance.now() - started) / 1000, 1);
log("## Targets\n");
log(table(["part", "target", "measured", "result"], targets.map((t) => [t.part, t.target, t.measured, t.pass ? "PASS" : t.timing ? "MISS (timing)" : "MISS"])));
const { code, lines } = verdict(targets);
const output = `${JSON.stringify(results, null, 2)}\n`;
writeFileSync(join(import.meta.dirname, "last-run.json"), output);
// Only a full run asked for with --record replaces the published figures.
if (record) writeFileSync(join(import.meta.dirname, "results.json"), output);
log(`\n${lines.join("\n")}\nIn ${results.elapsedSeconds} s; this run in bench/last-run.json` +
  (record ? ", recorded in bench/results.json." : " (--record publishes a full run as bench/results.json)."));
process.exit(code);
