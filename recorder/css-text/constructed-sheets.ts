/**
 * @module recorder/css-text/constructed-sheets
 * Makes a change to a constructed stylesheet after it was adopted replay in
 * stock rrweb too.
 *
 * rrweb records `replaceSync`/`replace`/`insertRule`/`deleteRule` (and
 * `style.setProperty` on its rules) on an adopted sheet as a `StyleSheetRule`
 * (`StyleDeclaration`) event naming the sheet by `styleId`. rrweb 2.2.2's
 * Replayer, with its virtual DOM (the default), applies these when a seek
 * catches up *before* it creates the adopted sheets of the same stretch, so
 * the change finds no sheet and is lost: the replay shows the sheet as it
 * was first adopted (our player runs without the virtual DOM and is not
 * affected). So after each such event the recorder adds, for every shadow
 * root or document that adopts the changed sheet, an `AdoptedStyleSheet`
 * event carrying the sheet's whole current rules under its `styleId`: any
 * Replayer then rebuilds the sheet as it is now, whatever order it applies
 * them in. rrweb emits its event before the change is made, so the sheet is
 * read a microtask later.
 */
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { currentRules } from './repair-styles.ts';
import { asElement } from './sheet-sources.ts';

interface NodeMirror {
  getNode(id: number): Node | null;
}

export class ConstructedSheets {
  /** styleId → sheet, and host (or document) id → its adopted style ids, since the last full snapshot. */
  #sheets = new Map<number, CSSStyleSheet>();
  #ids = new Map<CSSStyleSheet, number>();
  #adopters = new Map<number, number[]>();
  /** Sheets changed in this task, sent again once a microtask later (several changes in a row: once). */
  #changed = new Set<number>();
  readonly #mirror: NodeMirror;

  constructor(mirror: NodeMirror) {
    this.#mirror = mirror;
  }

  /** Follows `event`; `later` gets the events to record after it (for a changed sheet, a microtask later). */
  follow(event: eventWithTime, later: (events: eventWithTime[]) => void): void {
    if (event.type === EventType.FullSnapshot) {
      // rrweb numbers styles afresh with every full snapshot.
      this.#sheets.clear();
      this.#ids.clear();
      this.#adopters.clear();
      return;
    }
    if (event.type !== EventType.IncrementalSnapshot) return;
    const data = event.data;
    if (data.source === IncrementalSource.AdoptedStyleSheet) {
      const sheets = this.#adopted(data.id);
      if (sheets?.length === data.styleIds.length) {
        data.styleIds.forEach((styleId, i) => {
          this.#sheets.set(styleId, sheets[i]!);
          this.#ids.set(sheets[i]!, styleId);
        });
        this.#adopters.set(data.id, [...data.styleIds]);
      }
    } else if ((data.source === IncrementalSource.StyleSheetRule || data.source === IncrementalSource.StyleDeclaration) && data.styleId) {
      if (this.#changed.size === 0)
        queueMicrotask(() => {
          const events = [...this.#changed].flatMap((styleId) => this.#readopt(styleId, event.timestamp));
          this.#changed.clear();
          if (events.length) later(events);
        });
      this.#changed.add(data.styleId);
    }
  }

  #adopted(id: number): readonly CSSStyleSheet[] | undefined {
    const target = this.#mirror.getNode(id);
    const host = asElement(target);
    return host ? host.shadowRoot?.adoptedStyleSheets : (target as Document | null)?.adoptedStyleSheets;
  }

  #readopt(styleId: number, timestamp: number): eventWithTime[] {
    const sheet = this.#sheets.get(styleId);
    if (!sheet) return [];
    const events: eventWithTime[] = [];
    for (const [id, styleIds] of this.#adopters) {
      if (!styleIds.includes(styleId)) continue;
      const target = this.#mirror.getNode(id);
      const now = this.#adopted(id)?.map((s) => this.#ids.get(s));
      if (!now || now.some((s) => s === undefined) || !now.includes(styleId)) continue;
      events.push({
        type: EventType.IncrementalSnapshot,
        timestamp,
        data: {
          source: IncrementalSource.AdoptedStyleSheet,
          id,
          styleIds: now as number[],
          // The rules once; the other adopters share the rebuilt sheet by its id.
          ...(events.length === 0 ? { styles: [{ styleId, rules: currentRules(sheet, asElement(target)) }] } : {}),
        },
      });
    }
    return events;
  }
}
