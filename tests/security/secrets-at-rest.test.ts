/**
 * Secrets at rest: enricher header values and webhook secrets are stored
 * sealed (AES-256-GCM under SECRET_KEY), never in plain text, on both
 * databases. Read straight from the rows, as someone holding a copy of the
 * database would; calls still carry the right header and signature; a
 * second server with the same key keeps working; a server with another key
 * fails clearly without damaging anything; plaintext left by an older
 * version is sealed at start-up; and without SECRET_KEY a key is generated
 * once into DATA_DIR and reused.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { caseEnrichers, caseWebhooks } from '../../db/schema.ts';
import { verifyWebhookSignature } from '../../server/cases/webhook-signature.ts';
import type { CaseCreated, CaseDetail, Enricher, Webhook } from '../../protocol/cases.ts';
import { SecretBox } from '../../server/secrets/secret-box.ts';
import { json, postCase, sendJson, startReceiver } from '../cases/case-helpers.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../helpers/server.ts';

const CRM_AUTH = 'Bearer crm-token-SEALED-0123456789';
const TEAM = 'team-red-SEALED-42';
const OWN_SECRET = 'whsec-own-SEALED-abcdef123456';
const SEALED = /^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/;

/** A logger whose JSON lines the test can read. */
function captureLogger() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** The stored text of every secret column, as the database holds it. */
async function rawSecrets(database: Database): Promise<string> {
  const enrichers = await database.db.select({ headers: sql<string>`${caseEnrichers.headers}::text` }).from(caseEnrichers);
  const hooks = await database.db.select({ secret: caseWebhooks.secret }).from(caseWebhooks);
  return JSON.stringify([enrichers, hooks]);
}

describe.each(testDrivers)('secrets at rest on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  const servers: TestServer[] = [];
  let systems: Awaited<ReturnType<typeof startReceiver>>;
  let hooks: Awaited<ReturnType<typeof startReceiver>>;
  let enricher: Enricher;
  let ownHook: Webhook;
  let generatedHook: Webhook;

  /** Another server on the same database (quick retries, like the case tests). */
  const startOn = async (o: Parameters<typeof startTestServer>[0]) => {
    const s = await startTestServer({ jobRetryLimit: 1, jobRetryDelaySeconds: 1, ...o });
    servers.push(s);
    return s;
  };
  const post = (s: TestServer, path: string, body: unknown) => s.api(path, { method: 'POST', body: JSON.stringify(body) });
  /** A case on the first server's site (whose enrichers and webhooks these are), through any server. */
  const caseOn = async (s: TestServer): Promise<CaseCreated> => {
    const siteKey = t.site.siteKey;
    const sessionId = await s.startSession({ siteKey, language: 'en-US', metadata: { orderId: 'A-1' } });
    return json<CaseCreated>(postCase(s, { question: 'Where is my order?', sessionId }, { siteKey }), 201);
  };

  beforeAll(async () => {
    database = await driver.open();
    t = await startOn({ database });
    systems = await startReceiver((req, res) => sendJson(res, req.url.startsWith('/crm/') ? 200 : 404, { fields: { Tier: 'gold' } }));
    hooks = await startReceiver((_req, res) => sendJson(res, 200, {}));
  });
  afterAll(async () => {
    for (const s of servers) await s.close().catch(() => {});
    await systems?.close();
    await hooks?.close();
    await database?.close();
  });

  it('stores header values and webhook secrets sealed, shows them masked, and a webhook secret once', async () => {
    enricher = await json<Enricher>(
      post(t, '/api/admin/enrichers', {
        siteId: t.site.id,
        name: 'CRM',
        urlTemplate: `${systems.url}/crm/{metadata.orderId}`,
        metadataKeys: ['orderId'],
        headers: { Authorization: CRM_AUTH, 'X-Team': TEAM },
      }),
      201,
    );
    expect(enricher.headers).toEqual({ Authorization: '••••6789', 'X-Team': '••••D-42' });
    ownHook = await json<Webhook>(
      post(t, '/api/admin/webhooks', { siteId: t.site.id, url: `${hooks.url}/own`, events: ['case.created'], secret: OWN_SECRET }),
      201,
    );
    generatedHook = await json<Webhook>(
      post(t, '/api/admin/webhooks', { siteId: t.site.id, url: `${hooks.url}/generated`, events: ['case.created'] }),
      201,
    );
    // Shown once, in the answer that sets it…
    expect(ownHook.secret).toBe(OWN_SECRET);
    expect(generatedHook.secret).toMatch(/^whsec_[\w-]{32}$/);

    // …never in the database: names readable, values in the sealed format, no plaintext anywhere.
    const raw = await rawSecrets(database);
    for (const secret of [CRM_AUTH, 'crm-token', TEAM, OWN_SECRET, generatedHook.secret, generatedHook.secret.slice(6)]) {
      expect(raw, secret).not.toContain(secret);
    }
    const [row] = await database.db.select().from(caseEnrichers).where(eq(caseEnrichers.id, enricher.id));
    expect(Object.keys(row!.headers).sort()).toEqual(['Authorization', 'X-Team']);
    for (const value of Object.values(row!.headers)) expect(value).toMatch(SEALED);
    const hookRows = await database.db.select().from(caseWebhooks);
    for (const h of hookRows) expect(h.secret).toMatch(SEALED);
    // Sealing is randomised: the same plaintext never gives the same stored text.
    const box = SecretBox.fromKey(TEST_SECRET_KEY);
    expect(box.seal(OWN_SECRET, 'webhook-secret')).not.toBe(box.seal(OWN_SECRET, 'webhook-secret'));
    // And bound to its use: a header value does not open as a webhook secret.
    expect(() => box.open(row!.headers.Authorization!, 'webhook-secret')).toThrow(/cannot be opened/);
    expect(box.open(row!.headers.Authorization!, 'enricher-header')).toBe(CRM_AUTH);

    // Masked afterwards, in every answer.
    const { webhooks } = await json<{ webhooks: Webhook[] }>(t.api('/api/admin/webhooks'));
    expect(webhooks.map((w) => w.secret).sort()).toEqual([`••••${generatedHook.secret.slice(-4)}`, '••••3456'].sort());
    const { enrichers } = await json<{ enrichers: Enricher[] }>(t.api('/api/admin/enrichers'));
    expect(enrichers[0]!.headers).toEqual({ Authorization: '••••6789', 'X-Team': '••••D-42' });

    // A header changed through PATCH is sealed too; null keeps the sealed value as it was.
    const changed = await json<Enricher>(
      t.api(`/api/admin/enrichers/${enricher.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ headers: { Authorization: null, 'X-Team': 'team-blue-SEALED-7' } }),
      }),
    );
    expect(changed.headers).toEqual({ Authorization: '••••6789', 'X-Team': '••••ED-7' });
    const [after] = await database.db.select().from(caseEnrichers).where(eq(caseEnrichers.id, enricher.id));
    expect(after!.headers.Authorization).toBe(row!.headers.Authorization);
    expect(after!.headers['X-Team']).toMatch(SEALED);
    expect(await rawSecrets(database)).not.toContain('team-blue');
  });

  it('opens them to call the enricher with its header and to sign webhooks', async () => {
    const kase = await caseOn(t);
    await t.server.jobs.idle({ timeoutMs: 30_000 });
    const call = systems.requests.find((r) => r.url === '/crm/A-1');
    expect(call?.headers.authorization).toBe(CRM_AUTH);
    expect(call?.headers['x-team']).toBe('team-blue-SEALED-7');
    const detail = await json<CaseDetail>(t.api(`/api/cases/${kase.caseId}`));
    expect(detail.enrichments).toEqual([expect.objectContaining({ enricherName: 'CRM', status: 'ok', fields: { Tier: 'gold' } })]);

    for (const [path, secret] of [
      ['/own', OWN_SECRET],
      ['/generated', generatedHook.secret],
    ] as const) {
      const delivery = hooks.requests.find((r) => r.url === path && JSON.parse(r.body).case.id === kase.caseId);
      expect(delivery, path).toBeDefined();
      expect(verifyWebhookSignature(secret, delivery!.body, delivery!.headers['x-cobrowse-signature'] as string)).toBe(true);
    }
  });

  it('keeps working on a second server with the same key, on the same database', async () => {
    await t.close();
    const second = await startOn({ database });
    const before = hooks.requests.length;
    const kase = await caseOn(second);
    await second.server.jobs.idle({ timeoutMs: 30_000 });
    expect(systems.requests.filter((r) => r.url === '/crm/A-1').at(-1)?.headers.authorization).toBe(CRM_AUTH);
    const own = hooks.requests.slice(before).find((r) => r.url === '/own' && JSON.parse(r.body).case.id === kase.caseId);
    expect(verifyWebhookSignature(OWN_SECRET, own!.body, own!.headers['x-cobrowse-signature'] as string)).toBe(true);
    const { enrichers } = await json<{ enrichers: Enricher[] }>(second.api('/api/admin/enrichers'));
    expect(enrichers[0]!.headers.Authorization).toBe('••••6789');
    await second.close();
  });

  it('fails clearly with another key, and neither start-up nor use changes what is stored', async () => {
    const stored = await rawSecrets(database);
    const { logger, lines } = captureLogger();
    const wrong = await startOn({ database, secretKey: 'another-key-entirely-0123456789-abcdefghij', logger });
    // Start-up says so.
    expect(lines.find((l) => l.level === 50 && /do not open with this SECRET_KEY/.test(l.msg))).toMatchObject({ values: 4 });

    const calls = systems.requests.length;
    const before = hooks.requests.length;
    const kase = await caseOn(wrong);
    await wrong.server.jobs.idle({ timeoutMs: 30_000 });
    // The enrichment fails at once (no retry can help) with the reason; the customer's system is not called.
    const detail = await json<CaseDetail>(wrong.api(`/api/cases/${kase.caseId}`));
    expect(detail.enrichments).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, error: expect.stringMatching(/cannot be opened with this SECRET_KEY/) }),
    ]);
    expect(systems.requests.length).toBe(calls);
    // Webhooks: not sent unsigned, recorded as failed with the reason.
    expect(hooks.requests.length).toBe(before);
    expect(detail.webhookDeliveries).toHaveLength(2);
    for (const d of detail.webhookDeliveries) {
      expect(d).toMatchObject({ status: 'failed', attempts: 1, responseCode: null, lastError: expect.stringMatching(/SECRET_KEY/) });
    }
    // The admin lists still answer, masked with no hint.
    const { enrichers } = await json<{ enrichers: Enricher[] }>(wrong.api('/api/admin/enrichers'));
    expect(enrichers[0]!.headers).toEqual({ Authorization: '••••', 'X-Team': '••••' });
    const { webhooks } = await json<{ webhooks: Webhook[] }>(wrong.api('/api/admin/webhooks'));
    expect(webhooks.every((w) => w.secret === '••••')).toBe(true);
    await wrong.close();
    expect(await rawSecrets(database)).toBe(stored);

    // Back on the right key, everything opens again.
    const right = await startOn({ database });
    const { enrichers: again } = await json<{ enrichers: Enricher[] }>(right.api('/api/admin/enrichers'));
    expect(again[0]!.headers.Authorization).toBe('••••6789');
    await right.close();
  });

  it('seals plaintext left by an older version at start-up, once', async () => {
    const [site] = await database.db.select({ id: caseEnrichers.siteId }).from(caseEnrichers).limit(1);
    const [legacyEnricher] = await database.db
      .insert(caseEnrichers)
      .values({
        siteId: site!.id,
        name: 'Legacy',
        urlTemplate: 'https://crm.test/{metadata.orderId}',
        metadataKeys: ['orderId'],
        headers: { 'X-Api-Key': 'legacy-key-PLAIN-0001' },
        enabled: false,
      })
      .returning();
    const [legacyHook] = await database.db
      .insert(caseWebhooks)
      .values({
        siteId: site!.id,
        url: 'https://hooks.test/legacy',
        events: ['case.created'],
        secret: 'legacy-secret-PLAIN-0002',
        enabled: false,
      })
      .returning();
    expect(await rawSecrets(database)).toContain('legacy-key-PLAIN-0001');

    const { logger, lines } = captureLogger();
    const s = await startOn({ database, logger });
    expect(lines.find((l) => /sealed enricher headers and webhook secrets stored in plain text/.test(l.msg))).toMatchObject({ rows: 2 });
    const once = await rawSecrets(database);
    expect(once).not.toContain('PLAIN-000');
    const box = SecretBox.fromKey(TEST_SECRET_KEY);
    const [e] = await database.db.select().from(caseEnrichers).where(eq(caseEnrichers.id, legacyEnricher!.id));
    const [h] = await database.db.select().from(caseWebhooks).where(eq(caseWebhooks.id, legacyHook!.id));
    expect(box.open(e!.headers['X-Api-Key']!, 'enricher-header')).toBe('legacy-key-PLAIN-0001');
    expect(box.open(h!.secret, 'webhook-secret')).toBe('legacy-secret-PLAIN-0002');
    await s.close();

    // Idempotent: a second start seals nothing again (the stored text is unchanged).
    const again = captureLogger();
    const s2 = await startOn({ database, logger: again.logger });
    expect(await rawSecrets(database)).toBe(once);
    expect(again.lines.some((l) => /stored in plain text/.test(l.msg))).toBe(false);
    await s2.close();
  });
});

describe('the key when SECRET_KEY is unset', () => {
  let dataDir: string;
  let database: Database;
  const saved = process.env.SECRET_KEY;

  beforeAll(async () => {
    delete process.env.SECRET_KEY;
    dataDir = await mkdtemp(join(tmpdir(), 'cobrowse-secret-key-'));
    database = await testDrivers[0]!.open();
  });
  afterAll(async () => {
    if (saved !== undefined) process.env.SECRET_KEY = saved;
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is generated once into DATA_DIR/secret-key (mode 0600), said in the log, and reused on the next start', async () => {
    const first = captureLogger();
    const s1 = await startTestServer({ database, dataDir, secretKey: undefined, logger: first.logger });
    const file = join(dataDir, 'secret-key');
    const key = (await readFile(file, 'utf8')).trim();
    expect(key).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.lines.find((l) => /SECRET_KEY is not set: generated a key into/.test(l.msg))).toMatchObject({ level: 40, file });
    const hook = await json<Webhook>(
      s1.api('/api/admin/webhooks', {
        method: 'POST',
        body: JSON.stringify({ siteId: s1.site.id, url: 'https://hooks.test/k', events: ['case.created'] }),
      }),
      201,
    );
    await s1.close();
    // Sealed with the generated key.
    const [row] = await database.db.select().from(caseWebhooks).where(eq(caseWebhooks.id, hook.id));
    expect(SecretBox.fromKey(key).open(row!.secret, 'webhook-secret')).toBe(hook.secret);

    const second = captureLogger();
    const s2 = await startTestServer({ database, dataDir, secretKey: undefined, logger: second.logger });
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    expect(second.lines.some((l) => /SECRET_KEY is not set: using the key in/.test(l.msg))).toBe(true);
    expect(second.lines.some((l) => l.level >= 50)).toBe(false);
    const { webhooks } = await json<{ webhooks: Webhook[] }>(s2.api('/api/admin/webhooks'));
    expect(webhooks[0]!.secret).toBe(`••••${hook.secret.slice(-4)}`);
    await s2.close();
  });
});
