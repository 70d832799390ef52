/**
 * @module client/lib/audit-format
 * Audit log and erasure in words: what each action is called, a one-line
 * summary of an entry's details, and the tables a deletion counts.
 */
import type { AuditAction, AuditDetails, AuditEntry, DeletionCounts } from '../../protocol/audit.ts';

export const ACTION_LABELS: Record<AuditAction, string> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.sign_out': 'Signed out',
  'auth.password_changed': 'Changed password',
  'auth.password_reset': 'Reset password',
  'session.viewed': 'Viewed a recording',
  'session.exported': 'Exported a recording',
  'live.joined': 'Joined live',
  'live.control_granted': 'Got control',
  'case.answered': 'Answered a case',
  'case.reassigned': 'Reassigned a case',
  'case.resolved': 'Resolved a case',
  'site.created': 'Created a site',
  'site.updated': 'Changed a site',
  'settings.changed': 'Changed a setting',
  'retention.deleted': 'Retention deleted data',
  'audit.pruned': 'Old audit entries pruned',
  'erasure.performed': 'Erased a customer',
  'org.created': 'Created an organisation',
  'member.invited': 'Invited someone',
  'invitation.revoked': 'Revoked an invitation',
  'invitation.accepted': 'Accepted an invitation',
  'member.role_changed': 'Changed a role',
  'member.sites_changed': 'Changed site access',
  'member.deactivated': 'Deactivated a member',
  'member.reactivated': 'Reactivated a member',
  'tutorial.created': 'Made a tutorial',
  'tutorial.published': 'Published a tutorial',
  'tutorial.unpublished': 'Unpublished a tutorial',
  'tutorial.deleted': 'Deleted a tutorial',
  'tutorial.redaction_added': 'Redacted a tutorial',
  'comment.created': 'Commented',
  'comment.edited': 'Edited a comment',
  'comment.deleted': 'Deleted a comment',
};

/** What rows of each table are, for people. */
const TABLE_LABELS: Record<string, string> = {
  sessions: 'Recordings',
  session_pages: 'Pages visited',
  event_chunks: 'Recording chunks',
  live_rooms: 'Live rooms',
  live_chat_messages: 'Live chat messages',
  media_tracks: 'Video tracks',
  media_chunks: 'Video chunks',
  media_chunk_data: 'Video chunks (database store)',
  media_files: 'Video chunks in the media store',
  reply_links: 'Reply links',
  session_assets: 'Captured page files (stylesheets, images, fonts)',
  cases: 'Cases',
  case_messages: 'Case messages',
  case_links: 'Customer case links',
  case_enrichments: 'Enrichments',
  webhook_deliveries: 'Webhook deliveries',
  email_outbox: 'Emails',
  tutorials: 'Tutorials made from the recordings',
};

export const tableLabel = (table: string) => TABLE_LABELS[table] ?? table;

/** Counts above zero, in a stable order, with their labels. */
export function countRows(counts: DeletionCounts): { table: string; label: string; n: number }[] {
  const order = Object.keys(TABLE_LABELS);
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([table, n]) => ({ table, label: tableLabel(table), n }));
}

export function actorLabel(entry: AuditEntry): string {
  const { actor } = entry;
  if (actor.kind === 'system') return 'System';
  if (actor.kind === 'anonymous') return 'Not signed in';
  return actor.name || actor.email || actor.id?.slice(0, 8) || 'Unknown advisor';
}

/** `counts`, `fields` and scalars as short text, e.g. "fields: name, retentionDays · retentionDays: 30". */
export function detailsSummary(details: AuditDetails): string {
  return Object.entries(details)
    .map(([key, value]) => {
      if (Array.isArray(value)) return `${key}: ${value.join(', ')}`;
      if (value && typeof value === 'object') {
        return countRows(value)
          .map((r) => `${r.label.toLowerCase()}: ${r.n}`)
          .join(', ');
      }
      return `${key}: ${value === null ? '—' : String(value)}`;
    })
    .filter(Boolean)
    .join(' · ');
}
