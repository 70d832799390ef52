/**
 * The written guide over real HTTP, with the real job queue and Chromium:
 * the demo-shop recording (moved to a "recorded site" that counts every
 * request it gets) published as a tutorial; the pictures job draws a PNG of
 * each step from the version's own redacted events; `guide.md` lists the
 * steps in order with their pictures, `guide.html` inlines them; the
 * pictures show the page (a picture's pixels, read back in Chromium); the
 * recorded site is never asked for anything; no redacted value appears in
 * the guides or in the events the pictures are drawn from; another
 * organisation's member gets 404, an `org` tutorial's picture needs a
 * member's sign-in. A server without Chromium answers guides without
 * pictures, saying so; one whose Chromium fails every time tries a version
 * a bounded number of times, then answers `failed` and queues nothing more.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Database } from '../../db/client.ts';
import { advisors, memberships, organisations, tutorialStepPictures, tutorialVersions } from '../../db/schema.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import type { PublicTutorial, Tutorial } from '../../protocol/tutorials.ts';
import { upsertMembership } from '../../server/scope/index.ts';
import { versionEventsJson } from '../../server/tutorials/public/published-tutorial.ts';
import { GUIDE_PICTURES_ATTEMPTS, GUIDE_PICTURES_JOB } from '../../server/tutorials/guide/guide-pictures-job.ts';
import { sql } from 'drizzle-orm';
import { renderStepPictures } from '../../server/tutorials/guide/step-picture-renderer.ts';
import { chromiumPath, launchChromium } from '../helpers/browser.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { publishDemoTutorial, startRecordedSite, type RecordedSite } from '../tutorial-embed/embed-helpers.ts';
import { PLANTED, TYPED } from './fixture.ts';
import { everythingPublished, expectJson, expectNowhere, patch, post } from './tutorial-helpers.ts';

const ARTIFACTS = new URL('../.artifacts/tutorials/', import.meta.url);
/** Redacted (the scan's findings, and the account holder's name by hand), or typed (masked: never recorded). */
const SECRETS = [PLANTED.email, PLANTED.iban, PLANTED.card, PLANTED.holder, TYPED.email, TYPED.name, TYPED.street];

/** What a picture shows, read back in Chromium: its size, how many colours, how much of it is the highlight's blue. */
async function pixelsOf(browser: Browser, png: Buffer) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const colours = new Set<number>();
        let blue = 0;
        let white = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
          // The highlight's border, #2563eb.
          if (Math.abs(r - 37) < 12 && Math.abs(g - 99) < 12 && Math.abs(b - 235) < 12) blue++;
          if (r > 250 && g > 250 && b > 250) white++;
        }
        const pixels = data.length / 4;
        return { width: canvas.width, height: canvas.height, colours: colours.size, blue, whiteShare: white / pixels };
      },
      `data:image/png;base64,${png.toString('base64')}`,
    );
  } finally {
    await page.close();
  }
}

describe.each(testDrivers)('the written guide on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let site: RecordedSite;
  let browser: Browser;
  let tutorial: Tutorial;
  let outsiderToken: string;

  beforeAll(async () => {
    database = await driver.open();
    [t, site, browser] = await Promise.all([startTestServer({ database }), startRecordedSite(), launchChromium()]);
    expect(t.server.config.chromiumPath).toBeTruthy();
    ({ tutorial } = await publishDemoTutorial(t, site.origin, 'Buying a kettle'));
    await t.server.jobs.idle({ timeoutMs: 90_000 });
    expect(await database.db.select().from(tutorialStepPictures)).toHaveLength(tutorial.steps.length);
    // The scan does not know names: the editor redacts the account holder's by hand and publishes again (version 2,
    // whose pictures replace version 1's).
    await expectJson(post(t, `/api/tutorials/${tutorial.id}/redactions`, { texts: [PLANTED.holder] }), 201);
    await expectJson(post(t, `/api/tutorials/${tutorial.id}/publish`, { visibility: 'public' }));
    await t.server.jobs.idle({ timeoutMs: 90_000 });

    await t.createAdvisor('outsider@guide.test', 'outsider-password', 'admin');
    const [orgB] = await database.db.insert(organisations).values({ name: 'Organisation B' }).returning();
    const [outsider] = await database.db.select().from(advisors).where(eq(advisors.email, 'outsider@guide.test'));
    await database.db.delete(memberships).where(eq(memberships.advisorId, outsider!.id));
    await upsertMembership(database.db, { orgId: orgB!.id, advisorId: outsider!.id, role: 'admin' });
    outsiderToken = await t.tokenFor('outsider@guide.test', 'outsider-password');
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await t?.close();
    await database?.close();
  });

  const pictureUrls = (md: string) => [...md.matchAll(/!\[[^\]]*\]\(<([^>]+)>\)/g)].map((m) => m[1]!);

  it('lists the steps in order, each with its picture, once the job ran', async () => {
    const res = await t.api(`/api/tutorials/${tutorial.id}/guide.md`);
    const md = await res.text();
    expect(res.status, md).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    expect(res.headers.get('x-guide-pictures')).toBe('complete');
    const published = await expectJson<PublicTutorial>(fetch(`${t.url}/t/${tutorial.slug}/tutorial.json`));
    const steps = published.steps;
    expect(steps.length).toBeGreaterThan(3);
    writeFileSync(new URL('guide.md', ARTIFACTS), md);
    expect(md.startsWith('# Buying a kettle\n')).toBe(true);
    expect(md).not.toContain('not available');

    // One numbered heading per step, in the version's order, each followed by its own picture.
    const headings = [...md.matchAll(/^#{2,3} (\d+)\\\. (.+)$/gm)];
    expect(headings.map((h) => Number(h[1]))).toEqual(steps.map((_, i) => i + 1));
    const urls = pictureUrls(md);
    expect(urls).toEqual(steps.map((s) => `${t.server.config.publicUrl}/t/${tutorial.slug}/pictures/v2-${s.id}.png`));
    let at = 0;
    steps.forEach((s, i) => {
      // The heading is the step's title: emphasis markers aside, escapes undone.
      const shown = headings[i]![2]!.replace(/(?<!\\)\*/g, '').replace(/\\(.)/g, '$1');
      expect(shown).toBe(s.title.replaceAll('*', '').replace(/\s+/g, ' ').trim());
      const heading = md.indexOf(headings[i]![0], at);
      const picture = md.indexOf(urls[i]!, heading);
      expect(heading, `step ${i + 1}`).toBeGreaterThanOrEqual(at);
      expect(picture, `picture of step ${i + 1}`).toBeGreaterThan(heading);
      at = picture;
    });
    // The element's name emphasised, its markers escaped nowhere else.
    expect(md).toMatch(/^#{2,3} \d+\\\. [^*\n]*\*[^*\n]+\*/m);
    // Version 1's pictures went with its events.
    const [current] = await database.db.select().from(tutorialVersions).where(eq(tutorialVersions.number, 2));
    const rows = await database.db.select().from(tutorialStepPictures);
    expect(rows.map((r) => r.versionId)).toEqual(steps.map(() => current!.id));
  });

  it('draws the page in each picture (non-blank, 1280×800, the step highlighted)', async () => {
    const md = await (await t.api(`/api/tutorials/${tutorial.id}/guide.md`)).text();
    const urls = pictureUrls(md);
    const shown = [];
    for (const url of urls) {
      // Public tutorial: its pictures open without signing in.
      const res = await fetch(url.replace(t.server.config.publicUrl!, t.url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      writeFileSync(new URL(`guide-step-${shown.length + 1}.png`, ARTIFACTS), png);
      shown.push(await pixelsOf(browser, png));
    }
    for (const p of shown) {
      expect(p).toMatchObject({ width: 1280, height: 800 });
      // A blank or single-colour frame has a handful of colours; the shop's page has text, buttons and images.
      expect(p.colours).toBeGreaterThan(40);
      expect(p.whiteShare).toBeLessThan(0.98);
    }
    // Steps on an element carry the highlight's outline.
    expect(shown.filter((p) => p.blue > 200).length).toBeGreaterThan(shown.length / 2);
  });

  it('never lets the rendering browser reach the recorded site', async () => {
    expect(site.requests).toEqual([]);
    // The replay does try (the shop's images and stylesheets): every such request is refused before it leaves.
    const [version] = await database.db.select().from(tutorialVersions).where(eq(tutorialVersions.number, 2));
    const events = JSON.parse((await versionEventsJson(database.db, version!.id)).toString('utf8')) as unknown[];
    // The checkout page's steps: the page shows the shop's photos (by address).
    const steps = version!.snapshot.steps.filter((s) => s.url.endsWith('/checkout.html')).slice(0, 2);
    const { pictures, blockedRequests } = await renderStepPictures(chromiumPath(), events, steps);
    expect(pictures).toHaveLength(steps.length);
    expect(blockedRequests.length).toBeGreaterThan(0);
    for (const url of blockedRequests) expect(url.startsWith(`${site.origin}/demo/photos/`), url).toBe(true);
    expect(site.requests).toEqual([]);
  });

  it('shows no redacted value in the guides or in the events the pictures are drawn from', async () => {
    const md = await (await t.api(`/api/tutorials/${tutorial.id}/guide.md`)).text();
    const html = await (await t.api(`/api/tutorials/${tutorial.id}/guide.html`)).text();
    const publicMd = await (await fetch(`${t.url}/t/${tutorial.slug}/guide.md`)).text();
    const served = await everythingPublished(t, database, tutorial.id, tutorial.slug);
    expectNowhere([md, html, publicMd, ...served], SECRETS);
    // The planted card did show on the checkout page: the events carry its stand-in instead.
    expect(served.join('\n')).toMatch(/\[(card|iban|email) 1\]/);
  });

  it('answers a self-contained HTML page with the pictures inlined', async () => {
    const res = await t.api(`/api/tutorials/${tutorial.id}/guide.html`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('x-guide-pictures')).toBe('complete');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const steps = (await expectJson<PublicTutorial>(fetch(`${t.url}/t/${tutorial.slug}/tutorial.json`))).steps;
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(steps.length);
    expect(html).not.toMatch(/<script|https?:\/\/[^"]*\.(png|css|js)/);
    for (const [width, name] of [
      [1280, 'guide-desktop'],
      [390, 'guide-phone'],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      // Offline: everything the page shows is in it.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html);
      expect(await page.locator('section.step').count()).toBe(steps.length);
      expect(await page.evaluate(() => [...document.images].every((img) => img.complete && img.naturalWidth === 1280))).toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname });
      await page.close();
    }
  });

  it("keeps guides in the organisation: another organisation's member gets 404, an org tutorial's pictures need sign-in", async () => {
    for (const format of ['md', 'html']) {
      const res = await t.api(`/api/tutorials/${tutorial.id}/guide.${format}`, { token: outsiderToken });
      expect(res.status).toBe(404);
      expect((await t.api(`/api/tutorials/${tutorial.id}/guide.${format}`, { token: null })).status).toBe(401);
    }
    await expectJson<Tutorial>(patch(t, `/api/tutorials/${tutorial.id}`, { visibility: 'org' }));
    const md = await (await t.api(`/api/tutorials/${tutorial.id}/guide.md`)).text();
    const local = pictureUrls(md)[0]!.replace(t.server.config.publicUrl!, t.url);
    expect((await fetch(local)).status).toBe(401);
    expect((await fetch(local, { headers: { authorization: `Bearer ${outsiderToken}` } })).status).toBe(404);
    expect((await fetch(local, { headers: { authorization: `Bearer ${await t.token()}` } })).status).toBe(200);
    expect((await fetch(`${t.url}/t/${tutorial.slug}/guide.md`)).status).toBe(401);
    expect((await fetch(`${t.url}/t/${tutorial.slug}/guide.md`, { headers: { authorization: `Bearer ${outsiderToken}` } })).status).toBe(
      404,
    );
    await expectJson<Tutorial>(patch(t, `/api/tutorials/${tutorial.id}`, { visibility: 'public' }));
    // Another version's or step's picture is no picture.
    expect((await fetch(local.replace('/v2-', '/v1-'))).status).toBe(404);
  });

  it('refuses the guide of a tutorial never published (409)', async () => {
    const draft = await expectJson<Tutorial>(
      t.api('/api/tutorials', { method: 'POST', body: JSON.stringify({ sessionId: tutorial.sources[0]!.sessionId, title: 'Draft' }) }),
      201,
    );
    const refused = await expectJson<ErrorBody>(t.api(`/api/tutorials/${draft.id}/guide.md`), 409);
    expect(refused.error.code).toBe('conflict');
  });

  it('without Chromium: the guide has no pictures and says so', async () => {
    const db2 = await driver.open();
    const site2 = await startRecordedSite();
    const bare = await startTestServer({ database: db2, chromiumPath: '/nonexistent/chromium' });
    try {
      const { tutorial: other } = await publishDemoTutorial(bare, site2.origin, 'Buying a kettle, in words');
      expect(await bare.server.jobs.pendingByQueue([GUIDE_PICTURES_JOB])).toEqual([{ name: GUIDE_PICTURES_JOB, pending: 0 }]);
      for (const path of [`/api/tutorials/${other.id}/guide.md`, `/api/tutorials/${other.id}/guide.html`]) {
        const res = await bare.api(path);
        const text = await res.text();
        expect(res.status, text).toBe(200);
        expect(res.headers.get('x-guide-pictures')).toBe('unavailable');
        expect(text).toContain('Pictures of the steps are not available: this server has no headless Chromium to draw them.');
        expect(text).not.toMatch(/!\[|<img/);
        expect(text).toContain('Buying a kettle, in words');
      }
      const publicRes = await fetch(`${bare.url}/t/${other.slug}/guide.md`);
      expect(publicRes.headers.get('x-guide-pictures')).toBe('unavailable');
      expect(await db2.db.select().from(tutorialStepPictures)).toEqual([]);
      expect(site2.requests).toEqual([]);
    } finally {
      await bare.close();
      await site2.close();
      await db2.close();
    }
  });

  it('a Chromium that fails every time: a bounded number of attempts, then the guide says the pictures failed', async () => {
    // A "browser" that exits at once, as a Chromium crashing on this version would.
    const dir = mkdtempSync(join(tmpdir(), 'guide-crash-'));
    const crashing = join(dir, 'chromium');
    writeFileSync(crashing, '#!/bin/sh\nexit 1\n');
    chmodSync(crashing, 0o755);
    const db3 = await driver.open();
    const site3 = await startRecordedSite();
    const crashy = await startTestServer({ database: db3, chromiumPath: crashing, jobRetryDelaySeconds: 1 });
    const jobsOf = () =>
      rows<{ state: string; retry_count: number }>(
        db3.db,
        sql`select state, retry_count from pgboss.job where name = ${GUIDE_PICTURES_JOB} order by created_on`,
      );
    try {
      const { tutorial: other } = await publishDemoTutorial(crashy, site3.origin, 'Buying a kettle, crashing');
      await crashy.server.jobs.idle({ timeoutMs: 60_000 });
      // Publishing queued one job; it was tried GUIDE_PICTURES_ATTEMPTS times and failed for good.
      expect(await jobsOf()).toEqual([{ state: 'failed', retry_count: GUIDE_PICTURES_ATTEMPTS - 1 }]);
      for (const path of [`/api/tutorials/${other.id}/guide.md`, `/api/tutorials/${other.id}/guide.html`]) {
        const res = await crashy.api(path);
        const text = await res.text();
        expect(res.status, text).toBe(200);
        expect(res.headers.get('x-guide-pictures')).toBe('failed');
        expect(text).toContain('Pictures of the steps could not be drawn');
        expect(text).toContain('Buying a kettle, crashing');
      }
      const publicRes = await fetch(`${crashy.url}/t/${other.slug}/guide.md`);
      expect(publicRes.headers.get('x-guide-pictures')).toBe('failed');
      // Asking for the guide queued nothing more.
      expect(await jobsOf()).toHaveLength(1);
      expect(await db3.db.select().from(tutorialStepPictures)).toEqual([]);
    } finally {
      await crashy.close();
      await site3.close();
      await db3.close();
    }
  });
});
