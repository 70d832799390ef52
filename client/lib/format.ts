/**
 * @module client/lib/format
 * Display helpers: durations, dates, a browser/device summary.
 */

/** 75_000 → "1:15", 3_725_000 → "1:02:05". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDateTime(value: string | number | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? '—' : dateTime.format(d);
}

export interface AgentSummary {
  browser: string;
  os: string;
  device: 'desktop' | 'tablet' | 'mobile';
}

/** A rough, dependency-free reading of a userAgent string. */
export function parseUserAgent(ua: string, viewport?: { width: number; height: number } | null): AgentSummary {
  const version = (re: RegExp) => ua.match(re)?.[1]?.split('.')[0];
  let browser = 'Unknown browser';
  let v: string | undefined;
  if ((v = version(/Edg(?:e|A|iOS)?\/([\d.]+)/))) browser = `Edge ${v}`;
  else if ((v = version(/OPR\/([\d.]+)/))) browser = `Opera ${v}`;
  else if ((v = version(/SamsungBrowser\/([\d.]+)/))) browser = `Samsung Internet ${v}`;
  else if ((v = version(/Firefox\/([\d.]+)/) ?? version(/FxiOS\/([\d.]+)/))) browser = `Firefox ${v}`;
  else if ((v = version(/HeadlessChrome\/([\d.]+)/))) browser = `Headless Chrome ${v}`;
  else if ((v = version(/Chrome\/([\d.]+)/) ?? version(/CriOS\/([\d.]+)/))) browser = `Chrome ${v}`;
  else if (/Safari\//.test(ua) && (v = version(/Version\/([\d.]+)/))) browser = `Safari ${v}`;

  let os = 'Unknown OS';
  if (/Windows NT/.test(ua)) os = 'Windows';
  else if (/iPhone|iPad|iPod/.test(ua)) os = 'iOS';
  else if (/Mac OS X|Macintosh/.test(ua)) os = 'macOS';
  else if (/Android/.test(ua)) os = 'Android';
  else if (/CrOS/.test(ua)) os = 'ChromeOS';
  else if (/Linux/.test(ua)) os = 'Linux';

  let device: AgentSummary['device'] = 'desktop';
  if (/iPad|Tablet/.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua))) device = 'tablet';
  else if (/Mobi|iPhone|Android/.test(ua)) device = 'mobile';
  else if (viewport && viewport.width > 0 && viewport.width < 600) device = 'mobile';
  return { browser, os, device };
}

/** "Chrome 120 · macOS · 1280×800" */
export function summarizeAgent(ua: string, viewport?: { width: number; height: number } | null): string {
  const { browser, os } = parseUserAgent(ua, viewport);
  const parts = [browser, os];
  if (viewport) parts.push(`${viewport.width}×${viewport.height}`);
  return parts.join(' · ');
}

/** "https://shop.example/cart?x=1" → "shop.example/cart?x=1" */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
