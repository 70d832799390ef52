/**
 * The editor's API over real HTTP: a tutorial made from a recorded session
 * (through ingest) with proposed steps; the list and its filters; settings;
 * steps renamed, given a body, reordered, merged, split, added and deleted;
 * chapters and annotations; redactions and the findings they silence; bad
 * input answered 400/404 without changing anything; roles (an advisor reads
 * but does not write).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { ErrorBody } from '../../protocol/errors.ts';
import type { Tutorial, TutorialFindingList, TutorialList } from '../../protocol/tutorials.ts';
import { testDrivers } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTutorial, expectJson, patch, post, recordedVisit } from './tutorial-helpers.ts';

describe.each(testDrivers)('editing tutorials on $name', (driver) => {
  let database: Database;
  let t: TestServer;
  let advisorToken: string;
  let contentToken: string;

  beforeAll(async () => {
    database = await driver.open();
    t = await startTestServer({ database });
    await t.createAdvisor('advisor@tutorials.test', 'advisor-password', 'advisor');
    await t.createAdvisor('content@tutorials.test', 'content-password', 'content');
    advisorToken = await t.tokenFor('advisor@tutorials.test', 'advisor-password');
    contentToken = await t.tokenFor('content@tutorials.test', 'content-password');
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('makes a tutorial of a recorded range with proposed steps', async () => {
    const { sessionId, start } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: '  Save your account  ' });
    expect(made).toMatchObject({ title: 'Save your account', status: 'draft', siteId: t.site.id, visibility: 'unlisted', url: null });
    expect(made.slug).toMatch(/^save-your-account-[A-Za-z0-9_-]{12}$/);
    expect(made.sources).toEqual([{ sessionId, startMs: null, endMs: null }]);
    expect(made.steps.map((s) => s.kind)).toContain('click');
    expect(made.steps.map((s) => s.position)).toEqual(made.steps.map((_, i) => i));
    for (const s of made.steps) expect(s.url).toMatch(/^http:\/\/shop\.test\//);

    // A cut range: only what happened from the second page on.
    const cut = await createTutorial(t, { sessionId, startMs: start + 3_500, title: 'After saving' });
    expect(cut.steps.every((s) => s.url.endsWith('/done'))).toBe(true);
    // Two ranges joined.
    const joined = await createTutorial(t, {
      sessionId,
      endMs: start + 2_500,
      title: 'Joined',
      sources: [{ sessionId, startMs: start + 3_500 }],
    });
    expect(joined.sources).toHaveLength(2);
    expect(joined.steps.some((s) => s.url.endsWith('/account'))).toBe(true);
    expect(joined.steps.some((s) => s.url.endsWith('/done'))).toBe(true);
  });

  it('refuses bad input with 400/404 and stores nothing', async () => {
    const { sessionId } = await recordedVisit(t);
    const before = await expectJson<TutorialList>(t.api('/api/tutorials?limit=200'));
    const bad = [
      {},
      { sessionId, title: '' },
      { sessionId: 'not-a-uuid', title: 'x' },
      { sessionId, title: 'x', startMs: 10, endMs: 5 },
      { sessionId, title: 'y'.repeat(201) },
    ];
    for (const body of bad) expect((await post(t, '/api/tutorials', body)).status, JSON.stringify(body)).toBe(400);
    expect((await post(t, '/api/tutorials', { sessionId: crypto.randomUUID(), title: 'x' })).status).toBe(404);
    // A range with nothing recorded in it.
    expect((await post(t, '/api/tutorials', { sessionId, title: 'x', startMs: 1, endMs: 2 })).status).toBe(400);
    const after = await expectJson<TutorialList>(t.api('/api/tutorials?limit=200'));
    expect(after.tutorials.length).toBe(before.tutorials.length);
  });

  it('lists with filters: site, author, status, updated', async () => {
    const { sessionId } = await recordedVisit(t);
    const mine = await createTutorial(t, { sessionId, title: 'By the admin' });
    const theirs = await createTutorial(t, { sessionId, title: 'By content' }, contentToken);
    const all = await expectJson<TutorialList>(t.api('/api/tutorials?limit=200'));
    expect(all.tutorials.map((x) => x.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const byMe = await expectJson<TutorialList>(t.api('/api/tutorials?author=me&limit=200'));
    expect(byMe.tutorials.map((x) => x.id)).toContain(mine.id);
    expect(byMe.tutorials.map((x) => x.id)).not.toContain(theirs.id);
    const byContent = await expectJson<TutorialList>(t.api(`/api/tutorials?author=${theirs.authorId}`));
    expect(byContent.tutorials.map((x) => x.id)).toEqual([theirs.id]);
    expect(theirs.authorName).toBe('content@tutorials.test');
    const site = await expectJson<TutorialList>(t.api(`/api/tutorials?siteId=${t.site.id}&status=draft&limit=200`));
    expect(site.tutorials.map((x) => x.id)).toContain(mine.id);
    expect((await expectJson<TutorialList>(t.api('/api/tutorials?status=published'))).tutorials).toEqual([]);
    const later = Date.now() + 60_000;
    expect((await expectJson<TutorialList>(t.api(`/api/tutorials?updatedSince=${later}`))).tutorials).toEqual([]);
    await patch(t, `/api/tutorials/${mine.id}`, { title: 'Renamed' });
    const recent = await expectJson<TutorialList>(t.api(`/api/tutorials?updatedSince=${Date.parse(theirs.updatedAt) + 1}`));
    expect(recent.tutorials[0]?.id).toBe(mine.id);
    expect((await t.api('/api/tutorials?status=gone')).status).toBe(400);
    expect((await t.api('/api/tutorials?limit=0')).status).toBe(400);
  });

  it('edits steps: rename, body, reorder, merge, split, add, delete', async () => {
    const { sessionId } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: 'Steps' });
    const path = `/api/tutorials/${made.id}`;
    const [a, b] = made.steps;
    expect(a && b).toBeTruthy();

    let now = await expectJson<Tutorial>(patch(t, `${path}/steps/${a!.id}`, { title: 'Open your account', body: 'It is at the top.' }));
    expect(now.steps[0]).toMatchObject({ id: a!.id, title: 'Open your account', body: 'It is at the top.' });

    const added = await expectJson<Tutorial>(
      post(t, `${path}/steps`, { title: 'Check the result', kind: 'navigate', t: 99_000, url: 'http://shop.test/done', position: 0 }),
      201,
    );
    expect(added.steps[0]!.title).toBe('Check the result');
    const ids = added.steps.map((s) => s.id);
    now = await expectJson<Tutorial>(post(t, `${path}/steps/reorder`, { stepIds: [...ids.slice(1), ids[0]] }));
    expect(now.steps.map((s) => s.id)).toEqual([...ids.slice(1), ids[0]]);
    expect(now.steps.map((s) => s.position)).toEqual(ids.map((_, i) => i));
    // Not every step, a repeat, or an unknown one: 400, order unchanged.
    for (const stepIds of [ids.slice(1), [...ids, ids[0]], [...ids.slice(1), crypto.randomUUID()]]) {
      expect((await post(t, `${path}/steps/reorder`, { stepIds })).status).toBe(400);
    }
    expect((await expectJson<Tutorial>(t.api(path))).steps.map((s) => s.id)).toEqual(now.steps.map((s) => s.id));

    // Merge the first two (neighbours): one step, bodies joined.
    const [s0, s1, s2] = now.steps;
    await patch(t, `${path}/steps/${s1!.id}`, { body: 'Then save.' });
    now = await expectJson<Tutorial>(post(t, `${path}/steps/merge`, { stepIds: [s0!.id, s1!.id], title: 'Open and save' }));
    expect(now.steps[0]).toMatchObject({ id: s0!.id, title: 'Open and save', body: 'It is at the top.\n\nThen save.' });
    expect(now.steps.map((s) => s.id)).not.toContain(s1!.id);
    if (s2 && now.steps.length >= 3) {
      const notNeighbours = await expectJson<ErrorBody>(
        post(t, `${path}/steps/merge`, { stepIds: [now.steps[0]!.id, now.steps[2]!.id] }),
        400,
      );
      expect(notNeighbours.error.message).toMatch(/neighbouring/);
    }

    // Split: a new step right after, from t on.
    const target = now.steps[0]!;
    const next = now.steps[1];
    const splitAt = next ? Math.floor((target.t + next.t) / 2) + (next.t > target.t + 1 ? 0 : 1) : target.t + 500;
    if (!next || next.t > target.t + 1) {
      const split = await expectJson<Tutorial>(post(t, `${path}/steps/${target.id}/split`, { t: splitAt, title: 'The second half' }), 201);
      expect(split.steps[1]).toMatchObject({ title: 'The second half', t: splitAt, kind: target.kind, url: target.url });
      now = split;
    }
    expect((await post(t, `${path}/steps/${target.id}/split`, { t: target.t })).status).toBe(400);

    // Delete.
    const gone = now.steps.at(-1)!;
    now = await expectJson<Tutorial>(t.api(`${path}/steps/${gone.id}`, { method: 'DELETE' }));
    expect(now.steps.map((s) => s.id)).not.toContain(gone.id);
    expect(now.steps.map((s) => s.position)).toEqual(now.steps.map((_, i) => i));
    // Unknown, malformed, and another tutorial's step ids: 404.
    const other = await createTutorial(t, { sessionId, title: 'Other' });
    for (const id of [gone.id, 'nope', other.steps[0]!.id]) {
      expect((await patch(t, `${path}/steps/${id}`, { title: 'x' })).status, id).toBe(404);
      expect((await t.api(`${path}/steps/${id}`, { method: 'DELETE' })).status, id).toBe(404);
    }
    expect((await patch(t, `${path}/steps/${now.steps[0]!.id}`, {})).status).toBe(400);
    expect((await patch(t, `${path}/steps/${now.steps[0]!.id}`, { title: '' })).status).toBe(400);
  });

  it('chapters, annotations, settings', async () => {
    const { sessionId } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: 'Parts' });
    const path = `/api/tutorials/${made.id}`;
    const step = made.steps[0]!;
    let now = await expectJson<Tutorial>(post(t, `${path}/chapters`, { title: 'Getting there', stepIds: [step.id] }), 201);
    const chapter = now.chapters[0]!;
    expect(chapter).toMatchObject({ title: 'Getting there', position: 0 });
    expect(now.steps[0]!.chapterId).toBe(chapter.id);
    now = await expectJson<Tutorial>(patch(t, `${path}/chapters/${chapter.id}`, { title: 'Start' }));
    expect(now.chapters[0]!.title).toBe('Start');

    now = await expectJson<Tutorial>(post(t, `${path}/annotations`, { stepId: step.id, nodeId: 13, kind: 'callout', text: 'Here' }), 201);
    expect(now.annotations).toEqual([expect.objectContaining({ stepId: step.id, nodeId: 13, kind: 'callout', text: 'Here' })]);
    expect((await post(t, `${path}/annotations`, { kind: 'arrow' })).status).toBe(400);
    expect((await post(t, `${path}/annotations`, { t: 5, kind: 'sparkle' })).status).toBe(400);
    now = await expectJson<Tutorial>(post(t, `${path}/annotations`, { t: 1_500, kind: 'highlight' }), 201);
    now = await expectJson<Tutorial>(t.api(`${path}/annotations/${now.annotations[0]!.id}`, { method: 'DELETE' }));
    expect(now.annotations).toHaveLength(1);

    now = await expectJson<Tutorial>(patch(t, path, { coverStepId: step.id, visibility: 'org', expiresAt: '2099-01-01T00:00:00Z' }));
    expect(now).toMatchObject({ coverStepId: step.id, visibility: 'org', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect((await patch(t, path, { coverStepId: crypto.randomUUID() })).status).toBe(404);
    expect((await patch(t, path, { visibility: 'everyone' })).status).toBe(400);

    // Deleting the chapter keeps its steps.
    now = await expectJson<Tutorial>(t.api(`${path}/chapters/${chapter.id}`, { method: 'DELETE' }));
    expect(now.chapters).toEqual([]);
    expect(now.steps[0]).toMatchObject({ id: step.id, chapterId: null });
  });

  it('redactions: elements, texts, values ignored on purpose', async () => {
    const { sessionId } = await recordedVisit(t, { contact: 'Write to jo.doe@example.com' });
    const made = await createTutorial(t, { sessionId, title: 'Contact' });
    const path = `/api/tutorials/${made.id}`;
    const open = await expectJson<TutorialFindingList>(t.api(`${path}/findings`));
    expect(open.findings).toEqual([expect.objectContaining({ value: 'jo.doe@example.com', status: 'open', count: expect.any(Number) })]);
    let now = await expectJson<Tutorial>(post(t, `${path}/redactions`, { ignore: ['JO.DOE@example.com'] }), 201);
    expect(now.redactions).toEqual([expect.objectContaining({ kind: 'ignore', text: 'JO.DOE@example.com' })]);
    expect((await expectJson<TutorialFindingList>(t.api(`${path}/findings`))).findings[0]?.status).toBe('ignored');
    now = await expectJson<Tutorial>(t.api(`${path}/redactions/${now.redactions[0]!.id}`, { method: 'DELETE' }));
    expect(now.redactions).toEqual([]);
    now = await expectJson<Tutorial>(post(t, `${path}/redactions`, { nodeIds: [15], texts: ['jo.doe@example.com'] }), 201);
    expect(now.redactions).toHaveLength(2);
    // A repeat adds nothing.
    now = await expectJson<Tutorial>(post(t, `${path}/redactions`, { nodeIds: [15], texts: ['JO.DOE@EXAMPLE.COM'] }), 201);
    expect(now.redactions.map((r) => r.kind).sort()).toEqual(['node', 'text']);
    expect((await expectJson<TutorialFindingList>(t.api(`${path}/findings`))).findings).toEqual([]);
    const events = await (await t.api(`${path}/events`)).text();
    expect(events).not.toContain('jo.doe@example.com');
    expect((await post(t, `${path}/redactions`, {})).status).toBe(400);
    expect((await post(t, `${path}/redactions`, { nodeIds: [-1] })).status).toBe(400);
  });

  it('hides an element on one page only, or on every page', async () => {
    const { sessionId } = await recordedVisit(t);
    const page1 = await createTutorial(t, { sessionId, title: 'One page' });
    const path = `/api/tutorials/${page1.id}`;
    // Node 11 is the heading's text on the first page (the second page has no node 11): named by a moment on page 2, nothing is hidden.
    await expectJson<Tutorial>(post(t, `${path}/redactions`, { nodes: [{ id: 11, atMs: 3_500 }] }), 201);
    expect(await (await t.api(`${path}/events`)).text()).toContain('Your account');
    const now = await expectJson<Tutorial>(post(t, `${path}/redactions`, { nodes: [{ id: 11, atMs: 500 }] }), 201);
    expect(now.redactions.map((r) => [r.nodeId, r.atMs])).toEqual([
      [11, 3_500],
      [11, 500],
    ]);
    expect(await (await t.api(`${path}/events`)).text()).not.toContain('Your account');
    // A step quoting it loses it when published.
    await patch(t, `${path}/steps/${now.steps[0]!.id}`, { body: 'Look for "Your account" at the top' });
    await expectJson(post(t, `${path}/publish`, { visibility: 'public' }));
    const published = await expectJson<{ steps: { body: string }[] }>(fetch(`${t.url}/t/${now.slug}/tutorial.json`));
    expect(published.steps[0]!.body).toBe('Look for "[redacted]" at the top');
    expect((await post(t, `${path}/redactions`, { nodes: [{ id: 11 }] })).status).toBe(400);
  });

  it('an advisor reads tutorials but may not change them', async () => {
    const { sessionId } = await recordedVisit(t);
    const made = await createTutorial(t, { sessionId, title: 'Read only' });
    expect((await t.api(`/api/tutorials/${made.id}`, { token: advisorToken })).status).toBe(200);
    expect((await t.api('/api/tutorials', { token: advisorToken })).status).toBe(200);
    expect((await patch(t, `/api/tutorials/${made.id}`, { title: 'x' }, advisorToken)).status).toBe(403);
    expect((await post(t, '/api/tutorials', { sessionId, title: 'x' }, advisorToken)).status).toBe(403);
    expect((await t.api(`/api/tutorials/${made.id}`, { method: 'DELETE', token: advisorToken })).status).toBe(403);
    expect((await t.api(`/api/tutorials/${made.id}`, { token: null })).status).toBe(401);
    // The content role may.
    expect((await patch(t, `/api/tutorials/${made.id}`, { title: 'Edited by content' }, contentToken)).status).toBe(200);
    expect((await t.api(`/api/tutorials/${made.id}`, { method: 'DELETE', token: contentToken })).status).toBe(204);
    expect((await t.api(`/api/tutorials/${made.id}`)).status).toBe(404);
  });
});
