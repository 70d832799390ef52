/**
 * @module server/media/media-room
 * The SFU side of one live session: one mediasoup Router, and per participant
 * its transports, producers and consumers. No signalling here: the live hub
 * calls these methods with what the browsers sent and relays what they return.
 *
 * Lifecycle (as in mediasoup-demo's Room): created on demand through
 * {@link MediaRoom.create}; closes itself on the next tick once the last
 * participant has left; closes when its router's worker dies; close() is
 * idempotent, closes every participant and the router, then emits `closed`.
 */
import { EventEmitter } from 'node:events';
import type { types as ms } from 'mediasoup';
import type { Logger } from '../logger.ts';
import { MEDIA_CODECS } from './media-codecs.ts';
import { MediaClosedError, MediaError, MediaNotFoundError } from './media-errors.ts';
import { MediaParticipant, type ParticipantId } from './media-participant.ts';
import type { RouterAppData, WorkerPool } from './worker-pool.ts';

export interface MediaTransportSettings {
  /** The local address the transports listen on. */
  listenIp: string;
  /** The address put in ICE candidates (public IP or hostname), when it differs from listenIp. */
  announcedAddress?: string;
  /** UDP and TCP port range for transports. */
  portMin: number;
  portMax: number;
}

/** What a browser needs to create its side of a transport (mediasoup-client's `createSendTransport` options). */
export interface TransportParams {
  id: string;
  iceParameters: ms.IceParameters;
  iceCandidates: ms.IceCandidate[];
  dtlsParameters: ms.DtlsParameters;
}

/** What a browser needs to create a consumer (mediasoup-client's `transport.consume` options). */
export interface ConsumerParams {
  id: string;
  producerId: string;
  kind: ms.MediaKind;
  rtpParameters: ms.RtpParameters;
  /** Consumers start paused; resume once the browser has set its side up. */
  paused: boolean;
}

export type MediaRoomCloseReason = 'empty' | 'worker-died' | 'closed';

export interface MediaRoomEvents {
  /** A participant's new producer: the others may want to consume it. */
  newproducer: [participantId: ParticipantId, producerId: string, kind: ms.MediaKind];
  /** A producer went away (closed or its participant left). */
  producerclosed: [participantId: ParticipantId, producerId: string];
  /** A participant's consumer closed because its producer went away. */
  consumerclosed: [participantId: ParticipantId, consumerId: string];
  participantleft: [participantId: ParticipantId];
  /**
   * Emitted once.
   * @remarks After it, every mediasoup object of the room is closed.
   */
  closed: [reason: MediaRoomCloseReason];
}

export class MediaRoom extends EventEmitter<MediaRoomEvents> {
  readonly sessionId: string;
  readonly #router: ms.Router<RouterAppData>;
  readonly #transport: MediaTransportSettings;
  readonly #logger: Logger;
  readonly #participants = new Map<ParticipantId, MediaParticipant>();
  #closed = false;
  #emptyCheck?: NodeJS.Immediate;

  static async create(options: {
    sessionId: string;
    pool: WorkerPool;
    transport: MediaTransportSettings;
    logger: Logger;
  }): Promise<MediaRoom> {
    const router = await options.pool.createRouter({ sessionId: options.sessionId }, MEDIA_CODECS);
    return new MediaRoom(options.sessionId, router, options.transport, options.logger);
  }

  private constructor(sessionId: string, router: ms.Router<RouterAppData>, transport: MediaTransportSettings, logger: Logger) {
    super();
    this.sessionId = sessionId;
    this.#router = router;
    this.#transport = transport;
    this.#logger = logger.child({ sessionId });
    router.once('workerclose', () => this.close('worker-died'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  get routerId(): string {
    return this.#router.id;
  }

  /** What a browser's mediasoup-client Device loads. */
  get rtpCapabilities(): ms.RouterRtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  get participantIds(): ParticipantId[] {
    return [...this.#participants.keys()];
  }

  /** Adds a participant, or returns the one already there (a re-join is harmless). */
  join(participantId: ParticipantId): MediaParticipant {
    this.#assertOpen();
    const existing = this.#participants.get(participantId);
    if (existing) return existing;
    const participant = new MediaParticipant(participantId);
    participant.on('producerclosed', (producerId) => this.emit('producerclosed', participantId, producerId));
    participant.on('consumerclosed', (consumerId) => this.emit('consumerclosed', participantId, consumerId));
    this.#participants.set(participantId, participant);
    this.#cancelEmptyCheck();
    this.#logger.debug({ participantId }, 'media participant joined');
    return participant;
  }

  /** Closes the participant's objects; the room closes on the next tick if it was the last. */
  leave(participantId: ParticipantId): void {
    const participant = this.#participants.get(participantId);
    if (!participant) return;
    this.#participants.delete(participantId);
    participant.close();
    this.#logger.debug({ participantId }, 'media participant left');
    this.emit('participantleft', participantId);
    this.#scheduleEmptyCheck();
  }

  assertAndGetParticipant(participantId: ParticipantId): MediaParticipant {
    this.#assertOpen();
    const participant = this.#participants.get(participantId);
    if (!participant) throw new MediaNotFoundError(`no participant ${participantId} in session ${this.sessionId}`);
    return participant;
  }

  async createWebRtcTransport(participantId: ParticipantId): Promise<TransportParams> {
    const participant = this.assertAndGetParticipant(participantId);
    const { listenIp, announcedAddress, portMin, portMax } = this.#transport;
    const listen = (protocol: 'udp' | 'tcp'): ms.TransportListenInfo => ({
      protocol,
      ip: listenIp,
      ...(announcedAddress ? { announcedAddress } : {}),
      portRange: { min: portMin, max: portMax },
    });
    const transport = await this.#router.createWebRtcTransport({
      listenInfos: [listen('udp'), listen('tcp')],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { participantId },
    });
    // NOTE: the participant may have left (or the room closed) while we awaited.
    if (participant.closed || this.#closed) {
      transport.close();
      throw new MediaClosedError(`participant ${participantId} left while its transport was being created`);
    }
    participant.addTransport(transport);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(participantId: ParticipantId, transportId: string, dtlsParameters: ms.DtlsParameters): Promise<void> {
    const transport = this.assertAndGetParticipant(participantId).assertAndGetTransport(transportId);
    await transport.connect({ dtlsParameters });
  }

  async produce(
    participantId: ParticipantId,
    transportId: string,
    options: { kind: ms.MediaKind; rtpParameters: ms.RtpParameters; appData?: ms.AppData },
  ): Promise<string> {
    const participant = this.assertAndGetParticipant(participantId);
    const transport = participant.assertAndGetTransport(transportId);
    const producer = await transport.produce({ ...options, appData: { ...options.appData, participantId } });
    if (participant.closed) {
      producer.close();
      throw new MediaClosedError(`participant ${participantId} left while producing`);
    }
    participant.addProducer(producer);
    this.emit('newproducer', participantId, producer.id, producer.kind);
    return producer.id;
  }

  closeProducer(participantId: ParticipantId, producerId: string): void {
    this.assertAndGetParticipant(participantId).assertAndGetProducer(producerId).close();
  }

  async consume(
    participantId: ParticipantId,
    transportId: string,
    producerId: string,
    rtpCapabilities: ms.RtpCapabilities,
  ): Promise<ConsumerParams> {
    const participant = this.assertAndGetParticipant(participantId);
    const transport = participant.assertAndGetTransport(transportId);
    if (!this.#router.canConsume({ producerId, rtpCapabilities })) {
      throw new MediaError(400, `participant ${participantId} cannot consume producer ${producerId} with its capabilities`);
    }
    const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true });
    if (participant.closed) {
      consumer.close();
      throw new MediaClosedError(`participant ${participantId} left while consuming`);
    }
    participant.addConsumer(consumer);
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      paused: consumer.paused,
    };
  }

  async resumeConsumer(participantId: ParticipantId, consumerId: string): Promise<void> {
    await this.assertAndGetParticipant(participantId).assertAndGetConsumer(consumerId).resume();
  }

  /** Every producer in the room but the participant's own: what a newcomer consumes. */
  producersFor(participantId: ParticipantId): { participantId: ParticipantId; producerId: string; kind: ms.MediaKind }[] {
    const out = [];
    for (const [id, participant] of this.#participants) {
      if (id === participantId) continue;
      for (const producer of participant.producers.values()) out.push({ participantId: id, producerId: producer.id, kind: producer.kind });
    }
    return out;
  }

  /** Closes every participant and the router. Idempotent. */
  close(reason: MediaRoomCloseReason = 'closed'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelEmptyCheck();
    for (const participant of this.#participants.values()) participant.close();
    this.#participants.clear();
    this.#router.close();
    this.#logger.info({ reason }, 'media room closed');
    this.emit('closed', reason);
  }

  #assertOpen() {
    if (this.#closed) throw new MediaClosedError(`the media room of session ${this.sessionId} is closed`);
  }

  // NOTE: on the next tick, so a participant that leaves and re-joins in the
  // same turn (a reconnect) keeps the room.
  #scheduleEmptyCheck() {
    this.#cancelEmptyCheck();
    this.#emptyCheck = setImmediate(() => {
      this.#emptyCheck = undefined;
      if (this.#participants.size === 0) this.close('empty');
    });
  }

  #cancelEmptyCheck() {
    if (this.#emptyCheck) clearImmediate(this.#emptyCheck);
    this.#emptyCheck = undefined;
  }
}
