/**
 * @module recorder/context/masked-values
 * The current values of what the recording masks (the values of masked
 * fields, the text of `data-cb-mask` elements), so captured console messages
 * and requests can be scrubbed of them: a page that logs `input.value` or
 * puts it in a URL must not leak what the DOM recording hides.
 */
import { isAlwaysMasked, privacySelectors, type PrivacySettings } from '../privacy-options.ts';

const NOT_DATA = new Set(['checkbox', 'radio', 'submit', 'button', 'reset', 'file', 'image']);
const MAX_FIELDS = 500;
const MAX_VALUE_LENGTH = 1000;

export function maskedValuesOf(settings: PrivacySettings): () => string[] {
  const { maskTextSelector } = privacySelectors(settings);
  return () => {
    const values = new Set<string>();
    try {
      const fields = document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select');
      for (const field of [...fields].slice(0, MAX_FIELDS)) {
        if (field instanceof HTMLInputElement && NOT_DATA.has(field.type.toLowerCase())) continue;
        const value = field.value;
        if (!value || value.length > MAX_VALUE_LENGTH) continue;
        if (settings.maskAllInputs || isAlwaysMasked(field, maskTextSelector)) values.add(value);
      }
      for (const element of [...document.querySelectorAll(maskTextSelector)].slice(0, MAX_FIELDS)) {
        const text = element.textContent?.trim();
        if (text && text.length <= MAX_VALUE_LENGTH) values.add(text);
      }
    } catch {
      /* a bad site selector: nothing to add */
    }
    // Longest first, so a value containing another is replaced whole.
    return [...values].sort((a, b) => b.length - a.length);
  };
}
