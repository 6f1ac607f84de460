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

describe("the action runner", () => {
  const tsx = join(root, "node_modules", ".bin", "tsx");
  const env = { ...process.env, PRISMA_MANAGEMENT_API_URL: "", PRISMA_API_TOKEN: "" };

  it("lists every action with its props", async () => {
    const { stdout } = await promisify(execFile)(tsx, ["scripts/run-action.ts", "--help"], { cwd: root, env }).catch((e) => e);
    expect(stdout).toContain("create-project  (Create Project)");
    expect(stdout).toContain("  --region  Region (string, required)");
    expect(stdout).toContain("delete-stale-databases  (Delete Stale Databases)");
  });

  it("runs one action against a fresh emulator, and reports an API refusal with a failing exit code", async () => {
    const { stdout } = await promisify(execFile)(tsx, ["scripts/run-action.ts", "get-regions"], { cwd: root, env });
    expect(stdout).toMatch(/^Found 6 Prisma Postgres regions, 6 available\n/);

    const failure = await promisify(execFile)(tsx, ["scripts/run-action.ts", "get-database", "--databaseId", "db_cnotthere00001"], { cwd: root, env })
      .then(() => null, (e: { code: number; stderr: string }) => e);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("PrismaApiError: Prisma API error 404 (resource-not-found)");
  });
});
