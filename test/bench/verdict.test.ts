// How `npm run bench` ends: which missed targets make it exit non-zero.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verdict, type Target } from "../../bench/stats";

const met = (part: string, timing = false): Target => ({ part, target: `${part} target`, measured: "m", pass: true, timing });
const missed = (part: string, timing = false): Target => ({ ...met(part, timing), pass: false });

describe("the bench's verdict", () => {
  it("exits 0 when every target is met", () => {
    expect(verdict([met("1 round trips"), met("4 cold start", true)])).toEqual({ code: 0, lines: ["2/2 targets met."] });
  });

  it("exits 0 when only timing targets are missed, saying what such a miss means", () => {
    expect(verdict([met("1 round trips"), missed("4 cold start", true), missed("2 listing", true)])).toEqual({
      code: 0,
      lines: [
        "1/3 targets met.",
        "Missed 2 timing targets (4 cold start, 2 listing): these compare times on this machine, so a busy machine can miss them; " +
        "run again on an idle one before reading more into it.",
      ],
    });
  });

  it("exits 1 when a target no machine's speed explains is missed, naming it, whatever else passes", () => {
    expect(verdict([missed("1 round trips"), missed("4 cold start", true), met("6 rate limit")])).toEqual({
      code: 1,
      lines: [
        "1/3 targets met.",
        "FAILED: 1 target that no machine's speed explains: 1 round trips: 1 round trips target.",
        "Missed 1 timing target (4 cold start): these compare times on this machine, so a busy machine can miss them; " +
        "run again on an idle one before reading more into it.",
      ],
    });
  });

  it("counts a target as not timing unless it says so", () => {
    const { timing: _timing, ...plain } = missed("3 dropdowns");
    expect(verdict([plain]).code).toBe(1);
  });
});

describe("npm run bench's arguments", () => {
  const bench = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], { cwd: join(__dirname, "..", ".."), timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });

  it("publishes only a full run, and refuses what it does not know, before measuring anything", { timeout: 60_000 }, async () => {
    const [partial, typo] = await Promise.all([bench(["--record", "--quick"]), bench(["--recrod"])]);
    expect(partial).toEqual({ code: 2, stdout: "", stderr: "--record publishes a full run only: run it without --quick and --only.\n" });
    expect(typo).toEqual({ code: 2, stdout: "", stderr: "Unknown argument --recrod. Usage: npm run bench -- [--only=1,2,3,4,5,6,7] [--quick] [--record]\n" });
  });
});
