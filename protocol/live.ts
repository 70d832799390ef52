/**
 * @module protocol/live
 * Live co-browsing over WebSocket: every message, once, grouped by direction.
 * Each message is a JSON text frame `{ "type": …, … }`; unions are
 * discriminated by `type` and turned into `type → message` lookups
 * (`CustomerMessage<'events'>`), so senders type-check what they send.
 *
 * Sockets (see `live-constants.ts`):
 *   customer  GET /live/v1/customer?siteKey=…&sessionId=…   (allowed Origin, session of that site)
 *   advisor   GET /live/v1/advisor[?org=…]   subprotocols [cobrowse.live.v1, cobrowse.bearer.<token>(, cobrowse.org.<id>)]
 * REST (bearer auth):  GET /api/live/sessions -> { sessions: LiveSessionSummary[] } (rooms of the caller's sites)
 *
 * Customer flow: `hello` → `welcome` (the server's last received seq: resend
 * every unacked batch after it) → `events` batches, each acked by `ack`.
 * `help_request` → `help_code` (6 digits, shown to the customer).
 * Live does NOT replace ingest: the recorder keeps uploading chunks to
 * `/ingest/v1`; live batches are a second, lossy-tolerant copy for viewers.
 * Batch seqs are the recorder's own live counter (per session, kept across
 * page loads), unrelated to ingest chunk seqs. A batch that contains a full
 * snapshot must start with its Meta event (as rrweb emits them).
 *
 * Advisor flow: `join` (code or session id, optional `resume`) → `waiting`
 * while the customer is asked (`consent_request` → `consent`) → `welcome`
 * then `sync` (the latest full snapshot and every batch after it: the page
 * as it is now) then `events`. A resumed viewer gets only the batches after
 * its `lastSeq` when the server still has them, else a `sync`. A `sync`
 * always replaces the viewer's page (rebuild the replayer from it). When the
 * server has no snapshot yet it sends the customer `snapshot_request` and the
 * `sync` follows when the checkout arrives.
 *
 * Control: `control_request` (advisor) → customer `control_request` →
 * `control_grant` / `control_deny`; `control_revoke` (customer) or
 * `control_release` (advisor) end it. Everyone learns the holder from
 * `control_state`, with whether the page lets the holder type: a grant says
 * `typing: true` only when the site allows remote typing (the recorder's
 * `remote-typing`), and then only into ordinary fields, never passwords,
 * one-time codes, payment or `data-cb-mask` fields. `control` commands reach the customer only from the
 * holder. The recorder must refuse commands on elements inside
 * `[data-cb-no-control]` and on masked fields (rrweb `maskInputOptions`,
 * password inputs, `.rr-mask`/`.rr-block`), whatever the server forwards.
 * A refused command is reported back: customer `control_refused` (naming the
 * viewer) → that advisor alone gets `control_refused` (action and reason).
 *
 * Replay: the recorder adds chat messages, control hand-overs and viewer
 * changes as rrweb custom events (`LIVE_CUSTOM_EVENT_TAG`) to its own
 * recording, so they reach storage through ingest and show in the replay.
 * Chat is also stored by the server (`live_chat_messages`).
 *
 * Tabs: a customer's tabs share a visit (the session start's secret visit
 * key; the server uses the stored `sessions.visit_id`, never an id a socket
 * names). One room holds every tab of a visit: consent, viewers, control,
 * the code and chat are the visit's; snapshots, batch seqs and pages are each
 * tab's. A tab's socket says `hello` with its `page` (a nonce per page load)
 * and its presence; `tab_state` reports focus and visibility changes (and
 * the customer's own input, which makes that tab the one in use);
 * `tab_in_use` tells each tab whether it is. A tab that joins because the
 * visit is live (`follow`) is refused (closed 4002) when it is not.
 * Viewers watch one tab: by default the one the customer uses (`tabs`
 * tells them which, and which they watch); `watch_tab` picks another or
 * follows again. `sync` and `events` name the tab and page they come from.
 *
 * Control safety: every `control` names the tab and page it was aimed at.
 * The server refuses a command for a tab the customer is not using
 * (`other_tab`) or whose page has changed (`page_changed`), and the
 * recorder refuses a command whose page is not its own; either way the
 * advisor gets `control_refused`. Node ids of one page never act on another.
 *
 * Calls (audio/video through the SFU): `call_*` messages, see `live-call.ts`.
 *
 * Errors: a bad message gets `error` and is ignored; the socket stays open
 * (a message over the size limit closes it with 1009).
 *
 * Help codes are rate-limited per advisor (`RATE_LIMIT_LIVE_CODE`, default
 * 10 wrong codes per 5 minutes, on every socket and process): a wrong code
 * costs a point, a right one nothing; over the limit every `join` by code,
 * right or wrong, gets `error` `rate_limited` with `retryAfterMs`.
 */
import { z } from 'zod';
import { rrwebEventSchema } from './ingest.ts';
import { text as safeText } from './text.ts';
import { callClientMessageSchemas, callInviteSchema, callServerMessageSchemas } from './live-call.ts';
import {
  MAX_CHAT_TEXT,
  MAX_DRAW_POINTS,
  MAX_ID,
  MAX_LIVE_EVENTS_PER_BATCH,
  MAX_LIVE_SEQ,
  MAX_NAME,
  LiveErrorCode,
  ControlRefusal,
} from './live-constants.ts';

export * from './live-constants.ts';
export * from './live-call.ts';

// ───────────────────────── shared pieces ─────────────────────────

/** Short id aliases (mediasoup-demo style). */
export type ViewerId = string;
export type LiveSessionId = string;
/** A customer tab: its session id. */
export type TabId = string;
/** A page load of a tab (a nonce the recorder draws per page). */
export type PageId = string;

const id = safeText().min(1).max(MAX_ID);
const seq = z.number().int().min(0).max(MAX_LIVE_SEQ);
const coord = z.number().finite().min(-1e6).max(1e6);
const text = safeText().trim().min(1).max(MAX_CHAT_TEXT);
const tabId = z.string().uuid();
const pageId = safeText().min(1).max(MAX_ID);

/** One of the visit's tabs as a viewer sees it. */
export const tabInfoSchema = z.object({
  /** The tab's session id. */
  tabId,
  url: z.string().nullable(),
  /** The tab's socket is open (false while it loads the next page). */
  connected: z.boolean(),
  /** `document.visibilityState === 'visible'`. */
  visible: z.boolean(),
  focused: z.boolean(),
  /** The tab the customer is using (most recently shown, focused or used). */
  active: z.boolean(),
});
export type TabInfo = z.infer<typeof tabInfoSchema>;

/** Which tab and page a batch came from, or a command is aimed at. */
const aim = { tab: tabId, page: pageId };

export const liveBatchSchema = z.object({
  seq,
  events: z.array(rrwebEventSchema).min(1).max(MAX_LIVE_EVENTS_PER_BATCH),
});
export type LiveBatch = z.infer<typeof liveBatchSchema>;

export const viewerSchema = z.object({
  id,
  advisorId: z.string(),
  name: z.string().max(MAX_NAME),
  /** Epoch ms when the customer let this viewer in. */
  since: z.number(),
  /** False while the viewer's socket is reconnecting. */
  connected: z.boolean(),
});
export type Viewer = z.infer<typeof viewerSchema>;

export const chatMessageSchema = z.object({
  /** Server-assigned (UUID). */
  id: z.string(),
  /** The sender's own id, echoed so it can match its optimistic copy. */
  clientId: id,
  /** Server time, epoch ms. */
  ts: z.number(),
  from: z.enum(['customer', 'advisor']),
  /** The advisor's viewer id; null from the customer. */
  viewerId: z.string().nullable(),
  name: z.string().max(MAX_NAME),
  text: z.string().max(MAX_CHAT_TEXT),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Where a command acts: an rrweb mirror node id (preferred) or viewport coordinates (CSS px). */
export const controlTargetSchema = z.union([
  z.object({ nodeId: z.number().int().min(0) }).strict(),
  z.object({ x: coord, y: coord }).strict(),
]);
export type ControlTarget = z.infer<typeof controlTargetSchema>;

const modifiers = z.object({ alt: z.boolean(), ctrl: z.boolean(), meta: z.boolean(), shift: z.boolean() }).partial().optional();

/**
 * What a controlling advisor asks the customer's page to do. The recorder
 * re-checks every command: nothing inside `[data-cb-no-control]`, no masked
 * or password field, no `input` on a node that is not an editable field.
 */
export const controlCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('click'), target: controlTargetSchema, button: z.enum(['left', 'middle', 'right']).optional() }),
  z.object({
    action: z.literal('scroll'),
    /** Absent: the document. */
    target: controlTargetSchema.optional(),
    scrollX: coord,
    scrollY: coord,
  }),
  z.object({ action: z.literal('input'), target: controlTargetSchema, value: z.string().max(10_000) }),
  z.object({ action: z.literal('key'), target: controlTargetSchema.optional(), key: z.string().min(1).max(32), modifiers }),
]);
export type ControlCommand = z.infer<typeof controlCommandSchema>;

const controlActionSchema = z.enum(['click', 'scroll', 'input', 'key']);
const controlRefusalSchema = z.enum(Object.values(ControlRefusal) as [ControlRefusal, ...ControlRefusal[]]);

export const pointerSchema = z.object({ x: coord, y: coord, visible: z.boolean().default(true) });
export const drawSchema = z.object({
  strokeId: id,
  /** Points in the customer's viewport CSS px, appended to the stroke. */
  points: z
    .array(z.tuple([coord, coord]))
    .min(1)
    .max(MAX_DRAW_POINTS),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#ff3b30'),
  width: z.number().min(1).max(40).default(4),
  /** The stroke is finished (the customer's page may fade it). */
  done: z.boolean().default(false),
});

export const errorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.enum(Object.values(LiveErrorCode) as [LiveErrorCode, ...LiveErrorCode[]]),
  message: z.string(),
  /** The `type` of the message that caused it, when known. */
  ref: z.string().optional(),
  /** With `rate_limited`: ms until the same request may succeed. */
  retryAfterMs: z.number().int().min(0).optional(),
});

// ───────────────────────── customer → server ─────────────────────────

export const customerToServerSchema = z.discriminatedUnion('type', [
  /** First message on every (re)connection. */
  z.object({
    type: z.literal('hello'),
    /** The last seq the server acked on a previous connection, if any (informative). */
    lastAckedSeq: seq.nullable().default(null),
    url: z.string().max(4096).optional(),
    /** This page load's nonce (absent: the socket counts as a page of its own). */
    page: pageId.optional(),
    visible: z.boolean().default(true),
    focused: z.boolean().default(true),
    /** This tab joins because its visit has live help: refuse (close 4002) when it has none. */
    follow: z.boolean().default(false),
  }),
  /**
   * The tab's presence changed; `input`: the customer used this tab (a trusted
   * pointer or key press), which makes it the tab in use.
   */
  z.object({ type: z.literal('tab_state'), visible: z.boolean(), focused: z.boolean(), input: z.boolean().default(false) }),
  /** A batch of rrweb events for viewers; acked with `ack`. */
  z.object({ type: z.literal('events'), ...liveBatchSchema.shape }),
  /** "Get help": answered by `help_code`. */
  z.object({ type: z.literal('help_request') }),
  z.object({ type: z.literal('consent'), viewerId: id, accept: z.boolean() }),
  /** The banner's stop button: every viewer is closed at once, control ends, the code is voided. */
  z.object({ type: z.literal('stop_viewing') }),
  z.object({ type: z.literal('chat'), clientId: id, text }),
  /** `typing`: the page lets the advisor type into its ordinary fields (the site's `remote-typing`). */
  z.object({ type: z.literal('control_grant'), viewerId: id, typing: z.boolean().default(false) }),
  z.object({ type: z.literal('control_deny'), viewerId: id }),
  z.object({ type: z.literal('control_revoke') }),
  /** The page refused `viewerId`'s command (relayed to that advisor only). */
  z.object({ type: z.literal('control_refused'), viewerId: id, action: controlActionSchema, reason: controlRefusalSchema }),
  /** The customer ends the live session for good (no grace period). */
  z.object({ type: z.literal('bye') }),
  ...callClientMessageSchemas,
]);
export type CustomerToServer = z.infer<typeof customerToServerSchema>;

// ───────────────────────── server → customer ─────────────────────────

export const serverToCustomerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    sessionId: z.string(),
    /** Last batch seq the server holds (-1: none): resend every unacked batch after it. */
    lastSeq: z.number().int(),
    consentRequired: z.boolean(),
    viewers: z.array(viewerSchema),
    controllerId: z.string().nullable(),
    code: z.object({ code: z.string(), expiresAt: z.number() }).nullable(),
    /** How long the room waits for the customer to come back after a disconnect. */
    graceMs: z.number(),
    chat: z.array(chatMessageSchema),
  }),
  z.object({ type: z.literal('ack'), seq }),
  z.object({ type: z.literal('help_code'), code: z.string(), expiresAt: z.number() }),
  /** Someone wants to watch: answer with `consent`. */
  z.object({ type: z.literal('consent_request'), viewer: viewerSchema }),
  /** The advisor went away before an answer. */
  z.object({ type: z.literal('consent_cancelled'), viewerId: z.string() }),
  /** Everyone currently watching (show them in the banner). */
  z.object({ type: z.literal('viewers'), viewers: z.array(viewerSchema) }),
  /**
   * Whether this tab is the one the customer uses, as the room sees it: a tab
   * not in use reports the customer's next input there (`tab_state`), so the
   * advisor can follow them back to it.
   */
  z.object({ type: z.literal('tab_in_use'), inUse: z.boolean() }),
  /** Take a fresh full snapshot (`record.takeFullSnapshot(true)`) and send it. */
  z.object({ type: z.literal('snapshot_request'), reason: z.enum(['no_snapshot', 'buffer_full', 'gap']) }),
  z.object({ type: z.literal('pointer'), viewerId: z.string(), ...pointerSchema.shape }),
  z.object({ type: z.literal('draw'), viewerId: z.string(), ...drawSchema.shape }),
  z.object({ type: z.literal('draw_clear'), viewerId: z.string() }),
  z.object({ type: z.literal('chat'), message: chatMessageSchema }),
  z.object({ type: z.literal('control_request'), viewer: viewerSchema }),
  /** The pending control request was answered (maybe in another tab) or withdrawn: close the prompt. */
  z.object({ type: z.literal('control_request_closed') }),
  z.object({ type: z.literal('control_state'), controllerId: z.string().nullable(), typing: z.boolean() }),
  /** `page`: the page the advisor aimed at; refuse (`page_changed`) when it is not this page. */
  z.object({ type: z.literal('control'), viewerId: z.string(), command: controlCommandSchema, page: pageId }),
  errorMessageSchema,
  callInviteSchema,
  ...callServerMessageSchemas,
]);
export type ServerToCustomer = z.infer<typeof serverToCustomerSchema>;

// ───────────────────────── advisor → server ─────────────────────────

export const advisorToServerSchema = z.discriminatedUnion('type', [
  /** First message: which session (by code or id); `resume` after a reconnect skips consent. */
  z
    .object({
      type: z.literal('join'),
      code: z
        .string()
        .regex(/^\d{6}$/)
        .optional(),
      sessionId: z.string().uuid().optional(),
      /** Display name for the customer; default: the advisor's account name. */
      name: safeText().trim().min(1).max(MAX_NAME).optional(),
      resume: z.object({ viewerId: id, lastSeq: seq.nullable(), tab: tabId.optional(), page: pageId.optional() }).optional(),
    })
    .refine((m) => (m.code === undefined) !== (m.sessionId === undefined), 'give exactly one of code or sessionId'),
  z.object({ type: z.literal('leave') }),
  /** The viewer's page broke (e.g. replayer error): send a fresh `sync`. */
  z.object({ type: z.literal('resync_request') }),
  z.object({ type: z.literal('pointer'), ...pointerSchema.shape }),
  z.object({ type: z.literal('draw'), ...drawSchema.shape }),
  z.object({ type: z.literal('draw_clear') }),
  z.object({ type: z.literal('chat'), clientId: id, text }),
  z.object({ type: z.literal('control_request') }),
  z.object({ type: z.literal('control_release') }),
  /** `tab` and `page`: what the advisor saw when aiming (the last `sync`/`events` applied). */
  z.object({ type: z.literal('control'), command: controlCommandSchema, ...aim }),
  /** Watch this tab (stop following the customer); null: follow the tab the customer uses again. */
  z.object({ type: z.literal('watch_tab'), tab: tabId.nullable() }),
  ...callClientMessageSchemas,
]);
export type AdvisorToServer = z.infer<typeof advisorToServerSchema>;

// ───────────────────────── server → advisor ─────────────────────────

export const serverToAdvisorSchema = z.discriminatedUnion('type', [
  /** Joined the room but not watching yet. */
  z.object({ type: z.literal('waiting'), reason: z.enum(['consent']) }),
  z.object({
    type: z.literal('welcome'),
    viewerId: z.string(),
    sessionId: z.string(),
    viewers: z.array(viewerSchema),
    controllerId: z.string().nullable(),
    /** Whether the holder of control may type into ordinary fields (see `control_state`). */
    controlTyping: z.boolean(),
    customerConnected: z.boolean(),
    chat: z.array(chatMessageSchema),
  }),
  /** Replace the page with these batches: a full snapshot and every batch after it. */
  z.object({ type: z.literal('sync'), batches: z.array(liveBatchSchema), ...aim }),
  z.object({ type: z.literal('events'), ...liveBatchSchema.shape, ...aim }),
  /** Whether the watched tab's socket is open (false while it loads the next page). */
  z.object({ type: z.literal('customer_status'), connected: z.boolean() }),
  /**
   * The visit's tabs, the one this viewer watches and whether it follows the
   * customer; sent after `welcome` and on every change. A `sync` of the
   * watched tab follows a change of `watching`.
   */
  z.object({
    type: z.literal('tabs'),
    tabs: z.array(tabInfoSchema),
    watching: tabId.nullable(),
    following: z.boolean(),
    /** Why `watching` changed with this message, if it did. */
    switched: z.enum(['customer', 'advisor', 'tab_closed']).nullable(),
  }),
  z.object({ type: z.literal('viewers'), viewers: z.array(viewerSchema) }),
  z.object({ type: z.literal('chat'), message: chatMessageSchema }),
  z.object({ type: z.literal('control_state'), controllerId: z.string().nullable(), typing: z.boolean() }),
  z.object({ type: z.literal('control_denied') }),
  /** The customer's page refused one of this advisor's commands; nothing happened there. */
  z.object({ type: z.literal('control_refused'), action: controlActionSchema, reason: controlRefusalSchema }),
  /** Viewing is over; the socket closes right after. */
  z.object({
    type: z.literal('ended'),
    reason: z.enum(['declined', 'stopped_by_customer', 'customer_left', 'room_closed', 'replaced', 'too_slow', 'left']),
  }),
  errorMessageSchema,
  ...callServerMessageSchemas,
]);
export type ServerToAdvisor = z.infer<typeof serverToAdvisorSchema>;

// ───────────────────────── lookups ─────────────────────────

type ByType<U extends { type: string }> = { [K in U['type']]: Extract<U, { type: K }> };
export type CustomerToServerMap = ByType<CustomerToServer>;
export type ServerToCustomerMap = ByType<ServerToCustomer>;
export type AdvisorToServerMap = ByType<AdvisorToServer>;
export type ServerToAdvisorMap = ByType<ServerToAdvisor>;
export type CustomerMessage<K extends keyof CustomerToServerMap> = CustomerToServerMap[K];
export type ToCustomer<K extends keyof ServerToCustomerMap> = ServerToCustomerMap[K];
export type AdvisorMessage<K extends keyof AdvisorToServerMap> = AdvisorToServerMap[K];
export type ToAdvisor<K extends keyof ServerToAdvisorMap> = ServerToAdvisorMap[K];
export type LiveErrorMessage = z.infer<typeof errorMessageSchema>;

// ───────────────────────── REST ─────────────────────────

export const liveSessionSummarySchema = z.object({
  sessionId: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  helpRequested: z.boolean().describe('True once the customer asked for help (a code was issued).'),
  customerConnected: z.boolean(),
  viewerCount: z.number().int(),
  url: z.string().nullable().describe("The customer's current page (else the session's first); null when unknown."),
  startedAt: z.number().describe('Epoch ms.'),
  visitId: z.string().nullable().describe("The customer's visit: rows with the same id are tabs of one customer (one live room)."),
});
export type LiveSessionSummary = z.output<typeof liveSessionSummarySchema>;

/** `GET /api/live/sessions`: the live rooms' tabs in the caller's sites. */
export const liveSessionListSchema = z.object({ sessions: z.array(liveSessionSummarySchema) });
export type LiveSessionList = z.output<typeof liveSessionListSchema>;
