// `npm run action -- <action or trigger> --<prop> <value> …`: see scripts/runner.ts.
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "./runner";

const code = await runCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  // npm runs scripts in the package's folder; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD || process.cwd(),
  sleep: (ms) => sleep(ms),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
});
process.exit(code);
