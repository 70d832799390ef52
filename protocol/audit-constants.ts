/**
 * @module protocol/audit-constants
 * Organisations, the audit log, retention and erasure: the plain constants
 * (zod-free, so the advisor app imports them without zod). Schemas and
 * types are in `audit.ts`.
 */

export { ORG_ROLES, type OrgRole } from './permissions.ts';

/**
 * Every action the audit log records. Append new ones; never rename one
 * (stored entries and saved filters name them).
 */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.password_changed',
  'auth.password_reset',
  /** Opened, chunk ranges read: at most one entry per session and advisor per hour. */
  'session.viewed',
  'session.exported',
  'live.joined',
  'live.control_granted',
  'case.answered',
  'case.reassigned',
  'case.resolved',
  'site.created',
  'site.updated',
  /** Async-help settings: topics, routing, enrichers, webhooks (`details.change`: created, updated, deleted). */
  'settings.changed',
  'retention.deleted',
  'audit.pruned',
  'erasure.performed',
  /** Organisations and their members (server/orgs): who joined, with which role and sites, who left. */
  'org.created',
  'member.invited',
  'invitation.revoked',
  'invitation.accepted',
  'member.role_changed',
  'member.sites_changed',
  'member.deactivated',
  'member.reactivated',
  /** Tutorials (server/tutorials): made from a session, published (a new version), unpublished, deleted, redaction added. */
  'tutorial.created',
  'tutorial.published',
  'tutorial.unpublished',
  'tutorial.deleted',
  'tutorial.redaction_added',
  /** Comments on a session or tutorial (server/comments): `details.on` names the target kind, never the body. */
  'comment.created',
  'comment.edited',
  'comment.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_PAGE_SIZE_DEFAULT = 50;
export const AUDIT_PAGE_SIZE_MAX = 200;

/** Longest retention a site may set (100 years): beyond it, say unlimited (null). */
export const RETENTION_DAYS_MAX = 36_500;

/** Who acted: a signed-in advisor, the system (jobs), or nobody signed in (a failed sign-in). */
export const AUDIT_ACTOR_KINDS = ['advisor', 'system', 'anonymous'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];
/** What an entry adds: flat values, lists of ids, counts. Never personal data (an erasure names no email). */
export type AuditDetails = Record<string, string | number | boolean | null | string[] | Record<string, number>>;
