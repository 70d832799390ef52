/**
 * @module server/lib/text
 * Making client-supplied values storable. The cleaning itself lives with
 * the protocol's string schema (`protocol/text.ts`, used by every request
 * schema); this module serves values that never pass a schema (what chunk
 * analysis derives from events).
 */
import { cleanText } from '../../protocol/text.ts';

export { cleanText };

/** Largest epoch-ms a JavaScript Date (and so our timestamptz columns) can hold. */
export const MAX_TIMESTAMP_MS = 8.64e15;
