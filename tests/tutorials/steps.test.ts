/**
 * extractSteps on the real recording of the demo-shop flow: the steps name
 * the touched elements in order, in the page's language, with selectors
 * and click points; typed values never appear (not even when a site records
 * them unmasked); scrolling, a box ticked and unticked at once and a refused
 * first attempt are not steps.
 */
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { cutRange, extractSteps } from '../../server/tutorials/transform/index.ts';
import { demoFlow, stringsIn, timeOf, TYPED } from './fixture.ts';

const events = demoFlow();

describe('extractSteps', () => {
  const steps = extractSteps(events);

  it('names the touched elements in order, from their labels and texts', () => {
    expect(steps.map((s) => [s.kind, s.title, s.selector])).toEqual([
      ['navigate', 'Go to *Demo shop*', undefined],
      ['click', 'Click *Add to cart*', 'button[data-add="beans"]'],
      ['click', 'Click *Add to cart*', 'button[data-add="grinder"]'],
      ['click', 'Click *Cart 2*', '#cart-link'],
      ['navigate', 'Go to *Cart*', undefined],
      ['input', 'Fill in *Quantity of House blend beans*', 'input[aria-label="Quantity of House blend beans"]'],
      ['input', 'Fill in *Discount code*', '#discount-code'],
      ['click', 'Click *Apply*', '#apply-discount'],
      ['click', 'Click *Checkout*', '#to-checkout'],
      ['navigate', 'Go to *Checkout*', undefined],
      ['input', 'Enter your name in *Full name*', '#name'],
      ['input', 'Enter your email address in *Email*', '#email'],
      ['input', 'Enter your street and number in *Street and number*', '#street'],
      ['input', 'Enter your postcode in *Postcode*', '#postcode'],
      ['input', 'Enter your city in *City*', '#city'],
      // The card label is masked on the demo (data-cb-mask): the field's name stands in.
      ['input', 'Enter your card number in *Card*', '#card'],
      ['input', 'Enter the expiry date in *Expiry (MM/YY)*', '#expiry'],
      ['select', 'Choose an option in *Delivery*', '#delivery'],
      ['select', 'Tick *Send me the newsletter*', '#newsletter'],
      ['input', 'Fill in *Anything we should know?*', '#notes'],
      ['click', 'Click *Place order*', '#place-order'],
    ]);
    // Times increase, and every step knows its page.
    expect(steps.map((s) => s.t)).toEqual([...steps.map((s) => s.t)].sort((a, b) => a - b));
    expect(steps.map((s) => new URL(s.url).pathname)).toEqual([
      ...Array(4).fill('/demo/'),
      ...Array(5).fill('/demo/cart.html'),
      ...Array(12).fill('/demo/checkout.html'),
    ]);
    expect(steps.find((s) => s.selector === '#postcode')?.pageTitle).toBe('Checkout · Bean & Brew');
  });

  it('never shows a typed value, masked or not', () => {
    const text = stringsIn(steps).join('\n');
    for (const [field, value] of Object.entries(TYPED)) if (value.length > 3) expect(text, field).not.toContain(value);
    expect(text).not.toMatch(/\*{2,}/); // no masked value either

    // A site that records inputs unmasked: every value the recording holds is a planted secret.
    const unmasked = structuredClone(events).map((event) => {
      if (event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Input) {
        return { ...event, data: { ...event.data, text: `LEAKED-${event.data.id}` } };
      }
      return event;
    });
    const leaked = JSON.stringify(extractSteps(unmasked));
    expect(JSON.stringify(unmasked)).toContain('LEAKED-');
    expect(leaked).not.toContain('LEAKED');
    expect(extractSteps(unmasked).map((s) => s.title)).toEqual(steps.map((s) => s.title));
  });

  it('keeps the fixed attempt of a refused discount code, once', () => {
    const refusedAt = timeOf(events, 'This code is not valid.');
    const discount = steps.filter((s) => s.selector === '#discount-code' || s.selector === '#apply-discount');
    expect(discount.map((s) => s.title)).toEqual(['Fill in *Discount code*', 'Click *Apply*']);
    expect(discount.every((s) => s.t > refusedAt)).toBe(true);
  });

  it('drops the box ticked and unticked at once, and the scrolling', () => {
    const newsletter = events.filter((e) => e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Input);
    expect(newsletter.filter((e) => JSON.stringify(e).includes('"isChecked":true')).length).toBe(2); // ticked twice, really
    expect(steps.filter((s) => s.selector === '#newsletter').map((s) => s.title)).toEqual(['Tick *Send me the newsletter*']);
    expect(events.some((e) => e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.Scroll)).toBe(true);
    expect(steps.every((s) => s.kind !== 'navigate' || s.selector === undefined)).toBe(true);
  });

  it('gives each click its recorded point as a zero-size box (rrweb records no layout)', () => {
    const clicks = events.filter(
      (e) => e.type === EventType.IncrementalSnapshot && e.data.source === IncrementalSource.MouseInteraction && e.data.type === 2,
    );
    for (const step of steps.filter((s) => s.kind === 'click')) {
      const click = clicks.find((e) => e.timestamp - events[0]!.timestamp === step.t)!;
      const data = click.data as { x: number; y: number };
      expect(step.box).toEqual({ x: data.x, y: data.y, width: 0, height: 0 });
      expect(step.boxFrom).toBe('pointer');
    }
    // A field typed into after a click takes that click's point.
    expect(steps.find((s) => s.selector === '#postcode')?.box).toMatchObject({ width: 0, height: 0 });
  });

  it('words the steps in German on a German page', () => {
    const german = JSON.parse(
      JSON.stringify(events)
        .replaceAll('"lang":"en"', '"lang":"de"')
        .replaceAll('Add to cart', 'In den Warenkorb')
        .replaceAll('Postcode', 'Postleitzahl')
        .replaceAll('Send me the newsletter', 'Newsletter abonnieren'),
    ) as eventWithTime[];
    const titles = extractSteps(german).map((s) => s.title);
    expect(titles).toContain('Klicken Sie auf *In den Warenkorb*');
    expect(titles).toContain('Geben Sie Ihre Postleitzahl in *Postleitzahl* ein');
    expect(titles).toContain('Aktivieren Sie *Newsletter abonnieren*');
    expect(titles).toContain('Gehen Sie zu *Checkout*');
    expect(titles).toContain('Füllen Sie *Discount code* aus');
    expect(extractSteps(german).every((s) => s.language === 'de')).toBe(true);
  });

  it('proposes the same steps from a cut, timed from the cut’s start', () => {
    const inPoint = timeOf(events, 'Code applied') + 100;
    const later = steps.filter((s) => s.t >= inPoint);
    const [opening, ...fromCut] = extractSteps(cutRange(events, inPoint));
    // The cut opens on the cart page, its first step says so.
    expect(opening).toMatchObject({ kind: 'navigate', title: 'Go to *Cart*', t: 0 });
    expect(fromCut.map((s) => s.title)).toEqual(later.map((s) => s.title));
    expect(fromCut.map((s) => s.t)).toEqual(later.map((s) => s.t - inPoint));
    expect(fromCut.map((s) => s.nodeId)).toEqual(later.map((s) => s.nodeId));
  });

  it('proposes no step from a click on the recorder’s own help buttons', () => {
    // rrweb blocks the recorder's element (no attributes, no children): found by its tag.
    const recorder = Number(
      /"tagName":"cobrowse-recorder","attributes":\{[^}]*\},"childNodes":\[\],"isCustom":true,"id":(\d+)/.exec(
        JSON.stringify(events[1]),
      )![1],
    );
    expect(recorder).toBeGreaterThan(0);
    const at = timeOf(events, 'Added (1 in cart)') + 100;
    const click: eventWithTime = {
      type: EventType.IncrementalSnapshot,
      data: { source: IncrementalSource.MouseInteraction, type: 2, id: recorder, x: 1180, y: 850 },
      timestamp: events[0]!.timestamp + at,
    };
    const withClick = [...events, click];
    expect(extractSteps(withClick).map((s) => s.title)).toEqual(steps.map((s) => s.title));
  });

  it('proposes nothing from nothing', () => {
    expect(extractSteps([])).toEqual([]);
  });
});
