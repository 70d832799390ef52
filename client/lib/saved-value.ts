/**
 * @module client/lib/saved-value
 * `.value=${savedValue(text)}` for a field that saves as it is edited (a
 * title saved on Enter, a body saved on leaving it): the field shows the
 * saved text, except while it has the focus and holds words typed since.
 * The answer to an earlier save re-renders the form with what that save
 * stored; a plain `.value` binding would put it over the words being typed,
 * and the field's own change would then never be saved.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type PartInfo, type PropertyPart } from 'lit/directive.js';

type TextField = HTMLInputElement | HTMLTextAreaElement;

class SavedValueDirective extends Directive {
  /** What this binding last put into the field. */
  #shown: string | undefined;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.PROPERTY || info.name !== 'value') throw new Error('savedValue() binds `.value` only');
  }

  render(value: string): string {
    return value;
  }

  override update(part: PropertyPart, [value]: [string]): typeof noChange {
    const field = part.element as TextField;
    const typing = this.#shown !== undefined && field.value !== this.#shown && field.matches(':focus');
    if (typing) return noChange;
    if (field.value !== value) field.value = value;
    this.#shown = value;
    return noChange;
  }
}

export const savedValue = directive(SavedValueDirective);
