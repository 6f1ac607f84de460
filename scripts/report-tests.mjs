// Prints the closing line CI reads, from vitest's JSON report: `tests: N passed, N failed`.
// A suite that failed to load counts as failed, so a broken file cannot pass as "no tests".
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2] ?? "test-results.json";
if (!existsSync(file)) {
  console.log("tests: 0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) || (report.success ? 0 : Math.max(1, report.numFailedTestSuites ?? 0));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
