/**
 * @module bench/case-ready
 * Async help: time from the customer's "send" (`POST /ingest/v1/cases`) to
 * the case ready in the inbox with its context and every enricher done
 * (the advisor's `GET /api/cases/:id` shows them `ok`), against the
 * enricher's own response time measured in the same run (a direct request
 * to the same stand-in for the shop's order system).
 *
 * The enricher answers after a fixed delay (50 ms and 500 ms, a fast and a
 * slow back office); the ratio is what the case path adds on top: the
 * intake transaction, the job queue's wake-up (LISTEN/NOTIFY, else its
 * one-second poll), the enricher job and its write.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseCreated, CaseDetail } from '../protocol/cases.ts';
import { INGEST_BASE, SITE_KEY_HEADER } from '../protocol/ingest-constants.ts';
import { startTestServer, TEST_ORIGIN, type TestServer } from '../tests/helpers/server.ts';
import { pgliteOnDisk, scratchPostgres, type BenchDatabase } from './databases.ts';
import type { Benchmark, Row } from './report.ts';

const DELAYS_MS = [50, 500];
const CASES = 8;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The shop's order system: answers an order's status after `delay` ms. */
async function orderSystem(): Promise<{ url: string; delay: number; close(): Promise<void> }> {
  const state = { delay: 0 };
  const server: Server = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ fields: { orderStatus: 'shipped' }, links: [{ label: 'Order', url: 'https://backoffice.test/orders/1' }] }));
    }, state.delay);
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get delay() {
      return state.delay;
    },
    set delay(ms: number) {
      state.delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendCase(t: TestServer, sessionId: string, i: number): Promise<CaseCreated> {
  const res = await fetch(`${t.url}${INGEST_BASE}/cases`, {
    method: 'POST',
    headers: { origin: TEST_ORIGIN, [SITE_KEY_HEADER]: t.site.siteKey, 'content-type': 'application/json', ...t.sessionAuth(sessionId) },
    body: JSON.stringify({ sessionId, question: `Where is my order? (${i})`, email: `customer${i}@example.com` }),
  });
  if (res.status !== 201) throw new Error(`case: ${res.status} ${await res.text()}`);
  return (await res.json()) as CaseCreated;
}

/** Polls the advisor API until every enricher of the case answered. */
async function readyAfter(t: TestServer, token: string, caseId: string, t0: number): Promise<number> {
  for (;;) {
    const res = await t.api(`/api/cases/${caseId}`, { token });
    const detail = (await res.json()) as CaseDetail;
    if (detail.enrichments.length > 0 && detail.enrichments.every((e) => e.status === 'ok')) return performance.now() - t0;
    if (detail.enrichments.some((e) => e.status === 'failed')) throw new Error('enricher failed');
    if (performance.now() - t0 > 30_000) throw new Error('case not ready in 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function measure(target: BenchDatabase): Promise<Row[]> {
  const t = await startTestServer({ database: target.database });
  const orders = await orderSystem();
  const rows: Row[] = [];
  try {
    const token = await t.token();
    const created = await t.api('/api/admin/enrichers', {
      method: 'POST',
      body: JSON.stringify({
        siteId: t.site.id,
        name: 'Orders',
        urlTemplate: `${orders.url}/orders/{metadata.orderId}`,
        metadataKeys: ['orderId'],
        timeoutMs: 5000,
      }),
    });
    if (created.status !== 201) throw new Error(`enricher: ${created.status} ${await created.text()}`);

    for (const delay of [0, ...DELAYS_MS]) {
      orders.delay = delay;
      const ready: number[] = [];
      const direct: number[] = [];
      const rounds = delay === 0 ? 2 : CASES; // delay 0: warm-up only
      for (let i = 0; i < rounds; i++) {
        const sessionId = await t.startSession({ metadata: { orderId: `A-${i}` } });
        const t0 = performance.now();
        const kase = await sendCase(t, sessionId, i);
        ready.push(await readyAfter(t, token, kase.caseId, t0));
        const d0 = performance.now();
        await (await fetch(`${orders.url}/orders/A-${i}`)).text();
        direct.push(performance.now() - d0);
      }
      if (delay === 0) continue;
      rows.push({
        benchmark: 'case ready',
        variant: `${target.label}, enricher answering in ${delay} ms: send → case in the inbox with context and enrichment (median of ${CASES})`,
        value: median(ready),
        baseline: median(direct),
        unit: 'ms',
        reading: 'lower is better; 1 would be the enricher alone',
        baselineLabel: "the enricher's own response time",
      });
    }
  } finally {
    await orders.close();
    await t.close();
  }
  return rows;
}

export const caseReady: Benchmark = {
  name: 'case ready',
  async run() {
    const rows: Row[] = [];
    for (const open of [pgliteOnDisk, scratchPostgres]) {
      const target = await open();
      if (!target) continue;
      try {
        rows.push(...(await measure(target)));
      } finally {
        await target.dispose();
      }
    }
    return rows;
  },
};
