/**
 * @module scripts/build-if-stale
 * `node scripts/build-if-stale.ts` (the first step of `npm start`): builds
 * recorder.js and the advisor app only when their inputs changed since they
 * were last built this way (see `bundle-freshness.ts`), so a fresh clone
 * builds once and every later start goes straight to the server.
 */
import { fileURLToPath } from 'node:url';
import { ensureBundles } from './bundle-freshness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  const results = ensureBundles(root, undefined, (line) => process.stdout.write(`  ${line}\n`));
  const built = results.filter((r) => r.built);
  if (built.length) {
    process.stdout.write(`  built ${built.map((r) => `${r.name} in ${(r.ms / 1000).toFixed(1)} s`).join(', ')}\n`);
  }
} catch (err) {
  process.stderr.write(`  build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
