// Part 4: how long a fresh Node process takes to import each built action, against importing
// @pipedream/platform alone the same way; and each action file's size.
import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { median, round } from "./stats";

const root = join(import.meta.dirname, "..");

export interface ColdStartResult {
  baselineMs: number[];
  baselineMedianMs: number;
  /** The whole-process time of the baseline (spawn to exit), for scale. */
  baselineProcessMedianMs: number;
  actions: { action: string; bytes: number; medianMs: number; ratio: number; processMedianMs: number }[];
  totalBytes: number;
  worstRatio: number;
  medianRatio: number;
}

function importTime(specifier: string): Promise<{ importMs: number; processMs: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: root }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`import of ${specifier} failed: ${stderr || error.message}`));
      resolve({ importMs: Number(stdout.trim()), processMs: performance.now() - started });
    });
  });
}

export async function coldStart({ runs, log }: { runs: number; log: (line: string) => void }): Promise<ColdStartResult> {
  const dir = join(root, "dist", "actions");
  const files = readdirSync(dir).sort().map((folder) => ({ action: folder, file: join(dir, folder, `${folder}.mjs`) }));
  const baseline: { importMs: number; processMs: number }[] = [];
  const samples = new Map<string, { importMs: number; processMs: number }[]>(files.map((f) => [f.action, []]));
  for (let r = 0; r < runs; r++) {
    // The baseline is sampled throughout, so drift on the machine hits both sides alike.
    for (const [i, { action, file }] of files.entries()) {
      if (i % 8 === 0) baseline.push(await importTime("@pipedream/platform"));
      samples.get(action)!.push(await importTime(pathToFileURL(file).href));
    }
    log(`  round ${r + 1}/${runs} done`);
  }
  const baselineMedianMs = median(baseline.map((s) => s.importMs));
  const actions = files.map(({ action, file }) => {
    const runsOf = samples.get(action)!;
    const medianMs = median(runsOf.map((s) => s.importMs));
    return {
      action,
      bytes: statSync(file).size,
      medianMs: round(medianMs),
      ratio: round(medianMs / baselineMedianMs, 3),
      processMedianMs: round(median(runsOf.map((s) => s.processMs))),
    };
  });
  return {
    baselineMs: baseline.map((s) => round(s.importMs)),
    baselineMedianMs: round(baselineMedianMs),
    baselineProcessMedianMs: round(median(baseline.map((s) => s.processMs))),
    actions,
    totalBytes: actions.reduce((sum, a) => sum + a.bytes, 0),
    worstRatio: Math.max(...actions.map((a) => a.ratio)),
    medianRatio: round(median(actions.map((a) => a.ratio)), 3),
  };
}
