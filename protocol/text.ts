/**
 * @module protocol/text
 * The one string schema for client-supplied text that may reach the
 * database. PostgreSQL refuses NUL (U+0000) in text and jsonb, and lone
 * UTF-16 surrogates in jsonb; both are valid JSON, so without this a crafted
 * (or merely odd) value turns an insert into a 500. Every protocol schema
 * builds its strings from {@link text} instead of `z.string()`, so no route
 * can forget: NUL is dropped and lone surrogates become U+FFFD *before* the
 * schema's own checks (`.trim().min(1)` on `"\u0000"` is a 400, not an empty
 * row). Stripping rather than refusing keeps the recorder's odd-but-harmless
 * inputs (a value cut in the middle of an emoji) working.
 *
 * Derived text (chunk analysis: page URLs, labels, metadata from events)
 * does not pass through a schema and calls {@link cleanText} directly.
 */
import { z } from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops NUL and replaces lone surrogates with U+FFFD (String#toWellFormed, which our ES2023 lib lacks). */
export const cleanText = (value: string): string => value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');

/**
 * `z.string()` that is safe to store: cleaned with {@link cleanText} first
 * (zod's `overwrite` keeps it a ZodString, so `.trim().min().max().url()`
 * chain as usual and run on the cleaned value).
 *
 * @example
 * const topic = text().trim().min(1).max(200); // "\u0000" → 400, "a\u0000b" → "ab"
 */
export const text = () => z.string().overwrite(cleanText);
