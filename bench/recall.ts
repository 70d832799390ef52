/**
 * @module bench/recall
 * Recall@3 of the suggestions (issue 13, docs/search.md) over the labelled
 * set in `tests/fixtures/knowledge-recall.json` — solved cases and published
 * tutorials in English and German, and customer questions worded otherwise,
 * each with the cases and tutorials it should bring up — seeded through the
 * real API on PGlite and PostgreSQL: the advisor's `GET
 * /api/cases/:id/suggestions` (each question asked as a new case; an
 * expected case or tutorial counts when it is among the first three of its
 * kind) and the customer's `GET /ingest/v1/suggestions` (the expected
 * tutorials among the three offered). The baseline is the target of 0.8.
 * `RECALL_VERBOSE=1` prints the misses.
 */
import { loopbackCustomerLimits } from '../tests/cases/case-helpers.ts';
import { NO_GUIDE_PICTURES, startTestServer } from '../tests/helpers/server.ts';
import { loadRecallSet, measureRecall, seedRecallSet, type Recall } from '../tests/search/recall-set.ts';
import { pgliteOnDisk, scratchPostgres } from './databases.ts';
import type { Benchmark, Row } from './report.ts';

const TARGET = 0.8;

export const recallBench: Benchmark = {
  name: 'recall',
  async run(): Promise<Row[]> {
    const set = loadRecallSet();
    const rows: Row[] = [];
    for (const open of [pgliteOnDisk, scratchPostgres]) {
      const target = await open();
      if (!target) continue;
      const t = await startTestServer({
        ...NO_GUIDE_PICTURES,
        database: target.database,
        searchIndexDelayMs: 0,
        rateLimits: loopbackCustomerLimits(),
      });
      try {
        const seeded = await seedRecallSet(t, set);
        const { advisor, customer } = await measureRecall(t, set, seeded);
        const row = (what: string, r: Recall): Row => ({
          benchmark: 'Suggestions recall@3',
          variant: `${target.label}, ${what}, ${set.questions.length} questions (${r.found} of ${r.expected} expected ids found)`,
          value: r.recall,
          baseline: TARGET,
          unit: 'recall',
          baselineLabel: 'target',
          reading: 'higher is better; a ratio above 1 meets the target',
        });
        for (const [what, r] of [
          ['advisor: `GET /api/cases/:id/suggestions`', advisor],
          ['customer: `GET /ingest/v1/suggestions`', customer],
        ] as const) {
          console.log(`  ${target.label} ${what}: recall@3 ${r.recall.toFixed(3)} (${r.found}/${r.expected})`);
          if (process.env.RECALL_VERBOSE)
            for (const m of r.misses) console.log(`    miss: ${m.question} → missing ${m.missing.join(', ')}; got ${m.got.join(', ')}`);
          rows.push(row(what, r));
        }
      } finally {
        await t.close();
        await target.dispose();
      }
    }
    return rows;
  },
};
