// `npm run bench` runs every scenario; `npm run bench -- NAME…` runs the ones whose name matches
// (exact name first, else substring). Prints one table (ours, peer, ours/peer, target) and writes
// the results as JSON to bench-results/<timestamp>.json.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { agreement } from './agreement.scenario.ts';
import { recordScenario } from './record.scenario.ts';
import { benchExport } from './export.bench.ts';
import { benchBrowser } from './browser.bench.ts';
import { capacity } from './capacity.bench.ts';
import { coldLoad } from './cold-load.bench.ts';
import { commitFsync } from './fsync.bench.ts';
import { fanout1000 } from './fanout.bench.ts';
import { hotLayer } from './hot-layer.bench.ts';
import { relay, sparse } from './relay.bench.ts';
import type { BenchResult, BenchRow, Scenario, Target } from './types.ts';

/** Every scenario, in the order a full run takes them. */
export const SCENARIOS: Scenario[] = [
  relay,
  sparse,
  fanout1000,
  hotLayer,
  capacity,
  coldLoad,
  commitFsync,
  agreement,
  recordScenario('export', 'export of 10,000 documents × 30 spans to JSONL and CoNLL: spans/s and peak RSS', benchExport),
  recordScenario('browser', '50k-character article with 2,000 spans: first render and remote span on screen, in Chromium', benchBrowser),
];

interface Outcome extends Partial<BenchResult> {
  name: string;
  description: string;
  durationMs: number;
  error?: string;
}

function select(args: string[]): Scenario[] {
  if (args.length === 0) return SCENARIOS;
  const picked = args.flatMap((a) => {
    const exact = SCENARIOS.filter((s) => s.name === a);
    const found = exact.length > 0 ? exact : SCENARIOS.filter((s) => s.name.includes(a));
    if (found.length === 0) throw new Error(`no scenario matches "${a}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return found;
  });
  return [...new Set(picked)];
}

const ratio = (r: BenchRow): number | null =>
  typeof r.ours === 'number' && typeof r.peer === 'number' && r.peer !== 0 ? r.ours / r.peer : null;

const within = (x: number, t: Target) => (t.max === undefined || x <= t.max) && (t.min === undefined || x >= t.min);
const showTarget = (t: Target, unit: string) =>
  [t.max !== undefined ? `≤ ${t.max}${unit}` : '', t.min !== undefined ? `≥ ${t.min}${unit}` : ''].filter(Boolean).join(' ');

function targetCell(r: BenchRow): string {
  const parts: string[] = [];
  if (r.target) parts.push(`${showTarget(r.target, r.unit === 'ms' ? ' ms' : '')} ${typeof r.ours === 'number' && within(r.ours, r.target) ? 'ok' : 'MISSED'}`);
  const q = ratio(r);
  if (r.ratioTarget) parts.push(`ratio ${showTarget(r.ratioTarget, '')} ${q !== null && within(q, r.ratioTarget) ? 'ok' : 'MISSED'}`);
  return parts.join('; ');
}

function table(outcomes: Outcome[]): string {
  const head = ['scenario', 'metric', 'ours', 'peer', 'ours/peer', 'unit', 'target'];
  const body: string[][] = [];
  for (const o of outcomes) {
    if (o.error) body.push([o.name, 'ERROR', o.error.split('\n')[0]!, '', '', '', '']);
    for (const r of o.rows ?? []) {
      const q = ratio(r);
      body.push([o.name, r.metric, String(r.ours), r.peer === undefined ? '' : String(r.peer), q === null ? '' : q.toFixed(2), r.unit, targetCell(r)]);
    }
  }
  const w = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join(' | ').trimEnd();
  const notes = outcomes.flatMap((o) => (o.notes ?? []).map((n) => `  [${o.name}] ${n}`));
  return [line(head), w.map((n) => '-'.repeat(n)).join('-|-'), ...body.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

async function main(): Promise<void> {
  const scenarios = select(process.argv.slice(2).filter((a) => a !== '--'));
  const startedAt = new Date();
  const outcomes: Outcome[] = [];
  for (const s of scenarios) {
    process.stderr.write(`running ${s.name}: ${s.description}\n`);
    const t = performance.now();
    try {
      outcomes.push({ name: s.name, description: s.description, ...(await s.run()), durationMs: Math.round(performance.now() - t) });
    } catch (err) {
      outcomes.push({ name: s.name, description: s.description, durationMs: Math.round(performance.now() - t), error: (err as Error).stack ?? String(err) });
    }
    process.stderr.write(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  console.log(table(outcomes));
  const dir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  const host = { platform: process.platform, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version };
  await writeFile(file, JSON.stringify({ startedAt: startedAt.toISOString(), host, results: outcomes }, null, 2));
  console.log(`\nresults: ${file}`);
  if (outcomes.some((o) => o.error)) process.exitCode = 1;
}

await main();
