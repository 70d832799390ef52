/**
 * @module scripts/build-recorder-package
 * `npm run build:recorder-package`: assembles `@cobrowse/recorder` in
 * dist/recorder-package (ESM entry and its on-demand `chunks/`, type
 * declarations, package.json), ready for `npm pack` / `npm publish` from
 * that folder.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/recorder-package`;
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run('npx', ['vite', 'build', '--config', 'vite.recorder-package.config.ts', '--logLevel', 'warn']);
run('npx', ['tsc', '-p', 'recorder/tsconfig.package.json']);

const app = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  version: string;
  license: string;
  dependencies: Record<string, string>;
};
// The declarations name these packages (rrweb's types); the code imports lit, @rrweb/types and the console plugin
// (rrweb itself is inlined, rewritten: vite.recorder-package.config.ts).
const deps = ['lit', 'rrweb', '@rrweb/types', '@rrweb/rrweb-plugin-console-record', 'zod'];
const manifest = {
  name: '@cobrowse/recorder',
  version: app.version,
  description: 'Records a page with rrweb for cobrowse: the <cobrowse-recorder> element and startRecording().',
  license: app.license,
  type: 'module',
  exports: {
    '.': { types: './types/recorder/index.d.ts', default: './index.js' },
  },
  types: './types/recorder/index.d.ts',
  // Importing the package defines <cobrowse-recorder>; the live, ask and video chunks define their elements.
  sideEffects: ['./index.js', './chunks/*.js'],
  files: ['index.js', 'index.js.map', 'chunks', 'types', 'README.md'],
  dependencies: Object.fromEntries(deps.map((d) => [d, app.dependencies[d]])),
};
writeFileSync(`${out}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  `${out}/README.md`,
  `# @cobrowse/recorder

\`\`\`js
import { startRecording } from '@cobrowse/recorder';
startRecording({ siteKey: 'pk_…', endpoint: 'https://cobrowse.example' });
\`\`\`

or \`<cobrowse-recorder site-key="pk_…" endpoint="https://cobrowse.example" autostart>\` once imported.
From npm, give \`endpoint\`: the default (the origin the script came from) is your own site.
See docs/recorder.md in the cobrowse repository.
`,
);
console.log(`@cobrowse/recorder ${app.version} assembled in ${out}`);
