// `npm run action -- <action or trigger> --<prop> <value> …`: runs one built action, or deploys
// one built trigger and polls it, against a fresh local emulator by default, against the server
// at PRISMA_MANAGEMENT_API_URL (with PRISMA_API_TOKEN), or against the real API with `--live` and
// PRISMA_API_TOKEN. `--help` lists them, and `<name> --help` one's flags. A mistake on the command
// line ends in one line on stderr and exit code 2; an action that fails, in its error and exit code 1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_BASE_URL } from "../common/constants";
import { startEmulator, type Emulator } from "../emulator/server";
import { appOf, resolvePropOf, run, type ActionLike, type AppOverrides } from "../test/pipedream";
import { instantiate, type Emitted, type SourceLike } from "../test/source-harness";
import {
  builtActionNames, builtSourceNames, describeResult, editDistance, loadBuiltAction, loadBuiltSource, masked, maskedKeys, nearest,
} from "./actions";
import { forTerminal } from "./terminal";

/** Where the runner writes and what it reads: the process's in `run-action.ts`, a test's own in tests. */
export interface RunnerIo {
  /** One line (or block) on stdout. */
  stdout(text: string): void;
  /** One line (or block) on stderr. */
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** The folder `--mask` saves minted credentials in. */
  cwd: string;
  /** The pause between a trigger's polls. */
  sleep(ms: number): Promise<void>;
  /** Calls `tick` every `ms` until the returned function is called: the progress lines. */
  every(ms: number, tick: () => void): () => void;
}

const USAGE = "npm run action -- <action or trigger> [--<flag> <value> …] [--json] [--mask] [--live]";

interface OptionInfo {
  help: string;
  /** Options that take a number, and only for triggers. */
  value?: { placeholder: string; min: number; max: number };
}
const OPTIONS = {
  json: { help: "print the whole result (a trigger's events) as JSON, minted credentials in their fields" },
  mask: { help: "hide minted credentials and save them to a file only you can read" },
  live: { help: "use the real Prisma API, with a service token in PRISMA_API_TOKEN" },
  polls: { help: "a trigger's runs after its deploy (default 1)", value: { placeholder: "<number>", min: 0, max: 1000 } },
  interval: { help: "seconds between a trigger's runs (default 60)", value: { placeholder: "<seconds>", min: 0, max: 86_400 } },
  help: { help: "this help; after a name, that action's or trigger's flags" },
} satisfies Record<string, OptionInfo>;
type Option = keyof typeof OPTIONS;
const TRIGGER_OPTIONS: readonly Option[] = ["polls", "interval"];
const DEFAULT_POLLS = 1;
const DEFAULT_INTERVAL_SECONDS = 60;

/** How long the fresh emulator takes to provision a database, unless READY_DELAY_MS says otherwise. */
const FRESH_READY_DELAY_MS = 500;
/** How often a progress line is printed while an action runs. */
const PROGRESS_EVERY_MS = 2000;

/** A mistake on the command line: reported as one line, exit code 2. */
class UsageError extends Error {}

interface PropInfo {
  name: string;
  type?: string;
  label?: string;
  description?: string;
  optional?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
}

/** A built action or trigger, by its folder name. */
interface Command {
  folder: string;
  kind: "action" | "trigger";
  component: ActionLike;
}

/** The props a person gives: not the app, nor what Pipedream fills in (`$.service.db`, the timer). */
function propsOf(component: ActionLike): PropInfo[] {
  const app = appOf(component);
  return Object.entries(component.props ?? {})
    .filter(([name, definition]) => name !== "app" && typeof definition === "object" && definition !== null)
    .map(([name, definition]) => ({ name, ...resolvePropOf(app, definition) }) as PropInfo)
    .filter((prop) => !String(prop.type ?? "").startsWith("$."));
}

const isRequired = (prop: PropInfo) => !prop.optional && !("default" in prop);

function placeholder(prop: PropInfo): string {
  if (prop.type === "boolean") return "<true|false>";
  if (prop.type === "integer") return "<number>";
  if (prop.type === "string[]") return "<a,b,…>";
  return "<text>";
}

function flagOf(prop: PropInfo): string {
  const notes = [isRequired(prop) ? "required" : null, "default" in prop ? `default ${JSON.stringify(prop.default)}` : null];
  return `--${prop.name} ${placeholder(prop)}${notes.some(Boolean) ? `  (${notes.filter(Boolean).join(", ")})` : ""}`;
}

/** Words wrapped to `width` columns, each line indented. */
function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join("\n");
}

const optionsFor = (kind: Command["kind"] | "any") => (Object.keys(OPTIONS) as Option[])
  .filter((name) => kind !== "action" || !TRIGGER_OPTIONS.includes(name));

function optionLines(kind: Command["kind"] | "any"): string[] {
  return optionsFor(kind).map((name) => {
    const info: OptionInfo = OPTIONS[name];
    const flag = name === "help" ? "-h, --help" : `--${name}${info.value ? ` ${info.value.placeholder}` : ""}`;
    return `  ${flag.padEnd(22)}${info.help}`;
  });
}

/** Every built action and trigger, by folder name. */
function knownNames(): { actions: string[]; triggers: string[] } {
  return { actions: builtActionNames(), triggers: builtSourceNames() };
}

async function globalHelp(): Promise<string> {
  const { actions, triggers } = knownNames();
  const loaded = await Promise.all([...actions.map(loadBuiltAction), ...triggers.map(loadBuiltSource)]);
  const names = [...actions, ...triggers];
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const nameWidth = Math.max(...loaded.map((component) => (component.name ?? "").length)) + 2;
  const line = (name: string, i: number) => `  ${name.padEnd(width)}${(loaded[i].name ?? "").padEnd(nameWidth)}` +
    propsOf(loaded[i]).filter(isRequired).map((prop) => `--${prop.name}`).join(" ");
  return [
    `Usage: ${USAGE}`,
    "       npm run action -- <name> --help     its flags, with descriptions",
    "",
    "Runs one built action (dist/actions) the way Pipedream does, or deploys one built trigger (dist/sources)",
    "and runs it --polls times, --interval seconds apart, against:",
    "  a fresh local emulator, discarded afterwards        by default (READY_DELAY_MS: its provisioning time,",
    `                                                      default ${FRESH_READY_DELAY_MS} ms)`,
    "  the server at PRISMA_MANAGEMENT_API_URL             when set, with its token in PRISMA_API_TOKEN",
    "                                                      (`npm run emulator` prints both)",
    "  the real Prisma API                                 with --live and PRISMA_API_TOKEN",
    "",
    "Minted credentials (connection strings, service token values) are shown once, as Prisma shows them;",
    "--mask hides them and saves them to a file only you can read.",
    "",
    "Options:",
    ...optionLines("any"),
    "",
    "Actions, with their required flags:",
    ...actions.map((name, i) => line(name, i)),
    "",
    "Triggers, with their required flags:",
    ...triggers.map((name, i) => line(name, actions.length + i)),
  ].map((text) => text.trimEnd()).join("\n");
}

function commandHelp({ folder, kind, component }: Command, words: (text: string) => string): string {
  const props = propsOf(component);
  const required = props.filter(isRequired).map((prop) => `--${prop.name} ${placeholder(prop)}`);
  return [
    `${folder}: ${component.name}${kind === "trigger" ? " (trigger)" : ""}`,
    "",
    wrap(words(component.description ?? ""), ""),
    "",
    `Usage: npm run action -- ${folder}${required.length ? ` ${required.join(" ")}` : ""}${props.some((p) => !isRequired(p)) ? " [flags]" : ""}`,
    "",
    ...(props.length
      ? ["Flags:", ...props.flatMap((prop) => [`  ${flagOf(prop)}`, wrap(words(`${prop.label}. ${prop.description ?? ""}`), "      "), ""])]
      : ["No flags.", ""]),
    "Options:",
    ...optionLines(kind),
  ].join("\n");
}

interface Options {
  json: boolean;
  mask: boolean;
  live: boolean;
  polls: number;
  intervalSeconds: number;
}

interface Flags {
  options: Options;
  /** The action's flags as given: the text after them, or true for a bare boolean flag. */
  given: Map<string, string | true>;
}

const isOption = (name: string): name is Option => Object.hasOwn(OPTIONS, name);

/** Accepts `prisma_management_api-create-project` and "Create Project" for `create-project`. */
function folderOf(name: string, known: readonly string[]): string | undefined {
  const normalized = name.trim().toLowerCase().replace(/^prisma_management_api-/, "").replace(/[\s_]+/g, "-");
  return known.find((folder) => folder === normalized);
}

/** The name (the first word), whether help is asked for, and the arguments around the name. */
function readCommandLine(argv: string[]): { typed?: string; help: boolean; rest: string[]; before: string[] } {
  const help = argv.some((arg) => arg === "-h" || arg === "--help");
  const at = argv.findIndex((arg) => !arg.startsWith("-"));
  const before = at === -1 ? argv : argv.slice(0, at);
  for (const arg of before) {
    const name = arg.replace(/^--?/, "");
    if (!(arg === "-h" || (arg.startsWith("--") && isOption(name) && !(OPTIONS[name] as OptionInfo).value))) {
      throw new UsageError(`Put the action's or trigger's name first, then its flags: ${USAGE}`);
    }
  }
  return { typed: at === -1 ? undefined : argv[at], help, rest: at === -1 ? [] : argv.slice(at + 1), before };
}

/** The flag the user most likely meant: the same letters but for case, `-` and `_`, or a typo or two away. */
function closestFlag(typed: string, names: readonly string[]): string | undefined {
  const loose = (text: string) => text.toLowerCase().replace(/[-_]/g, "");
  return names
    .map((name) => ({ name, distance: editDistance(loose(typed), loose(name)) }))
    .filter(({ name, distance }) => distance <= Math.max(1, Math.floor(name.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0]?.name;
}

function wholeNumber(flag: string, text: string, min: number | undefined, max: number | undefined): number {
  const number = /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const tooLow = min !== undefined && number < min;
  const tooHigh = max !== undefined && number > max;
  if (!Number.isSafeInteger(number) || tooLow || tooHigh) throw new UsageError(`${flag} must be a whole number${boundsOf(min, max)}; got "${text}".`);
  return number;
}

/** The flags and the options after the name (`before`: the options given before it). */
function readFlags({ folder, kind }: Command, props: PropInfo[], args: string[], before: string[]): Flags {
  const options: Options = {
    json: before.includes("--json"), mask: before.includes("--mask"), live: before.includes("--live"),
    polls: DEFAULT_POLLS, intervalSeconds: DEFAULT_INTERVAL_SECONDS,
  };
  const given = new Map<string, string | true>();
  const byName = new Map(props.map((prop) => [prop.name, prop]));
  const allowed = optionsFor(kind);
  const known = () => `Its flags: ${props.map((prop) => `--${prop.name}`).join(", ") || "none"}` +
    ` (and ${allowed.map((name) => `--${name}`).join(", ")}).`;
  const seen = new Set<string>();
  const valueAfter = (name: string, inline: string | undefined, i: number, what: string): { value: string; next: number } => {
    if (inline !== undefined) return { value: inline, next: i };
    const next = args[i + 1];
    if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value: --${name} ${what}.`);
    return { value: next, next: i + 1 };
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") continue;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      if (arg.startsWith("-")) throw new UsageError(`Unknown flag ${arg} for ${folder}. ${known()}`);
      throw new UsageError(`Unexpected argument "${arg}": give values as --<flag> <value>, e.g. --name shop. ${known()}`);
    }
    const [, name, inline] = match;
    if (seen.has(name)) throw new UsageError(`--${name} is given twice; give it once.`);
    seen.add(name);
    if (isOption(name) && allowed.includes(name)) {
      const info: OptionInfo = OPTIONS[name];
      if (!info.value) {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
        if (name !== "help") options[name as "json" | "mask" | "live"] = true;
        continue;
      }
      const { value, next } = valueAfter(name, inline, i, info.value.placeholder);
      i = next;
      const number = wholeNumber(`--${name}`, value, info.value.min, info.value.max);
      if (name === "polls") options.polls = number; else options.intervalSeconds = number;
      continue;
    }
    const prop = byName.get(name);
    if (!prop) {
      const close = closestFlag(name, [...props.map((p) => p.name), ...allowed]);
      const triggerOnly = isOption(name) ? ` --${name} is for triggers only.` : "";
      throw new UsageError(`Unknown flag --${name} for ${folder}.${triggerOnly}${close ? ` Did you mean --${close}?` : ""} ${known()}`);
    }
    let value: string | true | undefined = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith("--")) { value = next; i++; } else if (prop.type === "boolean") value = true;
      else throw new UsageError(`--${name} needs a value: --${name} ${placeholder(prop)}.`);
    }
    given.set(name, value);
  }
  return { options, given };
}

function boundsOf(min: number | undefined, rawMax: number | undefined): string {
  const max = rawMax !== undefined && rawMax < Number.MAX_SAFE_INTEGER ? rawMax : undefined;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return `, at least ${min}`;
  if (max !== undefined) return `, at most ${max}`;
  return "";
}

/** The flag's text as the prop's type; a value the type cannot take is refused naming the flag. */
function valueOf(prop: PropInfo, raw: string | true): unknown {
  const flag = `--${prop.name}`;
  if (prop.type === "boolean") {
    if (raw === true || /^true$/i.test(raw.trim())) return true;
    if (/^false$/i.test(raw.trim())) return false;
    throw new UsageError(`${flag} must be true or false; got "${raw}".`);
  }
  const text = raw === true ? "" : raw;
  if (prop.type === "integer") return wholeNumber(flag, text, prop.min, prop.max);
  if (prop.type === "string[]") return text.split(",").map((item) => item.trim()).filter(Boolean);
  return text;
}

interface Target {
  /** Where requests go, as the runner tells the bound app (its `_baseUrl`). */
  baseUrl: string;
  token: string;
  kind: "fresh emulator" | "server" | "live";
  emulator?: Emulator;
}

function readyDelayMs(env: RunnerIo["env"]): number {
  const raw = env.READY_DELAY_MS;
  if (raw === undefined || raw === "") return FRESH_READY_DELAY_MS;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`READY_DELAY_MS must be a whole number of milliseconds; got "${raw}".`);
  return Number(raw.trim());
}

/** Checks where the run will go before anything starts; the fresh emulator is started later. */
function chooseTarget(live: boolean, env: RunnerIo["env"]): Omit<Target, "token" | "baseUrl"> & { token?: string; baseUrl?: string } {
  const token = env.PRISMA_API_TOKEN?.trim() || undefined;
  const url = env.PRISMA_MANAGEMENT_API_URL?.trim() || undefined;
  if (live) {
    if (!token) throw new UsageError("--live needs a Prisma service token: export PRISMA_API_TOKEN=<your service token>, then run again.");
    return { kind: "live", baseUrl: DEFAULT_BASE_URL, token };
  }
  if (!url) return { kind: "fresh emulator" };
  let parsed: URL | undefined;
  try { parsed = new URL(url); } catch { parsed = undefined; }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new UsageError(`PRISMA_MANAGEMENT_API_URL must be a URL such as http://127.0.0.1:4466/v1; got "${url}".`);
  }
  // Every route of the API is under /v1: without it each request would answer 404.
  if (!/\/v1\/*$/.test(parsed.pathname)) {
    const fixed = `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}/v1`;
    throw new UsageError(`PRISMA_MANAGEMENT_API_URL must end in /v1, where the API's routes are: export PRISMA_MANAGEMENT_API_URL=${fixed} (got "${url}").`);
  }
  if (!token) {
    throw new UsageError("PRISMA_MANAGEMENT_API_URL is set, so PRISMA_API_TOKEN must be too: export PRISMA_API_TOKEN=<the token `npm run emulator` printed>.");
  }
  return { kind: "server", baseUrl: url.replace(/\/+$/, ""), token };
}

function hintFor(error: unknown, target: Target): string | null {
  const status = (error as { status?: unknown } | null)?.status;
  const message = String((error as { message?: unknown } | null)?.message ?? "");
  if (target.kind !== "server") return null;
  if (status === 401) {
    return `Hint: ${target.baseUrl} refused the token in PRISMA_API_TOKEN. For the emulator, set it to the token ` +
      "`npm run emulator` printed: export PRISMA_API_TOKEN=<that token>.";
  }
  if (status === null && /ECONNREFUSED|could not reach|network/i.test(message)) {
    return `Hint: nothing answered at ${target.baseUrl}. Start it with \`npm run emulator\`, or unset PRISMA_MANAGEMENT_API_URL to use a fresh emulator.`;
  }
  return null;
}

/** `YYYYMMDD-HHMMSS` in UTC, for a file name. */
const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

/** Saves what `--mask` hid, readable only by the user; returns the file's path. */
function saveMinted(io: RunnerIo, folder: string, result: unknown): string {
  const path = join(io.cwd, `prisma-credentials-${folder}-${stamp(new Date())}.json`);
  // `wx`: never overwrite an earlier file, which may hold the only copy of other credentials.
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return path;
}

/** Every error leaves the runner the same way: `Error: ` and the message in the terminal's words. */
function reportFailure(io: RunnerIo, error: unknown, target: Target, words: (text: string) => string): number {
  io.stderr(`Error: ${words(error instanceof Error ? error.message : String(error))}`);
  const hint = hintFor(error, target);
  if (hint) io.stderr(hint);
  return 1;
}

async function runAction(io: RunnerIo, command: Command, props: Record<string, unknown>, options: Options,
  target: Target, words: (text: string) => string): Promise<number> {
  const { folder, component: action } = command;
  const declared = propsOf(action);
  const overrides: AppOverrides = targetOverrides(target);
  // Only once Prisma has accepted a create is there a database to wait for; before that the run is just running.
  let created = false;
  const makeRequest = (appOf(action).methods as Record<string, (...args: unknown[]) => Promise<unknown>>)._makeRequest;
  overrides._makeRequest = async function (this: unknown, request: { method?: string }) {
    const answer = await makeRequest.call(this, request);
    if (request.method === "POST") created = true;
    return answer;
  } as AppOverrides[string];
  const waits = declared.some((prop) => prop.name === "maxWaitSeconds");
  const what = declared.some((prop) => prop.name === "regions") ? "databases" : "database";
  const started = Date.now();
  const stopProgress = io.every(PROGRESS_EVERY_MS, () => {
    io.stderr(`${folder}: ${waits && created ? `waiting for the ${what} to become ready` : "still running"} (${Math.round((Date.now() - started) / 1000)} s so far)…`);
  });
  let outcome;
  try {
    outcome = await run(action, props, { api_token: target.token }, overrides);
  } catch (error) {
    stopProgress();
    return reportFailure(io, error, target, words);
  }
  stopProgress();
  const { result, summary } = outcome;
  const shown = options.mask ? masked(result) : result;
  const minted = maskedKeys(result, masked(result));
  if (options.json) {
    if (summary !== undefined) io.stderr(String(summary));
    io.stdout(JSON.stringify(shown, null, 2));
  } else {
    if (summary !== undefined) io.stdout(String(summary));
    const details = describeResult(shown);
    if (details) io.stdout(`\n${details}`);
  }
  if (minted.length && options.mask) {
    const path = saveMinted(io, folder, result);
    io.stderr(`Masked: ${minted.join(", ")}. Saved as they were minted to ${path} (readable only by you); Prisma shows them only once.`);
  } else if (minted.length && (action as { annotations?: { readOnlyHint?: boolean } }).annotations?.readOnlyHint !== true) {
    io.stderr(`Shown once: ${minted.join(", ")}. Prisma does not show them again: keep them now (--mask hides them and saves them to a file).`);
  }
  return 0;
}

/** What the runner changes on the bound app: where requests go, and pacing off where there is no rate limit. */
function targetOverrides(target: Target): AppOverrides {
  const overrides: AppOverrides = { _baseUrl: () => target.baseUrl };
  if (target.kind === "fresh emulator") overrides._requestsPerMinute = () => null;
  return overrides;
}

async function runTrigger(io: RunnerIo, command: Command, props: Record<string, unknown>, options: Options,
  target: Target, words: (text: string) => string): Promise<number> {
  const { folder } = command;
  const trigger = instantiate(command.component as SourceLike, props, { api_token: target.token }, undefined, targetOverrides(target));
  const events: { run: string; meta: Emitted["meta"]; event: unknown }[] = [];
  const show = (label: string, emitted: Emitted[]) => {
    const none = label === "Deployed" ? "no events" : "no new events";
    const line = `${label}: ${emitted.length === 0 ? none : `${emitted.length} event${emitted.length === 1 ? "" : "s"}`}`;
    if (options.json) io.stderr(line); else io.stdout(line);
    for (const { meta, event } of emitted) {
      events.push({ run: label, meta, event: masked(event) });
      if (options.json) io.stderr(`  ${meta.summary}`); else io.stdout(`  ${meta.summary}`);
    }
  };
  try {
    show("Deployed", await trigger.deploy());
    for (let poll = 1; poll <= options.polls; poll++) {
      if (options.intervalSeconds > 0) {
        io.stderr(`${folder}: next run in ${options.intervalSeconds} s (run ${poll} of ${options.polls})…`);
        await io.sleep(options.intervalSeconds * 1000);
      }
      show(`Run ${poll} of ${options.polls}`, await trigger.tick());
    }
  } catch (error) {
    if (options.json) io.stdout(JSON.stringify(events, null, 2));
    return reportFailure(io, error, target, words);
  }
  if (options.json) io.stdout(JSON.stringify(events, null, 2));
  return 0;
}

async function main(argv: string[], io: RunnerIo): Promise<number> {
  const { typed, help, rest, before } = readCommandLine(argv);
  const { actions, triggers } = knownNames();
  if (!typed) {
    io.stdout(await globalHelp());
    if (help) return 0;
    throw new UsageError("Give an action's or trigger's name, e.g. npm run action -- get-regions.");
  }
  const known = [...actions, ...triggers];
  const folder = folderOf(typed, known);
  if (!folder) {
    throw new UsageError(`Unknown action or trigger "${typed}". Nearest: ${nearest(typed, known).join(", ")}. ` +
      "See npm run action -- --help for every action and trigger.");
  }
  const kind = actions.includes(folder) ? "action" : "trigger";
  const component = kind === "action" ? await loadBuiltAction(folder) : await loadBuiltSource(folder);
  const command: Command = { folder, kind, component };
  const words = (text: string) => forTerminal(text, { commands: known, flags: propsOf(component).map((prop) => prop.name) });
  if (help) {
    io.stdout(commandHelp(command, words));
    return 0;
  }
  const declared = propsOf(component);
  const { options, given } = readFlags(command, declared, rest, before);
  const props = Object.fromEntries(declared.filter((prop) => given.has(prop.name))
    .map((prop) => [prop.name, valueOf(prop, given.get(prop.name) as string | true)]));
  const missing = declared.filter((prop) => isRequired(prop) && !given.has(prop.name)).map((prop) => `--${prop.name}`);
  if (missing.length) {
    throw new UsageError(`${folder} needs ${missing.length === 1 ? "the flag" : "these flags"}: ${missing.join(", ")}. See npm run action -- ${folder} --help.`);
  }

  const chosen = chooseTarget(options.live, io.env);
  let target: Target;
  if (chosen.kind === "fresh emulator") {
    const emulator = await startEmulator({ readyDelayMs: readyDelayMs(io.env) });
    target = { kind: chosen.kind, baseUrl: emulator.url, token: emulator.token, emulator };
    io.stderr(`Using a fresh local emulator at ${emulator.url} (workspace ${emulator.workspaceId}); ` +
      `it is discarded after this run${kind === "trigger" ? " and starts empty" : ""}. For one that keeps its state, see npm run emulator.`);
  } else {
    target = chosen as Target;
    io.stderr(target.kind === "live" ? `Using the real Prisma API at ${target.baseUrl}.` : `Using the server at ${target.baseUrl}.`);
  }
  try {
    return kind === "action"
      ? await runAction(io, command, props, options, target, words)
      : await runTrigger(io, command, props, options, target, words);
  } finally {
    await target.emulator?.close();
  }
}

/**
 * Runs the command line `argv` and returns its exit code: 0 done, 1 the action or trigger
 * failed, 2 a mistake on the command line (one line on stderr, no stack trace).
 */
export async function runCommand(argv: string[], io: RunnerIo): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    // Only a mistake on the command line or a missing build gets here: one line, no stack trace.
    io.stderr(error instanceof Error ? error.message : String(error));
    return error instanceof UsageError ? 2 : 1;
  }
}
