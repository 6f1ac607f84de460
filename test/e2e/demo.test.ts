// `npm run demo` as a newcomer runs it: the built actions, end to end, against the emulator.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

describe("the demo", () => {
  it("provisions, connects, restores and cleans up, printing summaries with secrets masked", async () => {
    const { stdout } = await promisify(execFile)(join(root, "node_modules", ".bin", "tsx"), ["scripts/demo.ts"], {
      cwd: root, env: { ...process.env, PRISMA_MANAGEMENT_API_URL: "" }, timeout: 60_000,
    });
    for (const step of ["Provision Postgres Project", "Create Connection String", "List Backups", "Restore Backup to New Database", "Delete Database", "Delete Project"]) {
      expect(stdout).toContain(step);
    }
    expect(stdout).toMatch(/Project with logical ID "demo-shop" already exists/);
    expect(stdout).toMatch(/direct connection string: postgres:\/\/[^:\s]+:\[redacted\]@/);
    // No credential is printed: every URL password is masked.
    expect(stdout).not.toMatch(/:\/\/[^:/\s]+:(?!\[redacted\])[^@\s]+@/);
    expect(stdout).not.toMatch(/api_key=(?!\[redacted\])/);
    expect(stdout).toContain("Demo finished: 13 steps, every resource cleaned up.");
    expect(stdout.match(/'deleted'/g)).toHaveLength(8);
  }, 60_000);
});

