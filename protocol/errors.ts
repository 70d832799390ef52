/**
 * @module protocol/errors
 * Every 4xx/5xx answer of the server has this JSON body.
 */
export const ErrorCode = {
  BadRequest: 'bad_request',
  InvalidJson: 'invalid_json',
  InvalidEvents: 'invalid_events',
  UnsupportedMediaType: 'unsupported_media_type',
  PayloadTooLarge: 'payload_too_large',
  Unauthorized: 'unauthorized',
  /** A session write without that session's own secret (or with another one). */
  InvalidSessionToken: 'invalid_session_token',
  /** Too many attempts: wait for `Retry-After` seconds. */
  RateLimited: 'rate_limited',
  Forbidden: 'forbidden',
  /** Password change: the current password given is wrong (403; counts as a failed sign-in). */
  WrongPassword: 'wrong_password',
  /** Password reset: no such reset token (400), past its expiry (410), or already used (410). */
  ResetTokenInvalid: 'reset_token_invalid',
  ResetTokenExpired: 'reset_token_expired',
  ResetTokenUsed: 'reset_token_used',
  InvalidSiteKey: 'invalid_site_key',
  OriginNotAllowed: 'origin_not_allowed',
  NotFound: 'not_found',
  UnknownSession: 'unknown_session',
  SequenceConflict: 'sequence_conflict',
  Conflict: 'conflict',
  /** Customer case links: no such link (404), past its expiry (410), revoked by an advisor (410). */
  LinkNotFound: 'link_not_found',
  LinkExpired: 'link_expired',
  LinkRevoked: 'link_revoked',
  /** Invitation links: no such invitation (404), past its expiry, revoked by an admin, already accepted (410). */
  InvitationNotFound: 'invitation_not_found',
  InvitationExpired: 'invitation_expired',
  InvitationRevoked: 'invitation_revoked',
  InvitationUsed: 'invitation_used',
  /** Publishing a tutorial whose events still show a detected value that is neither redacted nor ignored (409). */
  SensitiveDataUnredacted: 'sensitive_data_unredacted',
  /** Public tutorial pages: no such tutorial (404), past its expiry (410), unpublished (410). */
  TutorialNotFound: 'tutorial_not_found',
  TutorialExpired: 'tutorial_expired',
  TutorialUnpublished: 'tutorial_unpublished',
  Internal: 'internal_error',
  /** A part of the server is not ready, e.g. the browser bundles were not built. */
  Unavailable: 'unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
