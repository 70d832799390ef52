/**
 * The node ids rewrite compaction applies before zstd
 * (server/storage/id-deltas.ts): ids become deltas, and the text comes back
 * byte for byte, whatever it holds — keys inside strings, number forms it
 * must leave alone, bytes that are not UTF-8.
 */
import { constants, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deltaIds, restoreIds } from '../../server/storage/id-deltas.ts';
import { el, textNode } from '../assets/synthetic-page.ts';

const roundTrip = (text: string | Buffer) => {
  const json = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const deltas = deltaIds(json);
  expect(restoreIds(deltas).equals(json)).toBe(true);
  return deltas.toString('latin1');
};

describe('node ids as deltas', () => {
  it('writes each key’s ids as the difference from its previous one', () => {
    const adds =
      '[{"parentId":7622,"nextId":null,"node":{"type":2,"tagName":"ul","id":7626}},' +
      '{"parentId":7622,"nextId":7626,"node":{"type":2,"tagName":"p","id":7627}},' +
      '{"parentId":7622,"nextId":7627,"node":{"type":2,"tagName":"h2","id":7628}}]';
    expect(roundTrip(adds)).toBe(
      '[{"parentId":7622,"nextId":null,"node":{"type":2,"tagName":"ul","id":7626}},' +
        '{"parentId":0,"nextId":7626,"node":{"type":2,"tagName":"p","id":1}},' +
        '{"parentId":0,"nextId":1,"node":{"type":2,"tagName":"h2","id":1}}]',
    );
    expect(roundTrip('[{"id":5},{"id":3},{"id":-2},{"id":0}]')).toBe('[{"id":5},{"id":-2},{"id":-5},{"id":2}]');
  });

  it('leaves alone what is not a key’s plain integer', () => {
    const untouched = [
      // keys inside strings (their quotes are escaped)
      '[{"textContent":"{\\"id\\":5,\\"id\\":6}","id":9}]',
      '[{"value":",\\"id\\":12"}]',
      // other number forms, other keys, whitespace
      '[{"id":-0},{"id":007},{"id":1.5},{"id":1e3},{"id":12E1},{"id":"12"},{"id":null}]',
      '[{"x":12,"y":13,"idx":4,"rootId":8}]',
      '[{ "id": 4 }, {"id" :5}]',
      // more digits than a delta may safely have
      '[{"id":1234567890123456},{"id":1234567890123457}]',
      // a key at the very end of the text, a cut-off value
      '[{"id":',
      '{"id":4',
    ];
    for (const text of untouched) expect(roundTrip(text)).toBe(text);
  });

  it('gives back any bytes, UTF-8 or not', () => {
    roundTrip('[{"id":3,"textContent":"Grüße, 東京 😀 \\ud800"},{"id":4}]');
    roundTrip(Buffer.concat([Buffer.from('[{"id":3,"t":"'), Buffer.from([0xff, 0xc3, 0x28, 0x80]), Buffer.from('"},{"id":4}]')]));
    // Random text made of JSON's punctuation, digits and the keys: whatever the rewrite matches, it undoes.
    const parts = ['{"id":', ',"id":', ',"nextId":', '{', '}', ']', ',', '"', ':', '-', '0', '7', '12', '\\"', '\\', '.', 'e', ' '];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let rewritten = 0;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 60 }, () => parts[Math.floor(random() * parts.length)]).join('');
      if (roundTrip(text) !== text) rewritten++;
    }
    expect(rewritten).toBeGreaterThan(40);
  });

  it('makes a snapshot of fresh nodes compress smaller', () => {
    const page = el(
      'main',
      {},
      Array.from({ length: 400 }, (_, i) => el('p', { class: `para-${i % 7}` }, [textNode(`Paragraph ${i} of the guide.`)])),
    );
    const json = Buffer.from(JSON.stringify([{ type: 2, data: { node: page }, timestamp: 1 }]));
    const zstd = (bytes: Buffer) => zstdCompressSync(bytes, { params: { [constants.ZSTD_c_compressionLevel]: 19 } }).byteLength;
    expect(zstd(deltaIds(json)) * 1.3).toBeLessThan(zstd(json));
  });
});
