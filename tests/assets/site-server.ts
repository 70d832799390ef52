/**
 * A recorded site for the asset-capture tests: a plain HTTP server on
 * 127.0.0.1 whose files a test sets, changes and deletes, counting every
 * request (by path, and which of them came from the cobrowse server's
 * capture, by its user agent). Also makes the images those pages show (PNG,
 * drawn pixel by pixel) and reads the test font.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32, deflateSync, gunzipSync } from 'node:zlib';

export interface SiteFile {
  type: string;
  body: string | Buffer;
  /** Answer a 302 to this address instead. */
  redirect?: string;
}

export interface SiteServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  files: Map<string, SiteFile>;
  /** Every request's path, in order. */
  hits: string[];
  /** Requests the cobrowse server made (its capture's user agent). */
  captureHits: string[];
  set(path: string, type: string, body: string | Buffer): void;
  close(): Promise<void>;
}

export async function startSiteServer(): Promise<SiteServer> {
  const files = new Map<string, SiteFile>();
  const hits: string[] = [];
  const captureHits: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    hits.push(path);
    if (/cobrowse-asset-capture/.test(req.headers['user-agent'] ?? '')) captureHits.push(path);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    if (file.redirect) {
      res.writeHead(302, { location: file.redirect });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    files,
    hits,
    captureHits,
    set: (path, type, body) => void files.set(path, { type, body }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A PNG of `width`×`height` whose pixels `color(x, y)` gives as [r, g, b]. */
export function png(width: number, height: number, color: (x: number, y: number) => [number, number, number]): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set(color(x, y), row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The test web font (DejaVu Sans Mono Oblique, see tests/fixtures/assets/README.md). */
export const testFont = (): Buffer =>
  gunzipSync(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'assets', 'dejavu-sans-mono-oblique.ttf.gz')));
