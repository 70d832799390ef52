/**
 * @module recorder/live/control-executor
 * Applies an advisor's `control` commands to the customer's page, only
 * while the customer has granted control, and re-checks every one of them
 * whatever the server forwarded:
 *
 * - never inside `[data-cb-no-control]` (crossing shadow roots), nor inside
 *   a blocked element (`[data-cb-block]`, the site's block selector: the
 *   advisor cannot see it), nor inside the recorder's own UI;
 * - never sets a private field: passwords, one-time codes, card fields and
 *   `[data-cb-mask]` fields are always refused for `input` and typing keys.
 *
 * Typing into ordinary fields (`input`, printable keys, Backspace) is
 * allowed when the site allows remote typing (`remote-typing`: the advisor
 * types blind into fields masked by default, e.g. a Notes box, and sees
 * stars), or when the site turned `no-mask-inputs` on (the advisor already
 * sees those values). Otherwise every field is refused (`masked`): the
 * advisor may click one, e.g. to focus it, but never set its value. The
 * customer's control prompt and the advisor's notice say the same.
 *
 * Commands are synthetic (untrusted) events: a click dispatches pointer and
 * mouse events, then `click()`; an `input` sets the value and fires `input`
 * and `change`; a key fires keydown/keyup (Enter in a form field submits it).
 */
import { record } from 'rrweb';
import { NO_CONTROL_ATTRIBUTE, type ControlRefusal } from '../../protocol/live-constants.ts';
import type { ControlCommand, ControlTarget } from '../../protocol/live.ts';
import { isAlwaysMasked, privacySelectors, type PrivacySettings } from '../privacy-options.ts';

/** Why a command was refused (the protocol's list; the executor uses all but `not_granted`). */
export type { ControlRefusal };

export type ControlResult = { ok: true } | { ok: false; reason: ControlRefusal };

type EditableField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const NOT_TYPABLE_INPUTS = new Set(['hidden', 'file', 'checkbox', 'radio', 'button', 'submit', 'reset', 'image']);

/** The parent across shadow roots. */
function composedParent(node: Node): Node | null {
  if (node.parentNode instanceof ShadowRoot) return node.parentNode.host;
  return node.parentNode;
}

function closestComposed(start: Element, selector: string): Element | null {
  for (let node: Node | null = start; node; node = composedParent(node)) {
    if (node instanceof Element) {
      try {
        if (node.matches(selector)) return node;
      } catch {
        return node; // a broken site selector: refuse rather than guess
      }
    }
  }
  return null;
}

function isWithin(start: Node, ancestor: Node): boolean {
  for (let node: Node | null = start; node; node = composedParent(node)) if (node === ancestor) return true;
  return false;
}

function isField(el: Element): el is EditableField {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

export class ControlExecutor {
  #privacy: PrivacySettings;
  #ownUi: Element;
  #selectors: { blockSelector: string; maskTextSelector: string };
  #remoteTyping: boolean;

  /** `ownUi`: the recorder element, whose UI the advisor may never operate. */
  constructor(privacy: PrivacySettings, ownUi: Element, options: { remoteTyping?: boolean } = {}) {
    this.#privacy = privacy;
    this.#ownUi = ownUi;
    this.#selectors = privacySelectors(privacy);
    this.#remoteTyping = options.remoteTyping === true;
  }

  execute(command: ControlCommand): ControlResult {
    switch (command.action) {
      case 'click':
        return this.#withTarget(command.target, (el) => this.#click(el, command.target, command.button ?? 'left'));
      case 'scroll':
        if (!command.target) {
          scrollTo(command.scrollX, command.scrollY);
          return { ok: true };
        }
        return this.#withTarget(command.target, (el) => {
          el.scrollTo(command.scrollX, command.scrollY);
          return { ok: true };
        });
      case 'input':
        return this.#withTarget(command.target, (el) => this.#input(el, command.value));
      case 'key': {
        const target = command.target ?? ({ active: true } as const);
        return this.#withTarget(target, (el) => this.#key(el, command.key, command.modifiers ?? {}));
      }
    }
  }

  /** Resolves the target and refuses what the advisor may never touch. */
  #withTarget(target: ControlTarget | { active: true }, act: (el: Element) => ControlResult): ControlResult {
    const el = this.#resolve(target);
    if (!el || !el.isConnected) return { ok: false, reason: 'not_found' };
    if (isWithin(el, this.#ownUi)) return { ok: false, reason: 'own_ui' };
    if (closestComposed(el, `[${NO_CONTROL_ATTRIBUTE}]`)) return { ok: false, reason: 'no_control' };
    if (closestComposed(el, this.#selectors.blockSelector)) return { ok: false, reason: 'no_control' };
    return act(el);
  }

  #resolve(target: ControlTarget | { active: true }): Element | null {
    if ('active' in target) {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el ?? document.body;
    }
    if ('nodeId' in target) {
      const node = record.mirror.getNode(target.nodeId);
      if (!node) return null;
      return node instanceof Element ? node : node.parentElement;
    }
    let el = document.elementFromPoint(target.x, target.y);
    // Into open shadow roots (the recorder's own UI stays its host: refused above).
    while (el?.shadowRoot && el !== this.#ownUi) {
      const inner = el.shadowRoot.elementFromPoint(target.x, target.y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  }

  /** Whether the advisor may set this field's value. */
  #mayType(el: EditableField): boolean {
    if (isAlwaysMasked(el, this.#selectors.maskTextSelector)) return false;
    return this.#remoteTyping || !this.#privacy.maskAllInputs;
  }

  #click(el: Element, target: ControlTarget, button: 'left' | 'middle' | 'right'): ControlResult {
    const rect = el.getBoundingClientRect();
    const clientX = 'x' in target ? target.x : rect.left + rect.width / 2;
    const clientY = 'y' in target ? target.y : rect.top + rect.height / 2;
    const buttonIndex = { left: 0, middle: 1, right: 2 }[button];
    const init = { bubbles: true, cancelable: true, composed: true, clientX, clientY, button: buttonIndex, view: window };
    el.dispatchEvent(new PointerEvent('pointerdown', { ...init, pointerType: 'mouse', isPrimary: true, buttons: 1 }));
    el.dispatchEvent(new MouseEvent('mousedown', { ...init, buttons: 1 }));
    if (el instanceof HTMLElement) el.focus({ preventScroll: true });
    el.dispatchEvent(new PointerEvent('pointerup', { ...init, pointerType: 'mouse', isPrimary: true }));
    el.dispatchEvent(new MouseEvent('mouseup', init));
    if (button === 'left') {
      if (el instanceof HTMLElement) el.click();
      else el.dispatchEvent(new MouseEvent('click', init));
    } else if (button === 'right') {
      el.dispatchEvent(new MouseEvent('contextmenu', init));
    } else {
      el.dispatchEvent(new MouseEvent('auxclick', init));
    }
    return { ok: true };
  }

  #input(el: Element, value: string): ControlResult {
    if (!isField(el) || el.disabled || (el instanceof HTMLInputElement && NOT_TYPABLE_INPUTS.has(el.type))) {
      return { ok: false, reason: 'not_editable' };
    }
    if ('readOnly' in el && el.readOnly) return { ok: false, reason: 'not_editable' };
    if (!this.#mayType(el)) return { ok: false, reason: 'masked' };
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return { ok: true };
  }

  #key(el: Element, key: string, modifiers: { alt?: boolean; ctrl?: boolean; meta?: boolean; shift?: boolean }): ControlResult {
    const field = isField(el) && !(el instanceof HTMLSelectElement) ? el : undefined;
    const edits = key.length === 1 || key === 'Backspace';
    if (field && edits && !this.#mayType(field)) return { ok: false, reason: 'masked' };
    const init = {
      key,
      bubbles: true,
      cancelable: true,
      composed: true,
      altKey: !!modifiers.alt,
      ctrlKey: !!modifiers.ctrl,
      metaKey: !!modifiers.meta,
      shiftKey: !!modifiers.shift,
    };
    const proceed = el.dispatchEvent(new KeyboardEvent('keydown', init));
    if (proceed && field && !modifiers.ctrl && !modifiers.meta) {
      if (key.length === 1 || key === 'Backspace') {
        field.value = key === 'Backspace' ? field.value.slice(0, -1) : field.value + key;
        field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      } else if (key === 'Enter' && field instanceof HTMLInputElement && field.form) {
        field.form.requestSubmit();
      }
    }
    el.dispatchEvent(new KeyboardEvent('keyup', init));
    return { ok: true };
  }
}
