/**
 * @module bench/bytes-per-minute
 * Storage per minute of a scripted shopping session on the demo shop
 * (browsing, cart, checkout form, mouse movement), recorded by the real
 * recorder in Chromium: bytes stored (chunks as stored once compacted,
 * `server/storage/`, plus the site's
 * stylesheets kept once for the session: `server/assets/inline-stylesheets.ts`)
 * against the raw rrweb JSON of the same events. The copies of the page's
 * files (images, fonts) are new bytes, not in the JSON: named, not counted.
 */
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { openDatabase } from '../db/client.ts';
import { assetBlobs, eventChunks, sessionAssets } from '../db/schema.ts';
import { INLINE_CSS_PREFIX } from '../server/assets/inline-stylesheets.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { sessionOf } from './recorder-session.ts';
import type { Benchmark, Row } from './report.ts';

const SCRIPT_MS = 45_000;

export const bytesPerMinute: Benchmark = {
  name: 'bytes per minute',
  async run(): Promise<Row[]> {
    const database = await openDatabase({});
    // No settle delay: the session is compacted (server/storage) as soon as its chunks are in.
    const server = await startTestServer({ database, searchIndexDelayMs: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${server.url}/demo/`);
      const sessionId = await sessionOf(page);
      const until = Date.now() + SCRIPT_MS;
      let round = 0;
      while (Date.now() < until) await shop(page, round++);
      await page.close({ runBeforeUnload: true });

      const totals = async () => {
        const [row] = await database.db
          .select({
            stored: sql<number>`coalesce(sum(${eventChunks.byteSize}), 0)::int`,
            raw: sql<number>`coalesce(sum(${eventChunks.rawSize}), 0)::int`,
            first: sql<number>`min(${eventChunks.firstTs})::float8`,
            last: sql<number>`max(${eventChunks.lastTs})::float8`,
            chunks: sql<number>`count(*)::int`,
          })
          .from(eventChunks)
          .where(eq(eventChunks.sessionId, sessionId));
        return row!;
      };
      // Let the last chunks (sent on pagehide) land.
      let t = await totals();
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const next = await totals();
        if (next.chunks === t.chunks && i > 4) break;
        t = next;
      }
      await server.server.jobs.idle();
      /** Bytes of the session's distinct blobs, stylesheets kept once (`inline`) or captured files. */
      const blobBytes = async (inline: boolean) => {
        const [row] = await database.db
          .select({ bytes: sql<number>`coalesce(sum(${assetBlobs.byteSize}), 0)::int`, files: sql<number>`count(*)::int` })
          .from(assetBlobs)
          .where(
            sql`${assetBlobs.hash} in (select ${sessionAssets.hash} from ${sessionAssets} where ${sessionAssets.sessionId} = ${sessionId}
              and ${sessionAssets.url} ${inline ? sql`like` : sql`not like`} ${`${INLINE_CSS_PREFIX}%`})`,
          );
        return row!;
      };
      const shared = await blobBytes(true);
      const captured = await blobBytes(false);
      const minutes = (t.last - t.first) / 60_000;
      return [
        {
          benchmark: 'Bytes stored per minute',
          variant: `scripted demo-shop session, ${minutes.toFixed(2)} min, ${t.chunks} chunks, ${round} rounds; chunks plus ${shared.files} stylesheet(s) kept once (${(shared.bytes / 1024).toFixed(1)} KiB); ${captured.files} page files copied for replays (${(captured.bytes / 1024).toFixed(1)} KiB, not counted)`,
          value: (t.stored + shared.bytes) / minutes / 1024,
          baseline: t.raw / minutes / 1024,
          baselineLabel: 'raw rrweb JSON of the same events',
          unit: 'KiB/min',
          reading: 'lower is better',
        },
      ];
    } finally {
      await browser.close();
      await server.close();
      await database.close();
    }
  },
};

/** One round of a customer's visit: browse, add, cart, checkout form, back. */
async function shop(page: Page, round: number) {
  const wander = async (steps: number) => {
    for (let i = 0; i < steps; i++) {
      await page.mouse.move(200 + ((i * 97 + round * 31) % 900), 150 + ((i * 53) % 500), { steps: 4 });
      await page.waitForTimeout(40);
    }
  };
  await page.goto(page.url().replace(/\/demo\/.*$/, '/demo/'));
  await wander(10);
  const adds = page.locator('[data-add]');
  await adds.nth(round % 6).click();
  await adds.nth((round + 2) % 6).click();
  await page.mouse.wheel(0, 400);
  await wander(6);
  await page.click('#cart-link');
  await wander(6);
  await page.click('#to-checkout');
  for (const [id, text] of [
    ['#name', 'Jane Customer'],
    ['#email', 'jane@example.org'],
    ['#street', '1 Main Street'],
    ['#postcode', '12345'],
    ['#city', 'Springfield'],
    ['#notes', 'Please ring the bell'],
  ] as const) {
    await page.click(id);
    await page.keyboard.type(text, { delay: 25 });
  }
  await wander(6);
}
