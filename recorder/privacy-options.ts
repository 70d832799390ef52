/**
 * @module recorder/privacy-options
 * The rrweb options that keep private data in the page.
 *
 * - `[data-cb-block]` elements are not recorded at all (rrweb `blockSelector`:
 *   the replay shows an empty box of the same size).
 * - `[data-cb-mask]` text is replaced by `*` (rrweb `maskTextSelector`), and so
 *   is the value of any input inside one.
 * - Input values are masked by default. Even when a site turns that off,
 *   passwords (including a password field switched to `type=text` by a
 *   "show password" button, which rrweb tags `data-rr-is-password`) and
 *   credit-card / one-time-code autofill fields stay masked.
 *
 * NOTE: every input goes through `maskInputFn` (the `input: true` key makes
 * rrweb treat all `<input>` types as maskable, including `hidden` ones that
 * rrweb's own "mask all" list misses); the function alone decides what stays.
 */
import type { recordOptions } from 'rrweb';
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';

export const BLOCK_ATTRIBUTE = 'data-cb-block';
export const MASK_ATTRIBUTE = 'data-cb-mask';

type PrivacyOptions = Pick<
  recordOptions<eventWithTime>,
  'maskAllInputs' | 'maskInputOptions' | 'maskInputFn' | 'blockSelector' | 'maskTextSelector'
>;

export interface PrivacySettings {
  maskAllInputs: boolean;
  blockSelector?: string | undefined;
  maskTextSelector?: string | undefined;
}

const ALWAYS_MASKED_AUTOCOMPLETE = /\b(current-password|new-password|one-time-code|cc-[a-z-]+)\b/;

function joinSelectors(base: string, extra: string | undefined): string {
  return extra && extra.trim() ? `${base}, ${extra}` : base;
}

export function mask(text: string): string {
  return '*'.repeat(text.length);
}

/** True for a field whose value must never leave the page, whatever the settings. */
export function isAlwaysMasked(element: HTMLElement | null, maskTextSelector: string): boolean {
  if (!element) return true;
  if (element.hasAttribute('data-rr-is-password')) return true;
  if (element instanceof HTMLInputElement && element.type.toLowerCase() === 'password') return true;
  const autocomplete = element.getAttribute('autocomplete');
  if (autocomplete && ALWAYS_MASKED_AUTOCOMPLETE.test(autocomplete.toLowerCase())) return true;
  try {
    return element.closest(maskTextSelector) !== null;
  } catch {
    return true;
  }
}

/** The full block and mask selectors the recording uses (ours plus the site's extra ones). */
export function privacySelectors(settings: PrivacySettings): { blockSelector: string; maskTextSelector: string } {
  return {
    blockSelector: joinSelectors(`[${BLOCK_ATTRIBUTE}]`, settings.blockSelector),
    maskTextSelector: joinSelectors(`[${MASK_ATTRIBUTE}]`, settings.maskTextSelector),
  };
}

export function privacyOptions(settings: PrivacySettings): PrivacyOptions {
  const { blockSelector, maskTextSelector } = privacySelectors(settings);
  const maskAll = settings.maskAllInputs;
  return {
    maskAllInputs: false,
    maskInputOptions: {
      color: true,
      date: true,
      'datetime-local': true,
      email: true,
      month: true,
      number: true,
      range: true,
      search: true,
      tel: true,
      text: true,
      time: true,
      url: true,
      week: true,
      textarea: true,
      select: true,
      password: true,
      // Not in rrweb's type, but rrweb looks the tag name up too: every <input>.
      ...({ input: true } as object),
    },
    maskInputFn: (text, element) => (maskAll || isAlwaysMasked(element, maskTextSelector) ? mask(text) : text),
    blockSelector,
    maskTextSelector,
  };
}

/** The recorder's own custom elements (`<cobrowse-recorder>`, its panels, overlay, badge): never the customer's page. */
const OWN_ELEMENT_PREFIX = 'cobrowse-';

/**
 * Whether `event` is rrweb's note that one of the recorder's own elements was
 * defined. The live, ask and video parts load (and define their elements)
 * after recording started, and rrweb records every `customElements.define`;
 * like the rest of the recorder's UI, that stays out of the recording.
 */
export function isOwnElementDefinition(event: eventWithTime): boolean {
  if (event.type !== EventType.IncrementalSnapshot || event.data.source !== IncrementalSource.CustomElement) return false;
  return event.data.define?.name.startsWith(OWN_ELEMENT_PREFIX) ?? false;
}
