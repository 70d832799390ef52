/**
 * @module server/media/worker-bin
 * Finds the mediasoup-worker binary. `npm install mediasoup` normally
 * downloads a prebuilt worker into node_modules; machines without internet
 * use the one built offline in `../shared/mediasoup/` (see its README).
 *
 * Order: `MEDIASOUP_WORKER_BIN` if set; mediasoup's own worker if the install
 * produced one; the offline build beside the repository; otherwise a clear
 * error saying how to get a worker.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The mediasoup version the offline worker was built for; package.json pins the same. */
export const MEDIASOUP_VERSION = '3.27.1';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const OFFLINE_WORKER_BIN = join(repoRoot, '..', 'shared', 'mediasoup', `mediasoup-worker-${MEDIASOUP_VERSION}-linux-x64`);

export class WorkerBinNotFoundError extends Error {
  override name = 'WorkerBinNotFoundError';
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** mediasoup's own worker path inside node_modules (it may not exist). */
export function installedWorkerBin(): string {
  const require = createRequire(import.meta.url);
  // require.resolve gives …/mediasoup/node/lib/index.js.
  const moduleDir = join(dirname(require.resolve('mediasoup')), '..', '..');
  return join(moduleDir, 'worker', 'out', 'Release', 'mediasoup-worker');
}

export function resolveWorkerBin(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.MEDIASOUP_WORKER_BIN?.trim();
  if (fromEnv) {
    if (!executable(fromEnv)) throw new WorkerBinNotFoundError(`MEDIASOUP_WORKER_BIN=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const installed = installedWorkerBin();
  if (executable(installed)) return installed;
  if (process.platform === 'linux' && process.arch === 'x64' && executable(OFFLINE_WORKER_BIN)) return OFFLINE_WORKER_BIN;
  throw new WorkerBinNotFoundError(
    "No mediasoup worker found. With internet: run mediasoup's install script " +
      '(`npm rebuild mediasoup --ignore-scripts=false`) so it downloads the prebuilt worker. ' +
      `Offline: set MEDIASOUP_WORKER_BIN to a worker built for mediasoup ${MEDIASOUP_VERSION} ` +
      '(e.g. ../shared/mediasoup/build-worker.sh builds one).',
  );
}
