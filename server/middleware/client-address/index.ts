/**
 * @module server/middleware/client-address
 * The address a request comes from, for per-address rate limits and logs:
 * the TCP peer, or with `TRUST_PROXY` the last hop of `X-Forwarded-For`
 * (the one our own proxy appended; earlier hops are the client's to forge).
 * Without TRUST_PROXY the header is ignored, so nobody can pick their own
 * address to dodge a limit.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    clientAddress: string;
  }
}

export function clientAddress(options: { trustProxy: boolean }): MiddlewareHandler {
  return async function clientAddress(c, next) {
    c.set('clientAddress', addressOf(c, options.trustProxy));
    await next();
  };
}

function addressOf(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const last = hops.at(-1);
    if (last) return normalize(last);
  }
  try {
    return normalize(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    // Not served by @hono/node-server (app.request() in a tool): one shared bucket.
    return 'unknown';
  }
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are one client. */
const normalize = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
