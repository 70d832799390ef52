/**
 * @module server/live/bus/bus-messages
 * What processes say to each other about a room. Sockets are validated on
 * the process that holds them; these messages carry already-valid payloads.
 *
 *   room:<roomKey>     socket process ··> home:  attach, message, resync, detach
 *                      (roomKey: the visit id, or the session id of a tab without a visit)
 *   peer:<peerId>      home ··> socket process:  send, close
 *   advisors           any process ··> every process: disconnect an advisor's views in one organisation
 */
import type { AdvisorToServer, CustomerToServer, ServerToAdvisor, ServerToCustomer } from '../../../protocol/live.ts';
import type { TabHello } from '../live-tab.ts';

export type PeerRole = 'customer' | 'viewer';

export interface AttachInfo {
  role: PeerRole;
  peerId: string;
  /** Customer only: which tab, and what its `hello` said. */
  tab?: TabHello;
  /** Viewer only. */
  advisor?: { id: string; name: string };
  resume?: { viewerId: string; lastSeq: number | null; tab?: string | undefined; page?: string | undefined };
}

export type ToRoom =
  | { op: 'attach'; info: AttachInfo }
  | { op: 'message'; peerId: string; message: CustomerToServer | AdvisorToServer; bytes: number }
  | { op: 'resync'; peerId: string }
  | { op: 'detach'; peerId: string };

export type ToPeer = { op: 'send'; message: ServerToCustomer | ServerToAdvisor } | { op: 'close'; code: number; reason: string };

export const roomChannel = (roomKey: string) => `room:${roomKey}`;
export const peerChannel = (peerId: string) => `peer:${peerId}`;

/** `from`: the publishing process (which closed its own sockets already). */
export type ToAdvisors = { op: 'disconnect'; advisorId: string; orgId: string; from: string };

export const ADVISORS_CHANNEL = 'advisors';
