/**
 * Serves test pages from a second origin (`http://localhost:PORT`, while the
 * ingest stub is `http://127.0.0.1:PORT`), so the recorder's requests are
 * real cross-origin CORS requests.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { asyncHandler } from '../helpers/http-handler.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
};

export interface PageServer {
  url: string;
  /** Adds or replaces a page at `path` (e.g. `/a.html`). */
  set(path: string, html: string): void;
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** Also serve the files of this directory (after `transform`). */
  dir?: string;
  transform?: (html: string) => string;
}

export async function startPageServer(options: PageServerOptions = {}): Promise<PageServer> {
  const pages = new Map<string, string>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let path = new URL(req.url ?? '/', 'http://pages').pathname;
    if (path.endsWith('/')) path += 'index.html';
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    if (options.dir) {
      const file = normalize(join(options.dir, path));
      if (file.startsWith(normalize(options.dir))) {
        try {
          let text = await readFile(file, 'utf8');
          if (file.endsWith('.html') && options.transform) text = options.transform(text);
          const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
          res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
          res.end(text);
          return;
        } catch {
          /* 404 below */
        }
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  const server = createServer(asyncHandler(handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    set: (path, html) => void pages.set(path, html),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
