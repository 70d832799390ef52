/**
 * @module bench/bundle-size
 * What a customer's page downloads: recorder.js as `npm run build` makes it
 * (vite.recorder.config.ts), gzipped, against stock rrweb's `record` built
 * with the very same settings (bench/stock-rrweb-record.ts), and each part
 * fetched on demand (live help, a call's media, "Ask for help", video) for
 * orientation.
 *
 * "Core" is recorder.js with every chunk it imports statically (what a page
 * that only records fetches); a part is a dynamically imported chunk with
 * what it imports that the core does not hold. Sizes are of a build made in
 * memory (nothing in dist/ changes), gzip at zlib's default level (what a
 * server or CDN typically sends).
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import type { Benchmark, Row } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = `${root}vite.recorder.config.ts`;
const STOCK_ENTRY = `${root}bench/stock-rrweb-record.ts`;
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

/** Builds with recorder.js's config in memory (optionally from another entry); the JS chunks. */
async function buildChunks(entry?: string): Promise<Chunk[]> {
  const result = await build({
    configFile: CONFIG,
    logLevel: 'silent',
    build: {
      write: false,
      sourcemap: false,
      // Only the entry and name: the config's other lib settings stay (mergeConfig would append a second `formats`).
      ...(entry ? { lib: { entry, fileName: () => 'stock.js' } } : {}),
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
  name: 'bundle-size',
  async run(): Promise<Row[]> {
    const [ours, stock] = [await buildChunks(), await buildChunks(STOCK_ENTRY)];
    const byName = new Map(ours.map((c) => [c.fileName, c]));
    const core = withStaticImports(ours.filter((c) => c.isEntry), byName);
    const coreGz = gzipBytes(core);
    const stockGz = gzipBytes(stock);
    console.log(`core ${[...core].map((c) => c.fileName).join(' + ')}: ${coreGz} B gz; stock rrweb record: ${stockGz} B gz`);

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
    return rows;
  },
};
