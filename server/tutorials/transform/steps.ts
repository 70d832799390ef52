/**
 * @module server/tutorials/transform/steps
 * Tutorial steps proposed from what the customer did: clicks, typing into a
 * field (the field, never the value: inputs are masked, and even unmasked
 * values are never read), choices in lists, ticks, and page changes. Each is
 * named from the page as it was at that moment (accessible-name.ts), worded
 * in the page's language (step-wording.ts), located by a selector
 * (selector.ts).
 *
 * Noise is dropped: scrolling and pointer moves are not steps, nor clicks
 * on the recorder's own help buttons; the
 * keystrokes typed into one field are one step; a click that only put the
 * caret into a field (or ticked a box through it) gives way to the typing
 * or ticking it led to; two actions on one element within
 * {@link UNDO_WINDOW_MS} that leave the page as it was (a box ticked and
 * unticked) are both dropped; a run of steps repeated right away (a code
 * typed and applied, refused, typed and applied again) is kept once, as the
 * last attempt; a reload is not a page change.
 *
 * NOTE: rrweb records no layout. A step's `box` is the pointer's position
 * (viewport pixels, width and height 0) of the click that made it, or of the
 * click into the field typed into; steps without a click have no box.
 */
import { EventType, IncrementalSource, MouseInteractions, type eventWithTime } from '@rrweb/types';
import { accessibleName, interactiveTarget, isField } from './accessible-name.ts';
import { selectorFor } from './selector.ts';
import { languageOf, purposeOf, wording, type Language } from './step-wording.ts';
import { inTimeOrder } from './timeline.ts';
import { ancestors, attributeOf, tagOf, VirtualPage, type VNode } from './virtual-page.ts';

export interface ProposedStep {
  kind: 'click' | 'input' | 'select' | 'navigate';
  title: string;
  /** ms since the stream's first event. */
  t: number;
  url: string;
  pageTitle?: string;
  nodeId?: number;
  selector?: string;
  box?: { x: number; y: number; width: number; height: number };
  /** Where `box` comes from: always `pointer` (the click's point; rrweb records no layout). */
  boxFrom?: 'pointer';
  /** The accessible name the title quotes (for navigate: the page's short title). */
  name?: string;
  /** The page's language the title is worded in. */
  language?: Language;
}

/** Two actions on one element this close that leave the page unchanged undo each other. */
export const UNDO_WINDOW_MS = 1500;
/** Longest run of steps recognised as repeated (input + click + … tried again). */
const MAX_REPEATED_RUN = 4;

/** A step while it is being worked out: what the post-processing needs besides the step itself. */
interface Draft {
  step: ProposedStep;
  /** Which page (Meta) it happened on: node ids start afresh on each page. */
  pageIndex: number;
  /**
   * Fingerprint of the page before it, and before whatever came next: only
   * clicks and choices have them (typing is never undone that way), so a
   * long recording's keystrokes cost no page serialisation.
   */
  before: string;
  after?: string;
  /** Set for ticks: the box's state after it. */
  checked?: boolean;
  /** A click's target when it is a field (or a label for one): the typing it leads to replaces it. */
  fieldIds?: number[];
  /** The page title before shortening (navigate). */
  rawPageTitle?: string;
}

/**
 * Steps proposed from a recording, in order.
 *
 * @example
 * extractSteps(events).map((s) => s.title); // ['Go to *Demo shop*', 'Click *Add to cart*', …]
 */
export function extractSteps(events: eventWithTime[]): ProposedStep[] {
  const sorted = inTimeOrder(events);
  if (sorted.length === 0) return [];
  const origin = sorted[0]!.timestamp;
  const page = new VirtualPage();
  const drafts: Draft[] = [];
  let pageIndex = -1;
  let lastHref: string | undefined;
  let pendingNavigation: Draft | undefined;

  const settlePrevious = () => {
    const previous = drafts.at(-1);
    if (previous && previous.after === undefined && previous.step.kind !== 'input' && previous.step.kind !== 'navigate') {
      previous.after = page.fingerprint();
    }
  };

  for (const event of sorted) {
    const t = event.timestamp - origin;
    if (event.type === EventType.Meta) {
      settlePrevious();
      pageIndex++;
      const sameUrl = lastHref !== undefined && stripHash(lastHref) === stripHash(event.data.href);
      lastHref = event.data.href;
      page.apply(event);
      pendingNavigation = undefined;
      if (!sameUrl) {
        pendingNavigation = {
          step: { kind: 'navigate', title: '', t, url: event.data.href },
          pageIndex,
          before: '',
        };
        drafts.push(pendingNavigation);
      }
      continue;
    }
    if (event.type === EventType.FullSnapshot) {
      page.apply(event);
      if (pendingNavigation) {
        const language = languageOf(page.lang);
        pendingNavigation.rawPageTitle = page.title;
        pendingNavigation.step.pageTitle = page.title || undefined;
        pendingNavigation.step.language = language;
        pendingNavigation = undefined;
      }
      continue;
    }
    if (event.type !== EventType.IncrementalSnapshot) continue;
    const data = event.data;
    if (data.source === IncrementalSource.MouseInteraction && data.type === MouseInteractions.Click) {
      const target = page.get(data.id);
      if (target && !isRecorderUi(target)) {
        settlePrevious();
        drafts.push(clickDraft(page, target, t, pageIndex, data.x, data.y));
      }
    } else if (data.source === IncrementalSource.Input && data.userTriggered !== false) {
      const target = page.get(data.id);
      if (target && isField(target)) {
        settlePrevious();
        drafts.push(inputDraft(page, target, t, pageIndex, data.isChecked));
      }
    }
    page.apply(event);
  }
  settlePrevious();

  const steps = mergeRepeats(dropUndone(mergeTyping(dropClicksIntoFields(drafts))));
  shortenPageTitles(steps);
  return steps.map((d) => d.step);
}

/** The recorder's own elements (`<cobrowse-recorder>`, its panels): the help buttons are no step of the site's tutorial. */
function isRecorderUi(node: VNode): boolean {
  for (const element of ancestors(node, true)) if (tagOf(element).startsWith('cobrowse-')) return true;
  return false;
}

function stripHash(href: string): string {
  const hash = href.indexOf('#');
  return hash < 0 ? href : href.slice(0, hash);
}

function common(
  page: VirtualPage,
  node: VNode,
  t: number,
): Pick<ProposedStep, 't' | 'url' | 'pageTitle' | 'nodeId' | 'selector' | 'language'> {
  return {
    t,
    url: page.href,
    pageTitle: page.title || undefined,
    nodeId: node.id,
    selector: selectorFor(page, node) || undefined,
    language: languageOf(page.lang),
  };
}

function clickDraft(page: VirtualPage, target: VNode, t: number, pageIndex: number, x?: number, y?: number): Draft {
  const element = interactiveTarget(target);
  const language = languageOf(page.lang);
  const name = accessibleName(page, element);
  const step: ProposedStep = { kind: 'click', title: wording.click(name, tagOf(element), language), name, ...common(page, element, t) };
  if (x !== undefined && y !== undefined) {
    step.box = { x, y, width: 0, height: 0 };
    step.boxFrom = 'pointer';
  }
  const fieldIds: number[] = [];
  if (isField(element)) fieldIds.push(element.id);
  if (tagOf(element) === 'label') {
    const forId = attributeOf(element, 'for');
    const control = forId ? page.byIdAttribute(forId) : page.find(isField, element);
    if (control) fieldIds.push(control.id);
  }
  return { step, pageIndex, before: page.fingerprint(), fieldIds };
}

function inputDraft(page: VirtualPage, field: VNode, t: number, pageIndex: number, isChecked: boolean): Draft {
  const language = languageOf(page.lang);
  const name = accessibleName(page, field);
  const tag = tagOf(field);
  const type = (attributeOf(field, 'type') ?? '').toLowerCase();
  const base = { name, ...common(page, field, t) };
  const before = tag === 'select' || type === 'checkbox' || type === 'radio' ? page.fingerprint() : '';
  if (tag === 'select') return { step: { kind: 'select', title: wording.choose(name, language), ...base }, pageIndex, before };
  if (type === 'checkbox') {
    return { step: { kind: 'select', title: wording.tick(name, isChecked, language), ...base }, pageIndex, before, checked: isChecked };
  }
  if (type === 'radio') return { step: { kind: 'select', title: wording.radio(name, language), ...base }, pageIndex, before };
  const purpose = purposeOf(attributeOf(field, 'autocomplete'), type, language);
  return { step: { kind: 'input', title: wording.input(name, tag, purpose, language), ...base }, pageIndex, before };
}

const sameTarget = (a: Draft, b: Draft) => a.pageIndex === b.pageIndex && a.step.nodeId === b.step.nodeId;

/** A click into a field (or on its label) followed by typing or ticking there: the typing is the step; it takes the click's point. */
function dropClicksIntoFields(drafts: Draft[]): Draft[] {
  const kept: Draft[] = [];
  drafts.forEach((draft, i) => {
    const next = drafts[i + 1];
    const leadsToInput =
      draft.step.kind === 'click' &&
      next !== undefined &&
      next.step.kind !== 'click' &&
      next.step.kind !== 'navigate' &&
      next.pageIndex === draft.pageIndex &&
      next.step.nodeId !== undefined &&
      (draft.fieldIds ?? []).includes(next.step.nodeId);
    if (!leadsToInput) {
      kept.push(draft);
      return;
    }
    if (draft.step.box && !next.step.box) {
      next.step.box = draft.step.box;
      next.step.boxFrom = 'pointer';
    }
    // The field as it was before the click: an undo check compares from here.
    next.before = draft.before;
  });
  return kept;
}

/** Keystrokes in one field, one after another, are one step (its first moment; its last "after"). */
function mergeTyping(drafts: Draft[]): Draft[] {
  const merged: Draft[] = [];
  for (const draft of drafts) {
    const last = merged.at(-1);
    if (last && draft.step.kind === 'input' && last.step.kind === 'input' && sameTarget(last, draft)) {
      last.after = draft.after;
      continue;
    }
    merged.push(draft);
  }
  return merged;
}

/** Two actions on one element within the undo window that leave the page as it was: neither is a step. */
function dropUndone(drafts: Draft[]): Draft[] {
  const kept: Draft[] = [];
  for (const draft of drafts) {
    const last = kept.at(-1);
    if (
      last &&
      last.step.kind === draft.step.kind &&
      (draft.step.kind === 'click' || draft.step.kind === 'select') &&
      sameTarget(last, draft) &&
      draft.step.t - last.step.t <= UNDO_WINDOW_MS &&
      draft.after !== undefined &&
      last.before === draft.after
    ) {
      kept.pop();
      continue;
    }
    kept.push(draft);
  }
  return kept;
}

const sameAction = (a: Draft, b: Draft) =>
  a.step.kind === b.step.kind && sameTarget(a, b) && a.checked === b.checked && a.step.kind !== 'navigate';

/** A run of steps repeated right away (an attempt and its retry) is kept once: the last attempt, the one that worked. */
function mergeRepeats(drafts: Draft[]): Draft[] {
  const steps = [...drafts];
  let changed = true;
  while (changed) {
    changed = false;
    for (let length = 1; length <= MAX_REPEATED_RUN && !changed; length++) {
      for (let i = 0; i + 2 * length <= steps.length; i++) {
        let repeated = true;
        for (let k = 0; k < length && repeated; k++) repeated = sameAction(steps[i + k]!, steps[i + length + k]!);
        if (repeated) {
          steps.splice(i, length);
          changed = true;
          break;
        }
      }
    }
  }
  return steps;
}

const TITLE_SEPARATORS = /\s+[·|–—-]\s+|\s*[·|]\s*/;

/**
 * "Checkout · Bean & Brew" → "Checkout": the part every page title of the
 * recording shares (the site's name) is left out of "Go to …" titles, when
 * there are several titles to tell it from.
 */
function shortenPageTitles(drafts: Draft[]): void {
  const navigations = drafts.filter((d) => d.step.kind === 'navigate');
  const titles = [...new Set(navigations.map((d) => d.rawPageTitle ?? '').filter(Boolean))];
  const parts = titles.map((title) => title.split(TITLE_SEPARATORS).map((p) => p.trim()));
  const shared = titles.length > 1 ? parts[0]!.filter((part) => parts.every((p) => p.includes(part))) : [];
  for (const draft of navigations) {
    const raw = draft.rawPageTitle ?? '';
    const own = raw
      .split(TITLE_SEPARATORS)
      .map((p) => p.trim())
      .filter((p) => p && !shared.includes(p));
    const name = own.length > 0 ? own.join(' · ') : raw || lastPathSegment(draft.step.url);
    draft.step.name = name;
    draft.step.title = wording.navigate(name, draft.step.language ?? 'en');
  }
}

function lastPathSegment(url: string): string {
  try {
    const segment = new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    return decodeURIComponent(segment).replace(/\.[a-z0-9]+$/i, '');
  } catch {
    return '';
  }
}
