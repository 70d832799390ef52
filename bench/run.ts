/**
 * @module bench/run
 * `npm run bench`: runs every benchmark (or those named on the command line)
 * and writes the table to docs/benchmarks.md.
 */
import { fileURLToPath } from 'node:url';
import { bytesPerMinute } from './bytes-per-minute.ts';
import { calls } from './calls.ts';
import { caseReady } from './case-ready.ts';
import { ingestThroughput } from './ingest-throughput.ts';
import { liveFanout } from './live-fanout.ts';
import { liveLatency } from './live-latency.ts';
import { openRecording } from './open-recording.ts';
import { renderMarkdown, writeReport, type Benchmark, type Row } from './report.ts';
import { video } from './video.ts';

const all: Benchmark[] = [bytesPerMinute, ingestThroughput, openRecording, calls, liveLatency, liveFanout, video, caseReady];

const wanted = process.argv.slice(2);
const chosen = wanted.length ? all.filter((b) => wanted.some((w) => b.name.includes(w))) : all;
const rows: Row[] = [];
for (const benchmark of chosen) {
  console.log(`-- ${benchmark.name}`);
  rows.push(...(await benchmark.run()));
}
const notes = [
  'Run them yourself with `npm run bench` (or `npm run bench -- ingest` for one); they need Chromium and, for the PostgreSQL rows, a server at `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`).',
];
console.log(renderMarkdown(rows, notes));
if (!wanted.length) writeReport(fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)), rows, notes);
