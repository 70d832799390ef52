/**
 * A customer's tabs in live help, over real WebSockets against a real
 * server: the tabs of one visit share one room (one consent, the banner's
 * viewers in every tab), the advisor follows the tab in use or picks one,
 * and control commands aimed at a page or tab the customer has left are
 * refused and reported, never forwarded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { LiveCloseCode, type ServerToAdvisorMap } from '../../protocol/live.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { connectAdvisor, connectCustomer, full, incr, meta, type AdvisorClient, type CustomerClient } from './live-client.ts';

describe.each(testDrivers)('live tabs on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database, liveGraceMs: 1_500 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await t?.close();
    await database?.close();
  });

  /** A tab: its own session, of the visit `visitKey`; `page` is its page load. */
  const tab = async (visitKey: string, opts: { id?: string; page?: string; follow?: boolean; snapshot?: string } = {}) => {
    const id = opts.id ?? (await t.startSession({ visitKey }));
    const page = opts.page ?? crypto.randomUUID();
    const c = await connectCustomer(t.url, id, t.site.siteKey);
    open.push(c);
    c.send({ type: 'hello', page, follow: opts.follow ?? false });
    return { c, id, page };
  };
  const advisor = async () => {
    const a = await connectAdvisor(t.url, await t.token());
    open.push(a);
    return a;
  };
  /** Two tabs of one visit, the second opened last (so in use), an advisor admitted from the first. */
  const twoTabs = async () => {
    const visitKey = crypto.randomUUID();
    const one = await tab(visitKey);
    await one.c.next('welcome');
    one.c.send({ type: 'events', seq: 0, events: [meta(1), full(2, 'one')] });
    await one.c.next('ack');
    one.c.send({ type: 'help_request' });
    const { code } = await one.c.next('help_code');
    const a = await advisor();
    a.send({ type: 'join', code });
    await a.next('waiting');
    const { viewer } = await one.c.next('consent_request');
    one.c.send({ type: 'consent', viewerId: viewer.id, accept: true });
    await a.next('welcome');
    expect(await a.next('sync')).toMatchObject({ tab: one.id, page: one.page });

    const two = await tab(visitKey);
    const welcome = await two.c.next('welcome');
    return { visitKey, one, two, a, viewerId: viewer.id, welcome };
  };
  /** The next `tabs` message that matches (earlier ones are skipped). */
  const tabsWhere = async (a: AdvisorClient, ok: (m: ServerToAdvisorMap['tabs']) => boolean) => {
    for (;;) {
      const m = await a.next('tabs');
      if (ok(m)) return m;
    }
  };
  const grantControl = async (a: AdvisorClient, c: CustomerClient, viewerId: string) => {
    a.send({ type: 'control_request' });
    await c.next('control_request');
    c.send({ type: 'control_grant', viewerId });
    await a.next('control_state');
  };

  it('a second tab of the visit joins the room: no second consent, the viewers shown there too', async () => {
    const { one, two, a, viewerId, welcome } = await twoTabs();
    expect(welcome.viewers.map((v) => v.id)).toEqual([viewerId]);
    expect(welcome.consentRequired).toBe(true);
    expect(two.c.pending()).not.toContain('consent_request');
    // The advisor learns about the tab and follows the customer to it.
    const tabs = await tabsWhere(a, (m) => m.tabs.length === 2);
    expect(tabs.tabs.map((x) => x.tabId).sort()).toEqual([one.id, two.id].sort());
    expect(tabs.tabs.find((x) => x.active)?.tabId).toBe(two.id);
    expect(tabs).toMatchObject({ watching: two.id, following: true, switched: 'customer' });
    // The new tab has no snapshot yet: asked for one; the advisor's page follows.
    await two.c.next('snapshot_request');
    two.c.send({ type: 'events', seq: 0, events: [meta(3), full(4, 'two')] });
    const sync = await a.next('sync');
    expect(sync).toMatchObject({ tab: two.id, page: two.page, batches: [{ seq: 0, events: [meta(3), full(4, 'two')] }] });

    // A second advisor is asked once, in every tab; one answer closes the other prompt.
    const b = await advisor();
    b.send({ type: 'join', sessionId: two.id });
    await b.next('waiting');
    const asked = (await one.c.next('consent_request')).viewer.id;
    expect((await two.c.next('consent_request')).viewer.id).toBe(asked);
    two.c.send({ type: 'consent', viewerId: asked, accept: true });
    expect(await one.c.next('consent_cancelled')).toMatchObject({ viewerId: asked });
    await b.next('welcome');
    for (const c of [one.c, two.c]) {
      await expect.poll(async () => (await c.next('viewers')).viewers.length).toBe(2);
    }
  });

  it('the advisor follows the tab the customer turns to, and may pick a tab', async () => {
    const { one, two, a } = await twoTabs();
    await tabsWhere(a, (m) => m.watching === two.id);
    await two.c.next('snapshot_request');
    two.c.send({ type: 'events', seq: 0, events: [meta(3), full(4, 'two')] });
    await a.next('sync');

    // The customer uses the first tab again (a click there): the advisor follows with a note.
    one.c.send({ type: 'tab_state', visible: true, focused: true, input: true });
    let tabs = await tabsWhere(a, (m) => m.watching === one.id);
    expect(tabs).toMatchObject({ following: true, switched: 'customer' });
    // Each tab is told whether it is the one in use (the last word is the current one).
    const lastInUse = async (c: CustomerClient) => {
      let m = await c.next('tab_in_use');
      while (c.pending().includes('tab_in_use')) m = await c.next('tab_in_use');
      return m.inUse;
    };
    expect(await lastInUse(one.c)).toBe(true);
    expect(await lastInUse(two.c)).toBe(false);
    expect(await a.next('sync')).toMatchObject({ tab: one.id, page: one.page, batches: [{ seq: 0, events: [meta(1), full(2, 'one')] }] });
    // Batches of the tab not watched do not reach the advisor; the watched tab's do.
    two.c.send({ type: 'events', seq: 1, events: [incr(5, 1)] });
    one.c.send({ type: 'events', seq: 1, events: [incr(6, 2)] });
    expect(await a.next('events')).toMatchObject({ seq: 1, tab: one.id, events: [incr(6, 2)] });

    // The advisor picks the second tab: it stays there when the customer moves.
    a.send({ type: 'watch_tab', tab: two.id });
    tabs = await a.next('tabs');
    expect(tabs).toMatchObject({ watching: two.id, following: false, switched: 'advisor' });
    expect((await a.next('sync')).tab).toBe(two.id);
    one.c.send({ type: 'tab_state', visible: true, focused: true, input: true });
    expect(await a.next('tabs')).toMatchObject({ watching: two.id, following: false, switched: null });
    // Following again goes to the tab in use.
    a.send({ type: 'watch_tab', tab: null });
    expect(await a.next('tabs')).toMatchObject({ watching: one.id, following: true });
    a.send({ type: 'watch_tab', tab: crypto.randomUUID() });
    expect(await a.next('error')).toMatchObject({ code: 'unknown_session', ref: 'watch_tab' });
  });

  it('control aimed at a tab the customer left, or a page it no longer shows, is refused and reported, never forwarded', async () => {
    const { one, two, a, viewerId } = await twoTabs();
    await two.c.next('snapshot_request');
    two.c.send({ type: 'events', seq: 0, events: [meta(3), full(4, 'two')] });
    await a.next('sync');
    await grantControl(a, one.c, viewerId);
    const click = { action: 'click', target: { nodeId: 7 } } as const;

    // Aimed at the first tab while the customer uses the second: refused.
    a.send({ type: 'control', command: click, tab: one.id, page: one.page });
    expect(await a.next('control_refused')).toEqual({ type: 'control_refused', action: 'click', reason: 'other_tab' });
    // Aimed at the second tab's page: it goes there, with the page it was aimed at.
    a.send({ type: 'control', command: click, tab: two.id, page: two.page });
    expect(await two.c.next('control')).toEqual({ type: 'control', viewerId, command: click, page: two.page });

    // The second tab navigates: the new page's socket (seq counter copied lower) brings its snapshot.
    two.c.close();
    const next = await tab('', { id: two.id });
    expect((await next.c.next('welcome')).lastSeq).toBe(-1);
    next.c.send({ type: 'events', seq: 0, events: [meta(8), full(9, 'two-next')] });
    expect(await next.c.next('ack')).toEqual({ type: 'ack', seq: 0 });
    // Never dropped as a resend: the advisor's page is the new one.
    const events = await a.next('events');
    expect(events).toMatchObject({ tab: two.id, page: next.page, events: [meta(8), full(9, 'two-next')] });

    // A click aimed at the page the advisor saw before the navigation: refused, not applied.
    a.send({ type: 'control', command: click, tab: two.id, page: two.page });
    expect(await a.next('control_refused')).toEqual({ type: 'control_refused', action: 'click', reason: 'page_changed' });
    // Nothing reached either tab; a chat sent afterwards arrives first.
    a.send({ type: 'chat', clientId: 'after', text: 'after the refusals' });
    await next.c.next('chat');
    await one.c.next('chat');
    expect(next.c.pending()).not.toContain('control');
    expect(one.c.pending()).not.toContain('control');
  });

  it('a tab following live help joins only a live visit, and stop in one tab ends help in all', async () => {
    // No live room for this visit: the following tab is refused.
    const lonely = await tab(crypto.randomUUID(), { follow: true });
    expect((await lonely.c.closed).code).toBe(LiveCloseCode.RoomClosed);

    const { one, two, a } = await twoTabs();
    // A tab of another visit never lands in this room.
    const stranger = await tab(crypto.randomUUID(), { follow: true });
    expect((await stranger.c.closed).code).toBe(LiveCloseCode.RoomClosed);

    one.c.send({ type: 'stop_viewing' });
    expect(await a.next('ended')).toEqual({ type: 'ended', reason: 'stopped_by_customer' });
    expect((await two.c.closed).code).toBe(LiveCloseCode.RoomClosed);
  });
});
