/**
 * @module server/storage/id-deltas
 * A reversible rewrite of a chunk's JSON text that compaction
 * (`chunk-codec.ts`) applies before zstd: every node id an rrweb event names
 * (`"id"`, `"parentId"`, `"nextId"`, `"previousId"`) is written as the
 * difference from the same key's previous value in the text. rrweb numbers
 * nodes in the order it serializes them, so a snapshot or a page swap's
 * mutation is long runs of `"id":7626`, `"id":7627`, … that zstd cannot
 * predict: on a documentation site the ids were a third of the compressed
 * bytes. As deltas they are mostly `1`, `-1` or a small repeat.
 *
 * It works on the text, not on parsed JSON, so it gives back the very bytes
 * it was given: a `"` that follows `{` or `,` can only open a key (inside a
 * string every `"` is escaped), and only a plain integer literal (no sign of
 * zero, fraction, exponent or more than 15 digits) ending the value is
 * rewritten, by another such literal. Text in any other shape (whitespace,
 * other number forms) is left as it is. Compaction still checks that
 * {@link restoreIds} gives back the original before storing this form.
 */

const KEYS = ['id', 'parentId', 'nextId', 'previousId'].map((name) => Buffer.from(`"${name}":`));
/** The second byte of each key (`i`, `p`, `n`): most quotes are rejected on it. */
const SECOND = new Set(KEYS.map((key) => key[1]!));
const QUOTE = 0x22;
const OPEN = 0x7b; // {
const COMMA = 0x2c;
const CLOSE = 0x7d; // }
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** Longer literals are left alone: their sums could leave the exact integers of a double. */
const MAX_DIGITS = 15;
/** Room for any literal written: a sign and 16 digits. */
const LITERAL_ROOM = 17;

const scratch = new Uint8Array(LITERAL_ROOM);
/** Writes integer `n` in decimal at `at` (what `String(n)` gives, without a string per id); answers the end. */
function writeInteger(out: Buffer, at: number, n: number): number {
  if (n < 0) {
    out[at++] = MINUS;
    n = -n;
  }
  let i = 0;
  do {
    scratch[i++] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  while (i > 0) out[at++] = scratch[--i]!;
  return at;
}

/** The index of the key in KEYS that starts at `at`, or -1. */
function keyAt(json: Buffer, at: number): number {
  if (!SECOND.has(json[at + 1]!)) return -1;
  // Compared a byte at a time: Buffer#compare's native call costs more than these few bytes.
  for (let k = 0; k < KEYS.length; k++) {
    const key = KEYS[k]!;
    if (at + key.length > json.length) continue;
    let i = 2;
    while (i < key.length && json[at + i] === key[i]) i++;
    if (i === key.length) return k;
  }
  return -1;
}

/**
 * The JSON with every id literal of key k written as its difference from the
 * key's previous id (`toDeltas`) or back (0 before the first). A byte scan,
 * not a regular expression: a replay restores every compacted chunk it reads.
 */
function rewrite(bytes: Uint8Array, toDeltas: boolean): Buffer {
  const json = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const previous = KEYS.map(() => 0);
  let out = Buffer.allocUnsafe(json.length + 1024);
  let length = 0;
  let copied = 0;
  const room = (more: number) => {
    if (length + more <= out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(out.length * 2, length + more));
    out.copy(grown, 0, 0, length);
    out = grown;
  };
  for (let at = 1; at < json.length; at++) {
    if (json[at] !== QUOTE || (json[at - 1] !== OPEN && json[at - 1] !== COMMA)) continue;
    const k = keyAt(json, at);
    if (k === -1) continue;
    const start = at + KEYS[k]!.length;
    const negative = json[start] === MINUS;
    const digitsAt = negative ? start + 1 : start;
    let end = digitsAt;
    let literal = 0;
    for (let byte = json[end]; byte !== undefined && byte >= ZERO && byte <= NINE; byte = json[++end]) literal = literal * 10 + byte - ZERO;
    const digits = end - digitsAt;
    // A plain integer: no sign of zero, no leading zero, no fraction or exponent, ending the value.
    if (digits === 0 || digits > MAX_DIGITS || (json[digitsAt] === ZERO && (digits > 1 || negative))) continue;
    if (json[end] !== COMMA && json[end] !== CLOSE && json[end] !== CLOSE_ARRAY) continue;
    const value = negative ? -literal : literal;
    const written = toDeltas ? value - previous[k]! : value + previous[k]!;
    previous[k] = toDeltas ? value : written;
    room(start - copied + LITERAL_ROOM);
    length += json.copy(out, length, copied, start);
    length = writeInteger(out, length, written);
    copied = end;
    at = end - 1;
  }
  room(json.length - copied);
  length += json.copy(out, length, copied);
  return out.subarray(0, length);
}

/** The JSON with each node id written as the difference from its key's previous id. */
export const deltaIds = (json: Uint8Array): Buffer => rewrite(json, true);

/** The JSON {@link deltaIds} was given back. */
export const restoreIds = (deltas: Uint8Array): Buffer => rewrite(deltas, false);
