/**
 * @module client/lib/lists
 * Form text ↔ the API's lists: comma-separated words (skills, languages,
 * metadata keys) and `Name: value` header lines.
 */

/** "billing, Shipping ,, x" → ['billing', 'Shipping', 'x'] (duplicates dropped). */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export const joinList = (items: readonly string[]): string => items.join(', ');

/** One `Name: value` a line; blank lines are skipped, a line without a colon is an error. */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const i = line.indexOf(':');
    if (i <= 0) throw new Error(`"${line.trim()}" is not a header line (Name: value)`);
    headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}
