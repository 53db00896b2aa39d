// Runs one relay workload against each side (see SideName). Each side's server runs in its own
// process with its own load generators (measuring clients in one process, so senders and receivers
// share a clock; passive sockets and light writers in another). All are set up first, then
// measured in alternating windows (ours, peer, ours+socket.io-client, then the reverse, …) so slow
// drifts of a shared, noisy machine hit all alike; the windows of a side are pooled.
import { spawnChild, type Child, type ProcStats } from './ipc.ts';
import type { OpenSpec, RunResult, RunSpec } from './gen-load.ts';
import { busyPct, markCpu, type CpuMark } from './machine.ts';
import { startServer, type ServerProc, type Target } from './server-proc.ts';
import { summarize, type Summary } from './stats.ts';

export interface Workload {
  layers: number;
  /** Per layer: measuring writers, light writers, passive sockets. */
  full: number;
  light: number;
  passive: number;
  /** Updates per second over all writers. */
  rate: number;
  /** Before a side's first window; later windows warm up for 1 s. */
  warmupMs: number;
  /** Measured time per side, split over the rounds. */
  measureMs: number;
}

export interface WorkloadResult {
  prop: Summary;
  ack: Summary;
  ackErrors: number;
  /** Samples received / expected (1 = every measured update reached every measuring peer). */
  delivered: number;
  serverCpuPct: number;
  /** Server write-family syscalls per second (socket writes, WAL writes, wake-ups). */
  serverWritesPerS: number;
  serverRssMb: number;
  /** The server's event-loop delay, worst window (how long ready work waited for the loop). */
  serverLoopP99Ms: number;
  serverLoopMaxMs: number;
  /** Busiest generator process, % of one core: near 100 means it limits. */
  genCpuPct: number;
  /** Whole machine busy, % of one core, and the part not spent by this side's processes. */
  machinePct: number;
  othersPct: number;
  /** Propagation p99 per window, to see how much the windows disagree. */
  windowP99: number[];
  /** Ours only: group commits timed inside the server process (see server-entry.ts). */
  commits: CommitStats | null;
}

export interface CommitStats {
  commits: number;
  rowsPerCommit: number;
  p50Ms: number;
  p99Ms: number;
  /** Compactions (count) and the longest one, in ms: commits wait behind a compaction. */
  compactions: number;
  compactMaxMs: number;
}

/**
 * The sides measured in one run: our server and the peer, both measured by lean protocol clients
 * over `ws` (the servers compared), and our server again measured by socket.io-client (what a
 * browser's latency includes). Each side has its own server process and generators.
 */
export type SideName = 'ours' | 'peer' | 'oursSocketIo';
const SIDES: SideName[] = ['ours', 'peer', 'oursSocketIo'];

interface Side {
  target: Target;
  server: ServerProc;
  gens: Child[];
}

interface Window {
  results: RunResult[];
  s0: ProcStats[];
  s1: ProcStats[];
  m0: CpuMark | null;
  m1: CpuMark | null;
  measureMs: number;
  commits: CommitStats | null;
}

async function setUp(name: SideName, w: Workload): Promise<Side> {
  // BENCH_CALIBRATE=1: the peer side runs our server too, so its ratio shows the bench's own noise.
  const target: Target = name === 'peer' && process.env.BENCH_CALIBRATE !== '1' ? 'peer' : 'ours';
  const server = await startServer(target);
  const layers = Array.from({ length: w.layers }, (_, i) => `bench${i}/shared`);
  const gens = [(await spawnChild('./gen-load.ts', process.env)).child];
  if (w.light + w.passive > 0) gens.push((await spawnChild('./gen-load.ts', process.env)).child);
  const base = { target, port: server.port, layers } as const;
  const fullClient = name === 'oursSocketIo' ? 'socket.io' : 'raw';
  await gens[0]!.request<number>('open', { ...base, full: w.full, light: 0, passive: 0, tag: 'a', fullClient } satisfies OpenSpec);
  await gens[1]?.request<number>('open', { ...base, full: 0, light: w.light, passive: w.passive, tag: 'p' } satisfies OpenSpec);
  return { target, server, gens };
}

async function measure(side: Side, w: Workload, warmupMs: number, measureMs: number): Promise<Window> {
  const [active, passive] = side.gens;
  const procs = [side.server.child, ...side.gens];
  const commits = () => (side.target === 'ours' ? side.server.child.request<CommitStats>('commits') : Promise.resolve(null));
  const sample = async () => ({ m: markCpu(), s: await Promise.all(procs.map((c) => c.request<ProcStats>('stats'))), c: await commits() });
  const before = active!.once('window-start').then(sample);
  const after = active!.once('window-end').then(sample);
  const spec = { warmupMs, measureMs, drainMs: 1500 };
  const share = (n: number) => (w.rate * n) / (w.full + w.light);
  const results = await Promise.all([
    active!.request<RunResult>('run', { ...spec, rate: share(w.full), emitWindow: true } satisfies RunSpec),
    ...(passive ? [passive.request<RunResult>('run', { ...spec, rate: share(w.light), emitWindow: false } satisfies RunSpec)] : []),
  ]);
  const [b, a] = await Promise.all([before, after]);
  return { results, s0: b.s, s1: a.s, m0: b.m, m1: a.m, measureMs, commits: a.c };
}

function pool(label: SideName, wins: Window[]): WorkloadResult {
  const totalMs = wins.reduce((n, x) => n + x.measureMs, 0);
  const cpu = (i: number) => wins.reduce((n, x) => n + x.s1[i]!.cpuMs - x.s0[i]!.cpuMs, 0);
  const pct = (ms: number) => (100 * ms) / totalMs;
  const procs = wins[0]!.s0.length;
  const ownCpu = Array.from({ length: procs }, (_, i) => cpu(i)).reduce((a, b) => a + b, 0);
  const machine = wins.reduce((n, x) => n + (busyPct(x.m0, x.m1) * x.measureMs) / 100, 0);
  const active = wins.map((x) => x.results[0]!);
  const all = wins.flatMap((x) => x.results);
  const expected = active.reduce((n, r) => n + r.expected, 0);
  // BENCH_DECILES=1: the shape of the propagation distribution per side (where two servers differ:
  // a constant offset at the low end is path length; a step in the middle is waiting for a core).
  if (process.env.BENCH_DECILES === '1') {
    const s = active.flatMap((r) => r.prop).sort((a, b) => a - b);
    const qs = [1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95].map((q) => `p${q} ${s[Math.min(s.length - 1, Math.floor((q / 100) * s.length))]?.toFixed(3)}`);
    console.log(`propagation ms, ${label}: ${qs.join(' ')}`);
  }
  return {
    prop: summarize(active.flatMap((r) => r.prop)),
    ack: summarize(all.flatMap((r) => r.ack)),
    ackErrors: all.reduce((n, r) => n + r.ackErrors, 0),
    delivered: expected === 0 ? Number.NaN : active.reduce((n, r) => n + r.received, 0) / expected,
    serverCpuPct: pct(cpu(0)),
    serverWritesPerS: (1000 * wins.reduce((n, x) => n + x.s1[0]!.writeSyscalls - x.s0[0]!.writeSyscalls, 0)) / totalMs,
    serverRssMb: wins.at(-1)!.s1[0]!.rssMb,
    serverLoopP99Ms: Math.max(...wins.map((x) => x.s1[0]!.loopP99Ms)),
    serverLoopMaxMs: Math.max(...wins.map((x) => x.s1[0]!.loopMaxMs)),
    genCpuPct: Math.max(...Array.from({ length: procs - 1 }, (_, i) => pct(cpu(i + 1)))),
    machinePct: pct(machine),
    othersPct: pct(machine - ownCpu),
    windowP99: active.map((r) => summarize(r.prop).p99),
    commits: wins[0]!.commits ? poolCommits(wins.map((x) => x.commits!), totalMs) : null,
  };
}

/** Commits per second, mean rows per commit, and the worst window's percentiles. */
function poolCommits(cs: CommitStats[], totalMs: number): CommitStats {
  const n = cs.reduce((a, c) => a + c.commits, 0);
  return {
    commits: (1000 * n) / totalMs,
    rowsPerCommit: n === 0 ? 0 : cs.reduce((a, c) => a + c.rowsPerCommit * c.commits, 0) / n,
    p50Ms: Math.max(...cs.map((c) => c.p50Ms)),
    p99Ms: Math.max(...cs.map((c) => c.p99Ms)),
    compactions: cs.reduce((a, c) => a + c.compactions, 0),
    compactMaxMs: Math.max(...cs.map((c) => c.compactMaxMs)),
  };
}

/** Sets up every side, measures them in alternating windows, tears them down. */
export async function compareWorkload(w: Workload, rounds = Number(process.env.BENCH_ROUNDS ?? 4)): Promise<Record<SideName, WorkloadResult>> {
  const sides: Partial<Record<SideName, Side>> = {};
  try {
    for (const name of SIDES) sides[name] = await setUp(name, w);
    const wins: Record<SideName, Window[]> = { ours: [], peer: [], oursSocketIo: [] };
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        wins[t].push(await measure(sides[t]!, w, wins[t].length === 0 ? w.warmupMs : 1000, w.measureMs / rounds));
      }
    }
    return { ours: pool('ours', wins.ours), peer: pool('peer', wins.peer), oursSocketIo: pool('oursSocketIo', wins.oursSocketIo) };
  } finally {
    for (const side of Object.values(sides)) {
      await Promise.all(side.gens.map((g) => g.stop()));
      await side.server.close();
    }
  }
}
