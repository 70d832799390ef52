/**
 * @module client/lib/route
 * The app's URLs, under the `/app/` base:
 *   /app/                      the session list
 *   /app/sessions/:id?t=ms     the player, optionally opened at session time t
 *   /app/live                  live sessions, and the 6-digit code form
 *   /app/live/:sessionId       the live view of a session
 *   /app/live/code/:code       the live view, joining by the customer's code
 */

export type Route =
  | { name: 'list' }
  | { name: 'player'; sessionId: string; t: number | null }
  | { name: 'live-list' }
  | { name: 'live'; target: { code: string } | { sessionId: string } };

export const APP_BASE = '/app/';

export function parseRoute(pathname: string, search = ''): Route {
  const rest = pathname.startsWith(APP_BASE) ? pathname.slice(APP_BASE.length) : pathname.replace(/^\//, '');
  const m = /^sessions\/([^/]+)\/?$/.exec(rest);
  if (m) {
    const t = new URLSearchParams(search).get('t');
    const n = t === null ? NaN : Number(t);
    return { name: 'player', sessionId: decodeURIComponent(m[1]!), t: Number.isFinite(n) && n >= 0 ? n : null };
  }
  if (/^live\/?$/.test(rest)) return { name: 'live-list' };
  const code = /^live\/code\/(\d{6})\/?$/.exec(rest);
  if (code) return { name: 'live', target: { code: code[1]! } };
  const live = /^live\/([^/]+)\/?$/.exec(rest);
  if (live) return { name: 'live', target: { sessionId: decodeURIComponent(live[1]!) } };
  return { name: 'list' };
}

export function routeUrl(route: Route): string {
  if (route.name === 'list') return APP_BASE;
  if (route.name === 'live-list') return `${APP_BASE}live`;
  if (route.name === 'live') {
    const t = route.target;
    return 'code' in t ? `${APP_BASE}live/code/${t.code}` : `${APP_BASE}live/${encodeURIComponent(t.sessionId)}`;
  }
  const t = route.t !== null && route.t > 0 ? `?t=${Math.round(route.t)}` : '';
  return `${APP_BASE}sessions/${encodeURIComponent(route.sessionId)}${t}`;
}
