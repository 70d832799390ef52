/**
 * @module server/live/bus/live-bus
 * The cross-process bus of live rooms: named channels carrying JSON
 * messages, delivered in publish order per channel. One process holds each
 * room (its "home"); sockets on other processes reach it through
 * `room:<sessionId>` and hear back on `peer:<peerId>` (see bus-messages.ts).
 */
export type Unsubscribe = () => Promise<void>;
export type BusHandler = (message: unknown) => void;

export interface LiveBus {
  /** This process's id, stored as a room's home in the registry. */
  readonly nodeId: string;
  readonly kind: 'memory' | 'redis';
  /** Fire and forget; a failure is logged, never thrown (live messages are best-effort). */
  publish(channel: string, message: unknown): void;
  /** Resolves once the subscription is active. */
  subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
}
