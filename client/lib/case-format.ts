/**
 * @module client/lib/case-format
 * How cases read in the app: status names, the due time relative to now
 * ("due in 12 min", "overdue by 5 min"), who the customer is, and the
 * customer's identify() fields apart from other metadata.
 */
import type { SessionMetadata } from '../../protocol/api.ts';
import type { CaseStatus, CaseSummary } from '../../protocol/cases.ts';
import { IDENTITY_KEY_PREFIX } from '../../protocol/context-events.ts';

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  open: 'Open',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
  reopened: 'Reopened',
};

/** 90_000 → "2 min", 3 h 5 min → "3 h 5 min", 2 days → "2 d". */
export function formatSpan(ms: number): string {
  const min = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  if (min < 1) return 'under a minute';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** The SLA in words for the inbox: answered, overdue by…, or due in…. */
export function dueLabel(c: Pick<CaseSummary, 'dueAt' | 'overdue' | 'firstAnsweredAt' | 'status'>, now = Date.now()): string {
  if (c.firstAnsweredAt) return 'Answered';
  if (c.status === 'resolved') return 'Resolved';
  const left = Date.parse(c.dueAt) - now;
  return c.overdue || left <= 0 ? `Overdue by ${formatSpan(left)}` : `Due in ${formatSpan(left)}`;
}

/** Metadata split into the identify() fields (prefix dropped) and the rest. */
export function splitMetadata(metadata: SessionMetadata): { identity: [string, string][]; other: [string, string][] } {
  const identity: [string, string][] = [];
  const other: [string, string][] = [];
  for (const [k, v] of Object.entries(metadata ?? {})) {
    const value = v === null || v === undefined ? '—' : String(v);
    if (k.startsWith(IDENTITY_KEY_PREFIX)) identity.push([k.slice(IDENTITY_KEY_PREFIX.length), value]);
    else other.push([k, value]);
  }
  return { identity, other };
}

/** A name for the customer: the email they gave, else identify()'s email, name or id. */
export function customerLabel(c: Pick<CaseSummary, 'customerEmail' | 'metadata'>): string {
  const m = c.metadata ?? {};
  const pick = (k: string) => {
    const v = m[IDENTITY_KEY_PREFIX + k];
    return v === null || v === undefined || v === '' ? '' : String(v);
  };
  return c.customerEmail || pick('email') || pick('name') || pick('id') || 'Anonymous customer';
}
