/**
 * node:http calls a request handler and drops what it returns, so an async
 * handler's rejection would be an unhandled rejection and the request would
 * hang until the test times out. The stub servers wrap theirs in
 * {@link asyncHandler}: a failure is printed and answered with a 500 (or the
 * socket is destroyed when the answer has already begun).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const asyncHandler =
  (handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) => (req: IncomingMessage, res: ServerResponse) =>
    void handle(req, res).catch((error: unknown) => {
      console.error(`stub server: ${req.method} ${req.url} failed:`, error);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : 'handler failed');
    });
