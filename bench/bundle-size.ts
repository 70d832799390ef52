/**
 * @module bench/bundle-size
 * What a customer's page downloads: recorder.js as `npm run build` makes it
 * (vite.recorder.config.ts), gzipped, against stock rrweb's `record`
 * (bench/stock-rrweb-record.ts) built with the same settings but without
 * the build's one rrweb-specific plugin (scripts/rrweb-record-only.ts, which
 * drops the replay-only postcss rrweb's file brings along): what a site gets
 * bundling rrweb's recorder as published. For orientation: rrweb's `record`
 * as our build bundles it (so the share of our own code shows), and each
 * part fetched on demand (live help, a call's media, "Ask for help", video).
 *
 * "Core" is recorder.js with every chunk it imports statically (what a page
 * that only records fetches); a part is a dynamically imported chunk with
 * what it imports that the core does not hold. Sizes are of a build made in
 * memory (nothing in dist/ changes), gzip at zlib's default level (what a
 * server or CDN typically sends).
 *
 * The npm package the same way, as an application's developers would use
 * it: `@cobrowse/recorder` packed, installed into a throwaway application
 * that starts recording, and bundled by Vite with its defaults, against the
 * same application recording with stock rrweb's `record` as published
 * (tests/helpers/npm-consumer.ts): the application's own bundle, gzipped.
 *
 * Also tutorial.js (the `<cobrowse-tutorial>` embed, vite.tutorial.config.ts:
 * one file) against rrweb's Replayer alone (bench/stock-rrweb-replay.ts)
 * built with the same settings.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, loadConfigFromFile, type InlineConfig, type PluginOption, type Rolldown } from 'vite';
import { bundleApp, makeRecorderConsumer, makeStockRrwebConsumer } from '../tests/helpers/npm-consumer.ts';
import type { Benchmark, Row } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = `${root}vite.recorder.config.ts`;
const STOCK_ENTRY = `${root}bench/stock-rrweb-record.ts`;
const TUTORIAL_CONFIG = `${root}vite.tutorial.config.ts`;
const REPLAY_ENTRY = `${root}bench/stock-rrweb-replay.ts`;
/** The goal of issue 14: a page that only records fetches at most this much more than stock rrweb's recorder. */
const CORE_GOAL = 1.15;

/** The on-demand parts, by the module that starts each one's chunk. */
const PARTS: { name: string; entries: string[] }[] = [
  { name: 'live help', entries: ['recorder/live/live-module.ts'] },
  { name: 'call (mediasoup-client)', entries: ['recorder/call/call-media.ts'] },
  { name: 'Ask for help', entries: ['recorder/ask/ask-module.ts'] },
  { name: 'video (recording + badge)', entries: ['recorder/video/video-recording.ts', 'recorder/video/video-elements.ts'] },
];

type Chunk = Rolldown.OutputChunk;

/** The build's rrweb-specific plugin, left out of the stock baseline. */
const RRWEB_PLUGIN = 'cobrowse:rrweb-record-only';

const pluginName = (p: PluginOption) => (p && typeof p === 'object' && 'name' in p ? p.name : undefined);

/**
 * Builds with recorder.js's config in memory, optionally from another entry
 * and without its rrweb plugin (`stock`); the JS chunks.
 */
async function buildChunks({ entry, stock = false }: { entry?: string; stock?: boolean } = {}): Promise<Chunk[]> {
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, CONFIG, root, 'silent');
  if (!loaded) throw new Error(`cannot load ${CONFIG}`);
  const config = loaded.config as InlineConfig;
  const plugins = (config.plugins ?? []).filter((p) => !stock || pluginName(p) !== RRWEB_PLUGIN);
  if (!stock && !plugins.some((p) => pluginName(p) === RRWEB_PLUGIN)) throw new Error(`${RRWEB_PLUGIN} is not in ${CONFIG}`);
  const result = await build({
    ...config,
    plugins,
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      ...config.build,
      write: false,
      sourcemap: false,
      ...(entry ? { lib: { ...(config.build?.lib || {}), entry, fileName: () => 'stock.js' } } : {}),
    },
  });
  const outputs = [result].flat().flatMap((r) => ('output' in r ? r.output : []));
  return outputs.filter((o): o is Chunk => o.type === 'chunk');
}

/** tutorial.js as its config builds it (or, with `entry`, another entry built the same way), in memory. */
async function buildTutorial(entry?: string): Promise<Chunk[]> {
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, TUTORIAL_CONFIG, root, 'silent');
  if (!loaded) throw new Error(`cannot load ${TUTORIAL_CONFIG}`);
  const config = loaded.config as InlineConfig;
  const result = await build({
    ...config,
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      ...config.build,
      write: false,
      sourcemap: false,
      ...(entry ? { lib: { ...(config.build?.lib || {}), entry, fileName: () => 'stock.js' } } : {}),
    },
  });
  const outputs = [result].flat().flatMap((r) => ('output' in r ? r.output : []));
  return outputs.filter((o): o is Chunk => o.type === 'chunk');
}

const gzipBytes = (chunks: Iterable<Chunk>) => [...chunks].reduce((sum, c) => sum + gzipSync(c.code).byteLength, 0);
const kB = (bytes: number) => bytes / 1000;

/** `start` and every chunk it imports statically, transitively. */
function withStaticImports(start: Chunk[], byName: Map<string, Chunk>): Set<Chunk> {
  const seen = new Set<Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  start.forEach(visit);
  return seen;
}

export const bundleSize: Benchmark = {
  name: 'bundle size',
  async run(): Promise<Row[]> {
    const ours = await buildChunks();
    const stock = await buildChunks({ entry: STOCK_ENTRY, stock: true });
    const rrwebAsBuilt = await buildChunks({ entry: STOCK_ENTRY });
    const byName = new Map(ours.map((c) => [c.fileName, c]));
    const core = withStaticImports(
      ours.filter((c) => c.isEntry),
      byName,
    );
    const coreGz = gzipBytes(core);
    const stockGz = gzipBytes(stock);
    const rrwebGz = gzipBytes(rrwebAsBuilt);
    console.log(
      `core ${[...core].map((c) => c.fileName).join(' + ')}: ${coreGz} B gz; stock rrweb record: ${stockGz} B gz; as we bundle it: ${rrwebGz} B gz`,
    );

    const rows: Row[] = [
      {
        benchmark: 'recorder bundle',
        variant: 'core: what a page that only records fetches (recorder.js)',
        value: kB(coreGz),
        baseline: kB(stockGz),
        unit: 'kB gzip',
        reading: `lower is better; goal ≤ ${CORE_GOAL}`,
        baselineLabel: "stock rrweb's record, same Vite settings",
      },
      {
        benchmark: 'recorder bundle',
        variant: "core vs rrweb's record as our build bundles it (postcss dropped): our own code, lit, console plugin",
        value: kB(coreGz),
        baseline: kB(rrwebGz),
        unit: 'kB gzip',
        reading: 'for information: what the recorder adds to rrweb',
        baselineLabel: "rrweb's record in our build",
      },
    ];
    let everything = coreGz;
    for (const part of PARTS) {
      const starts = ours.filter((c) => c.isDynamicEntry && part.entries.some((e) => c.facadeModuleId?.endsWith(e)));
      if (starts.length !== part.entries.length) throw new Error(`no chunk starts at ${part.entries.join(', ')}: did the loaders move?`);
      const own = [...withStaticImports(starts, byName)].filter((c) => !core.has(c));
      const gz = gzipBytes(own);
      everything += gz;
      console.log(`${part.name}: ${own.map((c) => c.fileName).join(' + ')}: ${gz} B gz`);
      rows.push({
        benchmark: 'recorder bundle',
        variant: `on demand: ${part.name}`,
        value: kB(gz),
        baseline: kB(coreGz),
        unit: 'kB gzip',
        reading: 'for information: fetched when first used',
        baselineLabel: 'core',
      });
    }
    rows.push({
      benchmark: 'recorder bundle',
      variant: 'every part (core + all chunks)',
      value: kB(everything),
      baseline: kB(stockGz),
      unit: 'kB gzip',
      reading: 'for information: all of it was recorder.js before the split',
      baselineLabel: "stock rrweb's record",
    });

    const app = (await bundleApp(makeRecorderConsumer('bench-npm-consumer'))).filter((c) => c.isEntry);
    const stockApp = (await bundleApp(makeStockRrwebConsumer('bench-npm-consumer-stock'))).filter((c) => c.isEntry);
    console.log(`npm package: the application's bundle ${gzipBytes(app)} B gz; with stock rrweb's record: ${gzipBytes(stockApp)} B gz`);
    rows.push({
      benchmark: 'recorder bundle',
      variant: "npm package: an application's own bundle when it imports @cobrowse/recorder and records (Vite's defaults)",
      value: kB(gzipBytes(app)),
      baseline: kB(gzipBytes(stockApp)),
      unit: 'kB gzip',
      reading: `lower is better; goal ≤ ${CORE_GOAL}`,
      baselineLabel: "the same application recording with stock rrweb's record",
    });

    const tutorialGz = gzipBytes(await buildTutorial());
    const replayerGz = gzipBytes(await buildTutorial(REPLAY_ENTRY));
    console.log(`tutorial.js: ${tutorialGz} B gz; rrweb's Replayer alone: ${replayerGz} B gz`);
    rows.push({
      benchmark: 'tutorial embed bundle',
      variant: 'tutorial.js: the `<cobrowse-tutorial>` embed (Replayer, lit, player), one file',
      value: kB(tutorialGz),
      baseline: kB(replayerGz),
      unit: 'kB gzip',
      reading: 'for information: what a help centre embedding a tutorial fetches',
      baselineLabel: "rrweb's Replayer alone, same Vite settings",
    });
    return rows;
  },
};
