/** `1 database`, `3 databases`: a count with its noun, for summaries. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
