/**
 * A live view never asks the recorded site either: the events the hub relays
 * (as they come, and to a late joiner from its buffer) point at the copies
 * the site's earlier recordings captured; a URL with no copy yet keeps its
 * address. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { Site } from '../../protocol/api.ts';
import { assetHash } from '../../server/assets/asset-store.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, type LiveClient } from '../live/live-client.ts';
import { png, startSiteServer, type SiteServer } from './site-server.ts';
import { el, page } from './synthetic-page.ts';

describe.each(testDrivers)('a live view with the site’s copies on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let shop: SiteServer;
  let site: Site;
  const open: LiveClient<never, never>[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    shop = await startSiteServer();
    site = await t.createSite({ name: 'Live shop', allowedOrigins: [TEST_ORIGIN, shop.origin] });
    shop.set(
      '/logo.png',
      'image/png',
      png(6, 6, () => [9, 99, 199]),
    );
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await shop?.close();
    await t?.close();
    await database?.close();
  });

  it('relays snapshots and changes with the copies in place of the site’s files', async () => {
    // An earlier visit's recording captured the logo.
    const earlier = await t.startSession({ siteKey: site.siteKey });
    await t.putChunk(earlier, 0, page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/logo.png` })]), { siteKey: site.siteKey });
    await t.server.jobs.idle();
    const copy = `${t.url}/assets/${assetHash(shop.files.get('/logo.png')!.body as Buffer)}`;
    shop.hits.length = 0;

    const id = await t.startSession({ siteKey: site.siteKey });
    const c = await connectCustomer(t.url, id, site.siteKey);
    open.push(c as never);
    c.send({ type: 'hello', page: crypto.randomUUID() });
    await c.next('welcome');
    const snapshot = page(`${shop.origin}/`, [el('img', { src: `${shop.origin}/logo.png` }), el('img', { src: `${shop.origin}/new.png` })]);
    c.send({ type: 'events', seq: 0, events: snapshot as never });
    await c.next('ack');
    c.send({ type: 'help_request' });
    const { code } = await c.next('help_code');

    const a = await connectAdvisor(t.url, await t.token());
    open.push(a as never);
    a.send({ type: 'join', code });
    await a.next('waiting');
    const { viewer } = await c.next('consent_request');
    c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await a.next('welcome');
    const sync = JSON.stringify(await a.next('sync'));
    expect(sync).toContain(`"src":"${copy}"`);
    expect(sync).toContain(`"src":"${shop.origin}/new.png"`);
    expect(sync).not.toContain(`${shop.origin}/logo.png`);

    // A change while watching: an attribute pointing at the logo.
    const change = {
      type: 3,
      timestamp: Date.now(),
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [],
        attributes: [{ id: 12, attributes: { style: `background: url(${shop.origin}/logo.png)` } }],
      },
    };
    c.send({ type: 'events', seq: 1, events: [change] as never });
    const relayed = JSON.stringify(await a.next('events'));
    expect(relayed).toContain(`url(\\"${copy}\\")`);
    // The server's live relay fetched nothing from the site either.
    expect(shop.hits).toEqual([]);
  });
});
