/**
 * @module client/player/media-timeline
 * Places recorded video tracks on the session timeline: which track of a
 * kind covers a moment (wall-clock epoch ms, as rrweb stamps events), and
 * where inside it. Tracks follow each other (a reload or a segment restart
 * starts a new one); between them no track covers the moment.
 */
import type { MediaTrackInfo, RecordedTrackKind } from '../../protocol/media.ts';

/** The track of `kind` playing at epoch ms `at`, if any (the latest started wins an overlap). */
export function trackAt(tracks: readonly MediaTrackInfo[], kind: RecordedTrackKind, at: number): MediaTrackInfo | undefined {
  let found: MediaTrackInfo | undefined;
  for (const t of tracks) {
    if (t.kind !== kind || t.byteSize === 0) continue;
    if (at >= t.startedAt && at < t.startedAt + t.durationMs && (!found || t.startedAt > found.startedAt)) found = t;
  }
  return found;
}

/** Seconds into the track's WebM at epoch ms `at` (its first frame is at 0). */
export function videoTimeOf(track: MediaTrackInfo, at: number): number {
  return Math.max(0, (at - track.startedAt) / 1000);
}

/** The recorded kinds present, camera first. */
export function kindsOf(tracks: readonly MediaTrackInfo[]): RecordedTrackKind[] {
  return (['camera', 'screen'] as const).filter((k) => tracks.some((t) => t.kind === k));
}
