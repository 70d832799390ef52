/**
 * @module bench/report
 * Benchmark results are ratios against a baseline measured in the same run,
 * because the machine is shared and noisy: absolute numbers are given for
 * orientation only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** One benchmark's latest results, kept in docs/benchmarks.json so a partial run replaces only its own rows. */
export interface Section {
  name: string;
  /** When and where the rows were measured. */
  measured: string;
  rows: Row[];
}

export function whereAndWhen(): string {
  return `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
}

export function renderMarkdown(sections: Section[], notes: string[]): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`. Each result is a ratio against a baseline measured',
    'in the same run; the absolute numbers vary with the machine and its load, the',
    'ratios much less.',
    '',
    '| benchmark | variant | value | baseline | ratio | reading |',
    '| --- | --- | --- | --- | --- | --- |',
    ...sections.flatMap((section) =>
      section.rows.map(
        (r) =>
          `| ${r.benchmark} | ${r.variant} | ${fmt(r.value)} ${r.unit} | ${r.baselineLabel}: ${fmt(r.baseline)} ${r.unit} | **${fmt(r.value / r.baseline)}** | ${r.reading} |`,
      ),
    ),
    '',
    'Measured:',
    '',
    ...sections.map((section) => `- \`${section.name}\`: ${section.measured}${section.rows.length ? '' : " (no rows: see the run's log)"}`),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  return lines.join('\n');
}

/** Merges `fresh` over the sections kept in `jsonPath` (in `order`), writes both files, returns the markdown. */
export function writeReport(jsonPath: string, markdownPath: string, fresh: Section[], order: string[], notes: string[]): string {
  let kept: Section[] = [];
  try {
    kept = JSON.parse(readFileSync(jsonPath, 'utf8')) as Section[];
  } catch {
    // first run
  }
  const byName = new Map([...kept, ...fresh].map((s) => [s.name, s]));
  const sections = order.flatMap((name) => byName.get(name) ?? []);
  writeFileSync(jsonPath, `${JSON.stringify(sections, null, 2)}\n`);
  const markdown = renderMarkdown(sections, notes);
  writeFileSync(markdownPath, markdown);
  return markdown;
}
