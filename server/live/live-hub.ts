/**
 * @module server/live/live-hub
 * Owns this process's live rooms and connects sockets to rooms wherever
 * they live. A room holds the tabs of one customer visit (see `live-room.ts`)
 * and is held by the process its first tab reached (its "home", recorded in
 * `live_rooms` for every tab); a socket on another process (an
 * advisor on B, or the customer coming back on B after a reload) is bridged
 * to the home through the bus. Nothing live happens in HTTP handlers: routes
 * hand sockets to the hub and the hub to rooms.
 *
 * Tenancy: an advisor's socket acts in one organisation ({@link LiveViewer});
 * it joins only rooms of the sites the member may see (another code or
 * session id is answered like an unknown one), and
 * {@link LiveHub.disconnectAdvisor} ends an advisor's live views in one
 * organisation on every process (through the bus).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { AdvisorRow } from '../auth/tokens.ts';
import type { Logger } from '../logger.ts';
import { scopeSiteIds, type Scope } from '../scope/index.ts';
import type { MediaService } from '../media/media-service.ts';
import { RateLimitedError, type RateLimiters } from '../rate-limit/rate-limiter.ts';
import { LiveCloseCode, LiveErrorCode, type AdvisorMessage, type LiveSessionSummary } from '../../protocol/live.ts';
import {
  ADVISORS_CHANNEL,
  peerChannel,
  roomChannel,
  type AttachInfo,
  type ToAdvisors,
  type ToPeer,
  type ToRoom,
} from './bus/bus-messages.ts';
import type { LiveBus, Unsubscribe } from './bus/live-bus.ts';
import { LivePeer } from './live-peer.ts';
import { HEARTBEAT_MS, LiveRegistry, roomKeyOf } from './live-registry.ts';
import { LiveRoom } from './live-room.ts';
import type { TabHello } from './live-tab.ts';
import type { SocketLink } from './socket-link.ts';
import type { SiteAssetCopies } from '../assets/site-asset-copies.ts';

export const DEFAULT_GRACE_MS = 30_000;
export const DEFAULT_MAX_BUFFER_BYTES = 32 * 1024 * 1024;
/** How long a bridged socket waits for the home's first answer. */
const ATTACH_TIMEOUT_MS = 5_000;

export interface LiveHubOptions {
  db: Db;
  bus: LiveBus;
  logger: Logger;
  graceMs?: number;
  maxBufferBytes?: number;
  /** The SFU for live calls (rooms without it refuse to start calls). */
  media?: MediaService;
  /** Counts wrong help codes per advisor (`liveCode`); without it codes are not limited. */
  rateLimits?: RateLimiters;
  /** Told of advisors joining and being granted control, for the audit log (server/audit/live-audit.ts). */
  audit?: LiveAuditHooks;
  /** Points relayed events at the server's copies of the site's files (server/assets); without it they pass as sent. */
  assets?: SiteAssetCopies;
}

export interface LiveAuditHooks {
  viewerJoined(advisorId: string, sessionId: string): void;
  controlGranted(advisorId: string, sessionId: string): void;
}

/** What an advisor's socket may reach: one organisation, and in it the sites the member may see. */
export interface ViewerAccess {
  orgId: string;
  /** The sites the advisor may watch now (read again at each join); null when they may not help live there any more. */
  sites(): Promise<readonly string[] | null>;
}

/** An advisor's socket: who, and in which organisation. */
export interface LiveViewer {
  advisor: AdvisorRow;
  access: ViewerAccess;
}

/** Where a connection delivers what its socket says, once attached. */
export interface PeerSink {
  deliver(message: Parameters<LivePeer['receive']>[0], bytes: number): void;
  resync(): void;
  detach(): void;
}

export interface CustomerContext {
  sessionId: string;
  siteId: string;
  /** The session's stored visit id (never one a socket names). */
  visitId: string | null;
  consentRequired: boolean;
  url: string | null;
}

/** What the tab's `hello` adds to its context. */
export type CustomerHello = Omit<TabHello, 'tabId' | 'url'> & { follow: boolean };

export type JoinResult = { ok: true; sink: PeerSink } | { ok: false; code: LiveErrorCode; message: string; retryAfterMs?: number };

const WRONG_CODE: JoinResult = { ok: false, code: LiveErrorCode.UnknownCode, message: 'no live session has this code (wrong or expired)' };
const NOT_LIVE: JoinResult = { ok: false, code: LiveErrorCode.UnknownSession, message: 'this session is not live' };

export class LiveHub {
  readonly registry: LiveRegistry;
  #bus: LiveBus;
  #logger: Logger;
  #graceMs: number;
  #maxBufferBytes: number;
  #media: MediaService | undefined;
  #rateLimits: RateLimiters | undefined;
  #audit: LiveAuditHooks | undefined;
  readonly #assets: SiteAssetCopies | undefined;
  #rooms = new Map<string, { room: LiveRoom; unsubscribe: Promise<Unsubscribe> }>();
  #remotePeers = new Map<string, LivePeer>();
  #links = new Set<SocketLink>();
  /** Attached advisor sockets on this process, for {@link disconnectAdvisor}. */
  #viewers = new Map<SocketLink, { advisorId: string; orgId: string }>();
  #heartbeat: NodeJS.Timeout;
  #closed = false;

  constructor(options: LiveHubOptions) {
    this.registry = new LiveRegistry(options.db);
    this.#bus = options.bus;
    this.#logger = options.logger.child({ live: options.bus.nodeId.slice(0, 8) });
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.#maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    this.#media = options.media;
    this.#rateLimits = options.rateLimits;
    this.#audit = options.audit;
    this.#assets = options.assets;
    this.#heartbeat = setInterval(() => {
      this.registry
        .heartbeat(
          this.nodeId,
          [...this.#rooms.values()].flatMap(({ room }) => room.tabIds),
        )
        .catch((err: unknown) => this.#logger.warn({ err }, 'live heartbeat failed'));
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
    void this.#bus.subscribe(ADVISORS_CHANNEL, (raw) => {
      const m = raw as ToAdvisors;
      if (m.op === 'disconnect' && m.from !== this.nodeId) this.#closeViewers(m.advisorId, m.orgId);
    });
  }

  get nodeId() {
    return this.#bus.nodeId;
  }

  get roomCount() {
    return this.#rooms.size;
  }

  /** The room this process holds for a room key or one of its tabs' session ids (tests and diagnostics). */
  localRoom(keyOrSessionId: string): LiveRoom | undefined {
    const direct = this.#rooms.get(keyOrSessionId)?.room;
    if (direct) return direct;
    for (const { room } of this.#rooms.values()) if (room.tabIds.includes(keyOrSessionId)) return room;
    return undefined;
  }

  track(link: SocketLink): () => void {
    this.#links.add(link);
    return () => this.#links.delete(link);
  }

  /** The live rooms of the caller's sites. */
  async listSessions(scope: Scope): Promise<LiveSessionSummary[]> {
    return this.registry.list(await scopeSiteIds(scope));
  }

  /**
   * Ends every live view of `advisorId` in `orgId` (deactivated, or their
   * access changed), on this process at once and on the others through the
   * bus (with the in-process bus there are no others). Closed with
   * `AccessRevoked`; their sockets in other organisations stay. Answers how
   * many were closed here.
   */
  disconnectAdvisor(advisorId: string, orgId: string): number {
    this.#bus.publish(ADVISORS_CHANNEL, { op: 'disconnect', advisorId, orgId, from: this.nodeId } satisfies ToAdvisors);
    return this.#closeViewers(advisorId, orgId);
  }

  #closeViewers(advisorId: string, orgId: string): number {
    let closed = 0;
    for (const [link, viewer] of this.#viewers) {
      if (viewer.advisorId !== advisorId || viewer.orgId !== orgId) continue;
      this.#viewers.delete(link);
      link.close(LiveCloseCode.AccessRevoked, 'your access to this organisation ended');
      closed++;
    }
    return closed;
  }

  /** Remembers an attached advisor socket until it detaches. */
  #trackViewer(link: SocketLink, viewer: LiveViewer, sink: PeerSink): PeerSink {
    this.#viewers.set(link, { advisorId: viewer.advisor.id, orgId: viewer.access.orgId });
    return {
      deliver: (m, bytes) => sink.deliver(m, bytes),
      resync: () => sink.resync(),
      detach: () => {
        this.#viewers.delete(link);
        sink.detach();
      },
    };
  }

  /**
   * A customer tab said `hello`: attach it to its visit's room, here or at
   * the room's home. A tab that only `follow`s live help (its visit went
   * live in another tab) is refused when the visit has no room: undefined.
   */
  async attachCustomer(link: SocketLink, ctx: CustomerContext, hello: CustomerHello): Promise<PeerSink | undefined> {
    const peerId = randomUUID();
    const key = roomKeyOf(ctx);
    const home = await this.registry.claim(ctx, this.nodeId, hello.follow);
    if (home === null) return undefined;
    const tab: TabHello = { tabId: ctx.sessionId, url: ctx.url, page: hello.page, visible: hello.visible, focused: hello.focused };
    const info: AttachInfo = { role: 'customer', peerId, tab };
    if (home !== this.nodeId) return this.#bridge(link, key, info);
    const room = this.#rooms.get(key)?.room ?? this.#openRoom(key, ctx);
    return this.#attachLocal(link, room, info);
  }

  /**
   * The advisor said `join`: find the room by code or id and attach, here or
   * at its home. A code costs the advisor a point of `liveCode` before it is
   * looked up, given back when it was right: guesses over the limit are
   * refused without touching the database, and parallel guesses on many
   * sockets are each counted (the store's increment is atomic).
   */
  async attachViewer(viewer: LiveViewer, link: SocketLink, join: AdvisorMessage<'join'>): Promise<JoinResult> {
    const { advisor } = viewer;
    if (!join.code) return this.#attachViewer(viewer, link, join);
    const limits = this.#rateLimits;
    try {
      await limits?.hit('liveCode', advisor.id);
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      this.#logger.warn({ advisorId: advisor.id, retryAfterMs: err.retryAfterMs }, 'live: help codes rate-limited');
      const minutes = Math.ceil(err.retryAfterMs / 60_000);
      return {
        ok: false,
        code: LiveErrorCode.RateLimited,
        message: `too many wrong codes: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        retryAfterMs: err.retryAfterMs,
      };
    }
    // NOTE: only a right code gives its point back, and before the advisor hears
    // anything (so a next join never races the refund); a wrong one keeps costing.
    const refund = async () => {
      await limits?.refund('liveCode', advisor.id).catch((err: unknown) => this.#logger.warn({ err }, 'live: code refund failed'));
    };
    return this.#attachViewer(viewer, link, join, refund);
  }

  /** `codeAccepted`: awaited once the code is known right, before the viewer is attached. */
  async #attachViewer(
    viewer: LiveViewer,
    link: SocketLink,
    join: AdvisorMessage<'join'>,
    codeAccepted: () => Promise<void> = async () => {},
  ): Promise<JoinResult> {
    const { advisor } = viewer;
    const [found, sites] = await Promise.all([
      join.code ? this.registry.byCode(join.code) : this.registry.bySession(join.sessionId!),
      viewer.access.sites(),
    ]);
    // NOTE: a room of another organisation, or of a site the member may not see, does not exist for them:
    // the same answer as an unknown code (which keeps costing a point) or session.
    const row = found && sites?.includes(found.siteId) ? found : undefined;
    if (!row) return join.code ? WRONG_CODE : NOT_LIVE;
    const info: AttachInfo = {
      role: 'viewer',
      peerId: randomUUID(),
      advisor: { id: advisor.id, name: join.name ?? advisor.name },
      ...(join.resume ? { resume: join.resume } : {}),
    };
    if (row.homeNode !== this.nodeId) {
      // The registry resolves live codes only: a row found by code is a right code.
      if (join.code) await codeAccepted();
      this.#audit?.viewerJoined(advisor.id, row.sessionId);
      return { ok: true, sink: this.#trackViewer(link, viewer, await this.#bridge(link, row.roomKey, info)) };
    }
    const room = this.#rooms.get(row.roomKey)?.room;
    if (!room) return NOT_LIVE;
    if (join.code && !room.acceptsCode(join.code)) return WRONG_CODE;
    if (join.code) await codeAccepted();
    this.#audit?.viewerJoined(advisor.id, row.sessionId);
    return { ok: true, sink: this.#trackViewer(link, viewer, this.#attachLocal(link, room, info)) };
  }

  #openRoom(key: string, ctx: CustomerContext): LiveRoom {
    const { registry } = this;
    const room = new LiveRoom({
      key,
      siteId: ctx.siteId,
      consentRequired: ctx.consentRequired,
      ...(this.#assets ? { assets: this.#assets } : {}),
      graceMs: this.#graceMs,
      maxBufferBytes: this.#maxBufferBytes,
      logger: this.#logger,
      ...(this.#media ? { media: this.#media } : {}),
      store: {
        assignCode: (id) => registry.assignCode(id),
        clearCode: (id) => registry.clearCode(id),
        saveChat: (id, m, advisorId) => registry.saveChat(id, m, advisorId),
        controlGranted: (id, advisorId) => this.#audit?.controlGranted(advisorId, id),
        update: (id, state) => {
          registry.update(id, this.nodeId, state).catch((err: unknown) => this.#logger.warn({ err }, 'live registry update failed'));
        },
        tabGone: (id) => {
          registry.remove(id, this.nodeId).catch((err: unknown) => this.#logger.warn({ err }, 'live registry remove failed'));
        },
      },
    });
    const unsubscribe = this.#bus.subscribe(roomChannel(key), (m) => this.#onRoomBus(room, m as ToRoom));
    this.#rooms.set(key, { room, unsubscribe });
    room.once('closed', () => {
      const entry = this.#rooms.get(key);
      if (entry?.room !== room) return;
      this.#rooms.delete(key);
      void entry.unsubscribe.then((u) => u()).catch(() => {});
      for (const id of room.tabIds) {
        this.registry.remove(id, this.nodeId).catch((err: unknown) => this.#logger.warn({ err }, 'live registry remove failed'));
      }
    });
    return room;
  }

  #attachLocal(link: SocketLink, room: LiveRoom, info: AttachInfo): PeerSink {
    const peer = new LivePeer({ id: info.peerId, role: info.role, transport: link, advisor: info.advisor });
    link.onLag = () => peer.requestResync();
    if (info.role === 'customer') room.attachCustomer(peer, info.tab!);
    else room.attachViewer(peer, info);
    return {
      deliver: (m, bytes) => peer.receive(m, bytes),
      resync: () => peer.requestResync(),
      detach: () => peer.disconnected(),
    };
  }

  /** Home side: a socket on another process speaks to one of our rooms. */
  #onRoomBus(room: LiveRoom, m: ToRoom) {
    switch (m.op) {
      case 'attach': {
        const { peerId } = m.info;
        const bus = this.#bus;
        const peer = new LivePeer({
          id: peerId,
          role: m.info.role,
          advisor: m.info.advisor,
          transport: {
            send: (message) => bus.publish(peerChannel(peerId), { op: 'send', message } satisfies ToPeer),
            close: (code, reason) => bus.publish(peerChannel(peerId), { op: 'close', code, reason } satisfies ToPeer),
          },
        });
        this.#remotePeers.set(peerId, peer);
        peer.once('closed', () => this.#remotePeers.delete(peerId));
        if (m.info.role === 'customer') {
          if (m.info.tab) room.attachCustomer(peer, m.info.tab);
          else peer.close(LiveCloseCode.TryAgainLater, 'no tab');
        } else room.attachViewer(peer, m.info);
        return;
      }
      case 'message':
        return this.#remotePeers.get(m.peerId)?.receive(m.message, m.bytes);
      case 'resync':
        return this.#remotePeers.get(m.peerId)?.requestResync();
      case 'detach':
        return this.#remotePeers.get(m.peerId)?.disconnected();
    }
  }

  /** Socket side: bridges a local socket to a room held by another process. */
  async #bridge(link: SocketLink, roomKey: string, info: AttachInfo): Promise<PeerSink> {
    const bus = this.#bus;
    const toRoom = (m: ToRoom) => bus.publish(roomChannel(roomKey), m);
    let answered = false;
    let unsubscribe: Unsubscribe | undefined;
    const stop = () => {
      clearTimeout(timer);
      void unsubscribe?.().catch(() => {});
      unsubscribe = undefined;
    };
    unsubscribe = await bus.subscribe(peerChannel(info.peerId), (raw) => {
      const m = raw as ToPeer;
      answered = true;
      if (m.op === 'send') link.send(m.message);
      else {
        link.close(m.code, m.reason);
        stop();
      }
    });
    const timer = setTimeout(() => {
      if (answered) return;
      link.send({ type: 'error', code: LiveErrorCode.Internal, message: 'the live session did not answer; reconnect' });
      link.close(LiveCloseCode.TryAgainLater, 'room unavailable');
    }, ATTACH_TIMEOUT_MS);
    timer.unref();
    link.onLag = () => toRoom({ op: 'resync', peerId: info.peerId });
    toRoom({ op: 'attach', info });
    return {
      deliver: (message, bytes) => toRoom({ op: 'message', peerId: info.peerId, message, bytes }),
      resync: () => toRoom({ op: 'resync', peerId: info.peerId }),
      detach: () => {
        toRoom({ op: 'detach', peerId: info.peerId });
        stop();
      },
    };
  }

  /** Closes every socket with 1001 (clients reconnect elsewhere) and releases this process's rooms. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const link of this.#links) link.close(LiveCloseCode.GoingAway, 'server shutting down');
    const rooms = [...this.#rooms.values()];
    for (const { room } of rooms) room.close('room_closed', true);
    await Promise.allSettled([
      ...rooms.map(({ unsubscribe }) => unsubscribe.then((u) => u())),
      ...rooms.flatMap(({ room }) => room.tabIds.map((id) => this.registry.remove(id, this.nodeId))),
    ]);
    await this.#bus.close();
  }
}
