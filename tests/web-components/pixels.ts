/**
 * @module tests/web-components/pixels
 * How much of a replay looks like the live page: the share of pixels whose
 * colour channels all lie within a tolerance of the live screenshot's (the
 * same size; decoded by the browser). A small tolerance absorbs
 * anti-aliasing noise, never a lost border or a shifted line.
 */
import type { Page } from 'playwright-core';

/** Per channel, out of 255. */
export const PIXEL_TOLERANCE = 16;

export interface PixelMatch {
  /** Share of matching pixels, 0…1 (0 when the sizes differ). */
  ratio: number;
  differing: number;
  total: number;
  /** A PNG (data URL) of the differing pixels in red over a faded live image, for looking at a failure. */
  diffPng: string;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Compares the whole images, or only `region` of both. */
export async function matchPixels(
  page: Page,
  live: Buffer,
  replay: Buffer,
  tolerance = PIXEL_TOLERANCE,
  region?: Region,
): Promise<PixelMatch> {
  return page.evaluate(
    async ([a, b, tolerance, region]) => {
      const decode = async (data: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const { x, y, width, height } = region ?? { x: 0, y: 0, width: img.width, height: img.height };
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(x, y, width, height);
      };
      const [pa, pb] = await Promise.all([decode(a), decode(b)]);
      const total = pa.width * pa.height;
      if (pa.width !== pb.width || pa.height !== pb.height) return { ratio: 0, differing: total, total, diffPng: '' };
      const canvas = document.createElement('canvas');
      canvas.width = pa.width;
      canvas.height = pa.height;
      const ctx = canvas.getContext('2d')!;
      const out = ctx.createImageData(pa.width, pa.height);
      let differing = 0;
      for (let i = 0; i < pa.data.length; i += 4) {
        const off =
          Math.abs(pa.data[i]! - pb.data[i]!) > tolerance ||
          Math.abs(pa.data[i + 1]! - pb.data[i + 1]!) > tolerance ||
          Math.abs(pa.data[i + 2]! - pb.data[i + 2]!) > tolerance;
        if (off) differing++;
        const grey = (pa.data[i]! + pa.data[i + 1]! + pa.data[i + 2]!) / 3;
        out.data[i] = off ? 255 : 128 + grey / 2;
        out.data[i + 1] = off ? 0 : 128 + grey / 2;
        out.data[i + 2] = off ? 0 : 128 + grey / 2;
        out.data[i + 3] = 255;
      }
      ctx.putImageData(out, 0, 0);
      return { ratio: 1 - differing / total, differing, total, diffPng: canvas.toDataURL('image/png') };
    },
    [live.toString('base64'), replay.toString('base64'), tolerance, region ?? null] as const,
  );
}
