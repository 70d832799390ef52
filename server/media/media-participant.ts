/**
 * @module server/media/media-participant
 * One participant's mediasoup objects in a live session: its WebRtcTransports
 * and the Producers and Consumers on them. Closing the participant closes its
 * transports, which closes everything on them, so nothing is left behind.
 *
 * A participant reports upward through events and never imports MediaRoom.
 */
import { EventEmitter } from 'node:events';
import type { types as ms } from 'mediasoup';
import { MediaNotFoundError } from './media-errors.ts';

export type ParticipantId = string;

export interface MediaParticipantEvents {
  /** A consumer closed because its producer went away (the producer's owner left or stopped). */
  consumerclosed: [consumerId: string, producerId: string];
  /** A producer of this participant closed (its transport closed, or closeProducer). */
  producerclosed: [producerId: string];
  /** Emitted once, after every transport is closed. */
  closed: [];
}

export class MediaParticipant extends EventEmitter<MediaParticipantEvents> {
  readonly id: ParticipantId;
  readonly #transports = new Map<string, ms.WebRtcTransport>();
  readonly #producers = new Map<string, ms.Producer>();
  readonly #consumers = new Map<string, ms.Consumer>();
  #closed = false;

  constructor(id: ParticipantId) {
    super();
    this.id = id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get producers(): ReadonlyMap<string, ms.Producer> {
    return this.#producers;
  }

  get consumers(): ReadonlyMap<string, ms.Consumer> {
    return this.#consumers;
  }

  get transports(): ReadonlyMap<string, ms.WebRtcTransport> {
    return this.#transports;
  }

  addTransport(transport: ms.WebRtcTransport): void {
    this.#transports.set(transport.id, transport);
    transport.observer.once('close', () => this.#transports.delete(transport.id));
  }

  addProducer(producer: ms.Producer): void {
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      if (!this.#closed) this.emit('producerclosed', producer.id);
    });
  }

  addConsumer(consumer: ms.Consumer): void {
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
    // NOTE: `producerclose` is the consumer's own event (not the observer's):
    // mediasoup closes the consumer itself right after.
    consumer.once('producerclose', () => {
      if (!this.#closed) this.emit('consumerclosed', consumer.id, consumer.producerId);
    });
  }

  assertAndGetTransport(transportId: string): ms.WebRtcTransport {
    const transport = this.#transports.get(transportId);
    if (!transport) throw new MediaNotFoundError(`participant ${this.id} has no transport ${transportId}`);
    return transport;
  }

  assertAndGetProducer(producerId: string): ms.Producer {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new MediaNotFoundError(`participant ${this.id} has no producer ${producerId}`);
    return producer;
  }

  assertAndGetConsumer(consumerId: string): ms.Consumer {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new MediaNotFoundError(`participant ${this.id} has no consumer ${consumerId}`);
    return consumer;
  }

  /** Closes every transport (and so its producers and consumers). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of this.#transports.values()) transport.close();
    this.#transports.clear();
    this.#producers.clear();
    this.#consumers.clear();
    this.emit('closed');
  }
}
