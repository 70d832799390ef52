/**
 * The pure parts of the recurring report: the grouping (deterministic, one
 * shared word is not enough, recording features help), the median, the
 * week start, the app's routes to the report and to the player with the
 * tutorial maker open, and the report's time wording.
 */
import { describe, expect, it } from 'vitest';
import { clusterCases, median, type CaseFeatures } from '../../server/search/recurring-clusters.ts';
import { pageOf } from '../../server/search/recurring-features.ts';
import { weekStart } from '../../server/search/recurring-questions.ts';
import { parseRoute, routeUrl } from '../../client/lib/route.ts';
import { formatSpan } from '../../client/components/recurring-report/recurring-report.component.ts';

const c = (id: string, words: string[], recording: string[] = []): CaseFeatures => ({ id, words, recording });

describe('recurring questions, the pure parts', () => {
  const cases = [
    c('a', ['need', 'download', 'invoic', 'pdf']),
    c('b', ['download', 'invoic']),
    c('c', ['download', 'app']),
    c('d', ['invoic', 'download', 'work']),
    c('e', ['ship', 'norway']),
    c('f', ['download', 'invoic', 'order']),
  ];

  it('groups paraphrases, not questions sharing one word, the same way every time', () => {
    const groups = clusterCases(cases);
    expect(groups.map((g) => g.ids)).toEqual([['a', 'b', 'd', 'f']]);
    expect(groups[0]!.representative).toBe('b');
    expect(groups[0]!.topWords.slice(0, 2).sort()).toEqual(['download', 'invoic']);
    expect(clusterCases([...cases])).toEqual(groups);
  });

  it('lets the pages and clicks of the recordings count, never alone against different words', () => {
    const page = ['page:/account/invoices', 'click:download invoice'];
    expect(clusterCases([c('x', ['parcel', 'insur'], page), c('y', ['download', 'invoic'], page)])).toEqual([]);
    expect(clusterCases([c('x', [], page), c('y', [], page)]).map((g) => g.ids)).toEqual([['x', 'y']]);
  });

  it('takes the median, and weeks start on Monday (UTC)', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(weekStart(new Date('2026-12-06T23:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(pageOf('https://shop.test/orders/12345?x=1')).toBe('/orders/:id');
    expect(pageOf('not a url')).toBeNull();
  });

  it('routes to the report and to the player with the tutorial maker', () => {
    expect(parseRoute('/app/recurring')).toEqual({ name: 'recurring' });
    expect(routeUrl({ name: 'recurring' })).toBe('/app/recurring');
    const make = { name: 'player', sessionId: 's1', t: null, make: true } as const;
    expect(routeUrl(make)).toBe('/app/sessions/s1?make=1');
    expect(parseRoute('/app/sessions/s1', '?make=1')).toEqual(make);
    expect(routeUrl({ name: 'player', sessionId: 's1', t: 2500 })).toBe('/app/sessions/s1?t=2500');
    expect(parseRoute('/app/sessions/s1', '?t=2500')).toEqual({ name: 'player', sessionId: 's1', t: 2500 });
  });

  it('words the median time to resolve', () => {
    expect(formatSpan(20_000)).toBe('1 min');
    expect(formatSpan(45 * 60_000)).toBe('45 min');
    expect(formatSpan(3.5 * 3_600_000)).toBe('3.5 h');
    expect(formatSpan(30 * 3_600_000)).toBe('30 h');
    expect(formatSpan(4 * 86_400_000)).toBe('4 days');
  });
});
