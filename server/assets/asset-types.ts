/**
 * @module server/assets/asset-types
 * Which files asset capture keeps, by content type: stylesheets, images and
 * fonts — what a replay draws with. Anything else (HTML, scripts, JSON,
 * video) is refused, so a capture can never turn the server into a mirror of
 * a site's pages or data. Fonts served as `application/octet-stream` (common)
 * are recognised by their first bytes.
 */

const IMAGE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/svg+xml',
  'image/x-icon',
  'image/vnd.microsoft.icon',
  'image/bmp',
]);

const FONT_TYPES: Record<string, string> = {
  'font/woff': 'font/woff',
  'font/woff2': 'font/woff2',
  'font/ttf': 'font/ttf',
  'font/otf': 'font/otf',
  'font/sfnt': 'font/sfnt',
  'font/collection': 'font/collection',
  'application/font-woff': 'font/woff',
  'application/x-font-woff': 'font/woff',
  'application/font-woff2': 'font/woff2',
  'application/x-font-ttf': 'font/ttf',
  'application/x-font-truetype': 'font/ttf',
  'application/x-font-opentype': 'font/otf',
  'application/font-sfnt': 'font/sfnt',
  'application/vnd.ms-fontobject': 'application/vnd.ms-fontobject',
};

export const CSS_TYPE = 'text/css; charset=utf-8';

/** A font by its signature: WOFF, WOFF2, TrueType, OpenType (CFF). */
function sniffFont(bytes: Uint8Array): string | undefined {
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  if (tag === 'wOFF') return 'font/woff';
  if (tag === 'wOF2') return 'font/woff2';
  if (tag === 'OTTO') return 'font/otf';
  if (tag === 'true' || (bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0)) return 'font/ttf';
  return undefined;
}

/** The content type a captured file is stored and served with, or undefined when it is not kept. */
export function assetContentType(header: string | undefined, bytes: Uint8Array): string | undefined {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/css') return CSS_TYPE;
  if (IMAGE_TYPES.has(type)) return type;
  if (type in FONT_TYPES) return FONT_TYPES[type];
  if (type === 'application/octet-stream' || type === '') return sniffFont(bytes);
  return undefined;
}

/** Whether a stored type is drawn by a page as it is (image, font, stylesheet), not opened as a document. */
export const isPassiveType = (contentType: string) =>
  contentType === CSS_TYPE ||
  contentType.startsWith('font/') ||
  contentType === 'application/vnd.ms-fontobject' ||
  (IMAGE_TYPES.has(contentType) && contentType !== 'image/svg+xml');
