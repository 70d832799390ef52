/**
 * Builds the browser bundles (recorder.js, the advisor app) once before the
 * suite, so browser tests exercise exactly what `npm start` serves.
 */
import { execFileSync } from 'node:child_process';

export default function setup() {
  if (process.env.COBROWSE_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
