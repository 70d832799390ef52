/**
 * @module protocol/webm-duration
 * Gives a MediaRecorder WebM the `Duration` its header lacks. MediaRecorder
 * writes a live stream: a Segment of unknown size whose Info has no Duration
 * and no Cues, so a `<video>` reports `duration` Infinity and cannot seek
 * until it has read the whole file. The server knows the length (its chunk
 * index) and serves every track through {@link webmDurationPatch}; the
 * advisor app patches its local reply preview the same way.
 *
 * Only the file's head changes: the bytes up to the end of Segment/Info are
 * replaced by the same elements with a `Duration` (EBML float64, in
 * TimecodeScale units) added to Info, or its value rewritten in place.
 * Everything after Info is untouched, so a byte range of the patched file maps
 * onto [patched head][original bytes from the end of Info]. The head's growth
 * does not depend on the duration's value (the float is always 8 bytes), so a
 * growing track keeps its byte offsets from one request to the next.
 *
 * A layout this does not know is left alone (`undefined`): a SeekHead or Cues
 * before the first Cluster hold positions that inserted bytes would shift.
 * (Cues after the Clusters with no SeekHead, which MediaRecorder never
 * writes, would point a few bytes early; only MediaRecorder files are stored.)
 *
 * NOTE: plain TypeScript over Uint8Array (no Node, no DOM): it runs in the
 * server and in the advisor app.
 */

/** How many leading bytes of a file to hand to {@link webmDurationPatch}: MediaRecorder's header is ~300 bytes. */
export const WEBM_HEAD_BYTES = 4096;

/** The patched file is `head` followed by the original bytes from `replacedLength` on. */
export interface WebmDurationPatch {
  /** The new head: EBML header, Segment header, Info with a Duration. */
  head: Uint8Array<ArrayBuffer>;
  /** How many original bytes `head` replaces (up to the end of Info). */
  replacedLength: number;
}

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Cues: 0x1c53bb6b,
  Cluster: 0x1f43b675,
} as const;

/** Matroska's default: timestamps in ms. */
const DEFAULT_TIMECODE_SCALE_NS = 1_000_000;

interface ElementHeader {
  id: number;
  /** Offset of the element's first byte. */
  start: number;
  /** Width of its size field, bytes. */
  sizeWidth: number;
  dataStart: number;
  /** Undefined for an element of unknown size (a live stream's Segment and Clusters). */
  size: number | undefined;
}

/**
 * The patch giving `head` (a WebM file's first bytes, at least up to its
 * first Cluster, or the whole file) a Duration of `durationMs`; undefined
 * when `head` is not a WebM whose Info can be patched safely (then serve the
 * file as it is).
 */
export function webmDurationPatch(head: Uint8Array, durationMs: number): WebmDurationPatch | undefined {
  // NOTE: 0 is patched too: whether a file is patched must depend on its layout only, or its byte offsets would move as it grows.
  if (!(Number.isFinite(durationMs) && durationMs >= 0)) return undefined;
  const ebml = readHeader(head, 0);
  if (ebml?.id !== ID.EBML || ebml.size === undefined) return undefined;
  const segment = readHeader(head, ebml.dataStart + ebml.size);
  if (segment?.id !== ID.Segment) return undefined;

  // The Segment's children up to the first Cluster (or the end of a file that is all header so far):
  // exactly one Info, no SeekHead or Cues.
  let info: ElementHeader | undefined;
  for (let at = segment.dataStart; ;) {
    if (at === head.length && info) break;
    const child = readHeader(head, at);
    if (!child) return undefined;
    if (child.id === ID.Cluster) break;
    if (child.id === ID.SeekHead || child.id === ID.Cues || child.size === undefined) return undefined;
    if (child.id === ID.Info) {
      if (info) return undefined;
      info = child;
    }
    at = child.dataStart + child.size;
  }
  if (info?.size === undefined) return undefined;
  const infoEnd = info.dataStart + info.size;

  let scaleNs = DEFAULT_TIMECODE_SCALE_NS;
  let duration: ElementHeader | undefined;
  for (let at = info.dataStart; at < infoEnd;) {
    const child = readHeader(head, at);
    if (child?.size === undefined || child.dataStart + child.size > infoEnd) return undefined;
    if (child.id === ID.TimecodeScale) scaleNs = readUint(head, child.dataStart, child.size);
    if (child.id === ID.Duration) duration = child;
    at = child.dataStart + child.size;
  }
  if (!(scaleNs > 0)) return undefined;
  const ticks = (durationMs * 1_000_000) / scaleNs;

  if (duration) {
    // Rewrite the value in place: nothing moves.
    if (duration.size !== 4 && duration.size !== 8) return undefined;
    const patched = head.slice(0, infoEnd);
    const view = new DataView(patched.buffer, duration.dataStart, duration.size);
    if (duration.size === 8) view.setFloat64(0, ticks);
    else view.setFloat32(0, ticks);
    return { head: patched, replacedLength: infoEnd };
  }

  const durationElement = concat([encodeId(ID.Duration), encodeSize(8, 1)!, float64(ticks)]);
  const infoSize = encodeSize(info.size + durationElement.length, info.sizeWidth);
  if (!infoSize) return undefined;
  const infoIdEnd = info.dataStart - info.sizeWidth;
  const newInfo = concat([head.subarray(info.start, infoIdEnd), infoSize, head.subarray(info.dataStart, infoEnd), durationElement]);
  const growth = newInfo.length - (infoEnd - info.start);

  let segmentHeader = head.subarray(segment.start, segment.dataStart);
  if (segment.size !== undefined) {
    const size = encodeSize(segment.size + growth, segment.sizeWidth);
    if (!size || size.length !== segment.sizeWidth) return undefined;
    segmentHeader = concat([head.subarray(segment.start, segment.dataStart - segment.sizeWidth), size]);
  }
  const newHead = concat([head.subarray(0, segment.start), segmentHeader, head.subarray(segment.dataStart, info.start), newInfo]);
  return { head: newHead, replacedLength: infoEnd };
}

/** An element's ID and size at `at`, or undefined when `bytes` ends first or holds no valid EBML there. */
function readHeader(bytes: Uint8Array, at: number): ElementHeader | undefined {
  const id = readVint(bytes, at);
  // IDs are 1-4 bytes and keep their marker bit.
  if (!id || id.width > 4) return undefined;
  const size = readVint(bytes, at + id.width);
  if (!size) return undefined;
  const dataStart = at + id.width + size.width;
  return { id: id.raw, start: at, sizeWidth: size.width, dataStart, size: size.unknown ? undefined : size.value };
}

/** An EBML variable-length integer: its width, value (marker bit cleared), raw bytes as a number, and the all-ones "unknown". */
function readVint(bytes: Uint8Array, at: number): { width: number; value: number; raw: number; unknown: boolean } | undefined {
  const first = bytes[at];
  if (first === undefined || first === 0) return undefined;
  const width = Math.clz32(first) - 23;
  if (at + width > bytes.length) return undefined;
  let value = first & (0xff >> width);
  let raw = first;
  let allOnes = value === 0xff >> width;
  for (let i = 1; i < width; i++) {
    const b = bytes[at + i]!;
    value = value * 256 + b;
    raw = raw * 256 + b;
    allOnes &&= b === 0xff;
  }
  if (!Number.isSafeInteger(value)) return allOnes ? { width, value, raw, unknown: true } : undefined;
  return { width, value, raw, unknown: allOnes };
}

function readUint(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[at + i]!;
  return value;
}

function encodeId(id: number): Uint8Array {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return Uint8Array.from(out);
}

/** `value` as an EBML size at least `minWidth` bytes wide (never the reserved all-ones), or undefined past 8 bytes. */
function encodeSize(value: number, minWidth: number): Uint8Array | undefined {
  for (let width = minWidth; width <= 8; width++) {
    if (value >= 2 ** (7 * width) - 1) continue;
    const out = new Uint8Array(width);
    let v = value;
    for (let i = width - 1; i >= 0; i--) {
      out[i] = v % 256;
      v = Math.floor(v / 256);
    }
    out[0]! |= 0x80 >> (width - 1);
    return out;
  }
  return undefined;
}

function float64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
