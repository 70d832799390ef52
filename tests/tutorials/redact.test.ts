/**
 * redactEvents on the real recording: given texts leave no trace in any
 * event (the result's JSON is scanned, case and spacing aside), each value
 * keeps one stand-in across the stream; given nodes lose their subtree's
 * texts, attributes and images in the snapshot and in the mutations that
 * come later under them, on their own page only when named with a moment.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_IMAGE, redactEvents } from '../../server/tutorials/transform/index.ts';
import { demoFlow, elementIdOf, pageEvents, pageStarts, PLANTED } from './fixture.ts';

const events = demoFlow();
const json = (value: unknown) => JSON.stringify(value);
const hits = (text: string, value: string) => text.toLowerCase().split(value.toLowerCase()).length - 1;
/** A page's DOM: its snapshots and changes (a failed request's URL is no node). */
const domOf = (page: eventWithTime[]) => page.filter((e) => e.type === EventType.FullSnapshot || e.type === EventType.IncrementalSnapshot);

describe('redactEvents', () => {
  it('removes every occurrence of the given texts, whatever their spacing and case', () => {
    const before = json(events);
    for (const value of [PLANTED.email, PLANTED.holder, PLANTED.iban, PLANTED.card]) expect(hits(before, value), value).toBeGreaterThan(0);
    // Also where no DOM holds it: the failed request for the customer's photo.
    expect(before).toMatch(/"url":"[^"]*\/demo\/photos\/ottilie\.png"/);

    const result = redactEvents(events, {
      texts: [PLANTED.email.toUpperCase(), PLANTED.holder, PLANTED.iban.replaceAll(' ', ''), PLANTED.card, 'Ottilie'],
    });
    const after = json(result);
    for (const value of [PLANTED.email, PLANTED.holder, PLANTED.iban, PLANTED.iban.replaceAll(' ', ''), PLANTED.card, 'ottilie']) {
      expect(hits(after, value), value).toBe(0);
    }
    // The look-alikes were not asked for and stay.
    expect(after).toContain(PLANTED.badIban);
    expect(after).toContain(PLANTED.badCard);
    expect(result).toHaveLength(events.length);
  });

  it('gives one value one stand-in across the stream', () => {
    const after = json(redactEvents(events, { texts: [PLANTED.holder, PLANTED.email, PLANTED.iban, PLANTED.card] }));
    expect(after).toContain(`mailto:[email 1]`); // the link…
    expect(after).toContain(`Account holder: [redacted 1], [email 1]. Refunds go to IBAN [iban 1]`); // …and the text
    expect(after).toContain(`Photo of [redacted 1]`);
    expect(after).toContain(`Write to [redacted 1]`);
    expect(after).toContain(`saved card [card 1]`);
    expect(after).not.toMatch(/\[(?:email|redacted|iban|card) 2\]/);
  });

  it('empties a node’s subtree on its page, later mutations under it included', () => {
    const index = pageStarts(events)[0]!;
    const products = elementIdOf(events, 'id', 'products');
    const result = redactEvents(events, { nodes: [{ id: products, atMs: index.t + 10 }] });
    const indexPage = json(pageEvents(result, '/demo/'));
    for (const text of ['House blend beans', 'Hand grinder', '€14.50', 'Add to cart', 'Added (1 in cart)', 'data-add":"beans']) {
      expect(json(pageEvents(events, '/demo/')), text).toContain(text);
      expect(indexPage, text).not.toContain(text);
    }
    expect(indexPage).toContain('Everything for a better cup'); // outside the products
    expect(indexPage).toContain('"class":"product"'); // structure stays
    expect(indexPage).toContain('"type":"button"');
    expect(indexPage).toMatch(/\[redacted \d+\]/);
    // The cart page has its own ids: its product rows stay.
    expect(json(pageEvents(result, '/demo/cart.html'))).toContain('House blend beans');
  });

  it('turns images and background images in a redacted subtree into placeholders', () => {
    const checkout = pageStarts(events)[2]!;
    const account = elementIdOf(events, 'id', 'account', checkout.t);
    const result = redactEvents(events, { nodes: [{ id: account, atMs: checkout.t + 10 }] });
    const link = json({ href: `mailto:${PLANTED.email}`, title: `Write to ${PLANTED.holder}` }).slice(1, -1);
    const dom = json(domOf(pageEvents(result, '/demo/checkout.html')));
    // The contact link is the paragraph's sibling, not part of it: it stays (its text is for `texts`).
    expect(dom).toContain(link);
    const paragraph = dom.replace(link, '').toLowerCase();
    for (const value of ['ottilie', 'brackwater', '/demo/photos/', PLANTED.iban, PLANTED.card]) expect(paragraph).not.toContain(value);
    // src, srcset and the badge's url().
    expect(dom.split(PLACEHOLDER_IMAGE).length - 1).toBe(3);
  });

  it('redacts bare node ids on every page (ids start afresh on each page)', () => {
    const checkout = pageStarts(events)[2]!;
    const account = elementIdOf(events, 'id', 'account', checkout.t);
    const after = json(pageEvents(redactEvents(events, { nodeIds: [account] }), '/demo/checkout.html'));
    expect(after).not.toContain(`Account holder: ${PLANTED.holder}`);
    expect(after).not.toContain(PLANTED.iban);
    expect(redactEvents(events, {})).toEqual(events);
  });
});
