import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../client/api/api-client.ts';
import { ApiError } from '../../client/api/api-error.ts';
import { gunzipJson } from '../../client/api/gunzip.ts';
import { formatDuration, parseUserAgent, shortUrl } from '../../client/lib/format.ts';
import { parseRoute, routeUrl, takeResetToken } from '../../client/lib/route.ts';
import { authErrorMessage, formatWait } from '../../client/lib/auth-errors.ts';
import { IN_SYNC_S, MAX_DRIFT_S, nudgedRate } from '../../client/player/video-sync.ts';
import { initialPlayerSnapshot, playerTransition, type PlayerInput, type PlayerSnapshot } from '../../client/player/player-machine.ts';

describe('player state machine', () => {
  const run = (inputs: PlayerInput[], from: PlayerSnapshot = initialPlayerSnapshot) => inputs.reduce(playerTransition, from);

  it('loads paused, plays, pauses, ends', () => {
    expect(run([{ type: 'loaded' }]).state).toBe('paused');
    expect(run([{ type: 'loaded' }, { type: 'play' }]).state).toBe('playing');
    expect(run([{ type: 'loaded' }, { type: 'play' }, { type: 'pause' }]).state).toBe('paused');
    expect(run([{ type: 'loaded' }, { type: 'play' }, { type: 'end' }]).state).toBe('ended');
    expect(run([{ type: 'loaded' }, { type: 'end' }]).state).toBe('paused');
  });

  it('remembers a play asked for while loading, and buffering keeps playing', () => {
    expect(run([{ type: 'play' }, { type: 'loaded' }]).state).toBe('playing');
    expect(run([{ type: 'play' }, { type: 'pause' }, { type: 'loaded' }]).state).toBe('paused');
    const buffering = run([{ type: 'loaded' }, { type: 'play' }, { type: 'load' }]);
    expect(buffering).toMatchObject({ state: 'loading', wantsPlay: true });
    expect(run([{ type: 'loaded' }], buffering).state).toBe('playing');
  });

  it('fails from anywhere and retries with load', () => {
    const failed = run([{ type: 'loaded' }, { type: 'play' }, { type: 'fail', message: 'boom' }]);
    expect(failed).toEqual({ state: 'error', wantsPlay: false, error: 'boom' });
    expect(run([{ type: 'play' }], failed).state).toBe('error');
    expect(run([{ type: 'load' }, { type: 'loaded' }], failed).state).toBe('paused');
  });

  it('a seek after the end pauses', () => {
    const ended = run([{ type: 'loaded' }, { type: 'play' }, { type: 'end' }]);
    expect(run([{ type: 'seeked' }], ended).state).toBe('paused');
  });
});

describe('gunzipJson', () => {
  it('decompresses gzip with DecompressionStream', async () => {
    const events = [{ type: 4, timestamp: 1, data: { href: 'x', width: 1, height: 1 } }];
    expect(await gunzipJson(new Response(gzipSync(JSON.stringify(events))))).toEqual(events);
  });
  it('accepts bytes already inflated', async () => {
    expect(await gunzipJson(new TextEncoder().encode('[1,2]'))).toEqual([1, 2]);
  });
});

describe('ApiClient', () => {
  it('sends the bearer token, turns error bodies into ApiError and reports 401', async () => {
    const calls: { url: string; auth: string | null }[] = [];
    let unauthorized = 0;
    const api = new ApiClient({
      getToken: () => 'tok',
      onUnauthorized: () => unauthorized++,
      fetch: async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
        if (url.includes('/sessions/')) {
          return Response.json({ error: { code: 'unauthorized', message: 'token expired' } }, { status: 401 });
        }
        return Response.json({ sessions: [], nextCursor: null });
      },
    });
    expect(await api.sessions({ url: '/cart', limit: 10 })).toEqual({ sessions: [], nextCursor: null });
    expect(calls[0]).toEqual({ url: '/api/sessions?url=%2Fcart&limit=10', auth: 'Bearer tok' });
    const err = await api.session('abc').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 'unauthorized', message: 'token expired' });
    expect(unauthorized).toBe(1);
  });

  it('does not treat a failed sign-in as an expired session', async () => {
    let unauthorized = 0;
    const api = new ApiClient({
      getToken: () => null,
      onUnauthorized: () => unauthorized++,
      fetch: async () => Response.json({ error: { code: 'unauthorized', message: 'bad credentials' } }, { status: 401 }),
    });
    await expect(api.signIn({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toBe(0);
  });
});

describe('routes', () => {
  it('parses and builds app URLs', () => {
    expect(parseRoute('/app/')).toEqual({ name: 'list' });
    expect(parseRoute('/app/sessions/abc-1', '?t=90000')).toEqual({ name: 'player', sessionId: 'abc-1', t: 90000 });
    expect(parseRoute('/app/sessions/abc-1', '?t=nope')).toEqual({ name: 'player', sessionId: 'abc-1', t: null });
    expect(routeUrl({ name: 'player', sessionId: 'abc', t: 1234.4 })).toBe('/app/sessions/abc?t=1234');
    expect(routeUrl({ name: 'list' })).toBe('/app/');
    for (const name of ['account', 'reset-password'] as const) expect(parseRoute(routeUrl({ name }))).toEqual({ name });
  });

  it('takes a reset link’s token out of the fragment and the address bar', () => {
    const replaced: string[] = [];
    const hist = { replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    const token = 'a'.repeat(43);
    expect(takeResetToken({ pathname: '/app/reset-password', search: '', hash: `#token=${token}` }, hist)).toBe(token);
    expect(replaced).toEqual(['/app/reset-password']);
    expect(takeResetToken({ pathname: '/app/reset-password', search: '', hash: '#token=<script>' }, hist)).toBe('');
    expect(takeResetToken({ pathname: '/app/reset-password', search: '', hash: '' }, hist)).toBe('');
    expect(replaced).toHaveLength(2);
  });
});

describe('auth error messages', () => {
  it('says how long to wait after a 429, and words the expected refusals', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(900)).toBe('15 minutes');
    expect(formatWait(3600)).toBe('1 hour');
    const limited = new ApiError(429, 'rate_limited', 'too many', { retryAfterSeconds: 840 });
    expect(authErrorMessage(limited)).toBe('Too many attempts. Try again in 14 minutes.');
    expect(authErrorMessage(new ApiError(429, 'rate_limited', 'too many'))).toBe('Too many attempts. Try again later.');
    expect(authErrorMessage(new ApiError(403, 'wrong_password', 'x'), { wrong_password: 'Wrong.' })).toBe('Wrong.');
    expect(authErrorMessage(new ApiError(500, 'internal_error', 'boom'))).toBe('boom');
  });
});

describe('format', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
  it('summarizes user agents', () => {
    const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    expect(parseUserAgent(mac)).toEqual({ browser: 'Chrome 124', os: 'macOS', device: 'desktop' });
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    expect(parseUserAgent(iphone)).toEqual({ browser: 'Safari 17', os: 'iOS', device: 'mobile' });
    expect(shortUrl('https://shop.test/cart?x=1')).toBe('shop.test/cart?x=1');
  });
});

describe('pages', () => {
  it('collapses repeated snapshots of one page into one visit', async () => {
    const { dedupePages, dedupeNavigations } = await import('../../client/lib/pages.ts');
    const pages = [
      { ts: 3, url: 'https://a/x' },
      { ts: 1, url: 'https://a/' },
      { ts: 2, url: 'https://a/' },
      { ts: 4, url: 'https://a/' },
    ];
    expect(dedupePages(pages).map((p) => p.ts)).toEqual([1, 3, 4]);
    const markers = [
      { ts: 1, kind: 'navigation' as const, label: 'https://a/' },
      { ts: 2, kind: 'click' as const },
      { ts: 3, kind: 'navigation' as const, label: 'https://a/' },
      { ts: 4, kind: 'navigation' as const, label: 'https://a/b' },
    ];
    expect(dedupeNavigations(markers).map((m) => m.ts)).toEqual([1, 2, 4]);
  });
});

describe('video sync: catching up a small drift', () => {
  it('plays up to 10 % faster when behind, slower when ahead, and leaves sync and big drifts alone', () => {
    expect(nudgedRate(1, 0.25)).toBeCloseTo(1.1);
    expect(nudgedRate(1, -0.25)).toBeCloseTo(0.9);
    expect(nudgedRate(1, 0.08)).toBeCloseTo(1.08);
    expect(nudgedRate(4, 0.2)).toBeCloseTo(4.4);
    expect(nudgedRate(2, IN_SYNC_S / 2)).toBe(2);
    // Beyond the drift a seek corrects, the rate stays the replay's.
    expect(nudgedRate(1, MAX_DRIFT_S + 0.1)).toBe(1);
  });
});
