/**
 * @module protocol/permissions
 * Who may do what inside an organisation: the one permission table. The
 * server enforces it (one middleware, `server/scope/require-permission.ts`,
 * named by each route's contract); the advisor app reads it to show only
 * what a role may do. docs/permissions.md explains it in prose.
 *
 * Zod-free, so the advisor app imports it as is.
 */

/** A person's role in an organisation. */
export const ORG_ROLES = ['owner', 'admin', 'advisor', 'content'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** The roles an admin may give through invitations and member changes (`owner` is the organisation's creator). */
export const ASSIGNABLE_ROLES = ['admin', 'advisor', 'content'] as const satisfies readonly OrgRole[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/**
 * Which organisation a request acts in, for routes outside `/api/orgs/:orgId`.
 * Without it: the caller's default membership (the default organisation if
 * they belong to it, else the oldest).
 */
export const ORG_HEADER = 'x-cobrowse-org';

const admins = ['owner', 'admin'] as const satisfies readonly OrgRole[];
const helpers = ['owner', 'admin', 'advisor'] as const satisfies readonly OrgRole[];
const everyone = ORG_ROLES;

/**
 * Permission → the roles that hold it. Site access narrows further: a member
 * restricted to some sites sees nothing of the others (404).
 */
export const PERMISSIONS = {
  /** List and replay recordings, export them, read their media. */
  'sessions.read': everyone,
  /** Import rrweb or PostHog exports as sessions. */
  'sessions.import': admins,
  /** Watch live, point, draw, chat, call, take control (with the customer's consent). */
  'live.help': helpers,
  /** Record and send video replies and their links. */
  'replies.send': helpers,
  /** Read cases (`content`: resolved ones only). */
  'cases.read': everyone,
  /** Claim, answer, release and resolve one's own or unassigned cases; customer links. */
  'cases.answer': helpers,
  /** Assign or take over a case someone else holds. */
  'cases.reassign': admins,
  /** Read the organisation's sites (those the member may see). */
  'sites.read': everyone,
  /** Create sites and change them (origins, retention). */
  'sites.manage': admins,
  /** Async-help settings: topics, routing, enrichers, webhooks, failed jobs. */
  'settings.manage': admins,
  /** Invite people, change roles and site access, deactivate members. */
  'members.manage': admins,
  /** Read the audit log. */
  'audit.read': admins,
  /** Erase a customer's data. */
  'erasure.run': admins,
  /** Read the organisation's tutorials and their analytics (advisors send them in cases). */
  'tutorials.read': everyone,
  /** Make, edit, redact, publish and delete tutorials. */
  'tutorials.write': ['owner', 'admin', 'content'],
  /** Search sessions and cases (each kind's own rules still apply: `content` finds resolved cases only, internal notes are for helpers). */
  'search.read': everyone,
  /** Read the comments on the sessions and tutorials one may see (never public). */
  'comments.read': everyone,
  /** Comment on a moment (and an element) of a session or tutorial; edit or delete one's own. */
  'comments.write': everyone,
  /** Delete anyone's comment. */
  'comments.moderate': admins,
  /** The recurring-questions report: the organisation's cases grouped by what they ask (`content`: resolved ones only). */
  'recurring.read': everyone,
} as const satisfies Record<string, readonly OrgRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether `role` holds `permission`. */
export const can = (role: OrgRole, permission: Permission): boolean => (PERMISSIONS[permission] as readonly OrgRole[]).includes(role);
