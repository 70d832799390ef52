/**
 * @module recorder/video/video-options
 * Recorded video's settings: which sources (`video="camera" | "screen" |
 * "camera+screen"`), the microphone, and the MediaRecorder parameters, with
 * the defaults in one place.
 *
 * NOTE on the defaults:
 * - `timesliceMs` 3 s: a chunk is what a reload or a crash can lose at most
 *   (the running timeslice never reaches `dataavailable`), and each chunk is
 *   one upload, so shorter means more requests (see bench/video.ts).
 * - `segmentMs` 2 min: MediaRecorder's WebM has no cues (seek index) and no
 *   duration, so a `<video>` seeking inside it may read the stream up to the
 *   target. Restarting MediaRecorder every 2 minutes makes every segment a
 *   small self-contained WebM (its own track on the server): seeking to
 *   minute 50 loads that segment only, at most ~2 minutes of bytes. The price
 *   is a new keyframe and a gap of a few ms per restart.
 * - `videoBitsPerSecond` 600 kbit/s: a 640×480 camera or a mostly still
 *   screen at 15 fps stays readable; about 4.5 MB per minute.
 */
import type { RecordedTrackKind } from '../../protocol/media-constants.ts';

export type VideoSource = RecordedTrackKind;
export type VideoMode = 'camera' | 'screen' | 'camera+screen';

export interface VideoOptions {
  /** What to record beside the DOM; nothing when absent. */
  video?: VideoMode;
  /** Record the microphone too (with the camera, or with the screen when there is no camera). Default false. */
  videoAudio?: boolean;
  /** MediaRecorder timeslice: one uploaded chunk per so many ms. Default 3000. */
  videoTimesliceMs?: number;
  /** Start a new track (a self-contained WebM) every so many ms. Default 120000. */
  videoSegmentMs?: number;
  /** Target video bitrate. Default 600000. */
  videoBitsPerSecond?: number;
}

export interface VideoSettings {
  sources: VideoSource[];
  audio: boolean;
  timesliceMs: number;
  segmentMs: number;
  videoBitsPerSecond: number;
  audioBitsPerSecond: number;
}

export const VIDEO_DEFAULTS = {
  timesliceMs: 3000,
  segmentMs: 2 * 60 * 1000,
  videoBitsPerSecond: 600_000,
  audioBitsPerSecond: 48_000,
} as const;

/** `camera`, `screen`, `camera+screen` (also `screen+camera`, spaces or commas); anything else: none. */
export function parseVideoMode(value: string | undefined | null): VideoSource[] {
  if (!value) return [];
  const parts = value
    .toLowerCase()
    .split(/[+,\s]+/)
    .filter(Boolean);
  const sources: VideoSource[] = [];
  for (const p of parts) if ((p === 'camera' || p === 'screen') && !sources.includes(p)) sources.push(p);
  return sources;
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The settings, or null when no video is asked for. */
export function resolveVideo(options: VideoOptions): VideoSettings | null {
  const sources = parseVideoMode(options.video);
  if (sources.length === 0) return null;
  return {
    sources,
    audio: options.videoAudio ?? false,
    timesliceMs: Math.max(250, positive(options.videoTimesliceMs, VIDEO_DEFAULTS.timesliceMs)),
    segmentMs: Math.max(5000, positive(options.videoSegmentMs, VIDEO_DEFAULTS.segmentMs)),
    videoBitsPerSecond: positive(options.videoBitsPerSecond, VIDEO_DEFAULTS.videoBitsPerSecond),
    audioBitsPerSecond: VIDEO_DEFAULTS.audioBitsPerSecond,
  };
}

/** The first WebM type this browser records (VP9, then VP8; Opus when there is sound). */
export function pickMimeType(audio: boolean): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  const candidates = audio
    ? ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm']
    : ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
  return candidates.find((t) => MediaRecorder.isTypeSupported(t));
}
