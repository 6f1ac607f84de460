/** `1 database`, `3 databases`, `2 branches`: a count with its noun, for summaries. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1
    ? noun
    : plural}`;
}
