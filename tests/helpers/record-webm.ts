/**
 * Real MediaRecorder WebM from headless Chromium, for tests of what the
 * server does with recorded media: a canvas filled with one colour whose hue
 * follows the recording's clock ({@link hueAt}), so a test can tell from a
 * decoded frame ({@link frameHue}) where a `<video>` really is. Chunks carry
 * the timing the product's recorders send (`startMs` = end of the previous
 * chunk, `durationMs` up to the `dataavailable`).
 */
import type { ElementHandle, Page } from 'playwright-core';

/** Hue degrees per second of recording: 9 s before the colours repeat. */
export const HUE_PER_SECOND = 40;
export const hueAt = (seconds: number) => (seconds * HUE_PER_SECOND) % 360;

export interface RecordedChunk {
  bytes: Uint8Array<ArrayBuffer>;
  startMs: number;
  durationMs: number;
}

export interface RecordedWebm {
  mimeType: string;
  chunks: RecordedChunk[];
  /** The chunks joined: the file MediaRecorder wrote. */
  whole: Uint8Array<ArrayBuffer>;
  /** End of the last chunk, ms. */
  durationMs: number;
}

/** Records `ms` of the hue canvas on `page` (any page of a secure origin) in `timesliceMs` chunks. */
export async function recordWebm(page: Page, o: { ms: number; timesliceMs: number; mimeType?: string }): Promise<RecordedWebm> {
  const recorded = await page.evaluate(
    async ({ ms, timesliceMs, mimeType, huePerSecond }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const g = canvas.getContext('2d')!;
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType });
      const chunks: { bytes: number[]; startMs: number; durationMs: number }[] = [];
      const pending: Promise<void>[] = [];
      let startedAt = 0;
      let lastEnd = 0;
      const paint = () => {
        const seconds = startedAt ? (performance.now() - startedAt) / 1000 : 0;
        g.fillStyle = `hsl(${(seconds * huePerSecond) % 360} 100% 50%)`;
        g.fillRect(0, 0, canvas.width, canvas.height);
      };
      paint();
      const timer = setInterval(paint, 20);
      recorder.ondataavailable = (e) => {
        const end = Math.max(lastEnd, Math.round(performance.now() - startedAt));
        const chunk = { bytes: [] as number[], startMs: lastEnd, durationMs: end - lastEnd };
        lastEnd = end;
        chunks.push(chunk);
        pending.push(e.data.arrayBuffer().then((b) => void (chunk.bytes = [...new Uint8Array(b)])));
      };
      startedAt = performance.now();
      recorder.start(timesliceMs);
      await new Promise((r) => setTimeout(r, ms));
      await new Promise((r) => {
        recorder.onstop = r;
        recorder.stop();
      });
      clearInterval(timer);
      await Promise.all(pending);
      return chunks.filter((c) => c.bytes.length > 0);
    },
    { ms: o.ms, timesliceMs: o.timesliceMs, mimeType: o.mimeType ?? 'video/webm;codecs=vp8', huePerSecond: HUE_PER_SECOND },
  );
  const chunks = recorded.map((c) => ({ bytes: Uint8Array.from(c.bytes), startMs: c.startMs, durationMs: c.durationMs }));
  const whole = new Uint8Array(chunks.reduce((n, c) => n + c.bytes.length, 0));
  let at = 0;
  for (const c of chunks) {
    whole.set(c.bytes, at);
    at += c.bytes.length;
  }
  const last = chunks.at(-1)!;
  return { mimeType: o.mimeType ?? 'video/webm;codecs=vp8', chunks, whole, durationMs: last.startMs + last.durationMs };
}

/** The hue (degrees) of the frame `video` shows now, from its centre pixel. */
export function frameHue(video: ElementHandle<HTMLVideoElement>): Promise<number> {
  return video.evaluate((v) => {
    const canvas = document.createElement('canvas');
    canvas.width = 16;
    canvas.height = 16;
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(v, 0, 0, 16, 16);
    const [r, gr, b] = [...g.getImageData(8, 8, 1, 1).data].map((x) => x / 255) as [number, number, number];
    const max = Math.max(r, gr, b);
    const d = max - Math.min(r, gr, b);
    if (d === 0) return 0;
    const h = max === r ? ((gr - b) / d) % 6 : max === gr ? (b - r) / d + 2 : (r - gr) / d + 4;
    return (h * 60 + 360) % 360;
  });
}

/** Distance of two hues on the colour wheel, degrees. */
export const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
