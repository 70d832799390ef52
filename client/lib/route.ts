/**
 * @module client/lib/route
 * The app's URLs, under the `/app/` base:
 *   /app/                      the session list
 *   /app/sessions/:id?t=ms     the player, optionally opened at session time t
 */

export type Route = { name: 'list' } | { name: 'player'; sessionId: string; t: number | null };

export const APP_BASE = '/app/';

export function parseRoute(pathname: string, search = ''): Route {
  const rest = pathname.startsWith(APP_BASE) ? pathname.slice(APP_BASE.length) : pathname.replace(/^\//, '');
  const m = /^sessions\/([^/]+)\/?$/.exec(rest);
  if (m) {
    const t = new URLSearchParams(search).get('t');
    const n = t === null ? NaN : Number(t);
    return { name: 'player', sessionId: decodeURIComponent(m[1]!), t: Number.isFinite(n) && n >= 0 ? n : null };
  }
  return { name: 'list' };
}

export function routeUrl(route: Route): string {
  if (route.name === 'list') return APP_BASE;
  const t = route.t !== null && route.t > 0 ? `?t=${Math.round(route.t)}` : '';
  return `${APP_BASE}sessions/${encodeURIComponent(route.sessionId)}${t}`;
}
