// Prints the closing line CI reads, from vitest's JSON report: `tests: N passed, N failed`.
// A suite that failed to load counts as failed, so a broken file cannot pass as "no tests".
// Before it, how long the files took and the slowest of them, so a slow file shows in every log.
import { existsSync, readFileSync } from "node:fs";

const SLOWEST = 5;

const file = process.argv[2] ?? "test-results.json";
if (!existsSync(file)) {
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const files = (report.testResults ?? [])
  .filter((result) => Number.isFinite(result.startTime) && Number.isFinite(result.endTime))
  .map((result) => ({ name: result.name, end: result.endTime, ms: result.endTime - result.startTime }));
if (files.length && Number.isFinite(report.startTime)) {
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const root = `${process.cwd()}/`;
  const slowest = [...files].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST)
    .map(({ name, ms }) => `${name.startsWith(root) ? name.slice(root.length) : name} ${seconds(ms)}`);
  const lastEnd = Math.max(...files.map(({ end }) => end));
  console.log(`test files: ${files.length} in ${seconds(lastEnd - report.startTime)}; slowest: ${slowest.join(", ")}`);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) || (report.success ? 0 : Math.max(1, report.numFailedTestSuites ?? 0));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
