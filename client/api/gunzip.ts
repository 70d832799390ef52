/**
 * @module client/api/gunzip
 * Decompresses a gzip body with the platform's DecompressionStream (browsers
 * and Node alike) and parses the JSON inside.
 */

/**
 * Decompresses gzip bytes and parses them as JSON.
 *
 * NOTE: bytes that do not start with the gzip magic number are parsed as they
 * are: a proxy that adds `Content-Encoding: gzip` gets them inflated by fetch
 * already.
 */
export async function gunzipJson<T>(source: Response | Blob | Uint8Array | ArrayBuffer): Promise<T> {
  return JSON.parse(await gunzipText(source)) as T;
}

export async function gunzipText(source: Response | Blob | Uint8Array | ArrayBuffer): Promise<string> {
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source instanceof ArrayBuffer ? source : await source.arrayBuffer());
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
