/**
 * A comment's link (`?t=&comment=`) round-trips through the app's routes,
 * for a session and a tutorial; a malformed comment id is dropped (the
 * player opens at the moment without one), and links without it are as before.
 */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeUrl } from '../../client/lib/route.ts';

const ID = '0b6a3f4e-8f57-4a4b-9a43-0e7a2f1f6c11';

describe('comment links', () => {
  it('round-trips a session and a tutorial link with a moment and a comment', () => {
    const player = { name: 'player', sessionId: 'abc', t: 1500, commentId: ID } as const;
    expect(routeUrl(player)).toBe(`/app/sessions/abc?t=1500&comment=${ID}`);
    expect(parseRoute('/app/sessions/abc', `?t=1500&comment=${ID}`)).toEqual(player);
    const tutorial = { name: 'tutorial', tutorialId: 'tut', t: 1200, commentId: ID } as const;
    expect(routeUrl(tutorial)).toBe(`/app/tutorials/tut?t=1200&comment=${ID}`);
    expect(parseRoute('/app/tutorials/tut', `?t=1200&comment=${ID}`)).toEqual(tutorial);
  });

  it('keeps the links without a comment as they were, and drops a malformed id', () => {
    expect(routeUrl({ name: 'player', sessionId: 'abc', t: null })).toBe('/app/sessions/abc');
    expect(routeUrl({ name: 'tutorial', tutorialId: 'tut' })).toBe('/app/tutorials/tut');
    expect(parseRoute('/app/tutorials/tut')).toEqual({ name: 'tutorial', tutorialId: 'tut' });
    expect(parseRoute('/app/sessions/abc', '?t=5&comment=%3Cscript%3E')).toEqual({ name: 'player', sessionId: 'abc', t: 5 });
  });
});
