/**
 * The text of a `ws` message. With the default `binaryType` ('nodebuffer') it
 * is one Buffer; the other shapes of `RawData` (an ArrayBuffer, or fragments
 * for binaryType 'fragments') are decoded too rather than stringified as
 * "[object ArrayBuffer]".
 */
import type WebSocket from 'ws';

export const wsText = (data: WebSocket.RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
