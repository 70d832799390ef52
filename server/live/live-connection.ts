/**
 * @module server/live/live-connection
 * One socket's conversation, on the process that holds the socket: size
 * and schema checks (a bad message gets `error`, never reaches a room),
 * the first message (`hello` / `join`) within {@link FIRST_MESSAGE_MS},
 * then delivery to the room through a {@link PeerSink}.
 */
import type { Logger } from '../logger.ts';
import {
  advisorToServerSchema,
  customerToServerSchema,
  LiveCloseCode,
  LiveErrorCode,
  MAX_ADVISOR_MESSAGE_BYTES,
  MAX_CUSTOMER_MESSAGE_BYTES,
  type AdvisorToServer,
  type CustomerToServer,
} from '../../protocol/live.ts';
import type { CustomerContext, LiveHub, LiveViewer, PeerSink } from './live-hub.ts';
import type { SocketLink } from './socket-link.ts';

export const FIRST_MESSAGE_MS = 10_000;
/** Messages kept while the first one is being attached (async). */
const MAX_QUEUED = 1_000;

export type ConnectionAuth =
  | { role: 'customer'; customer: CustomerContext }
  | {
      role: 'viewer';
      /** The advisor and the organisation the socket acts in (see live.routes.ts). */
      viewer: LiveViewer;
      /**
       * Whether the advisor's token still holds (not signed out, changed
       * password, idle or too old), asked every `recheckMs`: a socket outlives
       * the check made at its upgrade, and a revoked token must end it. The
       * membership is asked again too (deactivated, or no more live help:
       * closed with `AccessRevoked`; `LiveHub.disconnectAdvisor` does it at once).
       */
      stillSignedIn?: { check: () => Promise<boolean>; everyMs: number };
    };

type Incoming = CustomerToServer | AdvisorToServer;

export class LiveConnection {
  #hub: LiveHub;
  #link: SocketLink;
  #auth: ConnectionAuth;
  #logger: Logger;
  #state: 'new' | 'attaching' | 'attached' | 'closed' = 'new';
  #sink: PeerSink | undefined;
  #queue: [Incoming, number][] = [];
  #timer: NodeJS.Timeout;
  #recheck: NodeJS.Timeout | undefined;
  #untrack: () => void;

  constructor(hub: LiveHub, link: SocketLink, auth: ConnectionAuth, logger: Logger) {
    this.#hub = hub;
    this.#link = link;
    this.#auth = auth;
    this.#logger = logger;
    this.#untrack = hub.track(link);
    this.#timer = setTimeout(() => {
      if (this.#state === 'new') link.close(LiveCloseCode.Timeout, auth.role === 'customer' ? 'no hello' : 'no join');
    }, FIRST_MESSAGE_MS);
    this.#timer.unref();
    if (auth.role === 'viewer' && auth.stillSignedIn) this.#watchSignIn(auth.stillSignedIn, auth.viewer);
  }

  #watchSignIn({ check, everyMs }: { check: () => Promise<boolean>; everyMs: number }, viewer: LiveViewer) {
    this.#recheck = setInterval(() => {
      Promise.all([check(), viewer.access.sites()]).then(
        ([signedIn, sites]) => {
          if (this.#state === 'closed') return;
          if (!signedIn) this.#link.close(LiveCloseCode.SignedOut, 'signed out: sign in again');
          else if (sites === null) this.#link.close(LiveCloseCode.AccessRevoked, 'your access to this organisation ended');
        },
        // A failed check (database down) is no proof of sign-out: keep the socket, ask again later.
        (err: unknown) => this.#logger.warn({ err }, 'live: could not re-check an advisor token'),
      );
    }, everyMs);
    this.#recheck.unref();
  }

  onMessage(data: unknown): void {
    if (this.#state === 'closed') return;
    const isCustomer = this.#auth.role === 'customer';
    if (typeof data !== 'string') return this.#error(LiveErrorCode.BadMessage, 'send JSON text frames');
    const max = isCustomer ? MAX_CUSTOMER_MESSAGE_BYTES : MAX_ADVISOR_MESSAGE_BYTES;
    if (data.length > max) return this.#error(LiveErrorCode.TooLarge, `messages are limited to ${max} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.#error(LiveErrorCode.BadMessage, 'not valid JSON');
    }
    const schema = isCustomer ? customerToServerSchema : advisorToServerSchema;
    const parsed = schema.safeParse(json);
    const ref = typeof (json as { type?: unknown })?.type === 'string' ? (json as { type: string }).type.slice(0, 40) : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return this.#error(LiveErrorCode.BadMessage, `invalid message${where}: ${issue?.message ?? 'invalid'}`, ref);
    }
    this.#handle(parsed.data, data.length);
  }

  #handle(m: Incoming, bytes: number) {
    switch (this.#state) {
      case 'attached':
        return this.#sink!.deliver(m, bytes);
      case 'attaching':
        if (this.#queue.length >= MAX_QUEUED) return this.#error(LiveErrorCode.BadState, 'still joining, slow down', m.type);
        this.#queue.push([m, bytes]);
        return;
      case 'new':
        return this.#first(m);
    }
  }

  #first(m: Incoming) {
    const auth = this.#auth;
    if (auth.role === 'customer' && m.type !== 'hello') {
      return this.#error(LiveErrorCode.BadState, 'say hello first', m.type);
    }
    if (auth.role === 'viewer' && m.type !== 'join') return this.#error(LiveErrorCode.BadState, 'join first', m.type);
    this.#state = 'attaching';
    const attach = async (): Promise<PeerSink | undefined> => {
      if (auth.role === 'customer' && m.type === 'hello') {
        const url = m.url ? m.url : auth.customer.url;
        const hello = { page: m.page, visible: m.visible, focused: m.focused, follow: m.follow };
        const sink = await this.#hub.attachCustomer(this.#link, { ...auth.customer, url }, hello);
        // A tab following live help into a visit that has none: nothing to join.
        if (!sink) this.#link.close(LiveCloseCode.RoomClosed, 'no live help in this visit');
        return sink;
      }
      if (auth.role !== 'viewer') return undefined;
      const result = await this.#hub.attachViewer(auth.viewer, this.#link, m as AdvisorToServer & { type: 'join' });
      if (result.ok) return result.sink;
      this.#error(result.code, result.message, 'join', result.retryAfterMs);
      return undefined;
    };
    attach().then(
      (sink) => {
        if (!sink) {
          if (this.#state === 'attaching') this.#state = 'new';
          this.#queue = [];
          return;
        }
        if (this.#state === 'closed') return sink.detach();
        clearTimeout(this.#timer);
        this.#sink = sink;
        this.#state = 'attached';
        for (const [queued, bytes] of this.#queue.splice(0)) sink.deliver(queued, bytes);
      },
      (err: unknown) => {
        this.#logger.error({ err }, 'live attach failed');
        this.#error(LiveErrorCode.Internal, 'could not join the live session, reconnect');
        this.#link.close(LiveCloseCode.TryAgainLater, 'attach failed');
      },
    );
  }

  onClose(): void {
    if (this.#state === 'closed') return;
    const wasAttached = this.#state === 'attached';
    this.#state = 'closed';
    clearTimeout(this.#timer);
    clearInterval(this.#recheck);
    this.#link.dispose();
    this.#untrack();
    if (wasAttached) this.#sink!.detach();
  }

  #error(code: LiveErrorCode, message: string, ref?: string, retryAfterMs?: number) {
    this.#link.send({ type: 'error', code, message, ...(ref ? { ref } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
}
