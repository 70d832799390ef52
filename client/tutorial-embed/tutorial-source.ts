/**
 * @module client/tutorial-embed/tutorial-source
 * Where a `<cobrowse-tutorial src>` reads from, and reading it: the element's
 * `src` is the tutorial's page (`https://SERVER/t/SLUG`) or its
 * `tutorial.json`; the document, the events and the view counter all live
 * beside it on the tutorial server (cross-origin from the embedding page: the
 * server answers them with CORS; no cookie is ever sent). A failure is a
 * {@link TutorialLoadError} whose `reason` the element words for people.
 */
import type { eventWithTime } from '@rrweb/types';
import { ErrorCode, type ErrorBody } from '../../protocol/errors.ts';
import type { PublicTutorial, ViewKind } from '../../protocol/tutorials.ts';

export interface TutorialUrls {
  /** The tutorial's page, `…/t/SLUG`. */
  page: string;
  json: string;
  views: string;
  /** The tutorial server's origin (what the replay may still load from). */
  origin: string;
}

export type LoadFailure = 'not_found' | 'unpublished' | 'expired' | 'sign_in' | 'unavailable';

export class TutorialLoadError extends Error {
  override name = 'TutorialLoadError';
  readonly reason: LoadFailure;
  constructor(reason: LoadFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** What the element says for each failure: a title and what to do. */
export const FAILURE_TEXT: Record<LoadFailure, { title: string; body: string }> = {
  not_found: { title: 'This tutorial does not exist', body: 'The link may be incomplete. Ask the team that shared it for a new one.' },
  unpublished: { title: 'This tutorial is no longer available', body: 'Its authors took it down.' },
  expired: {
    title: 'This tutorial has expired',
    body: 'It was only available for a while. Ask the team that shared it for a current one.',
  },
  sign_in: { title: 'This tutorial is private', body: "It is for the organisation's members only: open it from the advisor app." },
  unavailable: { title: 'The tutorial could not be loaded', body: 'Check your connection, then reload the page.' },
};

const JSON_SUFFIX = /\/tutorial\.json$/;

/** The tutorial's addresses from the element's `src` (relative to the embedding page), or null when it is not a tutorial's. */
export function tutorialUrls(src: string, base: string): TutorialUrls | null {
  let url: URL;
  try {
    url = new URL(src, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const path = url.pathname.replace(JSON_SUFFIX, '').replace(/\/+$/, '');
  if (!/\/t\/[^/]+$/.test(path)) return null;
  const page = `${url.origin}${path}`;
  return { page, json: `${page}/tutorial.json`, views: `${page}/views`, origin: url.origin };
}

async function failureOf(res: Response): Promise<TutorialLoadError> {
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  const code = body?.error?.code;
  const message = body?.error?.message ?? `HTTP ${res.status}`;
  if (code === ErrorCode.TutorialExpired) return new TutorialLoadError('expired', message);
  if (code === ErrorCode.TutorialUnpublished) return new TutorialLoadError('unpublished', message);
  if (res.status === 404) return new TutorialLoadError('not_found', message);
  if (res.status === 401) return new TutorialLoadError('sign_in', message);
  return new TutorialLoadError('unavailable', message);
}

async function get(url: string, signal: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    // No cookies, no referrer details beyond the origin: the tutorial server needs neither.
    res = await fetch(url, { credentials: 'omit', mode: 'cors', signal });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new TutorialLoadError('unavailable', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) throw await failureOf(res);
  return res;
}

export interface LoadedTutorial {
  tutorial: PublicTutorial;
  events: eventWithTime[];
}

/** The published version's document, then its events (`eventsUrl` is relative to the server's origin). */
export async function loadTutorial(urls: TutorialUrls, signal: AbortSignal, eventsOverride?: string | null): Promise<LoadedTutorial> {
  const tutorial = (await (await get(urls.json, signal)).json()) as PublicTutorial;
  const eventsUrl = new URL(eventsOverride || tutorial.eventsUrl, urls.json).href;
  const events = (await (await get(eventsUrl, signal)).json()) as eventWithTime[];
  if (!Array.isArray(events) || events.length === 0) throw new TutorialLoadError('unavailable', 'the tutorial has no recorded events');
  return { tutorial, events };
}

/** Counts a view, a completion or a step reached; a failure only costs the count. */
export async function countView(urls: TutorialUrls, kind: ViewKind, stepId?: string): Promise<boolean> {
  try {
    const res = await fetch(urls.views, {
      method: 'POST',
      credentials: 'omit',
      mode: 'cors',
      keepalive: true,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(stepId ? { kind, stepId } : { kind }),
    });
    return res.ok;
  } catch {
    return false;
  }
}
