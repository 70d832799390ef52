/**
 * @module protocol/live-call
 * Live calls (audio/video through the server's SFU) on the live WebSocket,
 * for the customer and the advisors alike. Merged into the live unions by
 * `live.ts`; the same messages flow in both roles except where noted.
 *
 * Request/response (mediasoup-demo style: requests keyed by `method` with
 * typed payloads, answered once):
 *   peer ==> server  `{ type: 'call_request', requestId, request: { method, … } }`
 *   server <== peer  `{ type: 'call_response', requestId, ok: true, data }`
 *                    `{ type: 'call_response', requestId, ok: false, error: { code, message } }`
 *
 * Flow:
 *   advisor  `start` → the customer gets `call_invite` → `accept` / `decline`
 *   (separate from screen-viewing consent). Everyone watching learns the
 *   call from `call_state`; another advisor joins with `join`.
 *   Once in (accepted, started, or joined), each participant:
 *   `getRouterRtpCapabilities` → Device.load → `ready` (its rtpCapabilities;
 *   answered with the producers already there) → `createTransport` send and
 *   recv → `connectTransport` (dtls, on the transport's `connect`) →
 *   `produce` audio and video (one upstream) → for every producer of the
 *   others (from `ready` and later `call_new_producer`): `consume` →
 *   consumer params → local consumer → `resumeConsumer`.
 *   Mute / camera off: `pauseProducer` / `resumeProducer` (the others get
 *   `call_producer_paused`). `leave` hangs up.
 *
 * Ends: the customer hanging up, declining or leaving ends the call for
 * everyone; an advisor hanging up leaves (`call_ended` reason `left` to
 * them), and the call ends when no advisor is left. After `call_ended` the
 * server holds no media object of the call.
 *
 * The SFU worker under the call dies: the call goes on. Every member gets
 * `call_media_restart` (their transports, producers and consumers are gone
 * with the worker) and sets its media up again from
 * `getRouterRtpCapabilities` (the room is made again on a live worker),
 * retrying while the replacement worker starts. Only when that keeps
 * failing ({@link MAX_CALL_MEDIA_RESTARTS} deaths in one call) does the call
 * end with `worker_died`.
 */
import { z } from 'zod';
import { MAX_ID, MAX_NAME } from './live-constants.ts';

/** Participant id in a call: `customer`, or the advisor's viewer id. */
export type CallParticipantId = string;
export const CALL_CUSTOMER_ID = 'customer';

const id = z.string().min(1).max(MAX_ID);
/** mediasoup structures are checked by mediasoup itself; here only their shape. */
const mediasoupObject = z.looseObject({});
const kind = z.enum(['audio', 'video']);

export const callRequestSchema = z.discriminatedUnion('method', [
  /** Advisor only: invite the customer (answered at once with the call id; the customer's answer comes as `call_state`). */
  z.object({ method: z.literal('start') }),
  /** Customer only: answer an invite. */
  z.object({ method: z.literal('accept') }),
  z.object({ method: z.literal('decline') }),
  /** Advisor only: join the running call. */
  z.object({ method: z.literal('join') }),
  z.object({ method: z.literal('getRouterRtpCapabilities') }),
  /** The device is loaded: its rtpCapabilities (for consuming); answered with the producers already there. */
  z.object({ method: z.literal('ready'), rtpCapabilities: mediasoupObject }),
  z.object({ method: z.literal('createTransport'), direction: z.enum(['send', 'recv']) }),
  z.object({ method: z.literal('connectTransport'), transportId: id, dtlsParameters: mediasoupObject }),
  z.object({ method: z.literal('produce'), transportId: id, kind, rtpParameters: mediasoupObject, paused: z.boolean().default(false) }),
  z.object({ method: z.literal('consume'), transportId: id, producerId: id }),
  z.object({ method: z.literal('resumeConsumer'), consumerId: id }),
  /** Mute (audio) or camera off (video). */
  z.object({ method: z.literal('pauseProducer'), producerId: id }),
  z.object({ method: z.literal('resumeProducer'), producerId: id }),
  /** Hang up. */
  z.object({ method: z.literal('leave') }),
]);
export type CallRequest = z.infer<typeof callRequestSchema>;
export type CallMethod = CallRequest['method'];

export interface CallProducerInfo {
  participantId: CallParticipantId;
  producerId: string;
  kind: 'audio' | 'video';
  paused: boolean;
}

/** What each method answers with (`data` of a successful `call_response`). */
export interface CallResponseData {
  start: { callId: string };
  accept: { callId: string };
  decline: Record<string, never>;
  join: { callId: string };
  /** mediasoup `RouterRtpCapabilities` (load it into a mediasoup-client Device). */
  getRouterRtpCapabilities: { rtpCapabilities: Record<string, unknown> };
  ready: { producers: CallProducerInfo[] };
  /** mediasoup-client `createSendTransport` / `createRecvTransport` options. */
  createTransport: { id: string; iceParameters: unknown; iceCandidates: unknown[]; dtlsParameters: unknown };
  connectTransport: Record<string, never>;
  produce: { producerId: string };
  /** mediasoup-client `transport.consume` options (starts paused: resume once set up). */
  consume: { id: string; producerId: string; kind: 'audio' | 'video'; rtpParameters: unknown; producerPaused: boolean };
  resumeConsumer: Record<string, never>;
  pauseProducer: Record<string, never>;
  resumeProducer: Record<string, never>;
  leave: Record<string, never>;
}

/** `error.code` of a failed `call_response`. */
export const CallErrorCode = {
  /** Not allowed in this role or call state (e.g. no call, not a member, customer starting). */
  BadState: 'bad_state',
  /** A call is already running (start) or ringing. */
  Busy: 'busy',
  /** The transport/producer/consumer is not this participant's. */
  NotFound: 'not_found',
  /** mediasoup refused (bad parameters, cannot consume…). */
  Media: 'media_error',
  /** The server has no SFU. */
  Unavailable: 'unavailable',
} as const;
export type CallErrorCode = (typeof CallErrorCode)[keyof typeof CallErrorCode];

export const callMemberSchema = z.object({
  id: z.string(),
  role: z.enum(['customer', 'advisor']),
  name: z.string().max(MAX_NAME),
  /** Producers paused (muted / camera off), by kind; absent: not producing that kind. */
  audioPaused: z.boolean().optional(),
  videoPaused: z.boolean().optional(),
});
export type CallMember = z.infer<typeof callMemberSchema>;

export const callStateSchema = z.object({
  callId: z.string(),
  status: z.enum(['ringing', 'active']),
  /** Viewer id of the advisor who started it. */
  startedBy: z.string(),
  /** Everyone in the call (the customer only once they accepted). */
  members: z.array(callMemberSchema),
});
export type CallState = z.infer<typeof callStateSchema>;

export const CALL_END_REASONS = [
  'hung_up',
  'declined',
  'left',
  'customer_left',
  'no_advisor',
  'worker_died',
  'room_closed',
  'error',
] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

/** Peer → server (customer and advisor). */
export const callClientMessageSchemas = [
  z.object({
    type: z.literal('call_request'),
    requestId: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
    request: callRequestSchema,
  }),
] as const;

const callErrorSchema = z.object({
  code: z.enum(Object.values(CallErrorCode) as [CallErrorCode, ...CallErrorCode[]]),
  message: z.string(),
});

/** Server → peer (customer and advisor). */
export const callServerMessageSchemas = [
  /** The answer to one `call_request`: `data` when ok (see {@link CallResponseData}), else `error`. */
  z.object({
    type: z.literal('call_response'),
    requestId: z.number(),
    ok: z.boolean(),
    data: z.unknown().optional(),
    error: callErrorSchema.optional(),
  }),
  /** The current call (null: none). Sent to everyone in the room on every change. */
  z.object({ type: z.literal('call_state'), call: callStateSchema.nullable() }),
  /** Another participant's new producer: consume it. */
  z.object({
    type: z.literal('call_new_producer'),
    participantId: z.string(),
    producerId: z.string(),
    kind,
    paused: z.boolean(),
  }),
  /** A producer went away (its owner left or stopped it); its consumers are closed. */
  z.object({ type: z.literal('call_producer_closed'), participantId: z.string(), producerId: z.string() }),
  /** Muted / unmuted, camera off / on. */
  z.object({ type: z.literal('call_producer_paused'), participantId: z.string(), producerId: z.string(), paused: z.boolean() }),
  /** The SFU worker died: this member's media is gone on the server; set it up again (the call goes on). */
  z.object({ type: z.literal('call_media_restart'), callId: z.string() }),
  /** The call is over for this peer; every media object of theirs is closed on the server. */
  z.object({ type: z.literal('call_ended'), callId: z.string(), reason: z.enum(CALL_END_REASONS) }),
] as const;

/** How many SFU worker deaths one call rides out (media set up again) before it ends with `worker_died`. */
export const MAX_CALL_MEDIA_RESTARTS = 3;

/** Customer only: an advisor invites to a call; answer with `accept` or `decline`. */
export const callInviteSchema = z.object({
  type: z.literal('call_invite'),
  callId: z.string(),
  from: z.object({ id: z.string(), name: z.string() }),
});
