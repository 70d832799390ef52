/**
 * @module server/lib/text
 * Making client-supplied values storable. PostgreSQL refuses NUL in text
 * and jsonb, and lone UTF-16 surrogates in jsonb; both are valid in JSON, so
 * without this a crafted (or merely odd) value would turn into a 500.
 */

/** Largest epoch-ms a JavaScript Date (and so our timestamptz columns) can hold. */
export const MAX_TIMESTAMP_MS = 8.64e15;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops NUL and replaces lone surrogates with U+FFFD (String#toWellFormed, which our ES2023 lib lacks). */
export const cleanText = (value: string): string => value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');

/** Cleans keys and string values of a flat JSON object. */
export function cleanRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [cleanText(k), (typeof v === 'string' ? cleanText(v) : v) as T]),
  );
}
