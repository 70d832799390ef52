/**
 * @module server/protocol/live
 * Live co-browsing over WebSocket: every message, once, grouped by direction.
 * Each message is a JSON text frame `{ "type": …, … }`; unions are
 * discriminated by `type` and turned into `type → message` lookups
 * (`CustomerMessage<'events'>`), so senders type-check what they send.
 *
 * Sockets (see `live-constants.ts`):
 *   customer  GET /live/v1/customer?siteKey=…&sessionId=…   (allowed Origin, session of that site)
 *   advisor   GET /live/v1/advisor   subprotocols [cobrowse.live.v1, cobrowse.bearer.<token>]
 * REST (bearer auth):  GET /api/live/sessions -> { sessions: LiveSessionSummary[] }
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
 * `control_state`. `control` commands reach the customer only from the
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

const id = safeText().min(1).max(MAX_ID);
const seq = z.number().int().min(0).max(MAX_LIVE_SEQ);
const coord = z.number().finite().min(-1e6).max(1e6);
const text = safeText().trim().min(1).max(MAX_CHAT_TEXT);

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

const modifiers = z
  .object({ alt: z.boolean(), ctrl: z.boolean(), meta: z.boolean(), shift: z.boolean() })
  .partial()
  .optional();

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
  points: z.array(z.tuple([coord, coord])).min(1).max(MAX_DRAW_POINTS),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#ff3b30'),
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
  }),
  /** A batch of rrweb events for viewers; acked with `ack`. */
  z.object({ type: z.literal('events'), ...liveBatchSchema.shape }),
  /** "Get help": answered by `help_code`. */
  z.object({ type: z.literal('help_request') }),
  z.object({ type: z.literal('consent'), viewerId: id, accept: z.boolean() }),
  /** The banner's stop button: every viewer is closed at once, control ends, the code is voided. */
  z.object({ type: z.literal('stop_viewing') }),
  z.object({ type: z.literal('chat'), clientId: id, text }),
  z.object({ type: z.literal('control_grant'), viewerId: id }),
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
  /** Take a fresh full snapshot (`record.takeFullSnapshot(true)`) and send it. */
  z.object({ type: z.literal('snapshot_request'), reason: z.enum(['no_snapshot', 'buffer_full', 'gap']) }),
  z.object({ type: z.literal('pointer'), viewerId: z.string(), ...pointerSchema.shape }),
  z.object({ type: z.literal('draw'), viewerId: z.string(), ...drawSchema.shape }),
  z.object({ type: z.literal('draw_clear'), viewerId: z.string() }),
  z.object({ type: z.literal('chat'), message: chatMessageSchema }),
  z.object({ type: z.literal('control_request'), viewer: viewerSchema }),
  z.object({ type: z.literal('control_state'), controllerId: z.string().nullable() }),
  z.object({ type: z.literal('control'), viewerId: z.string(), command: controlCommandSchema }),
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
      code: z.string().regex(/^\d{6}$/).optional(),
      sessionId: z.string().uuid().optional(),
      /** Display name for the customer; default: the advisor's account name. */
      name: safeText().trim().min(1).max(MAX_NAME).optional(),
      resume: z.object({ viewerId: id, lastSeq: seq.nullable() }).optional(),
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
  z.object({ type: z.literal('control'), command: controlCommandSchema }),
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
    customerConnected: z.boolean(),
    chat: z.array(chatMessageSchema),
  }),
  /** Replace the page with these batches: a full snapshot and every batch after it. */
  z.object({ type: z.literal('sync'), batches: z.array(liveBatchSchema) }),
  z.object({ type: z.literal('events'), ...liveBatchSchema.shape }),
  z.object({ type: z.literal('customer_status'), connected: z.boolean() }),
  z.object({ type: z.literal('viewers'), viewers: z.array(viewerSchema) }),
  z.object({ type: z.literal('chat'), message: chatMessageSchema }),
  z.object({ type: z.literal('control_state'), controllerId: z.string().nullable() }),
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

export interface LiveSessionSummary {
  sessionId: string;
  siteId: string;
  siteName: string;
  /** True once the customer asked for help (a code was issued). */
  helpRequested: boolean;
  customerConnected: boolean;
  viewerCount: number;
  url: string | null;
  startedAt: number;
}
