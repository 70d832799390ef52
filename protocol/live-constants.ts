/**
 * @module protocol/live-constants
 * The live protocol's plain constants, kept apart from the zod schemas in
 * `live.ts` (which re-exports them) so the recorder and the advisor app can
 * import them without pulling zod into their bundles.
 */

export const LIVE_BASE = '/live/v1';
/**
 * The customer's socket: `GET {LIVE_CUSTOMER_PATH}?siteKey=…&sessionId=…&sessionToken=…`
 * from one of the site's allowed origins (checked on `Origin`, as ingest),
 * with the session's secret (`SESSION_TOKEN_QUERY`, see `ingest.ts`): only
 * the tab that started the session may be its customer; without it the
 * upgrade is refused (401 `invalid_session_token`) and no room is touched.
 */
export const LIVE_CUSTOMER_PATH = `${LIVE_BASE}/customer`;
/**
 * The advisor's socket: `GET {LIVE_ADVISOR_PATH}` offering the subprotocols
 * `[LIVE_SUBPROTOCOL, LIVE_BEARER_PROTOCOL_PREFIX + token]` (browsers cannot
 * set `Authorization` on a WebSocket). The server answers `LIVE_SUBPROTOCOL`.
 *
 * The organisation the socket acts in (the REST API's `x-cobrowse-org`
 * header, which a browser cannot set on a WebSocket either): the
 * `?{LIVE_ORG_QUERY}=<org id>` query parameter, or a subprotocol entry
 * `LIVE_ORG_PROTOCOL_PREFIX + <org id>`; without either, the advisor's first
 * membership (the default organisation if they belong to it), as the REST
 * API. An organisation they are not an active member of: 404 before the
 * upgrade; a role without `live.help` (`content`): 403. The socket then
 * joins only rooms of that organisation's sites the member may see: any
 * other code or session id is answered exactly like an unknown one.
 */
export const LIVE_ADVISOR_PATH = `${LIVE_BASE}/advisor`;
export const LIVE_SUBPROTOCOL = 'cobrowse.live.v1';
export const LIVE_BEARER_PROTOCOL_PREFIX = 'cobrowse.bearer.';
export const LIVE_ORG_QUERY = 'org';
export const LIVE_ORG_PROTOCOL_PREFIX = 'cobrowse.org.';
export const LIVE_SESSION_ID_QUERY = 'sessionId';

/** Elements (and their subtrees) the advisor may never act on; the recorder enforces it. */
export const NO_CONTROL_ATTRIBUTE = 'data-cb-no-control';

/**
 * Why the customer's page refused a control command: the recorder tells the
 * advisor who sent it (`control_refused`), so the advisor knows the click or
 * the typing did nothing, and why.
 */
export const ControlRefusal = {
  /** The target is inside `[data-cb-no-control]` or a blocked element. */
  NoControl: 'no_control',
  /** A masked field (password, card, `[data-cb-mask]`, or every field with masked inputs): its value is never set. */
  Masked: 'masked',
  /** The recorder's own UI (banner, prompts, chat). */
  OwnUi: 'own_ui',
  /** Nothing there any more (the page changed). */
  NotFound: 'not_found',
  /** Typing into something that is not an editable field. */
  NotEditable: 'not_editable',
  /** Control had been revoked when the command arrived. */
  NotGranted: 'not_granted',
  /**
   * The command was aimed at a page the customer's tab no longer shows
   * (they navigated, reloaded, or the tab closed): node ids of one page mean
   * nothing on another, so it is never applied.
   */
  PageChanged: 'page_changed',
  /** The command was aimed at a tab the customer is not using now (they switched tabs). */
  OtherTab: 'other_tab',
} as const;
export type ControlRefusal = (typeof ControlRefusal)[keyof typeof ControlRefusal];

/**
 * A finished drawing stays this long (ms) on the customer's page and in the
 * advisor's own view, then fades out over {@link DRAW_FADE_OUT_MS}.
 */
export const DRAW_FADE_MS = 3_000;
export const DRAW_FADE_OUT_MS = 800;

/** Largest message a customer may send (a full snapshot of a heavy page). */
export const MAX_CUSTOMER_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Largest message an advisor may send. */
export const MAX_ADVISOR_MESSAGE_BYTES = 64 * 1024;
export const MAX_LIVE_EVENTS_PER_BATCH = 10_000;
export const MAX_LIVE_SEQ = 2_000_000_000;
export const MAX_CHAT_TEXT = 4_000;
export const MAX_DRAW_POINTS = 500;
export const MAX_NAME = 100;
export const MAX_ID = 64;

export const SESSION_CODE_LENGTH = 6;

/**
 * rrweb custom events (`EventType.Custom`, `data.tag`) the recorder adds to
 * its own recording so chat and control hand-overs appear in the replay.
 */
export const LIVE_CUSTOM_EVENT_TAG = {
  /** payload: the {@link import('./live.ts').ChatMessage} as received. */
  Chat: 'cobrowse-chat',
  /** payload: `{ controllerId: string | null, name: string | null }` on every change. */
  Control: 'cobrowse-control',
  /** payload: `{ viewers: Viewer[] }` on every change. */
  Viewers: 'cobrowse-viewers',
} as const;

/** WebSocket close codes the server uses (4000–4999 are the application's). */
export const LiveCloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  PolicyViolation: 1008,
  TooBig: 1009,
  /** The customer pressed stop: every viewer is closed at once. */
  StoppedByCustomer: 4000,
  /** The customer declined this viewer. */
  Declined: 4001,
  /** The room ended (customer gone past the grace period, or said bye). */
  RoomClosed: 4002,
  /** The same customer (or viewer) connected again elsewhere. */
  Replaced: 4003,
  /** The viewer could not keep up for too long. */
  TooSlow: 4004,
  /** No join/hello in time. */
  Timeout: 4005,
  /** The room's process did not answer (e.g. it is restarting): reconnect with backoff. */
  TryAgainLater: 1013,
  /** Join refused (unknown code, expired, wrong site…): see the preceding `error`. */
  Refused: 4006,
  /** The advisor's token was revoked (sign-out, password change or reset) or expired: sign in again. */
  SignedOut: 4007,
  /**
   * The advisor may no longer help live in the socket's organisation
   * (deactivated, or their role or site access changed): do not reconnect.
   */
  AccessRevoked: 4008,
} as const;
export type LiveCloseCode = (typeof LiveCloseCode)[keyof typeof LiveCloseCode];

/** `code` of the live protocol's `error` message. */
export const LiveErrorCode = {
  /** Not JSON, unknown `type`, or fields that fail validation. */
  BadMessage: 'bad_message',
  TooLarge: 'too_large',
  /** A message that needs `hello`/`join` first, or a second one. */
  BadState: 'bad_state',
  UnknownCode: 'unknown_code',
  UnknownSession: 'unknown_session',
  UnknownViewer: 'unknown_viewer',
  /** The advisor sent a control command without holding control. */
  NotInControl: 'not_in_control',
  /** Only one control request may wait at a time. */
  ControlBusy: 'control_busy',
  /** A batch's seq is not after the last one. */
  SeqOutOfOrder: 'seq_out_of_order',
  /**
   * Too many wrong help codes from this advisor (`RATE_LIMIT_LIVE_CODE`):
   * `join` by code is refused, unlooked-up, until `retryAfterMs` has passed.
   */
  RateLimited: 'rate_limited',
  Internal: 'internal_error',
} as const;
export type LiveErrorCode = (typeof LiveErrorCode)[keyof typeof LiveErrorCode];
