/**
 * @module tests/helpers/npm-consumer
 * Throwaway applications that take the recorder from npm, as a site's
 * developers would: `@cobrowse/recorder` as `npm run build:recorder-package`
 * assembles it, packed with `npm pack` and unpacked into the application's
 * `node_modules`; and the same application recording with stock rrweb's
 * `record` as published. Each is bundled by Vite with its defaults. Used by
 * `tests/recorder/npm-package.test.ts` and the bundle-size benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so the unpacked package finds lit (and the stock app rrweb) in its node_modules.
const ARTIFACTS = join(root, 'tests/.artifacts');

/**
 * An application (TypeScript, type-checked by `tsc -p <dir>`) that starts
 * recording with `window.config`'s site key and endpoint (from the page's
 * URL hash) and has a button to press; its folder.
 */
export function makeRecorderConsumer(name = 'npm-consumer'): string {
  const app = join(ARTIFACTS, name);
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
  return app;
}

/** The same kind of application recording with stock rrweb's `record` as published; its folder. */
export function makeStockRrwebConsumer(name = 'npm-consumer-stock'): string {
  const app = join(ARTIFACTS, name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'main.js'), `import { record } from 'rrweb';\nrecord({ emit: (event) => window.events.push(event) });\n`);
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><script>window.events = [];</script><script type="module" src="./main.js"></script>`,
  );
  return app;
}

/** The JS chunks of a Vite build of the application in `dir` (written to `dir/dist`). */
export async function bundleApp(dir: string): Promise<Rolldown.OutputChunk[]> {
  const output = await build({ root: dir, logLevel: 'warn', build: { outDir: join(dir, 'dist'), emptyOutDir: true } });
  return [output]
    .flat()
    .flatMap((o) => ('output' in o ? o.output : []))
    .filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
}
