/**
 * @module server/cases/enricher-call
 * One call to a site's enricher: the URL template filled from the case's
 * metadata (each value encoded inside its segment), its headers, a timeout,
 * the site's outbound policy and redirect rule (`outbound/`), and a strict
 * reading of the answer (format in `protocol/cases.ts`). Throws on anything but a usable JSON
 * answer, so the job retries.
 */
import type { EnrichmentFields, EnrichmentLink, SessionMetadata } from '../../db/schema.ts';
import { isRedirect, outboundFetch } from '../outbound/outbound-fetch.ts';
import { OutboundRefused, type OutboundPolicy } from '../outbound/outbound-guard.ts';
import type { CaseRow, EnricherRow } from './case-dto.ts';

const PLACEHOLDER = /\{metadata\.([A-Za-z0-9_.-]{1,100})\}/g;
/** What URL parsers treat as `.` or `..` (WHATWG URL: `%2e` counts as a dot). */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
const MAX_ANSWER_BYTES = 256 * 1024;
const MAX_FIELDS = 100;
const MAX_LINKS = 50;

export class EnricherError extends Error {
  override name = 'EnricherError';
  /** A failure no retry can fix (e.g. the case lacks a metadata key the URL needs). */
  readonly permanent: boolean;
  constructor(message: string, { permanent = false } = {}) {
    super(message);
    this.permanent = permanent;
  }
}

/**
 * Fills `{metadata.key}` placeholders; a key missing or not allowed is an
 * error, never an empty segment. Each value is percent-encoded as one path
 * segment or query value (`encodeURIComponent`: `/`, `?`, `#`, `%`, `\` all
 * encoded), so a customer's metadata can never change the path. The one
 * thing encoding cannot express is a whole segment `.` or `..`: URL parsers
 * (fetch's included) resolve it, and `%2E%2E` alike, so such a value is
 * refused rather than sent.
 */
export function fillUrlTemplate(template: string, metadata: SessionMetadata, allowedKeys: string[]): string {
  const url = template.replace(PLACEHOLDER, (_, key: string) => {
    if (!allowedKeys.includes(key))
      throw new EnricherError(`metadata key ${key} is not in the enricher's metadataKeys`, { permanent: true });
    const value = metadata[key];
    if (value === undefined || value === null) throw new EnricherError(`the case has no metadata.${key}`, { permanent: true });
    return encodeURIComponent(String(value));
  });
  if (!/^https?:\/\//i.test(url)) throw new EnricherError('the URL is not http(s)', { permanent: true });
  const path = url.replace(/^https?:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0]!;
  if (path.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
    throw new EnricherError('the filled URL has a "." or ".." path segment (from the case\'s metadata): refused', { permanent: true });
  }
  return url;
}

export async function callEnricher(
  enricher: EnricherRow,
  caseRow: CaseRow,
  policy: OutboundPolicy,
): Promise<{ fields: EnrichmentFields; links: EnrichmentLink[] }> {
  const url = fillUrlTemplate(enricher.urlTemplate, caseRow.metadata, enricher.metadataKeys);
  const headers = new Headers(enricher.headers);
  headers.set('accept', 'application/json');
  let body: string | undefined;
  if (enricher.method === 'POST') {
    headers.set('content-type', 'application/json');
    const metadata = Object.fromEntries(enricher.metadataKeys.filter((k) => k in caseRow.metadata).map((k) => [k, caseRow.metadata[k]]));
    body = JSON.stringify({ caseId: caseRow.id, topic: caseRow.topic, language: caseRow.language, metadata });
  }
  let res: Response;
  try {
    res = await outboundFetch(
      url,
      { method: enricher.method, headers, body, signal: AbortSignal.timeout(enricher.timeoutMs) },
      { ...policy, followRedirects: enricher.followRedirects },
    );
  } catch (err) {
    const e = err as Error;
    if (e instanceof OutboundRefused) throw new EnricherError(`refused: ${e.message}`, { permanent: true });
    throw new EnricherError(e.name === 'TimeoutError' ? `timed out after ${enricher.timeoutMs} ms` : `request failed: ${e.message}`);
  }
  if (isRedirect(res)) {
    await res.body?.cancel().catch(() => {});
    throw new EnricherError(
      `answered HTTP ${res.status} (a redirect; ${enricher.followRedirects ? 'without Location' : 'not followed: followRedirects is off'})`,
      { permanent: true },
    );
  }
  const text = await readCapped(res);
  if (!res.ok) throw new EnricherError(`answered HTTP ${res.status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EnricherError('the answer is not valid JSON');
  }
  return parseAnswer(json);
}

async function readCapped(res: Response): Promise<string> {
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw new EnricherError(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  }
  const text = await res.text();
  if (text.length > MAX_ANSWER_BYTES) throw new EnricherError(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  return text;
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

export function parseAnswer(json: unknown): { fields: EnrichmentFields; links: EnrichmentLink[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new EnricherError('the answer is not a JSON object');
  const obj = json as Record<string, unknown>;
  const source =
    typeof obj.fields === 'object' && obj.fields !== null && !Array.isArray(obj.fields) ? (obj.fields as Record<string, unknown>) : obj;
  const fields: EnrichmentFields = {};
  for (const [k, v] of Object.entries(source)) {
    if (k === 'links' || !isScalar(v) || Object.keys(fields).length >= MAX_FIELDS) continue;
    fields[k.slice(0, 200)] = typeof v === 'string' ? v.slice(0, 2000) : v;
  }
  const links: EnrichmentLink[] = [];
  if (Array.isArray(obj.links)) {
    for (const l of obj.links.slice(0, MAX_LINKS)) {
      const { label, url } = (l ?? {}) as { label?: unknown; url?: unknown };
      if (typeof url === 'string' && /^https?:\/\//i.test(url) && url.length <= 2048) {
        links.push({ label: typeof label === 'string' ? label.slice(0, 200) : url, url });
      }
    }
  }
  return { fields, links };
}
