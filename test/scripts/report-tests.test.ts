// The closing lines of `npm test`, from vitest's JSON report: the files' time and the slowest of
// them, then `tests: N passed, N failed`, and an exit status that fails a run with no passing test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "report-tests-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(json: unknown) {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  if (json !== undefined) writeFileSync(file, JSON.stringify(json));
  const { stdout, status } = spawnSync(process.execPath, ["scripts/report-tests.mjs", file], { cwd: root, encoding: "utf8" });
  return { lines: stdout.trim().split("\n"), status };
}

const file = (name: string, startTime: number, endTime: number) => ({ name: join(root, name), startTime, endTime });

describe("report-tests", () => {
  it("prints the files' time, the five slowest, and the count, and passes a run where every test passed", () => {
    const testResults = [
      file("test/a.test.ts", 1000, 1500), file("test/b.test.ts", 1000, 9000), file("test/c.test.ts", 1500, 2000),
      file("test/d.test.ts", 2000, 4000), file("test/e.test.ts", 2000, 3000), file("test/f.test.ts", 4000, 4100),
    ];
    expect(report({ startTime: 900, success: true, numPassedTests: 12, numFailedTests: 0, testResults })).toEqual({
      lines: [
        "test files: 6 in 8.1 s; slowest: test/b.test.ts 8.0 s, test/d.test.ts 2.0 s, test/e.test.ts 1.0 s, test/a.test.ts 0.5 s, test/c.test.ts 0.5 s",
        "tests: 12 passed, 0 failed",
      ],
      status: 0,
    });
  });

  it("fails a run with a failed test, a file that did not load, or no test at all", () => {
    expect(report({ success: false, numPassedTests: 11, numFailedTests: 1 })).toEqual({ lines: ["tests: 11 passed, 1 failed"], status: 1 });
    expect(report({ success: false, numPassedTests: 11, numFailedTests: 0, numFailedTestSuites: 2 })).toEqual({ lines: ["tests: 11 passed, 2 failed"], status: 1 });
    expect(report({ success: true, numPassedTests: 0, numFailedTests: 0 })).toEqual({ lines: ["tests: 0 passed, 0 failed"], status: 1 });
  });

  it("fails when vitest wrote no report", () => {
    expect(report(undefined)).toEqual({ lines: ["tests: 0 passed, 1 failed"], status: 1 });
  });
});
