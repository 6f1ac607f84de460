// Small helpers for the benchmark: statistics, formatting, markdown tables.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(1)} ms`;
}

/** Seconds, for waits measured on the virtual clock: `7.5 s`, `120 s`. */
export const sec = (value: number) => (Number.isFinite(value) ? `${round(value / 1000, 1)} s` : "–");

export const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export const int = (value: number) => value.toLocaleString("en-US");

/** A markdown table, columns padded so it also reads well in a terminal. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  return [line(cells[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

export interface Target {
  part: string;
  target: string;
  measured: string;
  pass: boolean;
  /**
   * The target compares times (or memory) taken on this machine: a busy or slow machine can miss
   * it with nothing wrong in the package. Every other target counts requests, 429s or virtual
   * time, which no machine changes.
   */
  timing?: boolean;
}

/**
 * How a run ends: exit code 1 when a target that does not depend on the machine's speed is
 * missed (the package sends more requests, gets a 429, notices a database late …); a missed
 * timing target is reported but, alone, exits 0.
 */
export function verdict(targets: readonly Target[]): { code: 0 | 1; lines: string[] } {
  const missed = targets.filter((t) => !t.pass);
  const failed = missed.filter((t) => !t.timing);
  const slow = missed.filter((t) => t.timing);
  const lines = [`${targets.length - missed.length}/${targets.length} targets met.`];
  if (failed.length) {
    lines.push(`FAILED: ${failed.length} target${failed.length === 1 ? "" : "s"} that no machine's speed explains: ` +
      `${failed.map((t) => `${t.part}: ${t.target}`).join("; ")}.`);
  }
  if (slow.length) {
    lines.push(`Missed ${slow.length} timing target${slow.length === 1 ? "" : "s"} (${slow.map((t) => t.part).join(", ")}): ` +
      "these compare times on this machine, so a busy machine can miss them; run again on an idle one before reading more into it.");
  }
  return { code: failed.length ? 1 : 0, lines };
}
