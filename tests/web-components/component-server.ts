/**
 * @module tests/web-components/component-server
 * The customer's site for the web-component tests and benchmark: its pages
 * (set by the test) and Shoelace's `cdn/` folder from node_modules under
 * `/shoelace/` (no CDN, no internet), on `http://localhost:PORT`. Files are
 * served as bytes (icons, fonts), never cached.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { asyncHandler } from '../helpers/http-handler.ts';

/** Shoelace's self-contained browser build (its own Lit inside). */
export const SHOELACE_DIR = join(
  dirname(createRequire(import.meta.url).resolve('@shoelace-style/shoelace/dist/custom-elements.json')),
  '..',
  'cdn',
);
export const SHOELACE_PREFIX = '/shoelace';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface ComponentServer {
  url: string;
  /** Adds or replaces a page (or any file) at `path`. */
  set(path: string, body: string | Buffer, type?: string): void;
  /** Every path requested so far. */
  requests: string[];
  close(): Promise<void>;
}

export async function startComponentServer(): Promise<ComponentServer> {
  const files = new Map<string, { body: string | Buffer; type: string }>();
  const requests: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    requests.push(path);
    let file = files.get(path);
    if (!file && path.startsWith(`${SHOELACE_PREFIX}/`)) {
      const local = normalize(join(SHOELACE_DIR, path.slice(SHOELACE_PREFIX.length)));
      if (local.startsWith(SHOELACE_DIR + sep)) {
        const body = await readFile(local).catch(() => undefined);
        if (body) file = { body, type: TYPES[extname(local)] ?? 'application/octet-stream' };
      }
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(file.body);
  };
  const server = createServer(asyncHandler(handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    set: (path, body, type = TYPES[extname(path)] ?? TYPES['.html']!) => void files.set(path, { body, type }),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
