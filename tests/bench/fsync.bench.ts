// What one durable commit costs on this machine, without the hub: the real store (schema,
// LayerStore.appendBatch → one INSERT of 2 rows) over a temp SQLite file, commits back to back,
// with synchronous=FULL (the default: fsync per commit) and NORMAL (no fsync; survives a process
// crash, not a power loss). The floor under every durable-ack figure of the relay scenarios.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../db/store.ts';
import { round, summarize, type Summary } from './stats.ts';
import type { BenchResult, BenchRow, Scenario } from './types.ts';

const COMMITS = 2000;

async function probe(synchronous: 'FULL' | 'NORMAL'): Promise<{ lat: Summary; cpuUs: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tagteam-fsync-'));
  const store = await openStore(path.join(dir, 'tagteam.sqlite'), { synchronous });
  try {
    const { layerId } = await store.layers.load('probe/shared');
    const data = new Uint8Array(120).fill(7);
    const lat: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < COMMITS; i++) {
      const t = performance.now();
      await store.layers.appendBatch([{ layerId, data }, { layerId, data }]);
      lat.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    return { lat: summarize(lat), cpuUs: (cpu.user + cpu.system) / COMMITS };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const commitFsync: Scenario = {
  name: 'commit-fsync',
  description: `${COMMITS} back-to-back commits of 2 rows through LayerStore.appendBatch, synchronous FULL vs NORMAL`,
  async run(): Promise<BenchResult> {
    const rows: BenchRow[] = [];
    // FULL, NORMAL, FULL, NORMAL: a burst from other processes should not hit one mode only.
    const runs = { FULL: [] as Array<Awaited<ReturnType<typeof probe>>>, NORMAL: [] as Array<Awaited<ReturnType<typeof probe>>> };
    for (const mode of ['FULL', 'NORMAL', 'FULL', 'NORMAL'] as const) runs[mode].push(await probe(mode));
    for (const mode of ['FULL', 'NORMAL'] as const) {
      const rs = runs[mode];
      const worst = (f: (s: Summary) => number) => Math.max(...rs.map((r) => f(r.lat)));
      rows.push(
        { metric: `${mode}: commit p50 (worse run)`, ours: round(worst((s) => s.p50)), unit: 'ms' },
        { metric: `${mode}: commit p99 (worse run)`, ours: round(worst((s) => s.p99)), unit: 'ms' },
        { metric: `${mode}: commit max`, ours: round(worst((s) => s.max)), unit: 'ms' },
        { metric: `${mode}: CPU per commit (all threads)`, ours: round(rs.reduce((n, r) => n + r.cpuUs, 0) / rs.length), unit: 'µs' },
      );
    }
    return { rows, notes: ['commit-fsync: ours only; the default is FULL, NORMAL is shown for what fsync costs, not as a setting to use'] };
  },
};
