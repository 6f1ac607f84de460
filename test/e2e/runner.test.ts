// `npm run action`, `npm run emulator` and the preflight as a newcomer meets them: their exit
// codes and exactly what they print. Every test here may run side by side with the others. Most runs call the runner's `runCommand` in this process
// with the process's streams, environment and clock replaced; a few run it, the emulator and
// the preflight as the child processes a person starts. The runner loads the built actions and
// triggers (dist/, built before the suite runs).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server";
import { runCommand, type RunnerIo } from "../../scripts/runner";

const root = join(__dirname, "..", "..");
const STACK_TRACE = /\n\s+at /;
// Nothing from the developer's shell decides where a run goes.
const cleanEnv = { ...process.env, PRISMA_MANAGEMENT_API_URL: "", PRISMA_API_TOKEN: "", READY_DELAY_MS: "", PORT: "", PREFLIGHT_NODE_MODULES: "" };
const scratch = mkdtempSync(join(tmpdir(), "runner-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome { code: number; stdout: string; stderr: string }
interface InProcess extends Outcome {
  /** The pauses the runner asked for, in ms. */
  slept: number[];
  /** The folder --mask saves in. */
  cwd: string;
}

function node(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { ...cleanEnv, ...env }, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** `npm run action -- …` as a person runs it: a child process. */
const childRunner = (args: string[], env: Record<string, string> = {}) => node(["--import", "tsx", "scripts/run-action.ts", ...args], env);

interface Options {
  env?: Record<string, string>;
  /** Called on each pause between a trigger's runs, before it returns. */
  onSleep?: (ms: number) => void | Promise<void>;
  /** How often the progress line comes, in real ms; by default it never does. */
  progressEveryMs?: number;
}

/** The runner in this process: its output collected, its pauses recorded and skipped. */
async function runner(args: string[], { env = {}, onSleep, progressEveryMs }: Options = {}): Promise<InProcess> {
  const outcome = { stdout: "", stderr: "", slept: [] as number[], cwd: mkdtempSync(join(scratch, "cwd-")) };
  const io: RunnerIo = {
    stdout: (text) => { outcome.stdout += `${text}\n`; },
    stderr: (text) => { outcome.stderr += `${text}\n`; },
    env: { ...cleanEnv, ...env },
    cwd: outcome.cwd,
    sleep: async (ms) => { outcome.slept.push(ms); await onSleep?.(ms); },
    every: (_ms, tick) => {
      if (progressEveryMs === undefined) return () => {};
      const timer = setInterval(tick, progressEveryMs);
      return () => clearInterval(timer);
    },
  };
  const code = await runCommand(args, io);
  return { code, ...outcome };
}

/** A mistake on the command line: exit 2, exactly one line on stderr, nothing on stdout. */
function expectUsageError(outcome: Outcome, line: string) {
  expect(outcome.stderr).toBe(`${line}\n`);
  expect(outcome.stderr).not.toMatch(STACK_TRACE);
  expect(outcome.stdout).toBe("");
  expect(outcome.code).toBe(2);
}

/** The stderr lines that are not the announcement of where the run goes. */
const problems = (stderr: string) => stderr.split("\n").filter((line) => line && !line.startsWith("Using "));

const FRESH = { env: { READY_DELAY_MS: "0" } };

interface Banner { url: string; token: string; port: number; text: string; child: ChildProcess; output: () => string }

/** Starts `emulator/main.ts` and reads its banner. */
function launchEmulator(args: string[], children: ChildProcess[]): Promise<Banner> {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", ...args], { cwd: root, env: cleanEnv, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const before = text;
      text += chunk.toString();
      if (before.includes("Ctrl-C")) return;
      const url = /listening on (\S+)/.exec(text)?.[1];
      const token = /token:\s+(\S+)/.exec(text)?.[1];
      const port = /port:\s+(\d+)/.exec(text)?.[1];
      if (url && token && port && text.includes("Ctrl-C")) resolve({ url, token, port: Number(port), text, child, output: () => text });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${text}`)));
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.concurrent("npm run emulator, and the runner pointed at it", () => {
  const children: ChildProcess[] = [];
  let emulator: Banner;
  beforeAll(async () => { emulator = await launchEmulator(["--port=0", "--ready-delay-ms=0", "--log"], children); }, 240_000);
  afterAll(() => { for (const child of children) if (child.exitCode === null) child.kill("SIGTERM"); });
  const server = () => ({ env: { PRISMA_MANAGEMENT_API_URL: emulator.url, PRISMA_API_TOKEN: emulator.token } });

  it("prints both variables the runner reads, a line to paste, and how to keep the token across restarts", () => {
    expect(emulator.text).toContain(
      "Point `npm run action` at it from another terminal:\n" +
      `  export PRISMA_MANAGEMENT_API_URL=${emulator.url}\n` +
      `  export PRISMA_API_TOKEN=${emulator.token}\n` +
      "  npm run action -- create-project --name shop --region eu-central-1\n",
    );
    expect(emulator.text).toContain(
      `  PRISMA_MANAGEMENT_API_URL=${emulator.url} PRISMA_API_TOKEN=${emulator.token} npm run action -- list-projects\n`,
    );
    expect(emulator.text).toContain(
      `To keep this token across restarts, start it with --token=${emulator.token} (or PRISMA_EMULATOR_TOKEN=${emulator.token}).\n`,
    );
    expect(emulator.text).toContain("  log:       each request on this terminal\n");
  });

  it("works when followed literally: state kept across runs, a list printed as a table, each request logged", { timeout: 240_000 }, async () => {
    const created = await runner(["create-project", "--name", "shop", "--region", "eu-central-1", "--createDatabase", "FALSE"], server());
    expect(created.stderr).toBe(`Using the server at ${emulator.url}.\n`);
    expect(created.code).toBe(0);
    const projectId = /^projectId\s+(proj_\w+)$/m.exec(created.stdout)?.[1];
    expect(projectId).toBeDefined();

    const listed = await runner(["list-projects"], server());
    expect(listed.code).toBe(0);
    const [summary, blank, header, rule, row, ...more] = listed.stdout.split("\n");
    expect(summary).toBe("Found 1 project");
    expect(blank).toBe("");
    expect(header.split(/\s{2,}/)).toEqual(["id", "name", "createdAt"]);
    expect(rule).toMatch(/^-+ {2}-+ {2}-+$/);
    expect(row.split(/\s{2,}/)).toEqual([projectId, "shop", expect.stringMatching(/^\d{4}-\d\d-\d\dT/)]);
    expect(more).toEqual([""]);

    // --log: one line per request, as it is answered; the token never.
    await expect.poll(() => emulator.output()).toMatch(/^GET \/v1\/projects\?limit=100 → 200 \(\d+ ms\)$/m);
    expect(emulator.output()).toMatch(/^POST \/v1\/projects → 201 \(\d+ ms\)$/m);
    expect(emulator.output().split("Ctrl-C to stop.\n")[1]).not.toContain(emulator.token);
  });

  it("answers a wrong token with the variable to fix", async () => {
    const outcome = await runner(["get-regions"], { env: { PRISMA_MANAGEMENT_API_URL: emulator.url, PRISMA_API_TOKEN: "not-the-token" } });
    expect(outcome.code).toBe(1);
    const [error, hint, ...rest] = problems(outcome.stderr);
    expect(error).toMatch(/^Error: Prisma API error 401 \(authentication-failed\)/);
    // In a terminal the token is fixed in the variable, not by reconnecting an account.
    expect(error).toContain("set PRISMA_API_TOKEN to a valid service token");
    expect(error).not.toContain("reconnect");
    expect(hint).toBe(`Hint: ${emulator.url} refused the token in PRISMA_API_TOKEN. For the emulator, set it to the token ` +
      "`npm run emulator` printed: export PRISMA_API_TOKEN=<that token>.");
    expect(rest).toEqual([]);
    expect(outcome.stderr).not.toContain("not-the-token");
  });

  it("refuses a URL without its token, naming the variable", async () => {
    expectUsageError(await runner(["get-regions"], { env: { PRISMA_MANAGEMENT_API_URL: emulator.url } }),
      "PRISMA_MANAGEMENT_API_URL is set, so PRISMA_API_TOKEN must be too: export PRISMA_API_TOKEN=<the token `npm run emulator` printed>.");
  });

  it("refuses a URL without /v1, naming the one to use", async () => {
    const bare = emulator.url.replace(/\/v1$/, "");
    expectUsageError(await runner(["get-regions"], { env: { PRISMA_MANAGEMENT_API_URL: `${bare}/`, PRISMA_API_TOKEN: emulator.token } }),
      `PRISMA_MANAGEMENT_API_URL must end in /v1, where the API's routes are: export PRISMA_MANAGEMENT_API_URL=${bare}/v1 (got "${bare}/").`);
  });

  it("reads a route the server does not have as a wrong base URL, not a wrong ID", async () => {
    const wrong = emulator.url.replace(/\/v1$/, "/api/v1");
    const outcome = await runner(["list-projects"], { env: { PRISMA_MANAGEMENT_API_URL: wrong, PRISMA_API_TOKEN: emulator.token } });
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([
      "Error: Prisma API error 404 (resource-not-found): Route GET /api/v1/projects not found. The endpoint was not found: " +
      "Prisma has no such route at this address, so this says nothing about the ID. Check the API base URL (it must end in /v1, " +
      "like the default https://api.prisma.io/v1).",
    ]);
  });

  it("says how to pick another port when the port is taken", { timeout: 240_000 }, async () => {
    const second = await node(["--import", "tsx", "emulator/main.ts", `--port=${emulator.port}`]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(`Port ${emulator.port} is already in use (another emulator?). Start this one on another port: ` +
      `PORT=${emulator.port + 1} npm run emulator, or npm run emulator -- --port=0 for any free port.\n`);
    expect(second.stdout).toBe("");
  });

  it("refuses an unknown setting instead of ignoring it", { timeout: 240_000 }, async () => {
    const outcome = await node(["--import", "tsx", "emulator/main.ts", "--prot=5000"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^Unknown setting --prot\. Known: --port, --token, .*--log\.\n$/);
  });
});

describe.concurrent("the action runner as a child process", { timeout: 240_000 }, () => {
  it("lists every action and trigger with its required flags for --help, exit 0", async () => {
    const outcome = await childRunner(["--help"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe("");
    expect(outcome.stdout).toMatch(/^Usage: npm run action -- <action or trigger> /);
    expect(outcome.stdout).toMatch(/^ {2}create-project +Create Project +--name --region$/m);
    expect(outcome.stdout).toMatch(/^ {2}delete-stale-databases +Delete Stale Databases +--namePattern$/m);
    expect(outcome.stdout).toMatch(/^ {2}get-regions +Get Regions$/m);
    expect(outcome.stdout).toMatch(/\nTriggers, with their required flags:\n(?:.*\n)* {2}new-database +New Database\n/);
    expect(outcome.stdout).toMatch(/^ {2}new-backup +New Backup +--databaseId$/m);
  });

  it("runs against a fresh emulator, prints a table, exit 0", async () => {
    const outcome = await childRunner(["get-regions"], { READY_DELAY_MS: "0" });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Found 6 Prisma Postgres regions, 6 available\n\nid +name +status\n/);
    expect(outcome.stderr).toMatch(/^Using a fresh local emulator at http:\/\/127\.0\.0\.1:\d+\/v1 \(workspace wksp_\w+\); it is discarded after this run\. For one that keeps its state, see npm run emulator\.\n$/);
  });

  it("ends a command-line mistake with exit 2 and one line", async () => {
    expectUsageError(await childRunner(["get-regions", "--jsn"]),
      "Unknown flag --jsn for get-regions. Did you mean --json? Its flags: none (and --json, --mask, --live, --help).");
  });
});

describe.concurrent("the action runner", { timeout: 240_000 }, () => {
  it("prints one action's flags for <action> -h (or --help), exit 0, whatever else is on the line", async () => {
    const outcome = await runner(["create-project", "--nmae", "x", "-h"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^create-project: Create Project\n/);
    expect(outcome.stdout).toContain("Usage: npm run action -- create-project --name <text> --region <text> [flags]\n");
    expect(outcome.stdout).toContain("\n  --createDatabase <true|false>  (default true)\n      Create Database. Create the project's default database");
    expect(outcome.stdout).toContain("\n  --maxWaitSeconds <number>\n");
    expect(outcome.stdout).not.toContain("](http");
    expect(outcome.stdout).not.toContain("**");
    expect(outcome.stdout).not.toContain("--polls");
  });

  it("says in help words the terminal's commands and flags, not Pipedream's", async () => {
    const outcome = await runner(["restore-backup-in-place", "--help"]);
    expect(outcome.code).toBe(0);
    // Wrapped to the terminal's width: read as one line.
    const text = outcome.stdout.replace(/\s+/g, " ");
    expect(text).toContain("The safe alternative, which changes nothing existing, is Restore Backup to New Database " +
      "(npm run action -- restore-backup-to-new-database).");
    expect(text).toContain("(--databaseId, the target)");
    // No dropdown to pick from: the ID is typed.
    expect(text).toContain("Target Database. The database whose data is overwritten. Enter a database ID such as db_clx7abc123def456.");
    expect(text).not.toContain("Pick one");
    // A restore keeps the database's connections: its wait says nothing of strings a create returned.
    const wait = outcome.stdout.split("--maxWaitSeconds <number>\n")[1].split("\n\n")[0].replace(/\s+/g, " ");
    expect(wait).toContain("Max Wait Seconds. How long to wait for the restored database to be ready again");
    expect(wait).toContain("The database's connection strings do not change.");
    expect(wait).not.toMatch(/create returned|one-time/);
  });

  it("without a name, prints the help and exits non-zero", async () => {
    const outcome = await runner([]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/^Usage: /);
    expect(outcome.stderr).toBe("Give an action's or trigger's name, e.g. npm run action -- get-regions.\n");
  });

  it("names the nearest actions and triggers for a typo", async () => {
    const [typo, withHelp, trigger] = await Promise.all([
      runner(["create-projet", "--name", "x"]), runner(["lsit-backups", "--help"]), runner(["new-databse"]),
    ]);
    const see = "See npm run action -- --help for every action and trigger.";
    expectUsageError(typo, `Unknown action or trigger "create-projet". Nearest: create-project, update-project, create-branch. ${see}`);
    expectUsageError(withHelp, `Unknown action or trigger "lsit-backups". Nearest: list-backups, new-backup, list-branches. ${see}`);
    expectUsageError(trigger, `Unknown action or trigger "new-databse". Nearest: new-database, get-database, clone-database. ${see}`);
  });

  it("takes an action's key or display name too", async () => {
    const outcome = await runner(["Get Regions", "--json"], FRESH);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toHaveLength(6);
  });

  it("names the flag meant and lists the action's flags for an unknown flag", async () => {
    const [dashed, short, option, triggerOnly] = await Promise.all([
      runner(["create-database", "--project-id", "proj_c1"]), runner(["get-regions", "-v"]), runner(["get-regions", "--jsn"]),
      runner(["get-regions", "--polls", "2"]),
    ]);
    expectUsageError(dashed,
      "Unknown flag --project-id for create-database. Did you mean --projectId? Its flags: --projectId, --name, --region, " +
      "--isDefault, --branchId, --logicalId, --maxWaitSeconds (and --json, --mask, --live, --help).");
    expectUsageError(short, "Unknown flag -v for get-regions. Its flags: none (and --json, --mask, --live, --help).");
    expectUsageError(option, "Unknown flag --jsn for get-regions. Did you mean --json? Its flags: none (and --json, --mask, --live, --help).");
    expectUsageError(triggerOnly, "Unknown flag --polls for get-regions. --polls is for triggers only. Its flags: none (and --json, --mask, --live, --help).");
  });

  it("refuses a stray word, a flag given twice, a flag without its value, and flags before the name", async () => {
    const [stray, twice, valueless, first, twiceOption] = await Promise.all([
      runner(["get-project", "proj_c1"]),
      runner(["get-project", "--projectId", "proj_c1", "--projectId=proj_c2"]),
      runner(["get-project", "--projectId", "--json"]),
      runner(["--projectId", "proj_c1", "get-project"]),
      runner(["new-project", "--polls", "1", "--polls=2"]),
    ]);
    expectUsageError(stray,
      'Unexpected argument "proj_c1": give values as --<flag> <value>, e.g. --name shop. Its flags: --projectId (and --json, --mask, --live, --help).');
    expectUsageError(twice, "--projectId is given twice; give it once.");
    expectUsageError(valueless, "--projectId needs a value: --projectId <text>.");
    expectUsageError(first,
      "Put the action's or trigger's name first, then its flags: npm run action -- <action or trigger> [--<flag> <value> …] [--json] [--mask] [--live]");
    expectUsageError(twiceOption, "--polls is given twice; give it once.");
  });

  it("takes booleans as true or false in any case, and refuses anything else naming the flag", async () => {
    // With Dry Run off, the run would stop at the missing Confirm (exit 1): TRUE must keep it on.
    const [dry, yes] = await Promise.all([
      runner(["delete-stale-databases", "--namePattern", "pr-", "--dryRun", "TRUE"], FRESH),
      runner(["create-database", "--projectId", "proj_c1", "--name", "x", "--region", "inherit", "--isDefault", "yes"]),
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: /);
    expectUsageError(yes, '--isDefault must be true or false; got "yes".');
  });

  it("checks numbers against plain bounds, naming the flag", async () => {
    const [abc, negative, tooMany, polls, interval] = await Promise.all([
      runner(["list-projects", "--maxResults", "abc"]),
      runner(["create-project", "--name", "a", "--region", "eu-central-1", "--maxWaitSeconds", "-5"]),
      runner(["create-project", "--name", "a", "--region", "eu-central-1", "--maxWaitSeconds=601"]),
      runner(["new-project", "--polls", "many"]),
      runner(["new-project", "--interval"]),
    ]);
    expectUsageError(abc, '--maxResults must be a whole number, at least 1; got "abc".');
    expectUsageError(negative, '--maxWaitSeconds must be a whole number from 0 to 600; got "-5".');
    expectUsageError(tooMany, '--maxWaitSeconds must be a whole number from 0 to 600; got "601".');
    expectUsageError(polls, '--polls must be a whole number from 0 to 1000; got "many".');
    expectUsageError(interval, "--interval needs a value: --interval <seconds>.");
  });

  it("refuses --live without a token", async () => {
    expectUsageError(await runner(["get-regions", "--live"]),
      "--live needs a Prisma service token: export PRISMA_API_TOKEN=<your service token>, then run again.");
  });

  it("names every missing required flag at once, before anything runs", async () => {
    const [none, defaults, trigger] = await Promise.all([
      runner(["create-database", "--isDefault"]), runner(["delete-stale-databases"]), runner(["new-backup"]),
    ]);
    expectUsageError(none,
      "create-database needs these flags: --projectId, --name, --region. See npm run action -- create-database --help.");
    // A prop with a default (Older Than Hours, Dry Run) or marked optional is not asked for.
    expectUsageError(defaults,
      "delete-stale-databases needs the flag: --namePattern. See npm run action -- delete-stale-databases --help.");
    expectUsageError(trigger, "new-backup needs the flag: --databaseId. See npm run action -- new-backup --help.");
  });

  it("says an empty required value is required, in the action's own words, after the same prefix as every failure", async () => {
    const outcome = await runner(["create-project", "--name", "shop", "--region", ""], FRESH);
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([
      "Error: Region is required: one of us-east-1, us-west-1, eu-west-3, eu-central-1, ap-northeast-1, ap-southeast-1.",
    ]);
  });

  it("reads a refused confirmation as sentences, naming the safer command", async () => {
    const outcome = await runner(["restore-backup-in-place", "--databaseId", "db_cnotthere00001", "--backupId", "b1", "--confirm", "x"], FRESH);
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([
      'Error: Nothing was changed. To overwrite all data in database db_cnotthere00001 with backup b1, set Confirm to exactly "db_cnotthere00001" (it was "x"). ' +
      "To keep the current data, use Restore Backup to New Database (npm run action -- restore-backup-to-new-database) instead: it restores the backup into a new database.",
    ]);
    expect(outcome.stdout).toBe("");
  });

  it("reports an API refusal with exit code 1, no stack trace, and no dropdown", async () => {
    const outcome = await runner(["get-database", "--databaseId", "db_cnotthere00001"], FRESH);
    expect(outcome.code).toBe(1);
    const [error, ...rest] = problems(outcome.stderr);
    expect(error).toMatch(/^Error: Prisma API error 404 \(resource-not-found\): .*Nothing with that ID exists for this token: check the ID \(each list-… action prints them: npm run action -- --help\)\.$/);
    expect(rest).toEqual([]);
    expect(outcome.stderr).not.toMatch(STACK_TRACE);
    expect(outcome.stderr).not.toContain("dropdown");
  });

  it("prints a list as a table", async () => {
    const outcome = await runner(["get-regions"], FRESH);
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

  it("shows minted credentials once, as Prisma does, saying they are not shown again", async () => {
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1"], FRESH);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Created project "shop" \(proj_\w+\) with database db_\w+ in eu-central-1, status ready\n\n/);
    expect(outcome.stdout).toMatch(/^databaseId +db_\w+$/m);
    expect(outcome.stdout).toMatch(/^ready +true$/m);
    expect(outcome.stdout).toMatch(/^directConnectionString +postgres:\/\/\w+:(?!\[redacted\])[^@\s]+@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/m);
    expect(outcome.stdout).toMatch(/^accelerateConnectionString +prisma\+postgres:\/\/accelerate\.prisma-data\.net\/\?api_key=(?!\[redacted\])\S+$/m);
    expect(outcome.stdout).not.toContain("[redacted]");
    expect(outcome.stdout).toMatch(/\n\nMore in --json: project, database\.\n$/);
    expect(problems(outcome.stderr)).toEqual([
      "Shown once: directConnectionString, pooledConnectionString, accelerateConnectionString. " +
      "Prisma does not show them again: keep them now (--mask hides them and saves them to a file).",
    ]);
    expect(readdirSync(outcome.cwd)).toEqual([]);
  });

  it("--mask hides them and saves them, as minted, to a file only the user can read, and names it", async () => {
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1", "--mask"], FRESH);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^directConnectionString +postgres:\/\/\w+:\[redacted\]@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/m);
    expect(outcome.stdout).toMatch(/^accelerateConnectionString +prisma\+postgres:\/\/accelerate\.prisma-data\.net\/\?api_key=\[redacted\]$/m);
    const [file] = readdirSync(outcome.cwd);
    expect(file).toMatch(/^prisma-credentials-create-project-\d{8}-\d{6}\.json$/);
    const path = join(outcome.cwd, file);
    expect(problems(outcome.stderr)).toEqual([
      "Masked: directConnectionString, pooledConnectionString, accelerateConnectionString. " +
      `Saved as they were minted to ${path} (readable only by you); Prisma shows them only once.`,
    ]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(path, "utf8"));
    expect(saved.directConnectionString).toMatch(/^postgres:\/\/\w+:(?!\[redacted\])[^@\s]+@127\.0\.0\.1:\d+\//);
    // What the terminal shows is what was saved, masked.
    const shownUser = /^directConnectionString +postgres:\/\/(\w+):/m.exec(outcome.stdout)?.[1];
    expect(saved.directConnectionString).toContain(`postgres://${shownUser}:`);
    expect(saved.accelerateConnectionString).toMatch(/api_key=(?!\[redacted\])\S+$/);
    expect(outcome.stdout).not.toContain(new URL(saved.directConnectionString).password);
  });

  it("--json carries minted credentials in their named fields, with the summary on stderr", async () => {
    const outcome = await runner(["create-project", "--json", "--name", "shop", "--region", "eu-central-1"], FRESH);
    expect(outcome.code).toBe(0);
    const result = JSON.parse(outcome.stdout);
    expect(result).toMatchObject({ projectName: "shop", ready: true, project: { name: "shop" }, database: { status: "ready" } });
    expect(result.directConnectionString).toMatch(/^postgres:\/\/\w+:(?!\[redacted\])[^@\s]+@127\.0\.0\.1:\d+\//);
    expect(result.pooledConnectionString).toMatch(/^postgres:\/\/\w+:(?!\[redacted\])[^@\s]+@127\.0\.0\.1:\d+\//);
    // Only the named fields carry them.
    const { directConnectionString: _d, pooledConnectionString: _p, accelerateConnectionString: _a, ...rest } = result;
    expect(JSON.stringify(rest)).not.toContain(new URL(result.directConnectionString).password);
    expect(problems(outcome.stderr)).toEqual([
      expect.stringMatching(/^Created project "shop"/),
      expect.stringMatching(/^Shown once: directConnectionString, pooledConnectionString, accelerateConnectionString\. /),
    ]);
  });

  it("--json --mask masks the fields and saves the credentials", async () => {
    const outcome = await runner(["create-connection-string", "--json", "--mask", "--databaseId", "db_cnotthere00001", "--name", "app"], FRESH);
    // Nothing was minted (the database does not exist): nothing saved, nothing said of it.
    expect(outcome.code).toBe(1);
    expect(readdirSync(outcome.cwd)).toEqual([]);
    const minted = await runner(["create-project", "--json", "--mask", "--name", "shop", "--region", "eu-central-1"], FRESH);
    expect(JSON.parse(minted.stdout).directConnectionString).toMatch(/^postgres:\/\/\w+:\[redacted\]@/);
    expect(readdirSync(minted.cwd)).toEqual([expect.stringMatching(/^prisma-credentials-create-project-/)]);
  });

  it("prints progress while an action waits, speaking of the wait only once the create has succeeded", async () => {
    // The fresh emulator provisions in 500 ms; the first check comes 2.5 s in.
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1", "--json"], { env: { READY_DELAY_MS: "500" }, progressEveryMs: 20 });
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ ready: true, polls: 1 });
    const lines = problems(outcome.stderr);
    expect(lines.slice(-2)).toEqual([expect.stringMatching(/^Created project "shop"/), expect.stringMatching(/^Shown once: /)]);
    const progress = lines.slice(0, -2).map((line) => /^create-project: (still running|waiting for the database to become ready) \(\d+ s so far\)…$/.exec(line)?.[1]);
    expect(progress).not.toContain(undefined);
    // "still running" while the create is sent, then only "waiting".
    const firstWait = progress.indexOf("waiting for the database to become ready");
    expect(firstWait).toBeGreaterThanOrEqual(0);
    expect(progress.slice(firstWait)).toEqual(progress.slice(firstWait).map(() => "waiting for the database to become ready"));
  });

  it("does not speak of waiting when nothing answers at the URL", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const outcome = await runner(["create-project", "--name", "shop", "--region", "eu-central-1"], {
      env: { PRISMA_MANAGEMENT_API_URL: url, PRISMA_API_TOKEN: "not-a-real-token" }, progressEveryMs: 20,
    });
    expect(outcome.code).toBe(1);
    const lines = problems(outcome.stderr);
    expect(lines.filter((line) => line.includes("waiting"))).toEqual([]);
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^Error: Could not reach the Prisma Management API: the connection was refused \(ECONNREFUSED\)\./),
      `Hint: nothing answered at ${url}. Start it with \`npm run emulator\`, or unset PRISMA_MANAGEMENT_API_URL to use a fresh emulator.`,
    ]);
    expect(lines.slice(0, -2).every((line) => /^create-project: still running \(\d+ s so far\)…$/.test(line))).toBe(true);
  });
});

describe.concurrent("messages at a terminal, against an emulator with data", () => {
  let emulator: Emulator;
  let projectId: string;
  let databaseId: string;
  beforeAll(async () => {
    emulator = await startEmulator({ readyDelayMs: 0, seed: 17 });
    projectId = emulator.seedProject({ name: "shop", withDefaultDatabase: true });
    databaseId = [...emulator.state.databases.values()].find((d) => d.projectId === projectId)!.id;
  });
  afterAll(() => emulator.close());
  const at = () => ({ env: { PRISMA_MANAGEMENT_API_URL: emulator.url, PRISMA_API_TOKEN: emulator.token } });
  const mainBranch = () => [...emulator.state.branches.values()].find((b) => b.projectId === projectId && b.gitName === "main")!.id;

  it("says once that a default database goes only with its project", async () => {
    const outcome = await runner(["delete-database", "--databaseId", databaseId, "--confirm", databaseId], at());
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([
      "Error: Prisma API error 403 (permission-denied): Cannot delete the default environment. This is the project's default database, " +
      "which Prisma does not delete on its own. To remove it, delete the whole project with Delete Project (npm run action -- delete-project).",
    ]);
  });

  it("does not advise making another branch the default to delete the production branch", async () => {
    const branchId = mainBranch();
    const outcome = await runner(["delete-branch", "--branchId", branchId, "--confirm", branchId], at());
    expect(outcome.code).toBe(1);
    const [error, ...rest] = problems(outcome.stderr);
    expect(rest).toEqual([]);
    // Refused before any delete is sent: the branch is read first and is not a preview branch.
    expect(error).toMatch(/^Error: Branch "main" \(br_\w+\) is the project's production branch\. This action deletes only a preview branch that is not the default\. Nothing was deleted\.$/);
    expect(error).not.toContain("Set Default Branch");
    expect(error).not.toContain("never deleted");
  });

  it("says a branch that already was the default is the default, not that it was made so", async () => {
    const branchId = mainBranch();
    const outcome = await runner(["set-default-branch", "--branchId", branchId], at());
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.split("\n")[0]).toBe(`Branch "main" (${branchId}) is the default of project ${projectId}`);
  });

  it("says why a dry run of Delete Stale Databases keeps what it keeps", async () => {
    emulator.seedDatabases(projectId, 2, { namePrefix: "pr" });
    const outcome = await runner(["delete-stale-databases", "--projectId", projectId, "--namePattern", "pr-", "--json"], at());
    expect(outcome.code).toBe(0);
    expect(problems(outcome.stderr)[0]).toBe("Dry run: 0 of 3 databases would be deleted; kept 3: 2 created in the last 24 hours, 1 default database");
    expect(JSON.parse(outcome.stdout)).toMatchObject({ dryRun: true, matched: [], kept: { defaultDatabase: 1, nameNotMatching: 0, notOlderThanCutoff: 2 } });
  });
});

describe.concurrent("triggers in the runner", () => {
  let emulator: Emulator;
  let projectId: string;
  beforeAll(async () => {
    emulator = await startEmulator({ readyDelayMs: 0, seed: 23 });
    projectId = emulator.seedProject({ name: "shop" });
  });
  afterAll(() => emulator.close());
  const at = (onSleep?: Options["onSleep"]) => ({ env: { PRISMA_MANAGEMENT_API_URL: emulator.url, PRISMA_API_TOKEN: emulator.token }, onSleep });

  it("deploys once, then runs --polls times --interval seconds apart, printing each event's summary", async () => {
    const [first] = emulator.seedDatabases(projectId, 1, { namePrefix: "first" });
    let added: string | undefined;
    const outcome = await runner(["new-database", "--projectId", projectId, "--polls", "2", "--interval", "30"], at((ms) => {
      // Between the deploy and the first run, a database appears: only that run emits it.
      if (!added) [added] = emulator.seedDatabases(projectId, 1, { namePrefix: "second" });
      expect(ms).toBe(30_000);
    }));
    expect(outcome.code).toBe(0);
    expect(outcome.slept).toEqual([30_000, 30_000]);
    expect(outcome.stdout).toBe([
      "Deployed: 1 event",
      `  New database first-1 (${first}) in project shop (${projectId}), us-east-1, ready`,
      "Run 1 of 2: 1 event",
      `  New database second-1 (${added}) in project shop (${projectId}), us-east-1, ready`,
      "Run 2 of 2: no new events",
      "",
    ].join("\n"));
    expect(problems(outcome.stderr)).toEqual([
      "new-database: next run in 30 s (run 1 of 2)…",
      "new-database: next run in 30 s (run 2 of 2)…",
    ]);
  });

  it("--json prints the events, each with its run, meta and event", async () => {
    const outcome = await runner(["new-project", "--json", "--interval", "0"], at());
    expect(outcome.code).toBe(0);
    expect(outcome.slept).toEqual([]);
    const events = JSON.parse(outcome.stdout);
    expect(events).toEqual([{
      run: "Deployed",
      meta: { id: projectId, summary: `New project shop (${projectId}) in us-east-1`, ts: expect.any(Number) },
      event: expect.objectContaining({ id: projectId, type: "project", name: "shop" }),
    }]);
    expect(problems(outcome.stderr)).toEqual(["Deployed: 1 event", `  ${events[0].meta.summary}`, "Run 1 of 1: no new events"]);
  });

  it("--polls 0 only deploys; a trigger's help shows its options", async () => {
    const [deployOnly, help] = await Promise.all([runner(["new-project", "--polls", "0"], at()), runner(["new-project", "--help"])]);
    expect(deployOnly.code).toBe(0);
    expect(deployOnly.stdout).toBe(`Deployed: 1 event\n  New project shop (${projectId}) in us-east-1\n`);
    expect(deployOnly.slept).toEqual([]);
    expect(help.stdout).toMatch(/^new-project: New Project \(trigger\)\n/);
    expect(help.stdout).toContain("  --polls <number>      a trigger's runs after its deploy (default 1)\n");
    expect(help.stdout).toContain("  --interval <seconds>  seconds between a trigger's runs (default 60)\n");
    expect(help.stdout).not.toContain("--timer");
    expect(help.stdout).not.toContain("--db ");
  });

  it("a run that fails ends in the error and exit 1", async () => {
    const outcome = await runner(["new-backup", "--databaseId", "db_cnotthere00001", "--interval", "0"], at());
    expect(outcome.code).toBe(1);
    expect(problems(outcome.stderr)).toEqual([expect.stringMatching(/^Error: Prisma API error 404 \(resource-not-found\)/)]);
  });
});

describe.concurrent("the preflight", () => {
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
