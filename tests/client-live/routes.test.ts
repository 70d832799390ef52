/** The live routes of the advisor app (client/lib/route.ts). */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeUrl } from '../../client/lib/route.ts';

describe('live routes', () => {
  it('parses and builds /app/live, /app/live/:sessionId and /app/live/code/:code', () => {
    expect(parseRoute('/app/live')).toEqual({ name: 'live-list' });
    expect(parseRoute('/app/live/')).toEqual({ name: 'live-list' });
    expect(parseRoute('/app/live/abc-1')).toEqual({ name: 'live', target: { sessionId: 'abc-1' } });
    expect(parseRoute('/app/live/code/123456')).toEqual({ name: 'live', target: { code: '123456' } });
    expect(parseRoute('/app/live/code/12')).toEqual({ name: 'list' });
    expect(routeUrl({ name: 'live-list' })).toBe('/app/live');
    expect(routeUrl({ name: 'live', target: { code: '123456' } })).toBe('/app/live/code/123456');
    expect(routeUrl({ name: 'live', target: { sessionId: 'a b' } })).toBe('/app/live/a%20b');
    for (const url of ['/app/live', '/app/live/code/654321', '/app/live/s-1']) expect(routeUrl(parseRoute(url))).toBe(url);
  });
});
