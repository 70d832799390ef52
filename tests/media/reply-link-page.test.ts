/**
 * The customer's reply link page (`/s/:token`) over real HTTP on both
 * databases: it names the site and the advisor the videos come from (the
 * link's creator, else who recorded the replies), escaped, in the language
 * the browser asks for (English or German, English otherwise). Dates are the
 * page script's job (Intl, in the browser): tests/video/video-replies.test.ts.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { advisors } from '../../db/schema.ts';
import type { Site } from '../../protocol/api.ts';
import type { ReplyLinkCreated } from '../../protocol/media.ts';
import { pickLanguage } from '../../server/lib/accept-language.ts';
import { testDrivers } from '../helpers/db.ts';
import { TEST_ORIGIN, startTestServer, type TestServer } from '../helpers/server.ts';

describe('pickLanguage', () => {
  const supported = ['en', 'de'] as const;
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['de', 'de'],
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7', 'de'],
    ['en;q=0.1, de;q=0.9', 'de'],
    ['DE-at', 'de'],
    ['de;q=0, en', 'en'],
    ['fr, it', 'en'],
    ['*', 'en'],
    ['de;q=garbage, en-GB', 'en'],
  ])('%s → %s', (header, lang) => {
    expect(pickLanguage(header, supported)).toBe(lang);
  });
});

describe.each(testDrivers)('reply link page ($name)', (driver) => {
  let database: Database;
  let t: TestServer;
  let site: Site;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    site = await t.createSite({ name: 'Müller & Söhne <Shop>', allowedOrigins: [TEST_ORIGIN] });
    await database.db.update(advisors).set({ name: 'Anna Berger' }).where(eq(advisors.email, t.admin.email));
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  /** A session of the site with one sent reply by the admin, and a link made with `token`. */
  async function sessionWithLink(token?: string) {
    const sessionId = await t.startSession({ siteKey: site.siteKey });
    const base = `/api/sessions/${sessionId}/replies/r1`;
    expect((await t.api(base, { method: 'PUT', body: JSON.stringify({ mimeType: 'video/webm', startedAt: Date.now() }) })).status).toBe(
      201,
    );
    const chunk = await t.api(`${base}/chunks/0?startMs=0&durationMs=1000`, {
      method: 'PUT',
      headers: { 'content-type': 'video/webm' },
      body: new Uint8Array(100),
    });
    expect(chunk.status).toBe(201);
    expect((await t.api(`${base}/send`, { method: 'POST', body: JSON.stringify({ chunks: 1 }) })).status).toBe(200);
    const link = await t.api(`/api/sessions/${sessionId}/reply-links`, { method: 'POST', body: '{}', ...(token ? { token } : {}) });
    return ((await link.json()) as ReplyLinkCreated).path;
  }

  const page = async (path: string, acceptLanguage?: string) => {
    const res = await fetch(`${t.url}${path}`, { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
    expect(res.status).toBe(200);
    return { res, html: await res.text() };
  };

  it('names the site and the advisor, escaped, in German or English as the browser asks', async () => {
    const path = await sessionWithLink();
    const site = 'Müller &amp; Söhne &lt;Shop&gt;';

    const de = await page(path, 'de-DE,de;q=0.9,en;q=0.8');
    expect(de.res.headers.get('vary')).toMatch(/accept-language/i);
    expect(de.html).toContain('<html lang="de">');
    expect(de.html).toContain(`<title>Videoantworten von ${site}</title>`);
    expect(de.html).toContain(`<h1>Videoantworten von ${site}</h1>`);
    expect(de.html).toContain(`Anna Berger vom Support-Team von ${site} hat diese Videos für Sie aufgenommen.`);
    expect(de.html).not.toContain('<Shop>');
    // What the script writes comes in the page's language too.
    expect(de.html).toContain('data-empty="Noch keine Videoantworten."');
    expect(de.html).toContain('data-private-until="Dieser Link ist privat: Wer ihn hat, kann diese Videos ansehen. Er gilt bis "');

    for (const header of [undefined, 'en-GB,en;q=0.9', 'fr-FR,fr;q=0.9']) {
      const en = await page(path, header);
      expect(en.html, header).toContain('<html lang="en">');
      expect(en.html, header).toContain(`<h1>Video replies from ${site}</h1>`);
      expect(en.html, header).toContain(`Anna Berger from the ${site} support team recorded these videos for you.`);
    }
  });

  it('names who recorded the replies when the link’s creator is gone', async () => {
    await t.createAdvisor('linker@cobrowse.test', 'linker-password-1');
    const path = await sessionWithLink(await t.tokenFor('linker@cobrowse.test', 'linker-password-1'));
    expect((await page(path, 'en')).html).toContain('linker@cobrowse.test from the');
    await database.db.delete(advisors).where(eq(advisors.email, 'linker@cobrowse.test'));
    expect((await page(path, 'en')).html).toContain('Anna Berger from the');
  });
});
