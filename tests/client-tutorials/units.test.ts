/**
 * The tutorial editor's pure parts: where Split cuts a step, a list of
 * events served as chunks cut at each page's snapshot (what the preview's
 * chunk loader asks for a time), and step titles edited as plain words
 * keeping their element names emphasised.
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { eventListRecording } from '../../client/player/event-list-source.ts';
import { ChunkLoader } from '../../client/player/chunk-loader.ts';
import { SPLIT_AFTER_LAST_MS, splitPoint } from '../../client/lib/step-split.ts';
import { keepEmphasis, plainTitle } from '../../client/lib/step-title.ts';
import { STEP_TITLE_MAX } from '../../protocol/tutorials-constants.ts';
import { accountVisit } from '../tutorials/tutorial-helpers.ts';

describe('splitPoint', () => {
  it('cuts at the cursor when it lies inside the step', () => {
    expect(splitPoint({ t: 1_000 }, { t: 5_000 }, 2_500.4)).toBe(2_500);
  });
  it('cuts halfway to the next step when the cursor is elsewhere', () => {
    expect(splitPoint({ t: 1_000 }, { t: 5_000 }, 500)).toBe(3_000);
    expect(splitPoint({ t: 1_000 }, { t: 5_000 }, 5_000)).toBe(3_000);
    expect(splitPoint({ t: 1_000 }, { t: 5_000 }, 1_000)).toBe(3_000);
  });
  it('cuts a while after the last step', () => {
    expect(splitPoint({ t: 1_000 }, undefined, 0)).toBe(1_000 + SPLIT_AFTER_LAST_MS);
    expect(splitPoint({ t: 1_000 }, undefined, 9_000)).toBe(9_000);
  });
  it('answers null when there is no room (a reordered next step at or before it, or a millisecond away)', () => {
    expect(splitPoint({ t: 5_000 }, { t: 1_000 }, 3_000)).toBeNull();
    expect(splitPoint({ t: 5_000 }, { t: 5_000 }, 5_000)).toBeNull();
    expect(splitPoint({ t: 5_000 }, { t: 5_001 }, 0)).toBeNull();
  });
});

describe('eventListRecording', () => {
  const start = 1_700_000_000_000;
  const events = accountVisit(start, 'https://shop.test') as eventWithTime[];

  it('cuts the events at each page (Meta + full snapshot) and knows their bounds', async () => {
    const { source, recording } = eventListRecording('tutorial-1', [...events].reverse());
    expect(recording).toEqual({ id: 'tutorial-1', firstEventTs: start, lastEventTs: start + 4_000, chunkCount: 2 });
    const all = await source.batch!((await source.range(start, start + 4_000)).chunks);
    expect(all.flat()).toEqual(events);
    expect(all.map((c) => c[0]!.type)).toEqual([EventType.Meta, EventType.Meta]);
  });

  it('answers a time with the chunks from the last page opened before it', async () => {
    const { source } = eventListRecording('tutorial-1', events);
    expect((await source.range(start + 3_500, start + 3_600)).chunks.map((c) => c.seq)).toEqual([1]);
    expect((await source.range(start + 500, start + 3_500)).chunks.map((c) => c.seq)).toEqual([0, 1]);
    expect((await source.range(start + 500, start + 600)).chunks.map((c) => c.seq)).toEqual([0]);
  });

  it('feeds the player’s chunk loader: a seek into the second page rebuilds from its snapshot', async () => {
    const { source, recording } = eventListRecording('tutorial-1', events);
    const loader = new ChunkLoader(source, { firstEventTs: recording.firstEventTs!, lastEventTs: recording.lastEventTs! });
    const result = await loader.loadAt(start + 3_500);
    expect(result).toMatchObject({ kind: 'rebuild', baseTs: start + 3_000 });
    expect(result!.events.map((e) => e.timestamp)).toEqual([start + 3_000, start + 3_005, start + 4_000]);
    loader.dispose();
  });

  it('an empty list has no bounds (the player says so)', () => {
    expect(eventListRecording('empty', []).recording).toEqual({ id: 'empty', firstEventTs: null, lastEventTs: null, chunkCount: 0 });
  });
});

describe('step titles in the editor', () => {
  it('shows the plain words of a proposed title', () => {
    expect(plainTitle('Click *Add to cart*')).toBe('Click Add to cart');
    expect(plainTitle('Fill in *Quantity of House blend beans*')).toBe('Fill in Quantity of House blend beans');
    expect(plainTitle('No markers here')).toBe('No markers here');
  });

  it('keeps the element names emphasised in an edited title, where they still occur', () => {
    expect(keepEmphasis('Press Add to cart', 'Click *Add to cart*')).toBe('Press *Add to cart*');
    expect(keepEmphasis('Add to cart, then Checkout', 'Click *Add to cart* and *Checkout*')).toBe('*Add to cart*, then *Checkout*');
    expect(keepEmphasis('Put it in the basket', 'Click *Add to cart*')).toBe('Put it in the basket');
    expect(keepEmphasis('Open your account page', 'Go to *Account*')).toBe('Open your account page');
  });

  it('stays plain when the markers would not fit', () => {
    const long = `Click ${'x'.repeat(STEP_TITLE_MAX - 7)} A`;
    expect(keepEmphasis(long, 'Click *A*')).toBe(long);
  });
});
