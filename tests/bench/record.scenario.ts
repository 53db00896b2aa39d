// Turns a benchmark that returns a flat record of figures (export, browser) into a scenario of the
// runner, so `npm run bench` prints it with the rest.
import type { BenchResult, BenchRow, Scenario } from './types.ts';

export function recordScenario(name: string, description: string, bench: () => Promise<Record<string, number | string>>): Scenario {
  return {
    name,
    description,
    async run(): Promise<BenchResult> {
      const out = await bench();
      const rows: BenchRow[] = Object.entries(out).map(([metric, v]) => ({ metric, ours: v, unit: /ms$/i.test(metric) ? 'ms' : /mb$/i.test(metric) ? 'MB' : '' }));
      return { rows };
    },
  };
}
