// `npm run action -- <action> --<prop> <value> …`: runs one built action, against a fresh local
// emulator by default, against the server at PRISMA_MANAGEMENT_API_URL (with PRISMA_API_TOKEN),
// or against the real API with `--live` and PRISMA_API_TOKEN. `--help` lists the actions, and
// `<action> --help` one action's flags. A mistake on the command line ends in one line on stderr
// and exit code 2; an action that fails, in its error and exit code 1.
import { DEFAULT_BASE_URL } from "../common/constants";
import { startEmulator, type Emulator } from "../emulator/server";
import { appOf, resolvePropOf, run, type ActionLike, type AppOverrides } from "../test/pipedream";
import { builtActionNames, describeResult, editDistance, loadBuiltAction, masked, maskedKeys, nearest } from "./actions";

const USAGE = "npm run action -- <action> [--<flag> <value> …] [--json] [--reveal] [--live]";
const OPTIONS = {
  json: "print the whole result as JSON (credentials still masked unless --reveal)",
  reveal: "print connection strings and token values unmasked",
  live: "use the real Prisma API, with a service token in PRISMA_API_TOKEN",
  help: "this help; after an action's name, that action's flags",
} as const;
type Option = keyof typeof OPTIONS;

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

function propsOf(action: ActionLike): PropInfo[] {
  const app = appOf(action);
  return Object.entries(action.props ?? {}).filter(([name]) => name !== "app")
    .map(([name, definition]) => ({ name, ...resolvePropOf(app, definition) }) as PropInfo);
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

// Pipedream descriptions end with a Markdown link to the docs; at a terminal, the bare URL reads better.
const plain = (text = "") => text.replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, "$1: $2");

const OPTION_LINES = [
  ...Object.entries(OPTIONS).map(([name, text]) => `  ${(name === "help" ? "-h, --help" : `--${name}`).padEnd(12)}${text}`),
];

async function globalHelp(): Promise<string> {
  const names = builtActionNames();
  const actions = await Promise.all(names.map(loadBuiltAction));
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const nameWidth = Math.max(...actions.map((action) => (action.name ?? "").length)) + 2;
  return [
    `Usage: ${USAGE}`,
    "       npm run action -- <action> --help     that action's flags, with descriptions",
    "",
    "Runs one built action (dist/actions) the way Pipedream does, against:",
    "  a fresh local emulator, discarded afterwards        by default (READY_DELAY_MS: its provisioning time,",
    `                                                      default ${FRESH_READY_DELAY_MS} ms)`,
    "  the server at PRISMA_MANAGEMENT_API_URL             when set, with its token in PRISMA_API_TOKEN",
    "                                                      (`npm run emulator` prints both)",
    "  the real Prisma API                                 with --live and PRISMA_API_TOKEN",
    "",
    "Options:",
    ...OPTION_LINES,
    "",
    "Actions, with their required flags:",
    ...names.map((name, i) => `  ${name.padEnd(width)}${(actions[i].name ?? "").padEnd(nameWidth)}` +
      propsOf(actions[i]).filter(isRequired).map((prop) => `--${prop.name}`).join(" ")),
  ].map((line) => line.trimEnd()).join("\n");
}

function actionHelp(folder: string, action: ActionLike): string {
  const props = propsOf(action);
  const required = props.filter(isRequired).map((prop) => `--${prop.name} ${placeholder(prop)}`);
  return [
    `${folder}: ${action.name}`,
    "",
    wrap(plain(action.description), ""),
    "",
    `Usage: npm run action -- ${folder}${required.length ? ` ${required.join(" ")}` : ""}${props.some((p) => !isRequired(p)) ? " [flags]" : ""}`,
    "",
    ...(props.length ? ["Flags:", ...props.flatMap((prop) => [`  ${flagOf(prop)}`, wrap(`${prop.label}. ${plain(prop.description)}`, "      "), ""])] : ["No flags.", ""]),
    "Options:",
    ...OPTION_LINES,
  ].join("\n");
}

interface Flags {
  options: Record<Exclude<Option, "help">, boolean>;
  /** The action's flags as given: the text after them, or true for a bare boolean flag. */
  given: Map<string, string | true>;
}

const isOption = (name: string): name is Option => Object.hasOwn(OPTIONS, name);

/** Accepts `prisma_management_api-create-project` and "Create Project" for `create-project`. */
function folderOf(name: string, known: readonly string[]): string | undefined {
  const normalized = name.trim().toLowerCase().replace(/^prisma_management_api-/, "").replace(/[\s_]+/g, "-");
  return known.find((folder) => folder === normalized);
}

/** The action's name (the first word), whether help is asked for, and the arguments around the name. */
function readCommandLine(argv: string[]): { folder?: string; help: boolean; rest: string[]; before: string[] } {
  const help = argv.some((arg) => arg === "-h" || arg === "--help");
  const at = argv.findIndex((arg) => !arg.startsWith("-"));
  const before = at === -1 ? argv : argv.slice(0, at);
  for (const arg of before) {
    const name = arg.replace(/^--?/, "");
    if (!(arg === "-h" || (arg.startsWith("--") && isOption(name)))) {
      throw new UsageError(`Put the action's name first, then its flags: ${USAGE}`);
    }
  }
  return { folder: at === -1 ? undefined : argv[at], help, rest: at === -1 ? [] : argv.slice(at + 1), before };
}

/** The action's flags and the options after its name (`before`: the options given before it). */
function readFlags(folder: string, props: PropInfo[], args: string[], before: string[]): Flags {
  const options = { json: before.includes("--json"), reveal: before.includes("--reveal"), live: before.includes("--live") };
  const given = new Map<string, string | true>();
  const byName = new Map(props.map((prop) => [prop.name, prop]));
  const known = () => `Its flags: ${props.map((prop) => `--${prop.name}`).join(", ") || "none"}` +
    ` (and ${Object.keys(OPTIONS).map((name) => `--${name}`).join(", ")}).`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") continue;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      if (arg.startsWith("-")) throw new UsageError(`Unknown flag ${arg} for ${folder}. ${known()}`);
      throw new UsageError(`Unexpected argument "${arg}": give values as --<flag> <value>, e.g. --name shop. ${known()}`);
    }
    const [, name, inline] = match;
    if (isOption(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
      options[name as Exclude<Option, "help">] = true;
      continue;
    }
    const prop = byName.get(name);
    if (!prop) {
      const close = closestFlag(name, props);
      throw new UsageError(`Unknown flag --${name} for ${folder}.${close ? ` Did you mean --${close.name}?` : ""} ${known()}`);
    }
    if (given.has(name)) throw new UsageError(`--${name} is given twice; give it once.`);
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

/** The flag the user most likely meant: the same letters but for case, `-` and `_`, or a typo or two away. */
function closestFlag(typed: string, props: PropInfo[]): PropInfo | undefined {
  const loose = (text: string) => text.toLowerCase().replace(/[-_]/g, "");
  return props
    .map((prop) => ({ prop, distance: editDistance(loose(typed), loose(prop.name)) }))
    .filter(({ prop, distance }) => distance <= Math.max(1, Math.floor(prop.name.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0]?.prop;
}

function boundsOf(prop: PropInfo): string {
  const min = prop.min;
  const max = prop.max !== undefined && prop.max < Number.MAX_SAFE_INTEGER ? prop.max : undefined;
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
  if (prop.type === "integer") {
    const number = /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    const tooLow = prop.min !== undefined && number < prop.min;
    const tooHigh = prop.max !== undefined && number > prop.max;
    if (!Number.isSafeInteger(number) || tooLow || tooHigh) throw new UsageError(`${flag} must be a whole number${boundsOf(prop)}; got "${text}".`);
    return number;
  }
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

function readyDelayMs(): number {
  const raw = process.env.READY_DELAY_MS;
  if (raw === undefined || raw === "") return FRESH_READY_DELAY_MS;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`READY_DELAY_MS must be a whole number of milliseconds; got "${raw}".`);
  return Number(raw.trim());
}

/** Checks where the run will go before anything starts; the fresh emulator is started later. */
function chooseTarget(live: boolean): Omit<Target, "token" | "baseUrl"> & { token?: string; baseUrl?: string } {
  const token = process.env.PRISMA_API_TOKEN?.trim() || undefined;
  const url = process.env.PRISMA_MANAGEMENT_API_URL?.trim() || undefined;
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
  if (!token) {
    throw new UsageError("PRISMA_MANAGEMENT_API_URL is set, so PRISMA_API_TOKEN must be too: export PRISMA_API_TOKEN=<the token `npm run emulator` printed>.");
  }
  return { kind: "server", baseUrl: url.replace(/\/+$/, ""), token };
}

/** A line on stderr every few seconds while the action runs, so a wait is not mistaken for a hang. */
function startProgress(folder: string, props: PropInfo[]): () => void {
  const started = Date.now();
  const what = props.some((prop) => prop.name === "maxWaitSeconds")
    ? `waiting for the ${props.some((prop) => prop.name === "regions") ? "databases" : "database"} to become ready`
    : "still running";
  const timer = setInterval(() => {
    console.error(`${folder}: ${what} (${Math.round((Date.now() - started) / 1000)} s so far)…`);
  }, PROGRESS_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
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

async function main(argv: string[]): Promise<number> {
  const { folder: typed, help, rest, before } = readCommandLine(argv);
  const known = builtActionNames();
  if (!typed) {
    console.log(await globalHelp());
    if (help) return 0;
    throw new UsageError("Give an action's name, e.g. npm run action -- get-regions.");
  }
  const folder = folderOf(typed, known);
  if (!folder) {
    throw new UsageError(`Unknown action "${typed}". Nearest: ${nearest(typed, known).join(", ")}. See npm run action -- --help for every action.`);
  }
  const action = await loadBuiltAction(folder);
  if (help) {
    console.log(actionHelp(folder, action));
    return 0;
  }
  const declared = propsOf(action);
  const { options, given } = readFlags(folder, declared, rest, before);
  const props = Object.fromEntries(declared.filter((prop) => given.has(prop.name))
    .map((prop) => [prop.name, valueOf(prop, given.get(prop.name) as string | true)]));
  const missing = declared.filter((prop) => isRequired(prop) && !given.has(prop.name)).map((prop) => `--${prop.name}`);
  if (missing.length) {
    throw new UsageError(`${folder} needs ${missing.length === 1 ? "the flag" : "these flags"}: ${missing.join(", ")}. See npm run action -- ${folder} --help.`);
  }

  const chosen = chooseTarget(options.live);
  let target: Target;
  if (chosen.kind === "fresh emulator") {
    const emulator = await startEmulator({ readyDelayMs: readyDelayMs() });
    target = { kind: chosen.kind, baseUrl: emulator.url, token: emulator.token, emulator };
    console.error(`Using a fresh local emulator at ${emulator.url} (workspace ${emulator.workspaceId}); ` +
      "it is discarded after this run. For one that keeps its state, see npm run emulator.");
  } else {
    target = chosen as Target;
    console.error(target.kind === "live" ? `Using the real Prisma API at ${target.baseUrl}.` : `Using the server at ${target.baseUrl}.`);
  }
  // The runner, not the environment, tells the app where to send requests. Only the fresh
  // emulator is known to have no rate limit; elsewhere the app keeps pacing as for Prisma.
  const overrides: AppOverrides = { _baseUrl: () => target.baseUrl };
  if (target.kind === "fresh emulator") overrides._requestsPerMinute = () => null;

  const stopProgress = startProgress(folder, declared);
  try {
    const { result, summary } = await run(action, props, { api_token: target.token }, overrides);
    stopProgress();
    const shown = options.reveal ? result : masked(result);
    if (options.json) {
      if (summary !== undefined) console.error(summary);
      console.log(JSON.stringify(shown, null, 2));
    } else {
      if (summary !== undefined) console.log(summary);
      const details = describeResult(shown);
      if (details) console.log(`\n${details}`);
    }
    const hidden = options.reveal ? [] : maskedKeys(result, shown);
    if (hidden.length) {
      const readOnly = (action as { annotations?: { readOnlyHint?: boolean } }).annotations?.readOnlyHint === true;
      console.error(`Masked: ${hidden.join(", ")}. Add --reveal to show ${readOnly ? "them" : "credentials as they are minted (Prisma shows each only once)"}.`);
    }
    return 0;
  } catch (error) {
    stopProgress();
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    const hint = hintFor(error, target);
    if (hint) console.error(hint);
    return 1;
  } finally {
    await target.emulator?.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  // Only a mistake on the command line or a missing build gets here: one line, no stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof UsageError ? 2 : 1);
});
