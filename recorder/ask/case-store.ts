/**
 * @module recorder/ask/case-store
 * The customer's open cases on this site, in `localStorage` (per site key),
 * so a later visit can offer "Add this recording" and "Continue live" on a
 * question asked before. Holds what the customer was given anyway (the
 * private link) plus a short excerpt of the question to recognise it; links
 * past their expiry are dropped on read, and a link the server refuses is
 * forgotten. Storage may be missing or full: then the list lives for this
 * page only.
 */
export interface StoredCase {
  caseId: string;
  /** The token of the private link (the only credential). */
  token: string;
  link: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms. */
  createdAt: number;
  /** The start of the question, to recognise it in the list. */
  title: string;
  /** The recording the case was opened with. */
  sessionId: string;
}

/** Enough to fill the panel; older cases still open through their link. */
const MAX_CASES = 5;
const TITLE_CHARS = 80;
const memory = new Map<string, string>();

const keyOf = (siteKey: string) => `cobrowse:cases:${siteKey}`;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function load(siteKey: string): StoredCase[] {
  let raw: string | null | undefined;
  try {
    raw = storage()?.getItem(keyOf(siteKey));
  } catch {
    raw = undefined;
  }
  raw ??= memory.get(keyOf(siteKey)) ?? null;
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isStoredCase) : [];
  } catch {
    return [];
  }
}

function save(siteKey: string, list: StoredCase[]): void {
  const raw = JSON.stringify(list);
  memory.set(keyOf(siteKey), raw);
  try {
    storage()?.setItem(keyOf(siteKey), raw);
  } catch {
    /* kept in memory for this page */
  }
}

function isStoredCase(v: unknown): v is StoredCase {
  const c = v as Partial<StoredCase> | null;
  return (
    !!c &&
    typeof c.caseId === 'string' &&
    typeof c.token === 'string' &&
    typeof c.link === 'string' &&
    typeof c.expiresAt === 'number' &&
    typeof c.createdAt === 'number' &&
    typeof c.title === 'string' &&
    typeof c.sessionId === 'string'
  );
}

export const excerpt = (question: string) => {
  const line = question.trim().replace(/\s+/g, ' ');
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
};

/** The site's cases whose links still work, newest first. */
export function readCases(siteKey: string, now = Date.now()): StoredCase[] {
  const all = load(siteKey);
  const live = all.filter((c) => c.expiresAt > now);
  if (live.length !== all.length) save(siteKey, live);
  return live.sort((a, b) => b.createdAt - a.createdAt);
}

export function rememberCase(siteKey: string, entry: StoredCase): StoredCase[] {
  const list = [entry, ...readCases(siteKey).filter((c) => c.caseId !== entry.caseId)].slice(0, MAX_CASES);
  save(siteKey, list);
  return list;
}

export function forgetCase(siteKey: string, caseId: string): StoredCase[] {
  const list = readCases(siteKey).filter((c) => c.caseId !== caseId);
  save(siteKey, list);
  return list;
}
