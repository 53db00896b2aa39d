// The long campaigns and what each must show; run.ts runs them (`npm run stress [-- NAME]`), the
// short versions in tests/integration/resilience.*.test.ts call the same functions with smaller
// numbers. Each returns its figures and the rules it found broken (empty: passed).
import { runCrashCampaign } from './crash.campaign.ts';
import { runFrameFuzz } from './fuzz.campaign.ts';
import { runHttpFuzz } from './fuzz.http.ts';
import { runImportFuzz } from './fuzz.import.ts';
import { runSoak, type SoakFigures } from './soak.campaign.ts';
import { runStorm } from './storm.campaign.ts';

export interface CampaignResult {
  figures: Record<string, unknown>;
  problems: string[];
}
export interface Campaign {
  name: string;
  description: string;
  run(seed: number, log: (line: string) => void): Promise<CampaignResult>;
}

/** Soak rules: everything back to the quiet state, heap and RSS within `tolerance`. */
export function soakProblems(f: SoakFigures, tolerance: number): string[] {
  const out: string[] = [];
  const counts = (p: SoakFigures['before']) => ({ sockets: p.sockets, engineClients: p.engineClients, members: p.members, awarenessStates: p.awarenessStates, liveLayers: p.liveLayers, resources: p.resources });
  if (JSON.stringify(counts(f.after)) !== JSON.stringify(counts(f.before))) out.push(`left behind: before ${JSON.stringify(counts(f.before))}, after ${JSON.stringify(counts(f.after))}`);
  if (f.after.heapUsedMb > f.before.heapUsedMb * (1 + tolerance)) out.push(`heap after GC grew from ${f.before.heapUsedMb.toFixed(1)} to ${f.after.heapUsedMb.toFixed(1)} MB`);
  if (f.rssEndMb > f.rssStartMb * (1 + tolerance)) out.push(`RSS grew from ${f.rssStartMb} to ${f.rssEndMb} MB`);
  return out;
}

const SOAK_MS = Number(process.env.STRESS_SOAK_MS ?? 30 * 60_000);

export const CAMPAIGNS: Campaign[] = [
  {
    name: 'crash',
    description: '20 SIGKILLs at random moments + 4 inside compactions + 4 inside submits, 18 clients on 6 layers',
    async run(seed, log) {
      const f = await runCrashCampaign({ seed, randomKills: 20, compactionKills: 4, submitKills: 4, layers: 6, writersPerLayer: 3, rate: 15, compactAfter: 25, log });
      return { figures: { ...f }, problems: [] };
    },
  },
  {
    name: 'fuzz',
    description: '100,000 hostile real-time frames on 4 connections, /healthz timed every 50 ms',
    async run(seed, log) {
      const f = await runFrameFuzz({ seed, frames: 100_000, sessions: 4, maxMessageBytes: 64 * 1024, log });
      return { figures: { ...f, findings: f.findings.length }, problems: f.findings };
    },
  },
  {
    name: 'http-fuzz',
    description: '5,000 hostile HTTP requests over every API route',
    async run(seed, log) {
      const f = await runHttpFuzz({ seed, requests: 5000, log });
      return { figures: { ...f, findings: f.findings.length }, problems: f.findings };
    },
  },
  {
    name: 'import-fuzz',
    description: '2,000 imports of mutated files of every importable format',
    async run(seed, log) {
      const f = await runImportFuzz({ seed, imports: 2000, log });
      return { figures: { ...f, findings: f.findings.length }, problems: f.findings };
    },
  },
  {
    name: 'soak',
    description: `${Math.round(SOAK_MS / 60_000)} min of writers moving between layers and 8 connections cycling join/leave (STRESS_SOAK_MS)`,
    async run(seed, log) {
      const f = await runSoak({ seed, durationMs: SOAK_MS, warmupMs: 60_000, churners: 8, writers: 3, sampleEveryMs: 10_000, log });
      const { before, after, ...rest } = f;
      return { figures: { ...rest, heapQuietBeforeMb: before.heapUsedMb.toFixed(1), heapQuietAfterMb: after.heapUsedMb.toFixed(1), quietAfter: JSON.stringify({ sockets: after.sockets, members: after.members, liveLayers: after.liveLayers, resources: after.resources }) }, problems: soakProblems(f, 0.1) };
    },
  },
  {
    name: 'storm',
    description: 'SIGKILL and restart under 1,000 connected clients: socket.io backoff, then all at once',
    async run(seed, log) {
      const backoff = await runStorm({ seed, clients: 1000, reconnect: 'backoff', stop: 'kill', log });
      const herd = await runStorm({ seed, clients: 1000, reconnect: 'none', stop: 'kill', log });
      const problems = backoff.resyncAllMs > 10_000 ? [`1,000 clients took ${backoff.resyncAllMs} ms to resync (target 10 s)`] : [];
      return { figures: { backoff: JSON.stringify(backoff), allAtOnce: JSON.stringify(herd) }, problems };
    },
  },
];
