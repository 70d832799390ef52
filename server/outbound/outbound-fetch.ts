/**
 * @module server/outbound/outbound-fetch
 * `fetch` for calls made on a site's behalf (enrichers, webhooks): every
 * destination passes the {@link assertOutboundAllowed} guard, and redirects
 * are never followed blindly. fetch's own `redirect: 'follow'` would go
 * anywhere (another host, a private address) with the caller's credentials;
 * here, with `followRedirects`, only a same-origin `Location` is followed
 * (and checked again), a few hops at most. Without it, a 3xx is returned as
 * the answer.
 */
import { assertOutboundAllowed, OutboundRefused, type OutboundPolicy } from './outbound-guard.ts';

export const MAX_REDIRECTS = 3;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export interface OutboundOptions extends OutboundPolicy {
  /** Follow same-origin redirects (at most {@link MAX_REDIRECTS}). */
  followRedirects?: boolean;
}

export const isRedirect = (res: Response) => REDIRECT.has(res.status);

export async function outboundFetch(url: string, init: RequestInit, options: OutboundOptions): Promise<Response> {
  let target = new URL(url);
  let request: RequestInit = { ...init, redirect: 'manual' };
  for (let hop = 0; ; hop++) {
    await assertOutboundAllowed(target, options);
    const res = await fetch(target, request);
    const location = res.headers.get('location');
    if (!options.followRedirects || !isRedirect(res) || location === null) return res;
    await res.body?.cancel().catch(() => {});
    const next = new URL(location, target);
    if (next.origin !== target.origin) {
      throw new OutboundRefused(`redirect to another origin (${next.origin}) refused`);
    }
    if (hop >= MAX_REDIRECTS) throw new OutboundRefused(`more than ${MAX_REDIRECTS} redirects`);
    // As browsers do: 303 (and 301/302 after a POST) continue as a GET without body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && request.method === 'POST')) {
      const headers = new Headers(request.headers);
      headers.delete('content-type');
      request = { ...request, method: 'GET', body: undefined, headers };
    }
    target = next;
  }
}
