/**
 * "…or imports the recorder from npm": the package `npm run
 * build:recorder-package` assembles is packed with `npm pack`, unpacked into
 * a throwaway application, type-checked and bundled there by Vite, and the
 * bundled page records into the real server.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from './page-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so the unpacked package finds lit and rrweb in its node_modules.
const app = join(root, 'tests/.artifacts/npm-consumer');

let database: Database;
let t: TestServer;
let pages: PageServer;
let browser: Browser;

beforeAll(async () => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules/@cobrowse/recorder'), { recursive: true });
  execFileSync('npm', ['run', '--silent', 'build:recorder-package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('npm', ['pack', '--silent', '--pack-destination', app], {
    cwd: join(root, 'dist/recorder-package'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(app).find((f) => f.endsWith('.tgz'))!;
  execFileSync('tar', ['xzf', tarball, '-C', 'node_modules/@cobrowse/recorder', '--strip-components=1'], { cwd: app });

  writeFileSync(
    join(app, 'main.ts'),
    `import { startRecording, type RecordingHandle } from '@cobrowse/recorder';
declare global { interface Window { recording: RecordingHandle; config: { siteKey: string; endpoint: string } } }
window.recording = startRecording({ siteKey: window.config.siteKey, endpoint: window.config.endpoint });
document.querySelector('button')!.addEventListener('click', () => {
  document.querySelector('#out')!.textContent = 'clicked';
});
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noEmit: true,
        lib: ['es2022', 'dom'],
        types: [],
        skipLibCheck: true,
      },
      files: ['main.ts'],
    }),
  );
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><script>window.config = JSON.parse(decodeURIComponent(location.hash.slice(1)));</script>
<script type="module" src="./main.ts"></script></head><body><button>Press</button><p id="out">waiting</p></body></html>`,
  );

  database = await openDatabase({});
  [t, browser] = await Promise.all([startTestServer({ database }), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await t?.close();
  await database?.close();
});

describe('the recorder as an npm package', () => {
  it('type-checks in an application that imports it', () => {
    // Throws (with tsc's messages) if the published declarations do not resolve.
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', app], { cwd: app, stdio: 'pipe' });
  });

  it('bundles with Vite and records into the server', async () => {
    const output = await build({ root: app, logLevel: 'warn', build: { outDir: join(app, 'dist'), emptyOutDir: true } });
    // Split as recorder.js is: the application's own bundle holds recording, not live help, calls, asking or video.
    const chunks = [output]
      .flat()
      .flatMap((o) => ('output' in o ? o.output : []))
      .filter((c) => c.type === 'chunk');
    const main = chunks.find((c) => c.isEntry)!;
    const lazy = chunks.filter((c) => c.isDynamicEntry).map((c) => c.moduleIds.join('\n'));
    expect(main.moduleIds.filter((id) => /mediasoup-client|live-module|ask-module|call-media|video-recording/.test(id))).toEqual([]);
    for (const part of ['live-module', 'ask-module', 'call-media', 'video-recording']) {
      expect(
        lazy.some((ids) => ids.includes(part)),
        part,
      ).toBe(true);
    }
    pages = await startPageServer({ dir: join(app, 'dist') });
    const site = await t.createSite({ name: 'npm app', allowedOrigins: [pages.url] });

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const config = encodeURIComponent(JSON.stringify({ siteKey: site.siteKey, endpoint: t.url }));
    await page.goto(`${pages.url}/index.html#${config}`);
    await page.click('button');
    expect(errors).toEqual([]);
    await page.waitForFunction(() => window.recording !== undefined);
    const sessionId = await page.evaluate(async () => {
      await window.recording.uploaded();
      return window.recording.sessionId;
    });
    const detail = (await (await t.api(`/api/sessions/${sessionId}`)).json()) as SessionDetail;
    expect(detail.siteId).toBe(site.id);
    expect(detail.markers.some((m) => m.kind === 'click')).toBe(true);
    await page.close();
  });
});

declare global {
  interface Window {
    recording: { sessionId: string; uploaded(): Promise<void> };
  }
}
