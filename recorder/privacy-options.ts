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
 *
 * Text masking, cheaply: rrweb decides whether an added node's text needs
 * masking with `el.closest(maskTextSelector)` for every added element and
 * text node, and Chromium walks every ancestor through its slow selector
 * path for an attribute selector (about 10× a class selector; a selector
 * list is 50×): a subtree 1,000 levels deep cost twice stock rrweb. So rrweb
 * is given `*` (it takes every element with content as "may need masking",
 * at no cost, and passes that down to the children it serializes) and
 * `maskTextFn` alone decides, once per non-blank text, with one `closest()`
 * per selector ({@link isMaskedText}). Elements carry no text of their own,
 * so only text nodes pay, and the result is the same as rrweb's own check
 * with `[data-cb-mask], <site selector>` (plus rrweb's default `rr-mask` class).
 */
import type { recordOptions } from 'rrweb';
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';

export const BLOCK_ATTRIBUTE = 'data-cb-block';
export const MASK_ATTRIBUTE = 'data-cb-mask';
/** rrweb's default `maskTextClass`: still honoured, as before. */
const RRWEB_MASK_CLASS = 'rr-mask';

type PrivacyOptions = Pick<
  recordOptions<eventWithTime>,
  'maskAllInputs' | 'maskInputOptions' | 'maskInputFn' | 'blockSelector' | 'maskTextSelector' | 'maskTextFn'
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

/** rrweb's own text mask: every non-blank character becomes `*` (the text keeps its shape). */
function maskText(text: string): string {
  return text.replace(/\S/g, '*');
}

/**
 * Whether `element` is, or is inside, an element matching any of
 * `selectors`. One `closest()` per selector rather than one for their list:
 * Chromium matches a single simple selector far faster than a list.
 * A selector that does not parse matches everything (masked rather than leaked).
 */
function insideAny(element: Element, selectors: readonly string[]): boolean {
  for (const selector of selectors) {
    try {
      if (element.closest(selector) !== null) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** The selectors of masked text: rrweb's class, ours, the site's (each alone). */
function maskSelectors(extra: string | undefined): string[] {
  return [`.${RRWEB_MASK_CLASS}`, `[${MASK_ATTRIBUTE}]`, ...(extra && extra.trim() ? [extra] : [])];
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
  const textSelectors = maskSelectors(settings.maskTextSelector);
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
    // Every element "may need masking"; maskTextFn decides (see the module's note).
    maskTextSelector: '*',
    // Blank text looks the same masked. Without a parent element (a text right under a shadow
    // root) rrweb only asks when the host may be masked: masked.
    maskTextFn: (text, element) => (/^\s*$/.test(text) || (element !== null && !insideAny(element, textSelectors)) ? text : maskText(text)),
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
