/**
 * @module bench/web-components
 * How much of a page of Shoelace (Lit) web components a replay gets right:
 * the share of the live page's pixels (per-channel tolerance 16) that stock
 * rrweb's Replayer shows, over our recorder's events (through the ingest
 * stub, as stored) and over stock rrweb `record`'s events, same page, same
 * browser, same run. Goal ≥ 99.5 %.
 */
import type { eventWithTime } from '@rrweb/types';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startIngestStub } from '../tests/recorder/ingest-stub.ts';
import { openLive, stockRecordHead, stockReplayShot } from '../tests/web-components/component-replay.ts';
import { startComponentServer, SHOELACE_PREFIX } from '../tests/web-components/component-server.ts';
import { matchPixels } from '../tests/web-components/pixels.ts';
import { shoelacePage } from '../tests/web-components/shoelace-page.ts';
import type { Benchmark, Row } from './report.ts';

export const webComponents: Benchmark = {
  name: 'web components',
  async run(): Promise<Row[]> {
    const [stub, site, browser] = await Promise.all([startIngestStub(), startComponentServer(), launchChromium()]);
    try {
      const head = `<script type="module" src="${stub.url}/recorder.js"></script>
        <cobrowse-recorder site-key="${stub.siteKey}" autostart flush-interval="300"></cobrowse-recorder>`;
      site.set('/ours.html', shoelacePage({ shoelace: SHOELACE_PREFIX, head }));
      site.set('/stock.html', shoelacePage({ shoelace: SHOELACE_PREFIX, head: stockRecordHead() }));

      const ours = await openLive(browser, `${site.url}/ours.html`);
      const sessionId = await ours.page.evaluate(async () => {
        const recorder = document.querySelector('cobrowse-recorder') as unknown as { sessionId: string; flush(): Promise<void> };
        await recorder.flush();
        return recorder.sessionId;
      });
      await new Promise((r) => setTimeout(r, 1500));
      const ourEvents = stub.eventsOf(sessionId) as unknown as eventWithTime[];
      const ourMatch = await matchPixels(ours.page, ours.live, await stockReplayShot(browser, ourEvents, ours.at));

      const stock = await openLive(browser, `${site.url}/stock.html`);
      const stockEvents = (await stock.page.evaluate(
        () => (window as unknown as { rrwebEvents: unknown[] }).rrwebEvents,
      )) as eventWithTime[];
      const stockMatch = await matchPixels(stock.page, stock.live, await stockReplayShot(browser, stockEvents, stock.at));
      const pct = (n: number) => Math.round(n * 10000) / 100;
      return [
        {
          benchmark: 'web components (Shoelace page)',
          variant: 'pixels replayed right, our recording vs stock rrweb record (both in stock Replayer)',
          value: pct(ourMatch.ratio),
          baseline: pct(stockMatch.ratio),
          unit: '%',
          reading: 'higher is better; goal ≥ 99.5 %',
          baselineLabel: 'stock rrweb record',
        },
      ];
    } finally {
      await browser.close();
      await site.close();
      await stub.close();
    }
  },
};
