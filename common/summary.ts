// The `$summary` line of a step. It is built from API data (names, git names) that may hold
// anything, so it passes through the one redaction function on its way out.
import { redactText } from "./redaction";
import type { Step } from "./types";

export function exportSummary($: Step, summary: string): void {
  $.export("$summary", redactText(summary));
}
