/**
 * detectSensitive on the real recording: the e-mail, IBAN and card number
 * the checkout page showed are found (with how often and when first), their
 * one-digit-off look-alikes are not (check digits, Luhn), known customer
 * values are found wherever they occur; and the patterns on their own, on
 * the text forms they come in.
 */
import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../../server/tutorials/transform/index.ts';
import { findPatterns, ibanChecksumHolds, luhnHolds } from '../../server/tutorials/transform/sensitive-patterns.ts';
import { demoFlow, PLANTED, timeOf, TYPED } from './fixture.ts';

const events = demoFlow();

describe('detectSensitive', () => {
  it('finds the planted e-mail, IBAN and card, and rejects their invalid look-alikes', () => {
    const shownAt = timeOf(events, PLANTED.iban);
    const findings = detectSensitive(events);
    expect(findings).toEqual([
      // In the text and in the mailto: link.
      { kind: 'email', value: PLANTED.email, count: 2, firstT: shownAt },
      { kind: 'iban', value: PLANTED.iban, count: 1, firstT: shownAt },
      { kind: 'card', value: PLANTED.card, count: 1, firstT: shownAt },
    ]);
    const values = findings.map((f) => f.value).join('\n');
    expect(values).not.toContain(PLANTED.badIban.slice(-5));
    expect(values).not.toContain(PLANTED.badCard);
    // What the customer typed is masked: nothing of it is found.
    for (const value of Object.values(TYPED)) if (value.length > 3) expect(values).not.toContain(value);
  });

  it('finds known customer values wherever they occur, case and spacing aside', () => {
    const findings = detectSensitive(events, ['ottilie  BRACKWATER', PLANTED.email, 'nobody-here']);
    expect(findings.filter((f) => f.kind === 'customer')).toEqual([
      // The e-mail in the mailto: link and the text; the name in the text, the photo's alt and the link's title.
      { kind: 'customer', value: PLANTED.email, count: 2, firstT: timeOf(events, PLANTED.iban) },
      { kind: 'customer', value: 'ottilie  BRACKWATER', count: 3, firstT: timeOf(events, PLANTED.iban) },
    ]);
    // A known e-mail is reported once, as the customer's.
    expect(findings.filter((f) => f.kind === 'email')).toEqual([]);
  });

  it('counts every occurrence and keeps the ways a value is written', () => {
    const extra = structuredClone(events);
    extra.push({
      type: 5,
      data: { tag: 'cobrowse-network', payload: { url: `/refund?iban=${PLANTED.iban.replaceAll(' ', '')}` } },
      timestamp: events.at(-1)!.timestamp + 10,
    });
    const iban = detectSensitive(extra).find((f) => f.kind === 'iban')!;
    expect(iban.count).toBe(2);
    expect(iban.variants).toEqual([PLANTED.iban, PLANTED.iban.replaceAll(' ', '')]);
  });

  it('checks IBANs by their check digits and cards by Luhn', () => {
    expect(ibanChecksumHolds('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumHolds('DE89370400440532013001')).toBe(false);
    expect(ibanChecksumHolds('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(luhnHolds('4111111111111111')).toBe(true);
    expect(luhnHolds('4111111111111112')).toBe(false);
    const kinds = (text: string) => findPatterns(text).map((m) => `${m.kind}:${m.value}`);
    expect(kinds('Call +49 30 1234567 or 030 1234 5678.')).toEqual(['phone:+49 30 1234567', 'phone:030 1234 5678']);
    expect(kinds('Amex 3782 822463 10005, not 3782 822463 10006, nor 0000 0000 0000 0000')).toEqual(['card:3782 822463 10005']);
    expect(kinds('<img srcset="me@2x.png 2x">')).toEqual([]);
    expect(kinds('IBAN FR14 2004 1010 0505 0001 3M02 606, mail A.B@Example.co.uk')).toEqual([
      'iban:FR14 2004 1010 0505 0001 3M02 606',
      'email:A.B@Example.co.uk',
    ]);
    // Dates, prices, ids and a wrong IBAN are none of them (nor a phone inside the IBAN).
    expect(kinds('Order 2026-12-06, €146.00, id 1733459200000, DE89 3704 0044 0532 0130 01')).toEqual([]);
  });
});
