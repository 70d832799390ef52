/**
 * The pieces under search, checked directly: PostgreSQL's `german` and
 * `english` configurations stem on both databases (PGlite included) over
 * unaccented text; the language detector; the query parser; the edit
 * distance of the typo fallback; the text extraction's windows and privacy.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from '../../db/client.ts';
import { detectLanguage } from '../../server/search/language.ts';
import { editDistance, parseSearchQuery } from '../../server/search/search-query.ts';
import { indexableText, parseHighlighted } from '../../server/search/search-text.ts';
import { sessionTexts } from '../../server/search/session-text.ts';
import { testDrivers } from '../helpers/db.ts';
import { added, page, removed, typed } from './search-fixtures.ts';

describe.each(testDrivers)('text search configurations on $name', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(() => database?.close());

  const matches = async (config: string, document: string, query: string) => {
    const [row] = await rows<{ m: boolean }>(
      database.db,
      sql`SELECT to_tsvector(${config}::regconfig, unaccent(${document})) @@ websearch_to_tsquery(${config}::regconfig, unaccent(${query})) AS m`,
    );
    return row!.m;
  };

  it('stems German: inflected forms find each other', async () => {
    expect(await matches('german', 'Rechnung heruntergeladen', 'Rechnungen')).toBe(true);
    expect(await matches('german', 'Die Lieferungen unserer Kunden', 'Lieferung Kunde')).toBe(true);
    expect(await matches('german', 'Größe der Bestellungen', 'bestellung grosse')).toBe(true);
    expect(await matches('simple', 'Rechnung', 'Rechnungen')).toBe(false);
  });

  it('stems English', async () => {
    expect(await matches('english', 'refund', 'refunds')).toBe(true);
    expect(await matches('english', 'Your payments were declined', 'payment declining')).toBe(true);
  });

  it('has pg_trgm for typo candidates', async () => {
    const [row] = await rows<{ s: number }>(database.db, sql`SELECT word_similarity('refnud', 'your refund was issued') AS s`);
    expect(Number(row!.s)).toBeGreaterThan(0.3);
  });
});

describe('search building blocks', () => {
  it('detects German, English and neither', () => {
    expect(detectLanguage('Ihre Rechnung ist nicht angekommen, bitte senden Sie sie mir noch einmal')).toBe('german');
    expect(detectLanguage('Your invoice did not arrive, please send it to me again')).toBe('english');
    expect(detectLanguage('Votre facture')).toBe('simple');
  });

  it('parses words, phrases, exclusions and prefixes', () => {
    const q = parseSearchQuery('refund "was issued" -shipping -"gift card" card* or ab');
    expect(q.include.map((t) => [t.text, t.phrase, t.prefix])).toEqual([
      ['refund', false, false],
      ['was issued', true, false],
      ['card', false, true],
      ['ab', false, false],
    ]);
    expect(q.exclude.map((t) => [t.text, t.phrase])).toEqual([
      ['shipping', false],
      ['gift card', true],
    ]);
    expect(parseSearchQuery('refu').include[0]!.prefix).toBe(true);
    expect(parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).include).toHaveLength(12);
    expect(parseSearchQuery('a&b:* !').include.map((t) => [t.text, t.prefix])).toEqual([['a&b:', false]]);
  });

  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('refnud', 'refund')).toBe(1);
    expect(editDistance('herunterladen', 'heruntergeladen')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('drops mask runs and highlight marks from indexed text', () => {
    expect(indexableText('Name: **** ******* end * x')).toBe('Name: end x');
    expect(indexableText('a\uE000b\u0001c')).toBe('abc');
    expect(parseHighlighted('the \uE000refund\uE001 was \uE000issued\uE001')).toEqual({
      text: 'the refund was issued',
      highlights: [
        [4, 10],
        [15, 21],
      ],
    });
  });

  it('turns a recording into texts with the windows they were on screen', () => {
    const base = 1_000_000;
    const shop = page(base, 'Shop', [
      { tag: 'p', text: 'Welcome back' },
      { tag: 'p', text: 'hidden for now', attributes: { style: 'display: none' } },
      { tag: 'input', attributes: { value: 'typed by the customer' } },
      { tag: 'div', text: 'editable words', attributes: { contenteditable: 'true' } },
    ]);
    const banner = added(base + 2_000, shop.bodyId, { tag: 'p', text: 'Out of stock' });
    const texts = sessionTexts([
      ...shop.events,
      typed(base + 1_500, shop.ids[2]!, 'more typing'),
      banner.event,
      removed(base + 5_000, shop.bodyId, banner.id),
    ]);
    const window = (text: string) => texts.filter((x) => x.text === text).map((x) => [x.source, x.startMs, x.endMs]);
    expect(window('Out of stock')).toEqual([['page_text', 2_000, 5_000]]);
    expect(window('Welcome back')).toEqual([['page_text', 1, 5_000]]);
    expect(window('Shop')).toEqual([['page_title', 1, 5_000]]);
    expect(window('https://shop.test/account')).toEqual([['page_url', 0, 5_000]]);
    const all = texts.map((x) => x.text).join('\n');
    for (const never of ['hidden for now', 'typed by the customer', 'more typing', 'editable words']) expect(all).not.toContain(never);
  });
});
