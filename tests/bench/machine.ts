// Whole-machine CPU use from /proc/stat (Linux), to tell a slow server from a busy machine: the
// bench shares its cores with whatever else runs, and a window where others took the CPU says so.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface CpuMark {
  busy: number;
  total: number;
}

/** Cumulative busy and total jiffies over all cores; null off Linux. */
export function markCpu(): CpuMark | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user…steal, without guest (already in user)
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Busy share between two marks, in % of ONE core (so 2 saturated cores read 200). */
export function busyPct(a: CpuMark | null, b: CpuMark | null): number {
  if (!a || !b || b.total === a.total) return Number.NaN;
  return (100 * os.cpus().length * (b.busy - a.busy)) / (b.total - a.total);
}
