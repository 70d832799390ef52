/**
 * @module server/middleware/client-address
 * The address a request comes from, for per-address rate limits and logs:
 * the TCP peer, or with `TRUST_PROXY` the last hop of `X-Forwarded-For`
 * (the one our own proxy appended; earlier hops are the client's to forge).
 * Without TRUST_PROXY the header is ignored, so nobody can pick their own
 * address to dodge a limit. A hop that is not an IP address (a proxy that
 * appends `host:port`, `[v6]:port`, or garbage) is cleaned or ignored, so
 * the value is always an address or the socket's. Per-address limits count
 * it through `rate-limit/address-key.ts` (an IPv6 /64 is one client).
 */
import { isIP } from 'node:net';
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
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops.at(-1);
    const address = last ? asAddress(last) : undefined;
    if (address) return normalize(address);
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

/** `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]:5678` → the address; anything else → undefined. */
function asAddress(hop: string): string | undefined {
  if (isIP(hop)) return hop;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed && isIP(bracketed[1]!) === 6) return bracketed[1];
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop);
  if (withPort && isIP(withPort[1]!) === 4) return withPort[1];
  return undefined;
}
