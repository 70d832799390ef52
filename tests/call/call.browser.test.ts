/**
 * Live calls end to end in headless Chromium with fake camera and
 * microphone, against the real server and a real mediasoup worker: a
 * customer (`<cobrowse-recorder>`) and two advisors (the advisor app). Each
 * side decodes the others' video and hears their audio (receiver WebRTC
 * stats); mute pauses the producer on the server and the others stop
 * receiving that audio; hang-up on both sides; no mediasoup object is left;
 * a SIGKILLed worker is replaced and the call sets its media up again on
 * the replacement by itself.
 *
 * Needs the built bundles (`npm run build`), then
 * `COBROWSE_SKIP_BUILD=1 npx vitest run tests/call`.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { callState, callWorld, inbound, launchCallBrowser, receivesFrom, type CallWorld, type Side } from './call-helpers.ts';

const SLOW = { timeout: 45_000, interval: 250 };
const none = { routers: 0, transports: 0, producers: 0, consumers: 0 };

describe('live calls in Chromium', () => {
  let database: Database;
  let t: TestServer;
  let browser: Browser;
  let world: CallWorld;
  let customer: Side;
  let alice: Side & { viewerId: string };
  let bob: Side & { viewerId: string };

  const counts = async () => {
    const { routers, transports, producers, consumers } = await t.server.media.sfu.countObjects();
    return { routers, transports, producers, consumers };
  };
  /** The server's producer of `participantId` of this kind. */
  const serverProducer = async (participantId: string, kind: 'audio' | 'video') => {
    const room = await t.server.media.sfu.existingRoom(world.sessionId);
    const participant = room?.participantIds.includes(participantId) ? room.assertAndGetParticipant(participantId) : undefined;
    return [...(participant?.producers.values() ?? [])].find((p) => p.kind === kind);
  };
  /** Sum of what `side` has received of `participantId`'s audio. */
  const audioFrom = async (side: Side, participantId: string) => {
    const s = (await inbound(side)).find((x) => x.participantId === participantId && x.kind === 'audio');
    return { energy: s?.totalAudioEnergy ?? 0, packets: s?.packetsReceived ?? 0 };
  };
  const click = (side: Side, name: string) => side.page.getByRole('button', { name, exact: true }).click();

  /** Alice starts, the customer accepts, Bob joins; everyone receives everyone. */
  const startCall = async () => {
    await click(alice, 'Start call');
    const invite = world.customer.page.getByRole('alertdialog', { name: /is calling you/ });
    await invite.waitFor({ timeout: 30_000 });
    await invite.getByRole('button', { name: 'Accept' }).click();
    await bob.page.getByRole('button', { name: 'Join call' }).click({ timeout: 30_000 });
    await expect.poll(() => receivesFrom(customer, [alice.viewerId, bob.viewerId]), SLOW).toBe(true);
    await expect.poll(() => receivesFrom(alice, ['customer', bob.viewerId]), SLOW).toBe(true);
    await expect.poll(() => receivesFrom(bob, ['customer', alice.viewerId]), SLOW).toBe(true);
  };

  beforeAll(async () => {
    database = await openDatabase({});
    // One worker: a killed worker's replacement is where the restarted call must land.
    t = await startTestServer({ database, liveGraceMs: 5_000, mediaWorkers: 1 });
    browser = await launchCallBrowser();
    world = await callWorld(t, browser);
    customer = world.customer;
    alice = await world.advisor('Alice');
    bob = await world.advisor('Bob');
  });

  afterAll(async () => {
    await world?.close();
    await browser?.close();
    await t?.close();
    await database?.close();
  });

  it('a customer and two advisors: each side decodes the others’ video and hears their audio', async () => {
    expect(await counts()).toEqual(none);
    await startCall();
    // One upstream each: 3 send + 3 receive transports, 6 producers, each consumed by the 2 others.
    expect(await counts()).toEqual({ routers: 1, transports: 6, producers: 6, consumers: 12 });
    // The customer's UI shows both advisors and its own preview.
    await expect
      .poll(
        () =>
          customer.page
            .locator('cobrowse-recorder')
            .evaluate(
              (el) =>
                el
                  .shadowRoot!.querySelector('cobrowse-live-panel')!
                  .shadowRoot!.querySelector('cobrowse-call-panel')!
                  .shadowRoot!.querySelectorAll('video').length,
            ),
        SLOW,
      )
      .toBe(3);
    expect(
      await alice.page.evaluate(
        `document.querySelector('cobrowse-advisor-app').shadowRoot.querySelector('cobrowse-live-view').shadowRoot.querySelector('cobrowse-advisor-call').dataset.call`,
      ),
    ).toBe('in-call');
  });

  it('mute pauses the producer on the server and the others stop receiving that audio; unmute brings it back', async () => {
    await click(alice, 'Mute');
    await expect.poll(async () => (await serverProducer(alice.viewerId, 'audio'))?.paused, SLOW).toBe(true);
    expect((await serverProducer(alice.viewerId, 'video'))?.paused).toBe(false);
    // Let what was in flight arrive, then watch for a while.
    await new Promise((r) => setTimeout(r, 1_500));
    const before = {
      c: await audioFrom(customer, alice.viewerId),
      b: await audioFrom(bob, alice.viewerId),
      bob: await audioFrom(customer, bob.viewerId),
    };
    await new Promise((r) => setTimeout(r, 2_500));
    const after = {
      c: await audioFrom(customer, alice.viewerId),
      b: await audioFrom(bob, alice.viewerId),
      bob: await audioFrom(customer, bob.viewerId),
    };
    expect(after.c.packets).toBe(before.c.packets);
    expect(after.b.packets).toBe(before.b.packets);
    expect(after.c.energy).toBeCloseTo(before.c.energy, 3);
    // Bob, not muted, still grows.
    expect(after.bob.packets).toBeGreaterThan(before.bob.packets);
    expect(after.bob.energy).toBeGreaterThan(before.bob.energy);
    // The others see it.
    await customer.page
      .locator('cobrowse-recorder')
      .getByText(/\(muted\)/)
      .waitFor({ timeout: 15_000 });

    await click(alice, 'Unmute');
    await expect.poll(async () => (await serverProducer(alice.viewerId, 'audio'))?.paused, SLOW).toBe(false);
    await expect.poll(async () => (await audioFrom(customer, alice.viewerId)).packets, SLOW).toBeGreaterThan(after.c.packets);
  });

  it('camera off pauses the video producer', async () => {
    await click(bob, 'Camera off');
    await expect.poll(async () => (await serverProducer(bob.viewerId, 'video'))?.paused, SLOW).toBe(true);
    await click(bob, 'Camera on');
    await expect.poll(async () => (await serverProducer(bob.viewerId, 'video'))?.paused, SLOW).toBe(false);
  });

  it('hang up: an advisor leaves alone, the customer ends the call, and no mediasoup object is left', async () => {
    await click(bob, 'Hang up');
    await expect.poll(async () => (await callState(bob))?.inCall, SLOW).toBe(false);
    // The others drop Bob's streams; the server closed his transports.
    await expect.poll(async () => (await inbound(customer)).filter((s) => s.participantId === bob.viewerId).length, SLOW).toBe(0);
    await expect.poll(async () => (await inbound(alice)).filter((s) => s.participantId === bob.viewerId).length, SLOW).toBe(0);
    await expect.poll(counts, SLOW).toEqual({ routers: 1, transports: 4, producers: 4, consumers: 4 });
    // Bob sees the call still runs and may join again.
    await bob.page.getByRole('button', { name: 'Join call' }).waitFor();

    // The customer hangs up: over for everyone.
    await customer.page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(async () => (await callState(alice))?.ended?.reason, SLOW).toBe('hung_up');
    await alice.page.getByText('The customer hung up.').waitFor();
    // The customer's notice does not stay over the page's buttons: Close takes it away.
    const notice = customer.page.locator('cobrowse-call-panel').getByText('The call ended.');
    await notice.waitFor();
    await customer.page.locator('cobrowse-call-panel').getByRole('button', { name: 'Close' }).click();
    await notice.waitFor({ state: 'detached' });
    await expect.poll(counts, SLOW).toEqual(none);
    expect(t.server.live.localRoom(world.sessionId)?.call).toBeUndefined();
  });

  it('a worker killed during a call is replaced and the call sets its media up again by itself: everyone decodes everyone again', async () => {
    await startCall();
    const callId = (await callState(alice))?.call?.callId;
    expect(callId).toBeTypeOf('string');
    const [pid] = t.server.media.sfu.pool.pids;
    expect(pid).toBeTypeOf('number');
    process.kill(pid!, 'SIGKILL');

    await expect.poll(() => t.server.media.sfu.pool.pids.filter((p) => p !== pid).length, SLOW).toBe(1);
    const [replacement] = t.server.media.sfu.pool.pids;
    // Nobody presses anything: every member's media is made again on the replacement worker…
    await expect.poll(async () => (await t.server.media.sfu.pool.routerIdsByPid()).get(replacement!)?.length ?? 0, SLOW).toBe(1);
    await expect.poll(counts, SLOW).toEqual({ routers: 1, transports: 6, producers: 6, consumers: 12 });
    // …and every side decodes the others' video and hears their audio again, in the same call.
    await expect.poll(() => receivesFrom(customer, [alice.viewerId, bob.viewerId]), SLOW).toBe(true);
    await expect.poll(() => receivesFrom(alice, ['customer', bob.viewerId]), SLOW).toBe(true);
    await expect.poll(() => receivesFrom(bob, ['customer', alice.viewerId]), SLOW).toBe(true);
    for (const side of [customer, alice, bob]) {
      expect(await callState(side)).toMatchObject({ inCall: true, busy: false, ended: null, error: null, call: { callId } });
    }

    await customer.page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(counts, SLOW).toEqual(none);
  });
});
