/**
 * The start-up freshness check (scripts/bundle-freshness): a bundle is built
 * when it is missing or any input's content changed, and not otherwise. Runs
 * on a scratch project whose "build" is a real command writing the output
 * and counting its runs, so what is checked is whether the command ran.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLES, bundleFreshness, ensureBundles, inputsHash, type BundleSpec } from '../../scripts/bundle-freshness.ts';

let root: string;
const builds = () => readFileSync(path.join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;
const spec = (): BundleSpec => ({
  name: 'app',
  inputs: ['src', 'app.config.ts', 'package-lock.json'],
  outputs: ['dist/app/app.js'],
  command: [
    process.execPath,
    '-e',
    "const fs=require('fs');fs.mkdirSync('dist/app',{recursive:true});fs.writeFileSync('dist/app/app.js','built');fs.appendFileSync('builds.log','x\\n')",
  ],
});

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cb-fresh-'));
  mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
  writeFileSync(path.join(root, 'src', 'main.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, 'src', 'deep', 'part.ts'), 'export const b = 2;\n');
  writeFileSync(path.join(root, 'app.config.ts'), 'export default {};\n');
  writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
  writeFileSync(path.join(root, 'builds.log'), '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bundle freshness', () => {
  it('builds a missing bundle once, then not again while its inputs are unchanged', () => {
    expect(ensureBundles(root, [spec()])).toMatchObject([{ name: 'app', built: true, reason: 'dist/app/app.js is missing' }]);
    expect(builds()).toBe(1);
    expect(ensureBundles(root, [spec()])).toMatchObject([{ name: 'app', built: false }]);
    expect(ensureBundles(root, [spec()])).toMatchObject([{ name: 'app', built: false }]);
    expect(builds()).toBe(1);
  });

  it('rebuilds when an input changes: an edit deep in a folder, a config, the lock file, a new or deleted file', () => {
    ensureBundles(root, [spec()]);
    const edits: (() => void)[] = [
      () => writeFileSync(path.join(root, 'src', 'deep', 'part.ts'), 'export const b = 3;\n'),
      () => writeFileSync(path.join(root, 'app.config.ts'), 'export default { minify: false };\n'),
      () => writeFileSync(path.join(root, 'package-lock.json'), '{"v":2}\n'),
      () => writeFileSync(path.join(root, 'src', 'new.ts'), ''),
      () => unlinkSync(path.join(root, 'src', 'main.ts')),
    ];
    for (const [i, edit] of edits.entries()) {
      edit();
      expect(bundleFreshness(root, spec())).toMatchObject({ fresh: false, reason: 'its inputs changed' });
      expect(ensureBundles(root, [spec()])[0]!.built).toBe(true);
      expect(builds()).toBe(i + 2);
      expect(ensureBundles(root, [spec()])[0]!.built).toBe(false);
    }
  });

  it('ignores file times (a checkout touching files) and files outside the inputs', () => {
    ensureBundles(root, [spec()]);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'src', 'main.ts'), later, later);
    writeFileSync(path.join(root, 'README.md'), 'not an input\n');
    expect(ensureBundles(root, [spec()])[0]!.built).toBe(false);
    expect(builds()).toBe(1);
  });

  it('rebuilds when the output was deleted, or was built by something that left no record', () => {
    ensureBundles(root, [spec()]);
    rmSync(path.join(root, 'dist', 'app'), { recursive: true });
    expect(ensureBundles(root, [spec()])[0]).toMatchObject({ built: true, reason: 'dist/app/app.js is missing' });
    rmSync(path.join(root, 'dist', '.built-from'), { recursive: true });
    expect(ensureBundles(root, [spec()])[0]).toMatchObject({ built: true, reason: 'no record of what it was built from' });
    expect(builds()).toBe(3);
  });

  it('a failed build throws and leaves the bundle stale', () => {
    ensureBundles(root, [spec()]);
    writeFileSync(path.join(root, 'src', 'main.ts'), 'changed');
    const failing = { ...spec(), command: [process.execPath, '-e', 'process.exit(3)'] };
    expect(() => ensureBundles(root, [failing])).toThrow();
    expect(bundleFreshness(root, spec()).fresh).toBe(false);
    expect(ensureBundles(root, [spec()])[0]!.built).toBe(true);
  });

  it("the project's own bundles hash every source the advisor app and recorder are built from", () => {
    const projectRoot = path.resolve(import.meta.dirname, '../..');
    const [recorder, client, tutorial] = BUNDLES;
    expect(tutorial!.inputs).toEqual(expect.arrayContaining(['client', 'protocol', 'package-lock.json', 'vite.tutorial.config.ts']));
    expect(tutorial!.outputs).toEqual(['dist/tutorial/tutorial.js']);
    expect(recorder!.inputs).toEqual(expect.arrayContaining(['recorder', 'protocol', 'package-lock.json', 'vite.recorder.config.ts']));
    expect(client!.inputs).toEqual(
      expect.arrayContaining(['client', 'recorder', 'protocol', 'package-lock.json', 'vite.client.config.ts']),
    );
    expect(inputsHash(projectRoot, client!)).toMatch(/^[0-9a-f]{64}$/);
    expect(inputsHash(projectRoot, client!)).not.toBe(inputsHash(projectRoot, recorder!));
  });
});
