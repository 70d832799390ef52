/**
 * "…or imports the recorder from npm": the package `npm run
 * build:recorder-package` assembles is packed with `npm pack`, unpacked into
 * a throwaway application, type-checked and bundled there by Vite, and the
 * bundled page records into the real server. What the application's bundle
 * gains is weighed against stock rrweb's `record` bundled the same way
 * (issue 14: at most 1.15× for a page that only records).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import type { SessionDetail } from '../../protocol/api.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startPageServer, type PageServer } from './page-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so the unpacked package finds lit and rrweb in its node_modules.
const app = join(root, 'tests/.artifacts/npm-consumer');
/** The same application recording with stock rrweb's `record` as published. */
const stockApp = join(root, 'tests/.artifacts/npm-consumer-stock');
/** Issue 14's bundle goal: what a page that only records downloads, against stock rrweb's recorder. */
const BUNDLE_GOAL = 1.15;

/** The JS chunks of a Vite build of `dir` (its index.html). */
async function bundle(dir: string): Promise<Rolldown.OutputChunk[]> {
  const output = await build({ root: dir, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  return [output]
    .flat()
    .flatMap((o) => ('output' in o ? o.output : []))
    .filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
}
const gzipBytes = (chunk: Rolldown.OutputChunk) => gzipSync(chunk.code).byteLength;

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
    const chunks = await bundle(app);
    // Split as recorder.js is: the application's own bundle holds recording, not live help, calls, asking or video.
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

  it("adds to the application's bundle about what stock rrweb's record does (rrweb's replay-only postcss left out)", async () => {
    const ours = (await bundle(app)).find((c) => c.isEntry)!;
    rmSync(stockApp, { recursive: true, force: true });
    mkdirSync(stockApp, { recursive: true });
    writeFileSync(join(stockApp, 'main.js'), `import { record } from 'rrweb';\nrecord({ emit: (event) => window.events.push(event) });\n`);
    writeFileSync(
      join(stockApp, 'index.html'),
      `<!doctype html><script>window.events = [];</script><script type="module" src="./main.js"></script>`,
    );
    const stock = (await bundle(stockApp)).find((c) => c.isEntry)!;
    // rrweb's file as published brings postcss (for its Replayer) along with `record`: the package's rrweb does not.
    expect(stock.code).toContain('postcss');
    expect(ours.code).not.toContain('postcss');
    const ratio = gzipBytes(ours) / gzipBytes(stock);
    expect(ratio, `ours ${gzipBytes(ours)} B gzip, stock rrweb ${gzipBytes(stock)} B gzip`).toBeLessThanOrEqual(BUNDLE_GOAL);
  });
});

declare global {
  interface Window {
    recording: { sessionId: string; uploaded(): Promise<void> };
  }
}
