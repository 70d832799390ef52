/**
 * The SFU layer against the real mediasoup worker binary: routers and
 * WebRtcTransports are created, producers and consumers are booked per
 * participant, a SIGKILLed worker is reported and replaced, and closing
 * leaves no mediasoup object behind.
 */
import { once } from 'node:events';
import type { types as ms } from 'mediasoup';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';
import { MediaService } from '../../server/media/media-service.ts';
import { resolveWorkerBin } from '../../server/media/worker-bin.ts';
import { WorkerPool, type WorkerDeath } from '../../server/media/worker-pool.ts';

const logger = createLogger('silent');
const transport = { listenIp: '127.0.0.1', portMin: 45000, portMax: 45999 };
const none = { workers: 0, routers: 0, transports: 0, producers: 0, consumers: 0, dataProducers: 0, dataConsumers: 0 };

/** A VP8 send stream as mediasoup-client would describe it. */
const vp8Producer: ms.RtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: 11111111 }],
  rtcp: { cname: 'test' },
};

const toClose: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of toClose.splice(0)) await c.close();
});

describe('media worker pool', () => {
  it('finds a worker binary', () => {
    expect(resolveWorkerBin()).toMatch(/mediasoup-worker/);
  });

  it('is lazy: nothing starts until a router is needed', async () => {
    const media = new MediaService({ workers: 2, transport, logger });
    toClose.push(media);
    expect(media.started).toBe(false);
    expect(await media.countObjects()).toEqual(none);
  });

  it('creates a router and a WebRtcTransport with UDP and TCP candidates on the configured address', async () => {
    const media = new MediaService({ workers: 2, transport, logger });
    toClose.push(media);
    const room = await media.room('session-a');
    expect(await media.room('session-a')).toBe(room);
    room.join('customer');
    const params = await room.createWebRtcTransport('customer');
    expect(params.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
    for (const c of params.iceCandidates) {
      expect(c.address).toBe('127.0.0.1');
      expect(c.port).toBeGreaterThanOrEqual(45000);
      expect(c.port).toBeLessThanOrEqual(45999);
    }
    expect(params.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    expect(await media.countObjects()).toMatchObject({ workers: 2, routers: 1, transports: 1 });
  });

  it('books producers and consumers per participant and leaves nothing when everyone leaves', async () => {
    const media = new MediaService({ workers: 1, transport, logger });
    toClose.push(media);
    const room = await media.room('session-b');
    room.join('customer');
    room.join('advisor');
    const send = await room.createWebRtcTransport('customer');
    const recv = await room.createWebRtcTransport('advisor');
    const [newProducer] = await Promise.all([
      once(room, 'newproducer'),
      room.produce('customer', send.id, { kind: 'video', rtpParameters: vp8Producer }),
    ]);
    const producerId = newProducer[1] as string;
    expect(room.producersFor('advisor')).toEqual([{ participantId: 'customer', producerId, kind: 'video' }]);
    const consumer = await room.consume('advisor', recv.id, producerId, room.rtpCapabilities as ms.RtpCapabilities);
    expect(consumer).toMatchObject({ producerId, kind: 'video', paused: true });
    await room.resumeConsumer('advisor', consumer.id);
    expect(await media.countObjects()).toMatchObject({ routers: 1, transports: 2, producers: 1, consumers: 1 });

    // The producer's owner leaves: the advisor's consumer goes with it.
    const consumerClosed = once(room, 'consumerclosed');
    room.leave('customer');
    expect(await consumerClosed).toEqual(['advisor', consumer.id]);
    expect(await media.countObjects()).toMatchObject({ routers: 1, transports: 1, producers: 0, consumers: 0 });

    const closed = once(room, 'closed');
    room.leave('advisor');
    expect(await closed).toEqual(['empty']);
    expect(media.roomCount).toBe(0);
    expect(await media.countObjects()).toEqual({ ...none, workers: 1 });
    await expect(room.createWebRtcTransport('advisor')).rejects.toThrow(/closed/);
  });

  it('keeps the room when the last participant re-joins in the same tick', async () => {
    const media = new MediaService({ workers: 1, transport, logger });
    toClose.push(media);
    const room = await media.room('session-c');
    room.join('customer');
    room.leave('customer');
    room.join('customer');
    await new Promise((r) => setTimeout(r, 20));
    expect(room.closed).toBe(false);
  });

  it('reports a SIGKILLed worker with its sessions, closes their rooms, and starts a replacement', async () => {
    const media = new MediaService({ workers: 2, transport, logger });
    toClose.push(media);
    const room = await media.room('session-d');
    room.join('customer');
    await room.createWebRtcTransport('customer');
    const pool = media.pool;
    const before = pool.pids;
    expect(before).toHaveLength(2);

    const victim = await workerPidOf(pool, room.routerId);
    const died = once(media, 'workerdied') as Promise<[WorkerDeath]>;
    const roomClosed = once(room, 'closed');
    const started = once(pool, 'workerstarted');
    process.kill(victim, 'SIGKILL');

    const [death] = await died;
    expect(death.pid).toBe(victim);
    expect(death.routerIds).toEqual([room.routerId]);
    expect(death.sessionIds).toEqual(['session-d']);
    expect(await roomClosed).toEqual(['worker-died']);
    const [newPid] = await started;
    expect(pool.pids).toHaveLength(2);
    expect(pool.pids).toContain(newPid);
    expect(pool.pids).not.toContain(victim);

    // The session gets a fresh room on a live worker.
    const again = await media.room('session-d');
    expect(again).not.toBe(room);
    again.join('customer');
    await again.createWebRtcTransport('customer');
    again.close();
    expect(await media.countObjects()).toEqual({ ...none, workers: 2 });
  });

  it('closes everything on close(), idempotently', async () => {
    const pool = new WorkerPool({ size: 1, logger });
    const router = await pool.createRouter({ sessionId: 's' }, []);
    const closed = once(pool, 'closed');
    pool.close();
    pool.close();
    await closed;
    expect(router.closed).toBe(true);
    expect(pool.pids).toEqual([]);
    await expect(pool.createRouter({ sessionId: 's' }, [])).rejects.toThrow(/closed/);
  });
});

async function workerPidOf(pool: WorkerPool, routerId: string): Promise<number> {
  for (const [pid, routerIds] of await pool.routerIdsByPid()) if (routerIds.includes(routerId)) return pid;
  throw new Error(`no worker holds router ${routerId}`);
}
