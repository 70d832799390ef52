/**
 * @module recorder/context/redact
 * The rules that keep secrets out of the context the recorder captures
 * (console messages and requests): redacted query values, allow-listed
 * headers minus credentials, redacted JSON fields, bounded lengths, and the
 * values of masked inputs scrubbed from every captured string.
 */

export const REDACTED = '[redacted]';

/** Parameter and field names redacted whatever the site configures (matched case-insensitively, exactly). */
export const DEFAULT_SENSITIVE_NAMES = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'passwd',
  'pwd',
  'key',
  'apikey',
  'api_key',
  'secret',
  'client_secret',
  'auth',
  'authorization',
  'session',
  'sessionid',
  'session_id',
  'code',
  'otp',
  'pin',
  'sig',
  'signature',
  'jwt',
  'card',
  'cvc',
  'cvv',
  'ssn',
];
/** A name containing one of these is sensitive too (`X-Session-Token`, `userPassword`, `stripe_secret_key`). */
const SENSITIVE_FRAGMENTS = [
  'token',
  'passw',
  'secret',
  'auth',
  'session',
  'apikey',
  'api_key',
  'api-key',
  'cookie',
  'credential',
  'signature',
];

/** Headers never recorded, even when a site allow-lists them. */
export const FORBIDDEN_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'cookie2',
  'set-cookie',
  'set-cookie2',
  'www-authenticate',
  'proxy-authenticate',
  'x-api-key',
  'x-csrf-token',
  'x-xsrf-token',
]);

/** Tells whether a parameter, field or header name is sensitive. */
export function sensitiveNameMatcher(extra: readonly string[] = []): (name: string) => boolean {
  const exact = new Set([...DEFAULT_SENSITIVE_NAMES, ...extra].map((n) => n.toLowerCase()));
  return (name) => {
    const n = name.toLowerCase();
    if (exact.has(n)) return true;
    return SENSITIVE_FRAGMENTS.some((f) => n.includes(f));
  };
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…[${text.length - max} more]` : text;
}

/**
 * The URL as it may be recorded: absolute, without user:password and
 * fragment (OAuth puts tokens there), sensitive query values redacted.
 */
export function redactUrl(raw: string, isSensitive: (name: string) => boolean, base = location.href): string {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return REDACTED;
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.search) {
    const parts = url.search
      .slice(1)
      .split('&')
      .map((part) => {
        const eq = part.indexOf('=');
        const name = eq < 0 ? part : part.slice(0, eq);
        let decoded = name;
        try {
          decoded = decodeURIComponent(name.replace(/\+/g, ' '));
        } catch {
          /* keep it encoded */
        }
        return eq >= 0 && isSensitive(decoded) ? `${name}=${encodeURIComponent(REDACTED)}` : part;
      });
    url.search = parts.join('&');
  }
  return url.href;
}

/** Only allow-listed, never forbidden or sensitive-looking, headers; values bounded. */
export function pickHeaders(
  headers: Iterable<[string, string]>,
  allow: ReadonlySet<string>,
  isSensitive: (name: string) => boolean,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (!allow.has(name) || FORBIDDEN_HEADERS.has(name) || isSensitive(name)) continue;
    out[name] = truncate(value, 256);
    any = true;
  }
  return any ? out : undefined;
}

function redactJsonValue(value: unknown, isSensitive: (name: string) => boolean, depth: number): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactJsonValue(v, isSensitive, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSensitive(k) ? REDACTED : redactJsonValue(v, isSensitive, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A body as it may be recorded: JSON with sensitive fields redacted, form
 * data like a query string, other text as it is; truncated. Non-text bodies
 * are only described.
 */
export function redactBody(body: unknown, isSensitive: (name: string) => boolean, max: number): string | undefined {
  if (body === undefined || body === null) return undefined;
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof URLSearchParams) text = body.toString();
  else if (typeof FormData !== 'undefined' && body instanceof FormData) return '[form data]';
  else if (typeof Blob !== 'undefined' && body instanceof Blob) return `[binary ${body.size} bytes]`;
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return `[binary ${body.byteLength} bytes]`;
  else return '[body]';
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return truncate(JSON.stringify(redactJsonValue(JSON.parse(trimmed), isSensitive, 0)), max);
    } catch {
      /* not JSON after all: below */
    }
  }
  if (/^[^\s=&]+=[^\s&]*(&[^\s=&]+=[^\s&]*)*$/.test(trimmed)) {
    return truncate(redactUrl(`http://x/?${trimmed}`, isSensitive, 'http://x/').replace(/^http:\/\/x\/\?/, ''), max);
  }
  return truncate(text, max);
}

/** Values shorter than this are not searched for (a one-letter value would star out every log). */
export const MIN_SCRUBBED_VALUE_LENGTH = 3;

/**
 * Replaces, in `text`, every current value of a masked field of the page
 * with stars, so a page logging `input.value` (or sending it in a URL)
 * cannot leak what the recording masks.
 */
export function scrubValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) {
    if (value.length < MIN_SCRUBBED_VALUE_LENGTH) continue;
    const stars = '*'.repeat(value.length);
    // As typed, JSON-escaped (a stringified log argument) and URL-encoded.
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])) {
      if (out.includes(form)) out = out.split(form).join(stars);
    }
  }
  return out;
}
