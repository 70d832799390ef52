/**
 * @module server/cases/case-dto
 * Database rows of async help → the protocol's JSON shapes. Secrets (enricher
 * header values, webhook secrets) are stored sealed and leave the server
 * masked; a webhook's secret is shown once, when it is set.
 */
import type {
  caseEnrichers,
  caseEnrichments,
  caseLinks,
  caseMessages,
  cases,
  caseTopics,
  caseWebhooks,
  emailOutbox,
  webhookDeliveries,
} from '../../db/schema.ts';
import type {
  CaseLinkInfo,
  CaseMessage,
  CaseSummary,
  EmailInfo,
  Enricher,
  EnrichmentResult,
  PublicCaseMessage,
  Topic,
  Webhook,
  WebhookDeliveryInfo,
} from '../../protocol/cases.ts';
import type { SecretBox, SecretPurpose } from '../secrets/secret-box.ts';

export type CaseRow = typeof cases.$inferSelect;
export type CaseMessageRow = typeof caseMessages.$inferSelect;
export type TopicRow = typeof caseTopics.$inferSelect;
export type EnricherRow = typeof caseEnrichers.$inferSelect;
export type EnrichmentRow = typeof caseEnrichments.$inferSelect;
export type WebhookRow = typeof caseWebhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type EmailRow = typeof emailOutbox.$inferSelect;
export type LinkRow = typeof caseLinks.$inferSelect;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export const isOverdue = (row: CaseRow, now = Date.now()) =>
  !row.firstAnsweredAt && row.status !== 'resolved' && row.dueAt.getTime() <= now;

export const toCaseSummary = (row: CaseRow, now = Date.now()): CaseSummary => ({
  id: row.id,
  siteId: row.siteId,
  sessionId: row.sessionId,
  question: row.question,
  topicId: row.topicId,
  topic: row.topic,
  language: row.language,
  customerEmail: row.customerEmail,
  status: row.status,
  assigneeId: row.assigneeId,
  dueAt: iso(row.dueAt),
  overdue: isOverdue(row, now),
  firstAnsweredAt: isoOrNull(row.firstAnsweredAt),
  slaBreachedAt: isoOrNull(row.slaBreachedAt),
  resolvedAt: isoOrNull(row.resolvedAt),
  liveRequestedAt: isoOrNull(row.liveRequestedAt),
  metadata: row.metadata,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const toCaseMessage = (row: CaseMessageRow, authorName: string | null): CaseMessage => ({
  id: row.id,
  from: row.fromRole,
  kind: row.kind,
  body: row.body,
  attachments: row.attachments,
  authorName,
  advisorId: row.advisorId,
  createdAt: iso(row.createdAt),
});

/** Null for an internal note: it never leaves for the customer. */
export function toPublicMessage(row: CaseMessageRow, authorName: string | null): PublicCaseMessage | null {
  if (row.kind === 'internal_note') return null;
  return {
    id: row.id,
    from: row.fromRole,
    kind: row.kind,
    body: row.body,
    attachments: row.attachments,
    authorName,
    createdAt: iso(row.createdAt),
  };
}

export const toTopic = (row: TopicRow): Topic => ({
  id: row.id,
  siteId: row.siteId,
  name: row.name,
  slaMinutes: row.slaMinutes,
  requiredSkills: row.requiredSkills,
  createdAt: iso(row.createdAt),
});

/** `••••1234`: enough to recognise a value, never enough to use it. */
export function maskSecret(value: string): string {
  return value.length >= 12 ? `••••${value.slice(-4)}` : '••••';
}

/** The mask of a sealed value: its last characters when this key opens it, else only dots. */
const maskSealed = (secrets: SecretBox, sealed: string, purpose: SecretPurpose) => maskSecret(secrets.tryOpen(sealed, purpose) ?? '');

export const toEnricher = (row: EnricherRow, secrets: SecretBox): Enricher => ({
  id: row.id,
  siteId: row.siteId,
  name: row.name,
  urlTemplate: row.urlTemplate,
  method: row.method,
  headers: Object.fromEntries(Object.entries(row.headers).map(([k, v]) => [k, maskSealed(secrets, v, 'enricher-header')])),
  metadataKeys: row.metadataKeys,
  timeoutMs: row.timeoutMs,
  enabled: row.enabled,
  followRedirects: row.followRedirects,
  createdAt: iso(row.createdAt),
});

export const toEnrichmentResult = (row: EnrichmentRow, enricherName: string): EnrichmentResult => ({
  enricherId: row.enricherId,
  enricherName,
  status: row.status,
  attempts: row.attempts,
  fields: row.fields,
  links: row.links,
  error: row.error,
  updatedAt: iso(row.updatedAt),
});

/** `revealSecret`: the plaintext just set, answered once (the stored value is sealed). */
export const toWebhook = (row: WebhookRow, secrets: SecretBox, { revealSecret }: { revealSecret?: string } = {}): Webhook => ({
  id: row.id,
  siteId: row.siteId,
  url: row.url,
  events: row.events,
  enabled: row.enabled,
  secret: revealSecret ?? maskSealed(secrets, row.secret, 'webhook-secret'),
  createdAt: iso(row.createdAt),
});

export const toDeliveryInfo = (row: DeliveryRow): WebhookDeliveryInfo => ({
  id: row.id,
  webhookId: row.webhookId,
  caseId: row.caseId,
  event: row.event,
  status: row.status,
  attempts: row.attempts,
  responseCode: row.responseCode,
  lastError: row.lastError,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const toEmailInfo = (row: EmailRow): EmailInfo => ({
  id: row.id,
  caseId: row.caseId,
  to: row.to,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  createdAt: iso(row.createdAt),
  sentAt: isoOrNull(row.sentAt),
});

export const toLinkInfo = (row: LinkRow): CaseLinkInfo => ({
  id: row.id,
  createdAt: iso(row.createdAt),
  expiresAt: iso(row.expiresAt),
  revokedAt: isoOrNull(row.revokedAt),
});
