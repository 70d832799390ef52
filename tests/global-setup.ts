/**
 * Brings the browser bundles (recorder.js, the advisor app) up to date once
 * before the suite, so browser tests exercise exactly what `npm start`
 * serves: the same freshness check as `npm start` (scripts/bundle-freshness),
 * so a bundle whose inputs did not change since its last build is not built
 * again. `COBROWSE_SKIP_BUILD=1` skips even the check.
 */
import { fileURLToPath } from 'node:url';
import { ensureBundles } from '../scripts/bundle-freshness.ts';

export default function setup() {
  if (process.env.COBROWSE_SKIP_BUILD === '1') return;
  ensureBundles(fileURLToPath(new URL('..', import.meta.url)));
}
