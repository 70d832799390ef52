/**
 * @module server/live/call-session
 * One audio/video call of a live room: who is in it (the customer once they
 * accepted, the advisors who started or joined it), the `call_request`
 * signalling, and the session's {@link MediaRoom} in the SFU. Owned by the
 * {@link LiveRoom}, which routes `call_request`s here and tells it when a
 * member's socket goes away.
 *
 * Lifecycle: created by an advisor's `start` ('ringing'); 'active' once the
 * customer accepts; closes (once) when the customer declines, hangs up or
 * leaves, when the last advisor leaves, or when the room closes. When the
 * SFU worker under it dies, the call goes on: members are told to set their
 * media up again on a new media room ({@link MAX_CALL_MEDIA_RESTARTS} times
 * at most, then it closes with `worker_died`). Closing tells every member `call_ended`, closes
 * the media room (every transport, producer and consumer of the call) and
 * emits `closed`. A member that leaves alone has its own media objects
 * closed at once and the others are told its producers are gone.
 *
 * @see protocol/live-call.ts for the messages and the flow.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../logger.ts';
import { MediaError } from '../media/media-errors.ts';
import type { MediaRoom } from '../media/media-room.ts';
import type { MediaService } from '../media/media-service.ts';
import {
  CALL_CUSTOMER_ID,
  CallErrorCode,
  MAX_CALL_MEDIA_RESTARTS,
  type CallEndReason,
  type CallMember,
  type CallParticipantId,
  type CallProducerInfo,
  type CallRequest,
  type CallResponseData,
  type CallState,
} from '../../protocol/live-call.ts';
import type { OutMessage } from './socket-link.ts';

/** Who sent a request, as the room knows them. */
export interface CallPeerRef {
  id: CallParticipantId;
  role: 'customer' | 'advisor';
  name: string;
}

export interface CallSessionOptions {
  sessionId: string;
  media: MediaService;
  logger: Logger;
  startedBy: CallPeerRef;
  /** Sends to a member's current socket (if connected). */
  send(participantId: CallParticipantId, message: OutMessage): void;
  /** Sends to the customer and every watching advisor (members or not). */
  broadcast(message: OutMessage): void;
}

export type CallSessionEvents = {
  /** Emitted once; the media room is closed by then. */
  closed: [reason: CallEndReason];
};

/** A failed request's answer. */
export class CallRequestError extends Error {
  readonly code: CallErrorCode;
  constructor(code: CallErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

interface Member {
  ref: CallPeerRef;
  /** Set by `ready`: the member may consume, and is told about new producers. */
  rtpCapabilities: ms.RtpCapabilities | undefined;
  /** Its producers, by id. */
  producers: Map<string, { kind: ms.MediaKind; paused: boolean }>;
}

type Reply = <M extends CallRequest['method']>(data: CallResponseData[M]) => void;

export class CallSession extends EventEmitter<CallSessionEvents> {
  readonly id = randomUUID();
  readonly #options: CallSessionOptions;
  readonly #logger: Logger;
  readonly #members = new Map<CallParticipantId, Member>();
  #status: 'ringing' | 'active' = 'ringing';
  #media: Promise<MediaRoom> | undefined;
  #closed = false;
  /** SFU worker deaths this call rode out. */
  #mediaRestarts = 0;

  constructor(options: CallSessionOptions) {
    super();
    this.#options = options;
    this.#logger = options.logger.child({ call: this.id });
    this.#addMember(options.startedBy);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get status(): 'ringing' | 'active' {
    return this.#status;
  }

  get startedBy(): CallPeerRef {
    return this.#options.startedBy;
  }

  has(participantId: CallParticipantId): boolean {
    return this.#members.has(participantId);
  }

  state(): CallState {
    return {
      callId: this.id,
      status: this.#status,
      startedBy: this.#options.startedBy.id,
      members: [...this.#members.values()].map((m) => {
        const out: CallMember = { id: m.ref.id, role: m.ref.role, name: m.ref.name };
        for (const p of m.producers.values()) out[p.kind === 'audio' ? 'audioPaused' : 'videoPaused'] = p.paused;
        return out;
      }),
    };
  }

  /** Handles one request (not `start`: the room creates the call for that); answers through `reply` or throws a {@link CallRequestError}. */
  async handle(from: CallPeerRef, request: CallRequest, reply: Reply): Promise<void> {
    if (this.#closed) throw new CallRequestError(CallErrorCode.BadState, 'the call has ended');
    const member = this.#members.get(from.id);
    switch (request.method) {
      case 'start':
        throw new CallRequestError(CallErrorCode.Busy, 'a call is already running');
      case 'accept':
      case 'decline':
        if (from.role !== 'customer' || this.#status !== 'ringing') {
          throw new CallRequestError(CallErrorCode.BadState, 'no call is waiting for your answer');
        }
        if (request.method === 'decline') {
          reply<'decline'>({});
          return this.close('declined');
        }
        this.#status = 'active';
        this.#addMember(from);
        reply<'accept'>({ callId: this.id });
        return this.#stateChanged();
      case 'join':
        if (from.role !== 'advisor') throw new CallRequestError(CallErrorCode.BadState, 'only advisors join a call');
        if (!member) this.#addMember(from);
        reply<'join'>({ callId: this.id });
        return this.#stateChanged();
      case 'leave':
        if (!member) throw new CallRequestError(CallErrorCode.BadState, 'you are not in the call');
        reply<'leave'>({});
        if (from.role === 'customer') return this.close('hung_up');
        this.#options.send(from.id, { type: 'call_ended', callId: this.id, reason: 'left' });
        return this.memberGone(from.id);
    }
    if (!member) throw new CallRequestError(CallErrorCode.BadState, 'join the call first');
    return this.#mediaRequest(member, request, reply);
  }

  async #mediaRequest(member: Member, request: CallRequest, reply: Reply): Promise<void> {
    const pid = member.ref.id;
    const room = await this.#room();
    if (!this.#members.has(pid)) throw new CallRequestError(CallErrorCode.BadState, 'you left the call');
    room.join(pid);
    switch (request.method) {
      case 'getRouterRtpCapabilities':
        return reply<'getRouterRtpCapabilities'>({ rtpCapabilities: room.rtpCapabilities });
      case 'ready': {
        member.rtpCapabilities = request.rtpCapabilities;
        const producers: CallProducerInfo[] = [];
        for (const [id, m] of this.#members) {
          if (id === pid) continue;
          for (const [producerId, p] of m.producers) producers.push({ participantId: id, producerId, kind: p.kind, paused: p.paused });
        }
        return reply<'ready'>({ producers });
      }
      case 'createTransport': {
        const params = await room.createWebRtcTransport(pid);
        return reply<'createTransport'>(params);
      }
      case 'connectTransport':
        await room.connectTransport(pid, request.transportId, request.dtlsParameters as unknown as ms.DtlsParameters);
        return reply<'connectTransport'>({});
      case 'produce': {
        if ([...member.producers.values()].some((p) => p.kind === request.kind)) {
          throw new CallRequestError(CallErrorCode.BadState, `you already send ${request.kind}`);
        }
        const producerId = await room.produce(pid, request.transportId, {
          kind: request.kind,
          rtpParameters: request.rtpParameters as unknown as ms.RtpParameters,
        });
        if (request.paused) await room.assertAndGetParticipant(pid).assertAndGetProducer(producerId).pause();
        // NOTE: booked before `reply`, so the others learn it from `newproducer` or from their `ready`, never both nor neither.
        member.producers.set(producerId, { kind: request.kind, paused: request.paused });
        for (const other of this.#members.values()) {
          if (other === member || !other.rtpCapabilities) continue;
          this.#options.send(other.ref.id, {
            type: 'call_new_producer',
            participantId: pid,
            producerId,
            kind: request.kind,
            paused: request.paused,
          });
        }
        reply<'produce'>({ producerId });
        return this.#stateChanged();
      }
      case 'consume': {
        if (!member.rtpCapabilities) throw new CallRequestError(CallErrorCode.BadState, 'send ready first');
        const params = await room.consume(pid, request.transportId, request.producerId, member.rtpCapabilities);
        const consumer = room.assertAndGetParticipant(pid).consumers.get(params.id);
        return reply<'consume'>({
          id: params.id,
          producerId: params.producerId,
          kind: params.kind,
          rtpParameters: params.rtpParameters,
          producerPaused: consumer?.producerPaused ?? false,
        });
      }
      case 'resumeConsumer':
        await room.resumeConsumer(pid, request.consumerId);
        return reply<'resumeConsumer'>({});
      case 'pauseProducer':
      case 'resumeProducer': {
        const own = member.producers.get(request.producerId);
        if (!own) throw new CallRequestError(CallErrorCode.NotFound, `you have no producer ${request.producerId}`);
        const producer = room.assertAndGetParticipant(pid).assertAndGetProducer(request.producerId);
        const paused = request.method === 'pauseProducer';
        if (paused) await producer.pause();
        else await producer.resume();
        own.paused = paused;
        for (const other of this.#members.values()) {
          if (other !== member)
            this.#options.send(other.ref.id, { type: 'call_producer_paused', participantId: pid, producerId: request.producerId, paused });
        }
        reply<'pauseProducer'>({});
        return this.#stateChanged();
      }
      default:
        throw new CallRequestError(CallErrorCode.BadState, `unexpected ${request.method}`);
    }
  }

  /**
   * A member's socket went away (or they hung up, or were removed): their
   * media objects close now. The customer gone ends the call; so does the last advisor.
   */
  memberGone(participantId: CallParticipantId): void {
    if (this.#closed) return;
    const member = this.#members.get(participantId);
    if (!member) return;
    if (member.ref.role === 'customer') return this.close('customer_left');
    this.#members.delete(participantId);
    void this.#media?.then((room) => room.leave(participantId)).catch(() => {});
    for (const producerId of member.producers.keys()) {
      for (const other of this.#members.values()) {
        this.#options.send(other.ref.id, { type: 'call_producer_closed', participantId, producerId });
      }
    }
    if (![...this.#members.values()].some((m) => m.ref.role === 'advisor')) return this.close('no_advisor');
    this.#stateChanged();
  }

  /** Idempotent: tells every member, closes every media object of the call, emits `closed`. */
  close(reason: CallEndReason): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of this.#members.keys()) this.#options.send(id, { type: 'call_ended', callId: this.id, reason });
    // NOTE: on a ringing call the customer is not a member yet but holds the invite.
    if (this.#status === 'ringing' && !this.#members.has(CALL_CUSTOMER_ID) && reason !== 'declined') {
      this.#options.send(CALL_CUSTOMER_ID, { type: 'call_ended', callId: this.id, reason });
    }
    this.#members.clear();
    void this.#media?.then((room) => room.close('closed')).catch(() => {});
    this.#logger.info({ reason }, 'call ended');
    this.emit('closed', reason);
  }

  #addMember(ref: CallPeerRef) {
    this.#members.set(ref.id, { ref, rtpCapabilities: undefined, producers: new Map() });
  }

  #stateChanged() {
    if (!this.#closed) this.#options.broadcast({ type: 'call_state', call: this.state() });
  }

  /**
   * The worker under the media room died, taking every transport, producer
   * and consumer with it: the members set theirs up again (the next media
   * request makes a new room on a live worker).
   */
  #restartMedia(): void {
    if (this.#closed) return;
    this.#media = undefined;
    if (++this.#mediaRestarts > MAX_CALL_MEDIA_RESTARTS) return this.close('worker_died');
    this.#logger.warn({ restarts: this.#mediaRestarts }, 'media worker died under the call: members set up their media again');
    for (const member of this.#members.values()) {
      member.producers.clear();
      member.rtpCapabilities = undefined;
    }
    for (const id of this.#members.keys()) this.#options.send(id, { type: 'call_media_restart', callId: this.id });
    this.#stateChanged();
  }

  /** The session's media room, created on first use; a worker's death makes the members set up their media again. */
  #room(): Promise<MediaRoom> {
    this.#media ??= this.#options.media.room(this.#options.sessionId).then(
      (room) => {
        if (this.#closed) {
          room.close('closed');
          throw new CallRequestError(CallErrorCode.BadState, 'the call has ended');
        }
        room.once('closed', (reason) => {
          if (reason === 'worker-died') return this.#restartMedia();
          // 'empty' (everyone left media) or closed under us: the next request makes a new one.
          if (this.#media && !this.#closed) this.#media = undefined;
        });
        return room;
      },
      (err: unknown) => {
        this.#media = undefined;
        this.#logger.error({ err }, 'could not create the call media room');
        throw new CallRequestError(CallErrorCode.Unavailable, 'the media server is unavailable, try again');
      },
    );
    return this.#media;
  }
}

/** A request's failure as the wire's error code. */
export function callErrorOf(err: unknown): { code: CallErrorCode; message: string } {
  if (err instanceof CallRequestError) return { code: err.code, message: err.message };
  if (err instanceof MediaError) {
    const code = err.status === 404 ? CallErrorCode.NotFound : err.status === 409 ? CallErrorCode.BadState : CallErrorCode.Media;
    return { code, message: err.message };
  }
  return { code: CallErrorCode.Media, message: err instanceof Error ? err.message : String(err) };
}
