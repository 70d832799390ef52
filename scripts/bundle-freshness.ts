/**
 * @module scripts/bundle-freshness
 * Builds a browser bundle only when what it is built from changed. Each
 * bundle names its inputs (folders and files); a SHA-256 over their paths and
 * contents is written beside `dist/` after a successful build
 * (`dist/.built-from/<bundle>.sha256`), and a later start compares it with the
 * inputs as they are now. Contents, not times: a `git checkout` or a fresh
 * clone that changes nothing builds nothing, and an edit builds even when the
 * clock or the file times say otherwise.
 *
 * Used by `npm start` (through `build-if-stale.ts`) and by the test suite's
 * global set-up; `npm run build` still builds everything unconditionally.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BundleSpec {
  name: string;
  /** Folders (walked recursively) and files, relative to the project root; a missing one counts as absent. */
  inputs: string[];
  /** Files the build must leave behind, relative to the root: any of them missing means build. */
  outputs: string[];
  /** The build command, run in the root: [program, ...args]. */
  command: string[];
}

/** Shared by every bundle: the wire protocol and the shared pure code they import, the lock file that pins vite and every library, the compiler settings. */
const common = ['protocol', 'shared', 'package-lock.json', 'tsconfig.json'];

/** vite's own entry run by this Node (what `npm run build`'s `vite` runs, without npx's start-up). */
const vite = [process.execPath, 'node_modules/vite/bin/vite.js'];

/** The bundles `npm start` serves, built exactly as `npm run build` builds them. */
export const BUNDLES: BundleSpec[] = [
  {
    name: 'recorder',
    inputs: [
      'recorder',
      'vite.recorder.config.ts',
      'scripts/rrweb-rewrite.ts',
      'scripts/rrweb-record-only.ts',
      'scripts/rrweb-block-memo.ts',
      'scripts/rrweb-blocked-shadow-roots.ts',
      'scripts/rrweb-recorder-plugins.ts',
      ...common,
    ],
    // recorder.js and the chunks it imports on demand (a missing folder means build).
    outputs: ['dist/recorder/recorder.js', 'dist/recorder/recorder-chunks'],
    command: [...vite, 'build', '--config', 'vite.recorder.config.ts'],
  },
  {
    name: 'client',
    // The advisor app imports the recorder's call panel and live overlay.
    inputs: ['client', 'recorder', 'vite.client.config.ts', ...common],
    outputs: ['dist/client/index.html'],
    command: [...vite, 'build', '--config', 'vite.client.config.ts'],
  },
  {
    name: 'tutorial',
    // The `<cobrowse-tutorial>` embed (client/tutorial-embed/) reuses the advisor app's player (client/player/).
    inputs: ['client', 'vite.tutorial.config.ts', ...common],
    outputs: ['dist/tutorial/tutorial.js'],
    command: [...vite, 'build', '--config', 'vite.tutorial.config.ts'],
  },
];

const STAMP_DIR = 'dist/.built-from';
const stampFile = (root: string, name: string) => path.join(root, STAMP_DIR, `${name}.sha256`);

/** Every file under `rel` (or `rel` itself), as sorted root-relative POSIX paths. */
function filesOf(root: string, rel: string): string[] {
  const full = path.join(root, rel);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return [rel.split(path.sep).join('/')];
  if (!stat.isDirectory()) return [];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** SHA-256 over each input file's path and bytes, in path order: a rename, an added or a deleted file changes it too. */
export function inputsHash(root: string, spec: BundleSpec): string {
  const files = [...new Set(spec.inputs.flatMap((rel) => filesOf(root, rel)))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = readFileSync(path.join(root, file));
    hash.update(`${file}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

export type Freshness = { fresh: true } | { fresh: false; reason: string; hash: string };

/** Whether `spec`'s outputs exist and were built from its inputs as they are now. */
export function bundleFreshness(root: string, spec: BundleSpec): Freshness {
  const hash = inputsHash(root, spec);
  const missing = spec.outputs.find((out) => !existsSync(path.join(root, out)));
  if (missing) return { fresh: false, reason: `${missing} is missing`, hash };
  let built: string | undefined;
  try {
    built = readFileSync(stampFile(root, spec.name), 'utf8').trim();
  } catch {
    return { fresh: false, reason: 'no record of what it was built from', hash };
  }
  return built === hash ? { fresh: true } : { fresh: false, reason: 'its inputs changed', hash };
}

export interface EnsureResult {
  name: string;
  built: boolean;
  reason?: string;
  ms: number;
}

/**
 * Builds each stale bundle (in order) and records what it was built from.
 * The hash is taken before the build, so an edit made during the build
 * leaves the bundle stale for next time rather than wrongly fresh. A failed
 * build throws (the command's own output says why) and removes the record.
 */
export function ensureBundles(root: string, specs: BundleSpec[] = BUNDLES, log: (line: string) => void = () => {}): EnsureResult[] {
  return specs.map((spec) => {
    const t0 = performance.now();
    const state = bundleFreshness(root, spec);
    if (state.fresh) return { name: spec.name, built: false, ms: performance.now() - t0 };
    log(`building ${spec.name} (${state.reason})…`);
    rmSync(stampFile(root, spec.name), { force: true });
    const [program, ...args] = spec.command;
    execFileSync(program!, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    mkdirSync(path.join(root, STAMP_DIR), { recursive: true });
    writeFileSync(stampFile(root, spec.name), `${state.hash}\n`);
    return { name: spec.name, built: true, reason: state.reason, ms: performance.now() - t0 };
  });
}
