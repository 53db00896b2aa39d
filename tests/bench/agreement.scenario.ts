// Wraps the agreement benchmark another engineer owns (agreement.bench.ts, exporting
// `benchAgreement(): Promise<Record<string, number | string>>`). It is imported by URL at run
// time, so this harness type-checks and runs whether or not that file exists yet.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchRow, Scenario } from './types.ts';

type BenchAgreement = () => Promise<Record<string, number | string>>;
const FILE = new URL('./agreement.bench.ts', import.meta.url);

export const agreement: Scenario = {
  name: 'agreement',
  description: 'agreement computation benchmark (tests/bench/agreement.bench.ts)',
  async run(): Promise<BenchResult> {
    if (!existsSync(fileURLToPath(FILE))) {
      return { rows: [{ metric: 'agreement', ours: 'not available', unit: '' }], notes: ['tests/bench/agreement.bench.ts does not exist yet'] };
    }
    const mod = (await import(FILE.href)) as { benchAgreement?: BenchAgreement };
    if (typeof mod.benchAgreement !== 'function') {
      return { rows: [{ metric: 'agreement', ours: 'not available', unit: '' }], notes: ['agreement.bench.ts does not export benchAgreement()'] };
    }
    const out = await mod.benchAgreement();
    const rows: BenchRow[] = Object.entries(out).map(([metric, v]) => ({ metric, ours: v, unit: unitOf(metric) }));
    return { rows };
  },
};

/** The record carries no units; guess the common ones from the key (e.g. `p99Ms`, `rss_mb`). */
function unitOf(key: string): string {
  if (/ms$/i.test(key)) return 'ms';
  if (/mb$/i.test(key)) return 'MB';
  if (/per_?s(ec)?$/i.test(key)) return '/s';
  return '';
}
