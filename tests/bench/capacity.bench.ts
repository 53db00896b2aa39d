// Issue 7's capacity target: ≥ 5,000 idle connected sockets with awareness heartbeats on one node,
// RSS ≤ 1.5 GB. Each server (ours, then the peer @y/websocket-server, one at a time so neither's
// memory or CPU is measured beside the other's) gets 5,000 connections over 500 layers (10 per
// layer), opened in batches of 250 (a batch is opened at once and finished before the next: the
// server's capacity is measured, not a connection storm; 250 stays under our handshake admission
// cap of 256). Each connection joins, syncs, publishes a presence state and renews it every 15-18 s
// as y-protocols does (gen-load.ts, "idle"); nothing else. After a 30 s hold the server is sampled.
//
// The generator holds every socket in one process with the hand-rolled framing of wire-ours.ts /
// wire.ts (a few hundred small messages a second at most); its CPU is printed to show it is not
// what limits.
import { spawnChild, type Child, type ProcStats } from './ipc.ts';
import type { IdleOpenResult, IdleOpenSpec, IdleStats } from './gen-load.ts';
import { busyPct, markCpu } from './machine.ts';
import { startServer, type Target } from './server-proc.ts';
import { round } from './stats.ts';
import type { BenchRow, Scenario } from './types.ts';

const CONNS = Number(process.env.BENCH_CAPACITY_CONNS ?? 5000);
const PER_LAYER = 10;
const BATCH = 250;
const HOLD_MS = Number(process.env.BENCH_CAPACITY_HOLD_MS ?? 30_000);
const HEARTBEAT_MS = 15_000; // y-protocols: outdatedTimeout / 2
const RSS_TARGET_MB = 1536;

interface Heap {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

interface SideResult {
  opened: number;
  failed: number;
  errors: string[];
  connectS: number;
  idle: IdleStats;
  /** The empty server after startup settled and a full GC. */
  base: Heap;
  rssMb: number;
  /** As found at the end of the hold, then after a full GC. */
  heap: Heap;
  liveHeap: Heap;
  cpuPct: number;
  loopP99Ms: number;
  loopMaxMs: number;
  genCpuPct: number;
  awarenessInPerS: number;
  renewalsPerS: number;
  othersPct: number;
}

// Heap figures come from inside the server process, and ipc.ts's `stats` reports only RSS; so the
// server gets a preload (NODE_OPTIONS --import, a data: URL: no file, no change to the entries)
// that answers a `capacity-heap` message with an event, after a full GC when asked (the live
// heap: what the connections hold, not what is merely not collected yet). The message has an id
// no request uses, so ipc.ts's own "unknown command" reply to it is dropped by the parent.
const HEAP_PROBE = `
import { isMainThread } from 'node:worker_threads';
import v8 from 'node:v8';
import vm from 'node:vm';
if (isMainThread && process.send) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  process.on('message', (m) => {
    if (!m || m.cmd !== 'capacity-heap') return;
    if (m.arg && m.arg.gc) gc();
    const u = process.memoryUsage();
    const mb = (x) => x / 2 ** 20;
    process.send({ event: 'capacity-heap', data: { rssMb: mb(u.rss), heapUsedMb: mb(u.heapUsed), externalMb: mb(u.external) } });
  });
}`;
const heapProbeEnv = (): Record<string, string> => ({
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=data:text/javascript;base64,${Buffer.from(HEAP_PROBE).toString('base64')}`.trim(),
});
function heapOf(c: Child, gc: boolean): Promise<Heap> {
  const got = c.once<Heap>('capacity-heap');
  c.proc.send({ id: -1, cmd: 'capacity-heap', arg: { gc } });
  return got;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measureSide(target: Target): Promise<SideResult> {
  const server = await startServer(target, heapProbeEnv());
  let gen: Child | null = null;
  try {
    gen = (await spawnChild('./gen-load.ts', process.env)).child;
    const layers = Array.from({ length: Math.ceil(CONNS / PER_LAYER) }, (_, i) => `cap${i}/shared`);
    await sleep(2000);
    const base = await heapOf(server.child, true);

    const t0 = performance.now();
    let opened = 0;
    let failed = 0;
    const errors = new Set<string>();
    for (let from = 0; from < CONNS; from += BATCH) {
      const count = Math.min(BATCH, CONNS - from);
      const spec: IdleOpenSpec = { target, port: server.port, layers, perLayer: PER_LAYER, from, count, heartbeatMs: HEARTBEAT_MS, timeoutMs: 30_000 };
      const r = await gen.request<IdleOpenResult>('idle-open', spec);
      opened += r.opened;
      failed += r.failed;
      for (const e of r.errors) errors.add(e);
    }
    const connectS = (performance.now() - t0) / 1000;

    // The hold: idle but for presence renewals. Stats calls bracket it (the event-loop histogram
    // restarts at each), then the memory of the server holding them all.
    await gen.request<IdleStats>('idle-stats', PER_LAYER);
    const m0 = markCpu();
    const [s0, g0] = await Promise.all([server.child.request<ProcStats>('stats'), gen.request<ProcStats>('stats')]);
    await sleep(HOLD_MS);
    const [s1, g1] = await Promise.all([server.child.request<ProcStats>('stats'), gen.request<ProcStats>('stats')]);
    const m1 = markCpu();
    const idle = await gen.request<IdleStats>('idle-stats', PER_LAYER);
    const heap = await heapOf(server.child, false);
    const liveHeap = await heapOf(server.child, true);
    const pct = (ms: number) => (100 * ms) / HOLD_MS;
    const own = s1.cpuMs - s0.cpuMs + g1.cpuMs - g0.cpuMs;
    const machine = (busyPct(m0, m1) * HOLD_MS) / 100;
    return {
      opened,
      failed,
      errors: [...errors].slice(0, 3),
      connectS,
      idle,
      base,
      rssMb: s1.rssMb,
      heap,
      liveHeap,
      cpuPct: pct(s1.cpuMs - s0.cpuMs),
      loopP99Ms: s1.loopP99Ms,
      loopMaxMs: s1.loopMaxMs,
      genCpuPct: pct(g1.cpuMs - g0.cpuMs),
      awarenessInPerS: (1000 * idle.awarenessIn) / HOLD_MS,
      renewalsPerS: (1000 * idle.renewals) / HOLD_MS,
      othersPct: pct(machine - own),
    };
  } finally {
    await gen?.stop();
    await server.close();
  }
}

function rows(o: SideResult, p: SideResult): BenchRow[] {
  const r = round;
  const perConnKb = (x: SideResult, a: number, b: number) => (x.idle.open === 0 ? Number.NaN : (1024 * (a - b)) / x.idle.open);
  const rssPer = (x: SideResult) => perConnKb(x, x.rssMb, x.base.rssMb);
  const heapPer = (x: SideResult) => perConnKb(x, x.liveHeap.heapUsedMb, x.base.heapUsedMb);
  return [
    { metric: `connected + synced after the hold (of ${CONNS})`, ours: o.idle.open, peer: p.idle.open, unit: 'n', target: { min: CONNS } },
    { metric: "holding every layer-mate's live presence", ours: o.idle.fullView, peer: p.idle.fullView, unit: 'n' },
    { metric: `time to connect all (batches of ${BATCH})`, ours: r(o.connectS), peer: r(p.connectS), unit: 's' },
    { metric: `server RSS at ${CONNS}`, ours: r(o.rssMb), peer: r(p.rssMb), unit: 'MB', target: { max: RSS_TARGET_MB } },
    { metric: 'server RSS, empty (after GC)', ours: r(o.base.rssMb), peer: r(p.base.rssMb), unit: 'MB' },
    { metric: 'RSS per connection (above empty)', ours: r(rssPer(o)), peer: r(rssPer(p)), unit: 'KB' },
    { metric: `server heap used at ${CONNS}`, ours: r(o.heap.heapUsedMb), peer: r(p.heap.heapUsedMb), unit: 'MB' },
    { metric: `server heap used at ${CONNS}, after GC`, ours: r(o.liveHeap.heapUsedMb), peer: r(p.liveHeap.heapUsedMb), unit: 'MB' },
    { metric: 'server heap used, empty (after GC)', ours: r(o.base.heapUsedMb), peer: r(p.base.heapUsedMb), unit: 'MB' },
    { metric: 'live heap per connection (above empty)', ours: r(heapPer(o)), peer: r(heapPer(p)), unit: 'KB' },
    { metric: `server external memory at ${CONNS}`, ours: r(o.heap.externalMb), peer: r(p.heap.externalMb), unit: 'MB' },
    { metric: 'server CPU, idle with heartbeats', ours: r(o.cpuPct), peer: r(p.cpuPct), unit: '% core' },
    { metric: 'server event-loop delay p99', ours: r(o.loopP99Ms), peer: r(p.loopP99Ms), unit: 'ms' },
    { metric: 'server event-loop delay max', ours: r(o.loopMaxMs), peer: r(p.loopMaxMs), unit: 'ms' },
    { metric: 'presence renewals sent', ours: r(o.renewalsPerS), peer: r(p.renewalsPerS), unit: '/s' },
    { metric: 'awareness messages received by clients', ours: r(o.awarenessInPerS), peer: r(p.awarenessInPerS), unit: '/s' },
    { metric: 'generator CPU', ours: r(o.genCpuPct), peer: r(p.genCpuPct), unit: '% core' },
    { metric: 'machine CPU by other processes', ours: r(o.othersPct), peer: r(p.othersPct), unit: '% core' },
  ];
}

function notes(x: SideResult, who: string): string[] {
  const out: string[] = [];
  if (x.failed > 0) out.push(`${who}: ${x.failed} of ${CONNS} connections did not finish the handshake (${x.errors.join('; ')})`);
  if (x.idle.closed > 0) out.push(`${who}: ${x.idle.closed} connections were closed after they had synced`);
  if (x.idle.fullView < x.idle.open) out.push(`${who}: ${x.idle.open - x.idle.fullView} open connections lack a live presence of some layer-mate`);
  if (x.genCpuPct > 80) out.push(`${who}: the generator used ${x.genCpuPct.toFixed(0)}% of a core; it may be what limits`);
  if (x.othersPct > 40) out.push(`${who}: processes outside this benchmark used ${x.othersPct.toFixed(0)}% of a core during the hold`);
  return out;
}

export const capacity: Scenario = {
  name: 'capacity',
  description: `${CONNS} idle sockets on ${Math.ceil(CONNS / PER_LAYER)} layers with awareness heartbeats: RSS, CPU, loop delay vs @y/websocket-server`,
  async run() {
    const ours = await measureSide('ours');
    const peer = await measureSide('peer');
    return {
      rows: rows(ours, peer),
      notes: [
        `each side measured alone (ours, then the peer), after a ${HOLD_MS / 1000} s hold; per connection = (figure at the end − the empty server's after startup and a full GC) / open connections; RSS, CPU and loop delay are taken before any forced GC`,
        'the peer relays each renewal to every connection of the layer, the sender included; ours to the others only',
        ...notes(ours, 'ours'),
        ...notes(peer, 'peer'),
      ],
    };
  },
};
