/**
 * Which tab the customer uses: the one they turned to last, even when two
 * turns fall in one millisecond (a fast machine, a customer clicking one tab
 * right after another). The clock is frozen so the turns tie on Date.now().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveTab, tabInUse } from '../../server/live/live-tab.ts';

const tab = (id: string) => {
  const t = new LiveTab(id, 1024 * 1024);
  t.hello({ tabId: id, url: null, page: `${id}-page`, visible: true, focused: true }, `${id}-peer`);
  return t;
};

describe('the tab in use', () => {
  afterEach(() => void vi.useRealTimers());

  it('is the tab turned to last, also within one millisecond', () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const one = tab('one');
    const two = tab('two');
    expect(tabInUse([one, two], one.id)).toBe('two');
    // The customer uses the first tab again, in the same millisecond.
    expect(one.presence(true, true, true)).toBe(true);
    expect(tabInUse([one, two], 'two')).toBe('one');
    expect(two.presence(true, true, true)).toBe(true);
    expect(tabInUse([one, two], 'one')).toBe('two');
  });

  it('keeps the current tab when nobody turned to another one', () => {
    const one = tab('one');
    const two = tab('two');
    // A hidden tab reporting itself does not take over.
    one.presence(false, false, false);
    expect(tabInUse([one, two], 'two')).toBe('two');
  });
});
