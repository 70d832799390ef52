/**
 * @module protocol/orgs-constants
 * Organisations, members and invitations: the plain constants (zod-free, so
 * the advisor app imports them as is). Schemas and wire types: `orgs.ts`.
 */

/** The public invitation routes (no bearer token): look an invitation up, accept it. */
export const INVITATIONS_BASE = '/api/invitations';

/** The advisor app's page an invitation link opens: `${publicUrl}${INVITE_PATH}/<token>`. */
export const INVITE_PATH = '/app/invite';

import { PASSWORD_MIN_LENGTH } from './api-constants.ts';

/** A new account's password must be at least this long (an existing account's is checked as it is). */
export const NEW_ACCOUNT_PASSWORD_MIN = PASSWORD_MIN_LENGTH;

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The link token: 32 random bytes, base64url (43 characters). */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** At most this many sites in one member's or invitation's site access. */
export const MAX_SITE_ACCESS = 500;
