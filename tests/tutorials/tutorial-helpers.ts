/**
 * Shared by the tutorial tests: calling the API as a given advisor and
 * reading the answer, finding rrweb nodes by their DOM id, and scanning
 * everything a published tutorial serves (and stores) for texts that must
 * not be there.
 */
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { tutorials, tutorialVersionChunks, tutorialVersions } from '../../db/schema.ts';
import type { Tutorial } from '../../protocol/tutorials.ts';
import { TEST_ORIGIN, type TestServer } from '../helpers/server.ts';

/**
 * Parses a real answer with the schema its contract documents and fails on
 * any key the schema does not declare, at any depth (zod drops undeclared
 * keys, so the parse differs from the answer exactly when it holds one).
 */
export function parseStrict<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.parse(body);
  expect(parsed, 'keys the schema does not declare').toStrictEqual(body);
  return parsed;
}

/** The answer's JSON after checking its status (the body is in the failure message). */
export async function expectJson<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const post = (t: TestServer, path: string, body: unknown, token?: string | null) =>
  t.api(path, { method: 'POST', body: JSON.stringify(body), ...(token === undefined ? {} : { token }) });
export const patch = (t: TestServer, path: string, body: unknown, token?: string | null) =>
  t.api(path, { method: 'PATCH', body: JSON.stringify(body), ...(token === undefined ? {} : { token }) });

export const createTutorial = (t: TestServer, body: Record<string, unknown>, token?: string) =>
  expectJson<Tutorial>(post(t, '/api/tutorials', body, token), 201);

/** rrweb node ids of elements with this DOM `id`, in full snapshots and added nodes. */
export function nodeIdOf(events: unknown[], domId: string): number | undefined {
  let found: number | undefined;
  const walk = (node: any) => {
    if (!node || typeof node !== 'object' || found !== undefined) return;
    if (node.attributes?.id === domId && typeof node.id === 'number') found = node.id;
    for (const child of node.childNodes ?? []) walk(child);
  };
  for (const e of events as any[]) {
    if (e.type === 2) walk(e.data.node);
    if (e.type === 3 && e.data.source === 0) for (const add of e.data.adds ?? []) walk(add.node);
  }
  return found;
}

/**
 * Every byte a published tutorial serves and stores, as text: the page, its
 * JSON, its events (asked gzipped and inflated here), and each stored chunk
 * of its versions, gunzipped.
 */
export async function everythingPublished(t: TestServer, database: Database, tutorialId: string, slug: string): Promise<string[]> {
  const texts: string[] = [];
  for (const path of ['', '/tutorial.json', '/events']) {
    const res = await fetch(`${t.url}/t/${slug}${path}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status, path).toBe(200);
    // fetch inflates a gzip answer itself; the bytes are what the client gets.
    texts.push(Buffer.from(await res.arrayBuffer()).toString('utf8'));
  }
  const versions = await database.db
    .select({ id: tutorialVersions.id })
    .from(tutorialVersions)
    .where(eq(tutorialVersions.tutorialId, tutorialId));
  expect(versions.length).toBeGreaterThan(0);
  for (const v of versions) {
    const chunks = await database.db.select().from(tutorialVersionChunks).where(eq(tutorialVersionChunks.versionId, v.id));
    for (const c of chunks) texts.push(gunzipSync(c.data).toString('utf8'));
  }
  const [row] = await database.db.select().from(tutorials).where(eq(tutorials.id, tutorialId));
  expect(row?.slug).toBe(slug);
  return texts;
}

/** Fails when any of `secrets` shows in any of `texts`, in any case, as written or JSON-escaped. */
export function expectNowhere(texts: string[], secrets: string[]) {
  for (const secret of secrets) {
    const forms = [secret, JSON.stringify(secret).slice(1, -1)].map((s) => s.toLowerCase());
    texts.forEach((text, i) => {
      const lower = text.toLowerCase();
      for (const form of forms) expect(lower.includes(form), `"${secret}" in served/stored text #${i}`).toBe(false);
    });
  }
}

/**
 * A small recorded visit, as rrweb events (for tests where a browser is not
 * the point): an account page with a heading, a name field, a Save button
 * and a contact line carrying `contact` (default: no personal data), a
 * click on Save, typing, then a second page.
 */
export function accountVisit(start: number, origin: string, contact = 'Write to us any time') {
  const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({
    type: 2,
    id,
    tagName,
    attributes,
    childNodes,
  });
  const txt = (id: number, textContent: string) => ({ type: 3, id, textContent });
  const snapshot = (id0: number, body: unknown[]) => ({
    node: {
      type: 0,
      id: id0,
      childNodes: [el(id0 + 1, 'html', {}, [el(id0 + 2, 'head', {}, []), el(id0 + 3, 'body', {}, body)])],
    },
    initialOffset: { left: 0, top: 0 },
  });
  const page1 = snapshot(1, [
    el(10, 'h1', { id: 'title' }, [txt(11, 'Your account')]),
    el(12, 'input', { id: 'name', type: 'text' }),
    el(13, 'button', { id: 'save' }, [txt(14, 'Save')]),
    el(15, 'p', { id: 'contact' }, [txt(16, contact)]),
  ]);
  const page2 = snapshot(100, [el(110, 'h1', { id: 'done' }, [txt(111, 'All saved')])]);
  return [
    { type: 4, timestamp: start, data: { href: `${origin}/account`, width: 1024, height: 768 } },
    { type: 2, timestamp: start + 5, data: page1 },
    { type: 3, timestamp: start + 1_000, data: { source: 5, id: 12, text: '*****', isChecked: false } },
    { type: 3, timestamp: start + 2_000, data: { source: 2, type: 2, id: 13, x: 40, y: 90 } },
    { type: 4, timestamp: start + 3_000, data: { href: `${origin}/done`, width: 1024, height: 768 } },
    { type: 2, timestamp: start + 3_005, data: page2 },
    { type: 3, timestamp: start + 4_000, data: { source: 2, type: 2, id: 110, x: 10, y: 10 } },
  ];
}

/** A session of {@link accountVisit} recorded through ingest; answers its id and start. */
export async function recordedVisit(t: TestServer, options: { contact?: string; metadata?: Record<string, string> } = {}) {
  const sessionId = await t.startSession(options.metadata ? { metadata: options.metadata } : {});
  const start = Date.now() - 10_000;
  const res = await t.putChunk(sessionId, 0, accountVisit(start, TEST_ORIGIN, options.contact));
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return { sessionId, start };
}
