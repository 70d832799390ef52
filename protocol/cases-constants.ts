/**
 * @module protocol/cases-constants
 * Async help's plain constants, apart from the zod schemas in `cases.ts`
 * (which re-exports them) so the recorder and the customer page import them
 * without zod.
 */
export const CASE_STATUSES = ['new', 'open', 'waiting_on_customer', 'resolved', 'reopened'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_MESSAGE_KINDS = ['text', 'video_reply', 'tutorial_link', 'internal_note'] as const;
export type CaseMessageKind = (typeof CASE_MESSAGE_KINDS)[number];

export const CASE_EVENTS = ['case.created', 'case.answered', 'case.customer_replied', 'case.resolved', 'case.sla_breached'] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** Where the customer's private link lives: `{CUSTOMER_LINK_BASE}/:token` (page), `…/:token/api` (JSON). */
export const CUSTOMER_LINK_BASE = '/c';
export const customerLinkPath = (token: string) => `${CUSTOMER_LINK_BASE}/${token}`;
export const customerLinkApiPath = (token: string) => `${CUSTOMER_LINK_BASE}/${token}/api`;
/** An advisor's video reply attached to a message of the case, for the customer's `<video>`. */
export const customerLinkMediaPath = (token: string, sessionId: string, trackId: string) =>
  `${customerLinkApiPath(token)}/media/${sessionId}/${encodeURIComponent(trackId)}`;
/** The site's public topic names, under the ingest base (site key + allowed Origin). */
export const CASE_TOPICS_PATH = '/topics';

/** First-answer SLA of a case whose topic sets none (or that has no topic). */
export const DEFAULT_SLA_MINUTES = 30;
/** How long a new customer link works. */
export const CASE_LINK_TTL_DAYS = 30;

export const WEBHOOK_SIGNATURE_HEADER = 'x-cobrowse-signature';
export const WEBHOOK_EVENT_HEADER = 'x-cobrowse-event';
export const WEBHOOK_DELIVERY_HEADER = 'x-cobrowse-delivery';
/** A receiver should refuse signatures older than this (replays). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const CASE_PAGE_SIZE_DEFAULT = 50;
export const CASE_PAGE_SIZE_MAX = 200;

/** What a message may carry besides its text: another recording, a recorded media reply, a link. */
export type CaseAttachment =
  | { type: 'session'; sessionId: string }
  | { type: 'media'; sessionId: string; trackId: string }
  | { type: 'link'; url: string; title?: string };
export type EnrichmentLink = { label: string; url: string };
export type EnrichmentFields = Record<string, string | number | boolean | null>;
