/**
 * @module client/player/font-replay-plugin
 * Makes a font the recorded page's script added by URL (`new FontFace(name,
 * 'url(…)')` + `document.fonts.add`, rrweb's Font event) show in the replay.
 *
 * rrweb's Replayer builds that FontFace with the player's own `FontFace`
 * (this window's realm) and adds it to the replay document's `fonts`.
 * Chromium then loads it (`status` says `loaded`) but never draws the
 * replay's text with it: a face whose source is a URL belongs to the
 * document whose realm made it, and the glyphs fall back. A face made from
 * bytes carries its data and is drawn anywhere, so only URL sources need
 * this. The plugin runs after rrweb applied the event: it takes rrweb's
 * face out of the replay's set and adds the same face made by the replay
 * document's own `FontFace` (the replay iframe is same-origin, so its
 * constructor is reachable even though the replay runs no scripts). It
 * loads under the replay document's CSP (the app's, `font-src 'self'
 * data:`), from the server's copy the event points at (docs/replay.md).
 */
import type { ReplayPlugin } from 'rrweb';
import { EventType, IncrementalSource, type eventWithTime, type fontParam } from '@rrweb/types';

type ReplayWindow = Window & typeof globalThis;

/** rrweb's face for the event just applied: the set's last one (`add` appends), if made in this (the player's) realm with `family`. */
function rrwebFace(doc: Document, win: ReplayWindow, family: string): FontFace | undefined {
  let last: FontFace | undefined;
  for (const face of doc.fonts) last = face;
  return last && Object.getPrototypeOf(last) !== win.FontFace.prototype && last.family === family ? last : undefined;
}

export function fontReplayPlugin(): ReplayPlugin {
  /**
   * The faces made per replay realm (its `FontFace`) and font, so a seek that
   * re-applies the event adds none twice; a face is only ever reused in the
   * realm that made it.
   */
  const made = new WeakMap<typeof FontFace, Map<string, FontFace>>();

  return {
    handler(event: eventWithTime, _isSync, { replayer }) {
      if (event.type !== EventType.IncrementalSnapshot || event.data.source !== IncrementalSource.Font) return;
      const { family, fontSource, buffer, descriptors }: fontParam = event.data;
      const doc = replayer.iframe.contentDocument;
      const win = replayer.iframe.contentWindow as ReplayWindow | null;
      if (buffer || !doc || !win) return;
      const faces = made.get(win.FontFace) ?? new Map<string, FontFace>();
      made.set(win.FontFace, faces);
      const key = JSON.stringify([family, fontSource, descriptors ?? null]);
      try {
        const face = faces.get(key) ?? new win.FontFace(family, fontSource, descriptors);
        faces.set(key, face);
        const dud = rrwebFace(doc, win, face.family);
        if (dud) doc.fonts.delete(dud);
        if (!doc.fonts.has(face)) doc.fonts.add(face);
      } catch {
        // A source or descriptor the browser refuses: rrweb's own attempt failed the same way.
      }
    },
  };
}
