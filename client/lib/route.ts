/**
 * @module client/lib/route
 * The app's URLs, under the `/app/` base:
 *   /app/                      the session list
 *   /app/sessions/:id?t=ms&comment=id
 *                              the player, optionally opened at session time t
 *                              (and with one of its comments open; `&make=1`:
 *                              with the tutorial maker open)
 *   /app/live                  live sessions, and the 6-digit code form
 *   /app/live/:sessionId       the live view of a session
 *   /app/live/code/:code       the live view, joining by the customer's code
 *   /app/cases?status=&topic=&assignee=&overdue=1
 *                              the inbox of async-help cases, with its filters
 *   /app/cases/:id             one case
 *   /app/tutorials             the organisation's tutorials (filters)
 *   /app/tutorials/:id?t=ms&comment=id
 *                              one tutorial in the editor (its preview at t, a comment open)
 *   /app/recurring             recurring questions (the report)
 *   /app/admin                 the Admin area: async-help settings, audit log, erasure (admins)
 *   /app/account               the advisor's account (change password)
 *   /app/invite/:token         an invitation link's page (signed in or not)
 *   /app/reset-password#token= a password-reset link's page (signed in or not);
 *                              the token is in the fragment, see {@link takeResetToken}
 */
import { COMMENT_QUERY_PARAM } from '../../protocol/comments-constants.ts';
import { caseFiltersSearch, parseCaseFilters, type CaseFilters } from './case-filters.ts';

export type Route =
  | { name: 'list' }
  | { name: 'player'; sessionId: string; t: number | null; commentId?: string | null; make?: boolean }
  | { name: 'live-list' }
  | { name: 'live'; target: { code: string } | { sessionId: string } }
  | { name: 'cases'; filters: CaseFilters }
  | { name: 'case'; caseId: string }
  | { name: 'tutorials' }
  | { name: 'tutorial'; tutorialId: string; t?: number | null; commentId?: string | null }
  | { name: 'recurring' }
  | { name: 'admin' }
  | { name: 'account' }
  | { name: 'reset-password' }
  | { name: 'invite'; token: string };

export const APP_BASE = '/app/';

export function parseRoute(pathname: string, search = ''): Route {
  const rest = pathname.startsWith(APP_BASE) ? pathname.slice(APP_BASE.length) : pathname.replace(/^\//, '');
  const m = /^sessions\/([^/]+)\/?$/.exec(rest);
  if (m) {
    const { t, commentId } = momentOf(search);
    const make = new URLSearchParams(search).get('make') === '1';
    return {
      name: 'player',
      sessionId: decodeURIComponent(m[1]!),
      t,
      ...(commentId ? { commentId } : {}),
      ...(make ? { make: true } : {}),
    };
  }
  if (/^live\/?$/.test(rest)) return { name: 'live-list' };
  const code = /^live\/code\/(\d{6})\/?$/.exec(rest);
  if (code) return { name: 'live', target: { code: code[1]! } };
  const live = /^live\/([^/]+)\/?$/.exec(rest);
  if (live) return { name: 'live', target: { sessionId: decodeURIComponent(live[1]!) } };
  if (/^cases\/?$/.test(rest)) return { name: 'cases', filters: parseCaseFilters(search) };
  const oneCase = /^cases\/([^/]+)\/?$/.exec(rest);
  if (oneCase) return { name: 'case', caseId: decodeURIComponent(oneCase[1]!) };
  if (/^tutorials\/?$/.test(rest)) return { name: 'tutorials' };
  const tutorial = /^tutorials\/([^/]+)\/?$/.exec(rest);
  if (tutorial) {
    const { t, commentId } = momentOf(search);
    return {
      name: 'tutorial',
      tutorialId: decodeURIComponent(tutorial[1]!),
      ...(t !== null ? { t } : {}),
      ...(commentId ? { commentId } : {}),
    };
  }
  if (/^recurring\/?$/.test(rest)) return { name: 'recurring' };
  if (/^admin\/?$/.test(rest)) return { name: 'admin' };
  if (/^account\/?$/.test(rest)) return { name: 'account' };
  if (/^reset-password\/?$/.test(rest)) return { name: 'reset-password' };
  const invite = /^invite\/([^/]+)\/?$/.exec(rest);
  if (invite) return { name: 'invite', token: decodeURIComponent(invite[1]!) };
  return { name: 'list' };
}

export function routeUrl(route: Route): string {
  switch (route.name) {
    case 'list':
      return APP_BASE;
    case 'live-list':
      return `${APP_BASE}live`;
    case 'live': {
      const t = route.target;
      return 'code' in t ? `${APP_BASE}live/code/${t.code}` : `${APP_BASE}live/${encodeURIComponent(t.sessionId)}`;
    }
    case 'cases':
      return `${APP_BASE}cases${caseFiltersSearch(route.filters)}`;
    case 'case':
      return `${APP_BASE}cases/${encodeURIComponent(route.caseId)}`;
    case 'tutorials':
      return `${APP_BASE}tutorials`;
    case 'tutorial':
      return `${APP_BASE}tutorials/${encodeURIComponent(route.tutorialId)}${momentSearch(route.t, route.commentId)}`;
    case 'recurring':
      return `${APP_BASE}recurring`;
    case 'admin':
      return `${APP_BASE}admin`;
    case 'account':
      return `${APP_BASE}account`;
    case 'reset-password':
      return `${APP_BASE}reset-password`;
    case 'invite':
      return `${APP_BASE}invite/${encodeURIComponent(route.token)}`;
    case 'player':
      return `${APP_BASE}sessions/${encodeURIComponent(route.sessionId)}${momentSearch(route.t, route.commentId, route.make)}`;
  }
}

/** `?t=` (ms, null when absent or not a time) and `?comment=` (an id, null when absent) of a player's or editor's address. */
function momentOf(search: string): { t: number | null; commentId: string | null } {
  const params = new URLSearchParams(search);
  const t = params.get('t');
  const n = t === null ? NaN : Number(t);
  const comment = params.get(COMMENT_QUERY_PARAM);
  return { t: Number.isFinite(n) && n >= 0 ? n : null, commentId: comment && /^[\w-]{1,64}$/.test(comment) ? comment : null };
}

function momentSearch(t: number | null | undefined, commentId: string | null | undefined, make?: boolean): string {
  const params = new URLSearchParams();
  if (t != null && t > 0) params.set('t', String(Math.round(t)));
  if (commentId) params.set(COMMENT_QUERY_PARAM, commentId);
  if (make) params.set('make', '1');
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The token of a password-reset link (`#token=…`), or '' when there is none.
 * It rides in the fragment so it never reaches a server's logs; once read,
 * it is also taken out of the address bar (and so out of history and of
 * anything that copies the URL).
 */
export function takeResetToken(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = location,
  hist: Pick<History, 'replaceState'> = history,
): string {
  const token = new URLSearchParams(loc.hash.replace(/^#/, '')).get('token') ?? '';
  if (loc.hash) hist.replaceState(null, '', loc.pathname + loc.search);
  return /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : '';
}
