/**
 * @module recorder/fonts/added-fonts
 * Keeps a font a script added (`new FontFace` + `document.fonts.add`) in the
 * recording past later full snapshots.
 *
 * rrweb (`collectFonts`) emits a face's Font event once, when the page adds
 * it. A replay rebuilding the page from a later full snapshot (a checkout;
 * a player seeking past one starts there) has a fresh document without the
 * face, and its glyphs fall back. So after each full snapshot the Font
 * events of the faces still in `document.fonts` are emitted again, same
 * data, stamped just after the snapshot: ordinary Font events in the
 * snapshot's chunk, which the server treats as any other (its copies of
 * URL fonts, the export's bytes).
 *
 * rrweb's event does not say which face it is for. It is emitted in a task
 * right after the page's `add`, and a set keeps insertion order, so the face
 * is the last of `document.fonts` with the event's family, as rrweb's
 * Replayer finds its own (client/player/font-replay-plugin.ts).
 */
import { EventType, IncrementalSource, type eventWithTime, type fontParam } from '@rrweb/types';

/** `FontFace.family` may come back quoted (`"My Font"`); rrweb records it as given. */
const unquoted = (family: string) => family.replace(/^(['"])(.*)\1$/, '$2');

/** What most events get back: nothing, without a new array per event on the emit path. */
const NONE: readonly eventWithTime[] = Object.freeze([]);

export class AddedFonts {
  /** The Font event data of each face seen added, by face (a face re-added keeps its latest). */
  readonly #faces = new Map<FontFace, fontParam>();
  readonly #fonts: FontFaceSet;

  constructor(fonts: FontFaceSet = document.fonts) {
    this.#fonts = fonts;
  }

  /** Notes a Font event's face; after a full snapshot, the Font events to emit again (else none). */
  after(event: eventWithTime): readonly eventWithTime[] {
    if (event.type === EventType.IncrementalSnapshot && event.data.source === IncrementalSource.Font) {
      const { source: _source, ...font } = event.data;
      let face: FontFace | undefined;
      for (const candidate of this.#fonts) if (unquoted(candidate.family) === font.family) face = candidate;
      if (face) this.#faces.set(face, font);
      return NONE;
    }
    if (event.type !== EventType.FullSnapshot) return NONE;
    const again: eventWithTime[] = [];
    for (const [face, font] of this.#faces) {
      // A face the page took out is forgotten: the replay must not draw it either.
      if (!this.#fonts.has(face)) this.#faces.delete(face);
      else
        again.push({
          type: EventType.IncrementalSnapshot,
          timestamp: event.timestamp + 1,
          data: { source: IncrementalSource.Font, ...font },
        });
    }
    return again;
  }
}
