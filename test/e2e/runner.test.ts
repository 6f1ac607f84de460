// `npm run action`, `npm run emulator` and the preflight as a newcomer meets them: child
// processes, their exit codes and exactly what they print. The runner loads the built actions
// (dist/, built by `npm test` before the suite runs).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const STACK_TRACE = /\n\s+at /;
// Nothing from the developer's shell decides where a run goes.
const cleanEnv = { ...process.env, PRISMA_MANAGEMENT_API_URL: "", PRISMA_API_TOKEN: "", READY_DELAY_MS: "", PORT: "", PREFLIGHT_NODE_MODULES: "" };

interface Outcome { code: number; stdout: string; stderr: string }

function node(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { ...cleanEnv, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const runner = (args: string[], env: Record<string, string> = {}) => node(["--import", "tsx", "scripts/run-action.ts", ...args], env);

/** A mistake on the command line: exit 2, exactly one line on stderr, nothing on stdout. */
function expectUsageError(outcome: Outcome, line: string) {
  expect(outcome.stderr).toBe(`${line}\n`);
  expect(outcome.stderr).not.toMatch(STACK_TRACE);
  expect(outcome.stdout).toBe("");
  expect(outcome.code).toBe(2);
}

/** The stderr lines that are not the announcement of where the run goes. */
const problems = (stderr: string) => stderr.split("\n").filter((line) => line && !line.startsWith("Using "));

interface Banner { url: string; token: string; port: number; text: string }

/** Starts `emulator/main.ts` and reads its banner. */
function launchEmulator(args: string[], children: ChildProcess[]): Promise<Banner> {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", ...args], { cwd: root, env: cleanEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const url = /listening on (\S+)/.exec(text)?.[1];
      const token = /token:\s+(\S+)/.exec(text)?.[1];
      const port = /port:\s+(\d+)/.exec(text)?.[1];
      if (url && token && port && text.includes("Ctrl-C")) resolve({ url, token, port: Number(port), text });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${text}`)));
  });
}

describe("npm run emulator, and the runner pointed at it", () => {
  const children: ChildProcess[] = [];
  let emulator: Banner;
  beforeAll(async () => { emulator = await launchEmulator(["--port=0", "--ready-delay-ms=0"], children); }, 30_000);
  afterAll(() => { for (const child of children) if (child.exitCode === null) child.kill("SIGTERM"); });

  it("prints both variables the runner reads, and a line to paste", () => {
    expect(emulator.text).toContain(
      "Point `npm run action` at it from another terminal:\n" +
      `  export PRISMA_MANAGEMENT_API_URL=${emulator.url}\n` +
      `  export PRISMA_API_TOKEN=${emulator.token}\n` +
      "  npm run action -- create-project --name shop --region eu-central-1\n",
    );
    expect(emulator.text).toContain(
      `  PRISMA_MANAGEMENT_API_URL=${emulator.url} PRISMA_API_TOKEN=${emulator.token} npm run action -- list-projects\n`,
    );
  });

  it("works when followed literally: state kept across runs, a list printed as a table", { timeout: 30_000 }, async () => {
    const env = { PRISMA_MANAGEMENT_API_URL: emulator.url, PRISMA_API_TOKEN: emulator.token };
    const created = await runner(["create-project", "--name", "shop", "--region", "eu-central-1", "--createDatabase", "FALSE"], env);
    expect(created.stderr).toBe(`Using the server at ${emulator.url}.\n`);
    expect(created.code).toBe(0);
    const projectId = /^projectId\s+(proj_\w+)$/m.exec(created.stdout)?.[1];
    expect(projectId).toBeDefined();

    const listed = await runner(["list-projects"], env);
    expect(listed.code).toBe(0);
    const [summary, blank, header, rule, row, ...more] = listed.stdout.split("\n");
    expect(summary).toBe("Found 1 project");
    expect(blank).toBe("");
    expect(header.split(/\s{2,}/)).toEqual(["id", "name", "createdAt"]);
    expect(rule).toMatch(/^-+ {2}-+ {2}-+$/);
    expect(row.split(/\s{2,}/)).toEqual([projectId, "shop", expect.stringMatching(/^\d{4}-\d\d-\d\dT/)]);
    expect(more).toEqual([""]);
  });

  it("answers a wrong token with the variable to fix", async () => {
    const outcome = await runner(["get-regions"], { PRISMA_MANAGEMENT_API_URL: emulator.url, PRISMA_API_TOKEN: "not-the-token" });
    expect(outcome.code).toBe(1);
    const [error, hint, ...rest] = problems(outcome.stderr);
    expect(error).toMatch(/^PrismaApiError: Prisma API error 401 \(authentication-failed\)/);
    expect(hint).toBe(`Hint: ${emulator.url} refused the token in PRISMA_API_TOKEN. For the emulator, set it to the token ` +
      "`npm run emulator` printed: export PRISMA_API_TOKEN=<that token>.");
    expect(rest).toEqual([]);
    expect(outcome.stderr).not.toContain("not-the-token");
  });

  it("refuses a URL without its token, naming the variable", async () => {
    expectUsageError(await runner(["get-regions"], { PRISMA_MANAGEMENT_API_URL: emulator.url }),
      "PRISMA_MANAGEMENT_API_URL is set, so PRISMA_API_TOKEN must be too: export PRISMA_API_TOKEN=<the token `npm run emulator` printed>.");
  });

  it("says how to pick another port when the port is taken", { timeout: 30_000 }, async () => {
    const second = await node(["--import", "tsx", "emulator/main.ts", `--port=${emulator.port}`]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`Port ${emulator.port} is already in use (another emulator?). Start this one on another port: ` +
      `PORT=${emulator.port + 1} npm run emulator, or npm run emulator -- --port=0 for any free port.\n`);
    expect(second.stdout).toBe("");
  });

  it("refuses an unknown setting instead of ignoring it", async () => {
    const outcome = await node(["--import", "tsx", "emulator/main.ts", "--prot=5000"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe("Unknown setting --prot. Known: --port, --token, --ready-delay-ms, --seed, --requests-per-minute.\n");
  });
});

describe.concurrent("the action runner", { timeout: 60_000 }, () => {
  it("lists every action with its required flags for --help, exit 0", async () => {
    const outcome = await runner(["--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe("");
    expect(outcome.stdout).toMatch(/^Usage: npm run action -- <action> /);
    expect(outcome.stdout).toMatch(/^ {2}create-project +Create Project +--name --region$/m);
    expect(outcome.stdout).toMatch(/^ {2}delete-stale-databases +Delete Stale Databases +--namePattern$/m);
    expect(outcome.stdout).toMatch(/^ {2}get-regions +Get Regions$/m);
  });

  it("prints one action's flags for <action> -h (or --help), exit 0, whatever else is on the line", async () => {
    const outcome = await runner(["create-project", "--nmae", "x", "-h"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^create-project: Create Project\n/);
    expect(outcome.stdout).toContain("Usage: npm run action -- create-project --name <text> --region <text> [flags]\n");
    expect(outcome.stdout).toContain("\n  --createDatabase <true|false>  (default true)\n      Create Database. Create the project's default database");
    expect(outcome.stdout).toContain("\n  --maxWaitSeconds <number>\n");
    expect(outcome.stdout).not.toContain("](http");
  });

  it("without an action, prints the help and exits non-zero", async () => {
    const outcome = await runner([]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/^Usage: /);
    expect(outcome.stderr).toBe("Give an action's name, e.g. npm run action -- get-regions.\n");
  });

  it("names the nearest actions for a typo", async () => {
    const [typo, withHelp] = await Promise.all([runner(["create-projet", "--name", "x"]), runner(["lsit-backups", "--help"])]);
    expectUsageError(typo,
      'Unknown action "create-projet". Nearest: create-project, update-project, create-branch. See npm run action -- --help for every action.');
    expectUsageError(withHelp,
      'Unknown action "lsit-backups". Nearest: list-backups, list-branches, get-branch. See npm run action -- --help for every action.');
  });

  it("takes an action's key or display name too", async () => {
    const outcome = await runner(["Get Regions", "--json"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toHaveLength(6);
  });

  it("names the flag meant and lists the action's flags for an unknown flag", async () => {
    const [dashed, short] = await Promise.all([runner(["create-database", "--project-id", "proj_c1"]), runner(["get-regions", "-v"])]);
    expectUsageError(dashed,
      "Unknown flag --project-id for create-database. Did you mean --projectId? Its flags: --projectId, --name, --region, " +
      "--isDefault, --branchId, --logicalId, --maxWaitSeconds (and --json, --reveal, --live, --help).");
    expectUsageError(short, "Unknown flag -v for get-regions. Its flags: none (and --json, --reveal, --live, --help).");
  });

  it("refuses a stray word, a flag given twice, a flag without its value, and flags before the action", async () => {
    const [stray, twice, valueless, first] = await Promise.all([
      runner(["get-project", "proj_c1"]),
      runner(["get-project", "--projectId", "proj_c1", "--projectId=proj_c2"]),
      runner(["get-project", "--projectId", "--json"]),
      runner(["--projectId", "proj_c1", "get-project"]),
    ]);
    expectUsageError(stray,
      'Unexpected argument "proj_c1": give values as --<flag> <value>, e.g. --name shop. Its flags: --projectId (and --json, --reveal, --live, --help).');
    expectUsageError(twice, "--projectId is given twice; give it once.");
    expectUsageError(valueless, "--projectId needs a value: --projectId <text>.");
    expectUsageError(first,
      "Put the action's name first, then its flags: npm run action -- <action> [--<flag> <value> …] [--json] [--reveal] [--live]");
  });

  it("takes booleans as true or false in any case, and refuses anything else naming the flag", async () => {
    // With Dry Run off, the run would stop at the missing Confirm (exit 1): TRUE must keep it on.
    const [dry, yes] = await Promise.all([
      runner(["delete-stale-databases", "--namePattern", "pr-", "--dryRun", "TRUE"], { READY_DELAY_MS: "0" }),
      runner(["create-database", "--projectId", "proj_c1", "--name", "x", "--region", "inherit", "--isDefault", "yes"]),
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: /);
    expectUsageError(yes, '--isDefault must be true or false; got "yes".');
  });

  it("checks numbers against plain bounds, naming the flag", async () => {
    const [abc, negative, tooMany] = await Promise.all([
      runner(["list-projects", "--maxResults", "abc"]),
      runner(["create-project", "--name", "a", "--region", "eu-central-1", "--maxWaitSeconds", "-5"]),
      runner(["create-project", "--name", "a", "--region", "eu-central-1", "--maxWaitSeconds=601"]),
    ]);
    expectUsageError(abc, '--maxResults must be a whole number, at least 1; got "abc".');
    expectUsageError(negative, '--maxWaitSeconds must be a whole number from 0 to 600; got "-5".');
    expectUsageError(tooMany, '--maxWaitSeconds must be a whole number from 0 to 600; got "601".');
  });

  it("refuses --live without a token", async () => {
    expectUsageError(await runner(["get-regions", "--live"]),
      "--live needs a Prisma service token: export PRISMA_API_TOKEN=<your service token>, then run again.");
  });

  it("names every missing required flag at once, before anything runs", async () => {
    const [none, defaults] = await Promise.all([runner(["create-database", "--isDefault"]), runner(["delete-stale-databases"])]);
    expectUsageError(none,
      "create-database needs these flags: --projectId, --name, --region. See npm run action -- create-database --help.");
    // A prop with a default (Older Than Hours, Dry Run) or marked optional is not asked for.
    expectUsageError(defaults,
      "delete-stale-databases needs the flag: --namePattern. See npm run action -- delete-stale-databases --help.");
  });

  it("says an empty required value is required, in the action's own words", async () => {
    const outcome = await runner(["create-project", "--name", "shop", "--region", ""], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([
      "ConfigurationError: Region is required: one of us-east-1, us-west-1, eu-west-3, eu-central-1, ap-northeast-1, ap-southeast-1.",
    ]);
  });

  it("reads a refused confirmation as sentences, naming the safer action", async () => {
    const outcome = await runner(["restore-backup-in-place", "--databaseId", "db_cnotthere00001", "--backupId", "b1", "--confirm", "x"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([
      'ConfigurationError: Nothing was changed. To overwrite all data in database db_cnotthere00001 with backup b1, set Confirm to exactly "db_cnotthere00001" (it was "x"). ' +
      "To keep the current data, use **Restore Backup to New Database** instead: it restores the backup into a new database.",
    ]);
    expect(outcome.stdout).toBe("");
  });

  it("reports an API refusal with exit code 1 and no stack trace", async () => {
    const outcome = await runner(["get-database", "--databaseId", "db_cnotthere00001"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([expect.stringMatching(/^PrismaApiError: Prisma API error 404 \(resource-not-found\)/)]);
    expect(outcome.stderr).not.toMatch(STACK_TRACE);
  });

  it("prints a list as a table", async () => {
    const outcome = await runner(["get-regions"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe([
      "Found 6 Prisma Postgres regions, 6 available",
      "",
      "id              name                      status",
      "--------------  ------------------------  ---------",
      "us-east-1       US East (N. Virginia)     available",
      "us-west-1       US West (N. California)   available",
      "eu-west-3       EU West (Paris)           available",
      "eu-central-1    EU Central (Frankfurt)    available",
      "ap-northeast-1  Asia Pacific (Tokyo)      available",
      "ap-southeast-1  Asia Pacific (Singapore)  available",
      "",
    ].join("\n"));
    expect(outcome.stderr).toMatch(/^Using a fresh local emulator at http:\/\/127\.0\.0\.1:\d+\/v1 \(workspace wksp_\w+\); it is discarded after this run\. For one that keeps its state, see npm run emulator\.\n$/);
  });

  it("shows a minted secret's key fields masked, with a hint that --reveal shows them, and the rest in --json", async () => {
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Created project "shop" \(proj_\w+\) with database db_\w+ in eu-central-1, status ready\n\n/);
    expect(outcome.stdout).toMatch(/^databaseId +db_\w+$/m);
    expect(outcome.stdout).toMatch(/^ready +true$/m);
    expect(outcome.stdout).toMatch(/^directConnectionString +postgres:\/\/\w+:\[redacted\]@db\.prisma\.io:5432\/postgres\?sslmode=require$/m);
    expect(outcome.stdout).toMatch(/^accelerateConnectionString +prisma\+postgres:\/\/accelerate\.prisma-data\.net\/\?api_key=\[redacted\]$/m);
    expect(outcome.stdout).toMatch(/\n\nMore in --json: project, database\.\n$/);
    expect(problems(outcome.stderr)).toEqual([
      "Masked: directConnectionString, pooledConnectionString, accelerateConnectionString. " +
      "Add --reveal to show credentials as they are minted (Prisma shows each only once).",
    ]);
  });

  it("--reveal shows the secrets and drops the hint", async () => {
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1", "--reveal"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^directConnectionString +postgres:\/\/\w+:(?!\[redacted\])[^@\s]+@db\.prisma\.io/m);
    expect(outcome.stdout).toMatch(/^accelerateConnectionString +prisma\+postgres:\/\/accelerate\.prisma-data\.net\/\?api_key=(?!\[redacted\])\S+$/m);
    expect(problems(outcome.stderr)).toEqual([]);
  });

  it("--json prints the raw result, still masked, with the summary on stderr", async () => {
    const outcome = await runner(["create-project", "--json", "--name", "shop", "--region", "eu-central-1"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout);
    expect(result).toMatchObject({ projectName: "shop", ready: true, project: { name: "shop" }, database: { status: "ready" } });
    expect(result.directConnectionString).toMatch(/^postgres:\/\/\w+:\[redacted\]@/);
    expect(outcome.stdout).not.toMatch(/:\/\/[^:/\s]+:(?!\[redacted\])[^@\s]+@/);
    expect(problems(outcome.stderr)).toEqual([
      expect.stringMatching(/^Created project "shop"/),
      expect.stringMatching(/^Masked: directConnectionString, pooledConnectionString, accelerateConnectionString\. Add --reveal/),
    ]);
  });

  it("prints progress on stderr while an action waits for a database", async () => {
    // The fresh emulator provisions in 500 ms; the first check comes 2.5 s in, after one progress line.
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1", "--json"]);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ ready: true, polls: 1 });
    const [first, ...after] = problems(outcome.stderr);
    expect(first).toBe("create-project: waiting for the database to become ready (2 s so far)…");
    // On a slow machine more progress lines may come; the summary and the hint end it.
    expect(after.slice(-2)).toEqual([expect.stringMatching(/^Created project "shop"/), expect.stringMatching(/^Masked: /)]);
    expect(after.slice(0, -2)).toEqual(after.slice(0, -2).map(() => expect.stringMatching(/^create-project: waiting for the database to become ready \(\d+ s so far\)…$/)));
  });
});

describe("the preflight", () => {
  const fake = mkdtempSync(join(tmpdir(), "preflight-"));
  afterAll(() => rmSync(fake, { recursive: true, force: true }));
  const preflight = (script: string) => node(["scripts/preflight.mjs", script], { PREFLIGHT_NODE_MODULES: fake });

  it("says to run npm ci when dependencies are missing, and is silent once they are there", async () => {
    const missing = await preflight("emulator");
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "Dependencies are missing (tsx): run `npm ci` first, then `npm run emulator` again.\n" });
    const action = await preflight("action");
    expect(action.stderr).toBe("Dependencies are missing (tsx, esbuild, @pipedream/platform): run `npm ci` first, then `npm run action` again.\n");
    const test = await preflight("test");
    expect(test.stderr).toMatch(/^Dependencies are missing \(@pipedream\/platform, @pipedream\/types, pg, @eslint\/js and \d+ more\): run `npm ci` first, then `npm test` again\.\n$/);

    mkdirSync(join(fake, "tsx"), { recursive: true });
    writeFileSync(join(fake, "tsx", "package.json"), "{}");
    expect(await preflight("emulator")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await node(["scripts/preflight.mjs", "test"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("refuses a Node.js older than the package needs", async () => {
    const { problem } = (await import(pathToFileURL(join(root, "scripts", "preflight.mjs")).href)) as {
      problem: (script: string, nodeModules: string, nodeVersion?: string) => string | null;
    };
    expect(problem("demo", join(root, "node_modules"), "18.19.0"))
      .toBe("npm run demo needs Node.js 20 or newer; this is 18.19.0. Install a newer Node.js, then run `npm ci`.");
    expect(problem("demo", join(root, "node_modules"), "20.0.0")).toBeNull();
  });

  it("runs first in every script that needs the dependencies", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const name of ["action", "demo", "emulator", "test", "bench"]) {
      expect(scripts[name]).toMatch(new RegExp(`^node scripts/preflight\\.mjs ${name} && `));
    }
  });
});
