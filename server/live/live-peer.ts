/**
 * @module server/live/live-peer
 * One participant of a room as the room sees it: the customer or a viewer,
 * whose socket may be on this process or another (see {@link PeerTransport}).
 * A peer reports upward through events and never knows its room.
 */
import { EventEmitter } from 'node:events';
import type { AdvisorToServer, CustomerToServer } from '../../protocol/live.ts';
import type { PeerRole } from './bus/bus-messages.ts';
import type { OutMessage } from './socket-link.ts';

/** How the room reaches the peer's socket (a local SocketLink, or the bus). */
export interface PeerTransport {
  send(message: OutMessage): void;
  close(code: number, reason: string): void;
}

export type PeerEvents = {
  /** A validated message from the socket. */
  message: [message: CustomerToServer | AdvisorToServer, bytes: number];
  /** The socket dropped events under backpressure and has drained: send a `sync`. */
  resync: [];
  /**
   * The socket went away by itself (network, reload, tab closed).
   * @remarks Emitted before `closed`; not emitted when the room closes the peer.
   */
  disconnected: [];
  /** Emitted once, whoever closed it. */
  closed: [];
};

export interface PeerAdvisor {
  id: string;
  name: string;
}

export class LivePeer extends EventEmitter<PeerEvents> {
  readonly id: string;
  readonly role: PeerRole;
  readonly advisor: PeerAdvisor | undefined;
  #transport: PeerTransport;
  #closed = false;

  constructor(options: { id: string; role: PeerRole; transport: PeerTransport; advisor?: PeerAdvisor }) {
    super();
    this.id = options.id;
    this.role = options.role;
    this.advisor = options.advisor;
    this.#transport = options.transport;
  }

  get closed() {
    return this.#closed;
  }

  send(message: OutMessage): void {
    if (!this.#closed) this.#transport.send(message);
  }

  /** From the socket side: a validated message. */
  receive(message: CustomerToServer | AdvisorToServer, bytes: number): void {
    if (!this.#closed) this.emit('message', message, bytes);
  }

  requestResync(): void {
    if (!this.#closed) this.emit('resync');
  }

  /** From the socket side: the socket is gone. */
  disconnected(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('disconnected');
    this.emit('closed');
  }

  /** Idempotent: closes the socket with `code` and emits `closed`. */
  close(code: number, reason = ''): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport.close(code, reason);
    this.emit('closed');
  }
}
