/**
 * @module server/live/bus/bus-messages
 * What processes say to each other about a room. Sockets are validated on
 * the process that holds them; these messages carry already-valid payloads.
 *
 *   room:<sessionId>   socket process ··> home:  attach, message, resync, detach
 *   peer:<peerId>      home ··> socket process:  send, close
 */
import type { AdvisorToServer, CustomerToServer, ServerToAdvisor, ServerToCustomer } from '../../protocol/live.ts';

export type PeerRole = 'customer' | 'viewer';

export interface AttachInfo {
  role: PeerRole;
  peerId: string;
  /** Viewer only. */
  advisor?: { id: string; name: string };
  resume?: { viewerId: string; lastSeq: number | null };
}

export type ToRoom =
  | { op: 'attach'; info: AttachInfo }
  | { op: 'message'; peerId: string; message: CustomerToServer | AdvisorToServer; bytes: number }
  | { op: 'resync'; peerId: string }
  | { op: 'detach'; peerId: string };

export type ToPeer =
  | { op: 'send'; message: ServerToCustomer | ServerToAdvisor }
  | { op: 'close'; code: number; reason: string };

export const roomChannel = (sessionId: string) => `room:${sessionId}`;
export const peerChannel = (peerId: string) => `peer:${peerId}`;
