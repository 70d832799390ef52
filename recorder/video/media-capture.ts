/**
 * @module recorder/video/media-capture
 * Asks the browser for one video source as a MediaStream. The browser shows
 * its usual prompt; a refusal or a missing device comes back as a
 * {@link CaptureFailure} instead of an exception.
 *
 * NOTE: `getDisplayMedia` needs a user gesture in most browsers and asks on
 * every page (a screen capture cannot outlive a page); `getUserMedia`
 * remembers the customer's answer per origin.
 */
import type { VideoSource } from './video-options.ts';

export type CaptureResult = { ok: true; stream: MediaStream } | CaptureFailure;

export interface CaptureFailure {
  ok: false;
  /** `refused`: the customer (or a policy) said no; `unavailable`: no device, no API, or not a secure context. */
  reason: 'refused' | 'unavailable';
  message: string;
}

const CAMERA: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 30 } };
const SCREEN: MediaTrackConstraints = { frameRate: { ideal: 10, max: 15 } };

function failure(error: unknown): CaptureFailure {
  const name = error instanceof DOMException ? error.name : '';
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const refused = name === 'NotAllowedError' || name === 'SecurityError' || name === 'AbortError';
  return { ok: false, reason: refused ? 'refused' : 'unavailable', message };
}

export async function capture(source: VideoSource, audio: boolean): Promise<CaptureResult> {
  const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!devices) return { ok: false, reason: 'unavailable', message: 'no mediaDevices (not a secure context?)' };
  try {
    if (source === 'camera') return { ok: true, stream: await devices.getUserMedia({ video: CAMERA, audio }) };
    if (typeof devices.getDisplayMedia !== 'function') return { ok: false, reason: 'unavailable', message: 'no getDisplayMedia' };
    const stream = await devices.getDisplayMedia({ video: SCREEN, audio: false });
    if (audio) {
      // The microphone beside the screen; the screen alone when the microphone is refused.
      try {
        const mic = await devices.getUserMedia({ audio: true });
        for (const t of mic.getAudioTracks()) stream.addTrack(t);
      } catch {
        // keep the screen without sound
      }
    }
    return { ok: true, stream };
  } catch (error) {
    return failure(error);
  }
}

export function stopStream(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}
