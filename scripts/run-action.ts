// `npm run action -- <folder> --<prop> <value> …`: runs one built action, against a fresh local
// emulator by default, against a server given by PRISMA_MANAGEMENT_API_URL, or against the real
// API with `--live` and PRISMA_API_TOKEN. `--help` lists the actions and their props.
import { parseArgs } from "node:util";
import { startEmulator, type Emulator } from "../emulator/server";
import { appOf, resolvePropOf, run, type ActionLike } from "../test/pipedream";
import { builtActionNames, loadBuiltAction, masked } from "./actions";

interface PropInfo { name: string; type?: string; label?: string; optional?: boolean; default?: unknown }

function propsOf(action: ActionLike): PropInfo[] {
  const app = appOf(action);
  return Object.entries(action.props ?? {}).filter(([name]) => name !== "app")
    .map(([name, definition]) => ({ name, ...resolvePropOf(app, definition) }) as PropInfo);
}

async function help(folder?: string) {
  const folders = folder ? [folder] : builtActionNames();
  console.log("Usage: npm run action -- <action> [--<prop> <value> …] [--live] [--reveal]\n");
  for (const name of folders) {
    const action = await loadBuiltAction(name);
    console.log(`${name}  (${action.name})`);
    for (const prop of propsOf(action)) {
      const flags = [prop.type, prop.optional ? "optional" : "required", "default" in prop ? `default ${JSON.stringify(prop.default)}` : null].filter(Boolean).join(", ");
      console.log(`  --${prop.name}  ${prop.label} (${flags})`);
    }
  }
  console.log("\n--live        use the real Prisma API with PRISMA_API_TOKEN\n--reveal      print connection strings and token values unmasked");
}

function coerce(type: unknown, value: string): unknown {
  if (type === "integer") return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "string[]") return value.split(",").map((v) => v.trim()).filter(Boolean);
  return value;
}

const argv = process.argv.slice(2);
const folder = argv[0] && !argv[0].startsWith("--") ? argv[0] : undefined;
const rest = folder ? argv.slice(1) : argv;
if (!folder || rest.includes("--help")) {
  await help(folder);
  process.exit(folder ? 0 : 1);
}

const action = await loadBuiltAction(folder);
const declared = propsOf(action);
const { values } = parseArgs({
  args: rest,
  options: {
    live: { type: "boolean" },
    reveal: { type: "boolean" },
    ...Object.fromEntries(declared.map((p) => [p.name, { type: "string" as const }])),
  },
  strict: true,
});
const given = values as Record<string, string | boolean | undefined>;
const props = Object.fromEntries(declared.filter((p) => typeof given[p.name] === "string")
  .map((p) => [p.name, coerce(p.type, given[p.name] as string)]));

let emulator: Emulator | undefined;
let token = process.env.PRISMA_API_TOKEN;
if (values.live) {
  if (!token) throw new Error("--live needs PRISMA_API_TOKEN (a Prisma service token).");
} else if (!process.env.PRISMA_MANAGEMENT_API_URL) {
  emulator = await startEmulator({ readyDelayMs: 500 });
  process.env.PRISMA_MANAGEMENT_API_URL = emulator.url;
  token = emulator.token;
  console.error(`Using a fresh local emulator at ${emulator.url} (workspace ${emulator.workspaceId}).`);
}

let exitCode = 0;
try {
  const { result, summary } = await run(action, props, { api_token: token });
  console.log(summary);
  console.log(JSON.stringify(values.reveal ? result : masked(result), null, 2));
} catch (error) {
  console.error(`${(error as Error).name}: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await emulator?.close();
}
process.exit(exitCode);
