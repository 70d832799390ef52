/**
 * @module recorder/css-text/style-mender
 * The one step `recording.ts` runs on every rrweb event before it is batched:
 * declarations rrweb's stylesheet texts lost are put back
 * (`repair-styles.ts`), and a constructed sheet changed after it was adopted
 * is sent again whole (`constructed-sheets.ts`). A failure here never stops
 * the recording: the event goes on as rrweb made it.
 */
import type { eventWithTime } from '@rrweb/types';
import { log } from '../logger.ts';
import { ConstructedSheets } from './constructed-sheets.ts';
import { repairStyles } from './repair-styles.ts';
import { watchSheetSources } from './sheet-sources.ts';

interface NodeMirror {
  getNode(id: number): Node | null;
}

export class StyleMender {
  readonly #mirror: NodeMirror;
  readonly #sheets: ConstructedSheets;
  readonly #emit: (event: eventWithTime) => void;

  /**
   * Call before rrweb starts: constructed sheets' texts are remembered from
   * then on. `emit` records an event (mended ones, and the ones added later).
   */
  constructor(mirror: NodeMirror, emit: (event: eventWithTime) => void) {
    watchSheetSources();
    this.#mirror = mirror;
    this.#emit = emit;
    this.#sheets = new ConstructedSheets(mirror);
  }

  /** Mends `event` in place and records it. */
  mend(event: eventWithTime): void {
    try {
      repairStyles(event, this.#mirror);
      this.#sheets.follow(event, (events) => events.forEach(this.#emit));
    } catch (error) {
      log.warn('could not mend a stylesheet', error);
    }
    this.#emit(event);
  }
}
