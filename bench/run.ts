/**
 * @module bench/run
 * `npm run bench`: runs every benchmark (or those named on the command line)
 * and writes the table to docs/benchmarks.md.
 */
import { fileURLToPath } from 'node:url';
import { bundleSize } from './bundle-size.ts';
import { bytesPerMinute } from './bytes-per-minute.ts';
import { bytesPerSession } from './bytes-per-session.ts';
import { calls } from './calls.ts';
import { caseReady } from './case-ready.ts';
import { ingestThroughput } from './ingest-throughput.ts';
import { liveFanout } from './live-fanout.ts';
import { liveLatency } from './live-latency.ts';
import { mainThread } from './main-thread.ts';
import { openRecording } from './open-recording.ts';
import { recallBench } from './recall.ts';
import { searchBench } from './search.ts';
import { seek } from './seek.ts';
import { whereAndWhen, writeReport, type Benchmark, type Section } from './report.ts';
import { startTime } from './start-time.ts';
import { tutorialBench } from './tutorial.ts';
import { video } from './video.ts';
import { webComponents } from './web-components.ts';

const all: Benchmark[] = [
  bundleSize,
  mainThread,
  bytesPerMinute,
  bytesPerSession,
  ingestThroughput,
  openRecording,
  seek,
  calls,
  liveLatency,
  liveFanout,
  video,
  caseReady,
  searchBench,
  tutorialBench,
  recallBench,
  startTime,
  webComponents,
];

// `--report-only`: render docs/benchmarks.md from docs/benchmarks.json again, running nothing
// (e.g. after two branches each added their rows to the JSON).
const reportOnly = process.argv.includes('--report-only');
const wanted = process.argv.slice(2).filter((a) => a !== '--report-only');
const chosen = reportOnly ? [] : wanted.length ? all.filter((b) => wanted.some((w) => b.name.includes(w))) : all;
if (!chosen.length && !reportOnly) {
  console.error(`no benchmark matches ${wanted.join(' ')}; there are: ${all.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const fresh: Section[] = [];
for (const benchmark of chosen) {
  console.log(`-- ${benchmark.name}`);
  fresh.push({ name: benchmark.name, measured: whereAndWhen(), rows: await benchmark.run() });
}
const notes = [
  'Run them yourself with `npm run bench`, or some of them with `npm run bench -- live case` (names: ' +
    all.map((b) => `\`${b.name}\``).join(', ') +
    '): a partial run replaces only its own rows (kept in `docs/benchmarks.json`). They need Chromium and, for the PostgreSQL rows, a server at `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`).',
];
const docs = (file: string) => fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
console.log(
  writeReport(
    docs('benchmarks.json'),
    docs('benchmarks.md'),
    fresh,
    all.map((b) => b.name),
    notes,
  ),
);
