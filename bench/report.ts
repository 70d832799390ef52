/**
 * @module bench/report
 * Benchmark results are ratios against a baseline measured in the same run,
 * because the machine is shared and noisy: absolute numbers are given for
 * orientation only.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';

export interface Row {
  benchmark: string;
  variant: string;
  /** What was measured, in `unit`. */
  value: number;
  /** The same-run baseline it is compared with, in `unit`. */
  baseline: number;
  unit: string;
  /** How to read value / baseline, e.g. "lower is better". */
  reading: string;
  baselineLabel: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<Row[]>;
}

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

export function renderMarkdown(rows: Row[], notes: string[]): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version},`,
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB.`,
    'Each result is a ratio against a baseline measured in the same run; the absolute',
    'numbers vary with the machine and its load, the ratios much less.',
    '',
    '| benchmark | variant | value | baseline | ratio | reading |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.benchmark} | ${r.variant} | ${fmt(r.value)} ${r.unit} | ${r.baselineLabel}: ${fmt(r.baseline)} ${r.unit} | **${fmt(r.value / r.baseline)}** | ${r.reading} |`,
    ),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}

export function writeReport(path: string, rows: Row[], notes: string[]): void {
  writeFileSync(path, renderMarkdown(rows, notes));
}
