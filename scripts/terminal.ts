// The one place the runner turns a component's words for Pipedream into words for a terminal:
// descriptions and errors name the runner's commands and flags instead of Pipedream's steps,
// dropdowns and connected accounts, and carry no Markdown.

export interface TerminalWords {
  /** The runner's commands: the folders of the built actions and triggers. */
  commands: readonly string[];
  /** The flags of the command being run, so `projectId` reads as `--projectId`. */
  flags: readonly string[];
}

const REPLACEMENTS: [RegExp, string][] = [
  [/reconnect the Prisma Management API account with a valid service token/g, "set PRISMA_API_TOKEN to a valid service token"],
  [/reconnect the (?:Prisma Management API )?account/gi, "set PRISMA_API_TOKEN again"],
  [/check the ID, or pick it from the dropdown/g, "check the ID (each list-… action prints them: npm run action -- --help)"],
  [/pick (the \w+) from the dropdown of (the right \w+)/g, "give $1 of $2"],
  [/pick it from the dropdown/gi, "find it with a list-… action (npm run action -- --help)"],
  [/run the step again/g, "run the command again"],
  // A prop's dropdown: at a terminal the value is typed.
  [/Pick one, or enter /g, "Enter "],
];

export function forTerminal(text: string, { commands, flags }: TerminalWords): string {
  let out = text
    // Markdown links: the bare URL reads better at a terminal.
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, "$1: $2")
    // **Set Default Branch** → Set Default Branch (npm run action -- set-default-branch): a
    // component's folder is its display name in kebab case.
    .replace(/\*\*([^*]+)\*\*/g, (_, name: string) => {
      const folder = name.trim().toLowerCase().replace(/\s+/g, "-");
      return commands.includes(folder)
        ? `${name} (npm run action -- ${folder})`
        : name;
    })
    // `projectId` → --projectId, for the flags of this command; other code spans lose their backticks.
    .replace(/`([^`]+)`/g, (_, code: string) => (flags.includes(code) ? `--${code}` : code));
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}
