/**
 * What must never leave the page: typed passwords, `data-cb-mask` text and
 * fields, `data-cb-block` content, and (by default) any input value. Checked
 * on every byte the stub received, compressed and decompressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { newTab, sessionIdOf, startRecorderTestContext, type RecorderTestContext } from './context.ts';
import { SECRETS, testPage } from './test-page.ts';
import { inputEventsFor, nodeIdsByDomId, waitFor } from './rrweb-events.ts';

let t: RecorderTestContext;

beforeAll(async () => {
  t = await startRecorderTestContext();
});
afterAll(async () => {
  await t?.close();
});

/** Every byte uploaded for a session, raw and decompressed, as one string. */
function everythingSent(sessionId: string): string {
  return t.stub.requests
    .filter((r) => r.path.includes(sessionId))
    .map((r) => {
      // NOTE: only decoded text is searched: compressed bytes (and timestamps)
      // may hold any short digit run by chance.
      return r.contentType === 'application/gzip' ? gunzipSync(r.body).toString('utf8') : r.body.toString('utf8');
    })
    .join('\n');
}

async function typeEverything(page: Page) {
  await page.fill('#notes', 'seed'); // a value before typing, so "show password" flips happen mid-recording
  await page.locator('#name').pressSequentially(SECRETS.name, { delay: 5 });
  await page.locator('#password').pressSequentially(SECRETS.password, { delay: 5 });
  // A "show password" button: the field becomes type=text, then gets more input.
  await page.evaluate(() => document.querySelector('#password')!.setAttribute('type', 'text'));
  await page.locator('#password').pressSequentially('-shown', { delay: 5 });
  await page.locator('#card').pressSequentially(SECRETS.card, { delay: 5 });
  await page.locator('#notes').pressSequentially('notes-' + SECRETS.name, { delay: 5 });
  // Masked text changed by script after the snapshot.
  await page.evaluate((s) => {
    document.querySelector('#masked')!.textContent = s + '-changed';
    document.querySelector('#blocked')!.textContent = s + '-changed-blocked';
  }, SECRETS.maskedText);
}

describe('recorder privacy', () => {
  it('masks every input value, data-cb-mask text, and leaves data-cb-block out, by default', async () => {
    t.pages.set('/private.html', testPage(t.stub));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/private.html`);
    const sessionId = await sessionIdOf(page);
    await typeEverything(page);
    await waitFor('the last password keystrokes', () => {
      const ids = nodeIdsByDomId(t.stub.eventsOf(sessionId), 'password');
      const inputs = inputEventsFor(t.stub.eventsOf(sessionId), ids);
      return inputs.at(-1)?.text.length === SECRETS.password.length + '-shown'.length;
    });
    await waitFor(
      'the notes keystrokes',
      () =>
        inputEventsFor(t.stub.eventsOf(sessionId), nodeIdsByDomId(t.stub.eventsOf(sessionId), 'notes')).at(-1)?.text.length ===
        ('seednotes-' + SECRETS.name).length,
    );
    // Read once the keystrokes arrived: the snapshot naming the field came before them.
    const passwordIds = nodeIdsByDomId(t.stub.eventsOf(sessionId), 'password');
    const sent = everythingSent(sessionId);
    expect(passwordIds.size).toBe(1);
    for (const secret of [
      SECRETS.password,
      'Hunter2',
      '-shown',
      SECRETS.maskedText,
      'MASKED-TEXT',
      SECRETS.blockedText,
      'BLOCKED',
      SECRETS.name,
      SECRETS.card,
      SECRETS.card.slice(4, 12),
    ]) {
      expect(sent, secret).not.toContain(secret);
    }
    // The inputs were recorded, as stars.
    const name = inputEventsFor(t.stub.eventsOf(sessionId), nodeIdsByDomId(t.stub.eventsOf(sessionId), 'name'));
    expect(name.at(-1)!.text).toBe('*'.repeat(SECRETS.name.length));
    // The blocked element is a placeholder without content.
    expect(sent).toContain('rr_width');
    await context.close();
  });

  it('with no-mask-inputs, records plain fields but still masks passwords and data-cb-mask fields', async () => {
    t.pages.set('/unmasked.html', testPage(t.stub, { attributes: 'autostart no-mask-inputs' }));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/unmasked.html`);
    const sessionId = await sessionIdOf(page);
    await typeEverything(page);
    await waitFor('the name in clear (proves masking is off)', () => everythingSent(sessionId).includes(SECRETS.name));
    await waitFor('the notes keystrokes', () => everythingSent(sessionId).includes('notes-' + SECRETS.name));
    const sent = everythingSent(sessionId);
    for (const secret of [
      SECRETS.password,
      'Hunter2',
      '-shown',
      SECRETS.maskedText,
      SECRETS.blockedText,
      SECRETS.card,
      SECRETS.card.slice(4, 12),
    ]) {
      expect(sent, secret).not.toContain(secret);
    }
    await context.close();
  });
  it('masks and blocks what a burst adds deep inside masked or blocked elements, and records the rest in clear', async () => {
    // rrweb checks added nodes with `maskTextFn` (recorder/privacy-options.ts) and childList targets with a
    // memoized ancestor walk (scripts/rrweb-block-memo.ts), both remembered per mutation pass: both must give
    // rrweb's own answers at any depth, and a later pass must see an element masked since.
    t.pages.set('/deep.html', testPage(t.stub).replace('<div id="log"></div>', '<div id="log"></div><p class="rr-mask" id="rr">x</p>'));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/deep.html`);
    const sessionId = await sessionIdOf(page);
    await page.evaluate(() => {
      const chain = (root: Element, depth: number): Element => {
        let parent = root;
        for (let i = 0; i < depth; i++) {
          const d = document.createElement('div');
          parent.appendChild(d);
          parent = d;
        }
        return parent;
      };
      const log = document.getElementById('log')!;
      // 300 levels under a masked element: added text, and text changed later.
      const masked = document.createElement('section');
      masked.setAttribute('data-cb-mask', '');
      log.appendChild(masked);
      chain(masked, 300).textContent = 'DEEP-MASKED-ADDED';
      // Under an element masked by rrweb's own class.
      chain(document.getElementById('rr')!, 50).textContent = 'RR-MASKED-ADDED';
      // One burst growing a chain below a blocked element, level by level (each append its own mutation).
      const blocked = document.querySelector('#blocked')!;
      chain(blocked, 200).textContent = 'DEEP-BLOCKED-ADDED';
      // The same under an unmasked, unblocked element: recorded in clear.
      chain(log, 300).textContent = 'DEEP-CLEAR-ADDED';
    });
    await page.waitForTimeout(50);
    await page.evaluate(() => {
      const deepest = (root: Element) => {
        let e = root;
        while (e.firstElementChild) e = e.firstElementChild;
        return e;
      };
      (deepest(document.querySelector('[data-cb-mask]:not(#card):not(#masked)')!).firstChild as Text).data = 'DEEP-MASKED-CHANGED';
      deepest(document.querySelector('#blocked')!).appendChild(document.createTextNode('DEEP-BLOCKED-LATER'));
      // An element of the clear chain (its answer known from the pass above) masked now: what is added below it is masked.
      const clearChain = document.getElementById('log')!.lastElementChild!;
      clearChain.setAttribute('data-cb-mask', '');
      deepest(clearChain).appendChild(document.createElement('b')).textContent = 'LATER-MASKED-ADDED';
    });
    await waitFor('the text in clear', () => everythingSent(sessionId).includes('DEEP-CLEAR-ADDED'));
    await page.evaluate(() => (window as any).addMarkers(0, 1));
    await waitFor('a marker after the changes', () => everythingSent(sessionId).includes('marker-0'));
    const sent = everythingSent(sessionId);
    for (const secret of [
      'DEEP-MASKED-ADDED',
      'DEEP-MASKED-CHANGED',
      'RR-MASKED-ADDED',
      'DEEP-BLOCKED-ADDED',
      'DEEP-BLOCKED-LATER',
      'LATER-MASKED-ADDED',
    ]) {
      expect(sent, secret).not.toContain(secret);
    }
    // Masked text keeps its shape, as rrweb masks it.
    expect(sent).toContain('"*'.padEnd('DEEP-MASKED-ADDED'.length + 1, '*') + '"');
    expect(sent).toContain('"*'.padEnd('DEEP-MASKED-CHANGED'.length + 1, '*') + '"');
    await context.close();
  });

  it("masks text inside the site's own maskTextSelector, at load and when added later", async () => {
    t.pages.set(
      '/extra.html',
      testPage(t.stub, { noElement: true }).replace(
        '<div id="log"></div>',
        '<div id="log"></div><div class="secret-box"><p>EXTRA-MASKED-AT-LOAD</p></div>',
      ),
    );
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/extra.html`);
    // A string, so vitest does not rewrite the dynamic import.
    const sessionId: string = await page.evaluate(`(async () => {
      const mod = await import('${t.stub.url}/recorder.js');
      const rec = mod.startRecording({ siteKey: '${t.stub.siteKey}', maskTextSelector: '.secret-box' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      let parent = document.querySelector('.secret-box');
      for (let i = 0; i < 100; i++) parent = parent.appendChild(document.createElement('div'));
      parent.textContent = 'EXTRA-MASKED-ADDED';
      window.addMarkers(0, 1);
      await rec.uploaded();
      return rec.sessionId;
    })()`);
    await waitFor('the marker', () => everythingSent(sessionId).includes('marker-0'));
    const sent = everythingSent(sessionId);
    for (const secret of ['EXTRA-MASKED-AT-LOAD', 'EXTRA-MASKED-ADDED', SECRETS.maskedText]) expect(sent, secret).not.toContain(secret);
    await context.close();
  });

  it("leaves the recorder's own UI (buttons, panels, their shadow DOM) out of the recording", async () => {
    t.pages.set('/own-ui.html', testPage(t.stub, { attributes: 'autostart ask-button help-button' }));
    const { context, page } = await newTab(t.browser);
    await page.goto(`${t.pages.url}/own-ui.html`);
    const sessionId = await sessionIdOf(page);
    // Open the Ask for help form and type into it: all of it happens in the recorder's shadow DOM.
    await page.getByRole('button', { name: 'Ask for help' }).click();
    const question = page.getByRole('textbox').first();
    await question.fill('QUESTION-IN-THE-RECORDER-UI');
    await page.evaluate(() => {
      document.querySelector('h1')!.textContent = 'page-changed-after-the-form';
    });
    await waitFor('the page change', () => JSON.stringify(t.stub.eventsOf(sessionId)).includes('page-changed-after-the-form'));
    const sent = everythingSent(sessionId);
    for (const ui of ['Ask for help', 'Get help', 'QUESTION-IN-THE-RECORDER-UI', 'cobrowse-live-panel', 'cobrowse-ask-panel']) {
      expect(sent, ui).not.toContain(ui);
    }
    // The element itself is a placeholder without size, so a replay draws nothing where it is.
    const events = t.stub.eventsOf(sessionId);
    const host = JSON.stringify(events).match(/"tagName":"cobrowse-recorder","attributes":\{[^}]*\}/)?.[0];
    expect(host).toContain('rr_width');
    await context.close();
  });
});
