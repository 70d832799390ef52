/**
 * The advisor app's async-help helpers without a browser: routes and their
 * filters in the URL, due-time wording, metadata split, form lists.
 */
import { describe, expect, it } from 'vitest';
import { caseFiltersSearch, caseListQuery, NO_CASE_FILTERS, parseCaseFilters } from '../../client/lib/case-filters.ts';
import { customerLabel, dueLabel, formatSpan, splitMetadata } from '../../client/lib/case-format.ts';
import { parseHeaderLines, splitList } from '../../client/lib/lists.ts';
import { parseRoute, routeUrl } from '../../client/lib/route.ts';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('case routes', () => {
  it('parses and builds the inbox, a case and the admin page', () => {
    expect(parseRoute('/app/cases')).toEqual({ name: 'cases', filters: NO_CASE_FILTERS });
    expect(parseRoute('/app/cases/', '?status=new&assignee=me&overdue=1&topic=' + ID)).toEqual({
      name: 'cases',
      filters: { status: 'new', assignee: 'me', overdue: true, topic: ID },
    });
    expect(parseRoute(`/app/cases/${ID}`)).toEqual({ name: 'case', caseId: ID });
    expect(parseRoute('/app/admin')).toEqual({ name: 'admin' });
    for (const url of [
      '/app/cases',
      `/app/cases/${ID}`,
      '/app/admin',
      '/app/cases?status=resolved&assignee=none',
      '/app/cases?overdue=1',
    ]) {
      const [path, search] = url.split('?');
      expect(routeUrl(parseRoute(path!, search ? `?${search}` : ''))).toBe(url);
    }
    // The other routes still work.
    expect(parseRoute('/app/sessions/abc', '?t=5')).toEqual({ name: 'player', sessionId: 'abc', t: 5 });
    expect(routeUrl({ name: 'list' })).toBe('/app/');
  });

  it('drops filter values it does not know instead of sending them', () => {
    expect(parseCaseFilters('?status=bogus&assignee=x&topic=1&overdue=yes')).toEqual(NO_CASE_FILTERS);
    expect(caseFiltersSearch(NO_CASE_FILTERS)).toBe('');
    expect(caseListQuery({ status: 'open', topic: '', assignee: 'none', overdue: true }, 50)).toEqual({
      status: 'open',
      assignee: 'none',
      overdue: 'true',
      limit: 50,
    });
  });

  it('opens on the to-do (every status but resolved); "all" asks for every status', () => {
    expect(caseListQuery(NO_CASE_FILTERS)).toEqual({ status: 'unresolved' });
    expect(parseCaseFilters('?status=all').status).toBe('all');
    expect(caseListQuery(parseCaseFilters('?status=all'))).toEqual({});
    expect(caseFiltersSearch({ ...NO_CASE_FILTERS, status: 'all' })).toBe('?status=all');
  });
});

describe('case wording', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  const base = { overdue: false, firstAnsweredAt: null, status: 'new' as const };

  it('says when the first answer is due, or how late it is', () => {
    expect(dueLabel({ ...base, dueAt: '2026-01-01T10:12:00Z' }, now)).toBe('Due in 12 min');
    expect(dueLabel({ ...base, dueAt: '2026-01-01T12:30:00Z' }, now)).toBe('Due in 2 h 30 min');
    expect(dueLabel({ ...base, overdue: true, dueAt: '2026-01-01T09:55:00Z' }, now)).toBe('Overdue by 5 min');
    expect(dueLabel({ ...base, firstAnsweredAt: '2026-01-01T09:00:00Z', dueAt: '2026-01-01T09:55:00Z' }, now)).toBe('Answered');
    expect(formatSpan(20_000)).toBe('under a minute');
    expect(formatSpan(3 * 86_400_000)).toBe('3 d');
  });

  it('tells identify() fields from other metadata and names the customer', () => {
    const metadata = { 'user.email': 'ada@example.test', 'user.id': 'c-1', orderId: 'A-1', paid: true, none: null };
    expect(splitMetadata(metadata)).toEqual({
      identity: [
        ['email', 'ada@example.test'],
        ['id', 'c-1'],
      ],
      other: [
        ['orderId', 'A-1'],
        ['paid', 'true'],
        ['none', '—'],
      ],
    });
    expect(customerLabel({ customerEmail: null, metadata })).toBe('ada@example.test');
    expect(customerLabel({ customerEmail: 'x@example.test', metadata })).toBe('x@example.test');
    expect(customerLabel({ customerEmail: null, metadata: {} })).toBe('Anonymous customer');
  });
});

describe('form lists', () => {
  it('splits comma lists and header lines', () => {
    expect(splitList(' billing, Shipping ,,billing\nnl')).toEqual(['billing', 'Shipping', 'nl']);
    expect(parseHeaderLines('Authorization: Bearer a:b\n\nX-Key:  1 ')).toEqual({ Authorization: 'Bearer a:b', 'X-Key': '1' });
    expect(() => parseHeaderLines('no colon here')).toThrow(/not a header line/);
  });
});
