// Turns an ours-vs-peer pair of workload results into table rows, the same way for every relay
// scenario, so their tables read alike.
import { round } from './stats.ts';
import type { BenchResult, BenchRow, Target } from './types.ts';
import { compareWorkload, type Workload, type WorkloadResult } from './workload.ts';

export interface Targets {
  propP50?: Target;
  propP99?: Target;
  /** Bound on ours/peer for the propagation percentiles. */
  ratio?: Target;
  ackP50?: Target;
  ackP99?: Target;
}

export const NO_ACK_NOTE = 'peer: @y/websocket-server keeps documents in memory and never acknowledges an update, so ack rows are ours only';

export const CLIENTS_NOTE =
  'ours and peer are measured by the same kind of client (the protocol over ws, as lean as the peer\'s); the "with socket.io-client" rows measure ours again, by the socket.io-client browsers run, against the same peer figures';

export async function compare(w: Workload, t: Targets = {}): Promise<BenchResult> {
  const { ours, peer, oursSocketIo } = await compareWorkload(w);
  const p99s = (x: WorkloadResult) => x.windowP99.map((v) => round(v)).join(', ');
  return {
    rows: [...rows(ours, peer, t), ...socketIoRows(oursSocketIo, peer, t)],
    notes: [
      ...(process.env.BENCH_CALIBRATE === '1' ? ['CALIBRATION (BENCH_CALIBRATE=1): the peer column is our server again; its ratios are the noise of this bench'] : []),
      NO_ACK_NOTE,
      CLIENTS_NOTE,
      `propagation p99 per window: ours [${p99s(ours)}] ms, peer [${p99s(peer)}] ms, ours with socket.io-client [${p99s(oursSocketIo)}] ms`,
      ...warnings(ours, 'ours'),
      ...warnings(peer, 'peer'),
      ...warnings(oursSocketIo, 'ours with socket.io-client'),
    ],
  };
}

/** Ours measured by socket.io-client: the latency a browser's user sees includes that library. */
function socketIoRows(s: WorkloadResult, p: WorkloadResult, t: Targets): BenchRow[] {
  return [
    { metric: 'propagation p50, with socket.io-client', ours: r(s.prop.p50), peer: r(p.prop.p50), unit: 'ms', ...bound(t.propP50) },
    { metric: 'propagation p99, with socket.io-client', ours: r(s.prop.p99), peer: r(p.prop.p99), unit: 'ms', ...bound(t.propP99) },
    { metric: 'durable ack p99, with socket.io-client', ours: r(s.ack.p99), peer: 'no acks', unit: 'ms', ...bound(t.ackP99) },
    { metric: 'busiest generator CPU, with socket.io-client', ours: r(s.genCpuPct), peer: r(p.genCpuPct), unit: '% core' },
  ];
}

const r = (x: number) => round(x);
const bound = (target?: Target, ratioTarget?: Target): Pick<BenchRow, 'target' | 'ratioTarget'> => ({
  ...(target ? { target } : {}),
  ...(ratioTarget ? { ratioTarget } : {}),
});

function rows(o: WorkloadResult, p: WorkloadResult, t: Targets): BenchRow[] {
  return [
    { metric: 'propagation p50', ours: r(o.prop.p50), peer: r(p.prop.p50), unit: 'ms', ...bound(t.propP50, t.ratio) },
    { metric: 'propagation p99', ours: r(o.prop.p99), peer: r(p.prop.p99), unit: 'ms', ...bound(t.propP99, t.ratio) },
    // One window hit by a burst from other processes moves a pooled p99; the median window's does not.
    { metric: 'propagation p99, median window', ours: r(median(o.windowP99)), peer: r(median(p.windowP99)), unit: 'ms' },
    { metric: 'propagation max', ours: r(o.prop.max), peer: r(p.prop.max), unit: 'ms' },
    { metric: 'propagation samples', ours: o.prop.n, peer: p.prop.n, unit: 'n' },
    { metric: 'delivered', ours: r(100 * o.delivered), peer: r(100 * p.delivered), unit: '%' },
    { metric: 'durable ack p50', ours: r(o.ack.p50), peer: 'no acks', unit: 'ms', ...bound(t.ackP50) },
    { metric: 'durable ack p99', ours: r(o.ack.p99), peer: 'no acks', unit: 'ms', ...bound(t.ackP99) },
    { metric: 'commits/s (rows per commit)', ours: `${r(o.commits?.commits ?? NaN)} (${r(o.commits?.rowsPerCommit ?? NaN)})`, peer: 'no storage', unit: '/s' },
    { metric: 'commit duration p50 (worst window)', ours: r(o.commits?.p50Ms ?? NaN), peer: 'no storage', unit: 'ms' },
    { metric: 'commit duration p99 (worst window)', ours: r(o.commits?.p99Ms ?? NaN), peer: 'no storage', unit: 'ms' },
    { metric: 'compactions in the windows (longest)', ours: `${o.commits?.compactions ?? NaN} (${r(o.commits?.compactMaxMs ?? NaN)} ms)`, peer: 'no storage', unit: 'n' },
    { metric: 'server CPU', ours: r(o.serverCpuPct), peer: r(p.serverCpuPct), unit: '% core' },
    { metric: 'server write syscalls', ours: r(o.serverWritesPerS), peer: r(p.serverWritesPerS), unit: '/s' },
    { metric: 'server RSS', ours: r(o.serverRssMb), peer: r(p.serverRssMb), unit: 'MB' },
    { metric: 'server event-loop delay p99', ours: r(o.serverLoopP99Ms), peer: r(p.serverLoopP99Ms), unit: 'ms' },
    { metric: 'server event-loop delay max', ours: r(o.serverLoopMaxMs), peer: r(p.serverLoopMaxMs), unit: 'ms' },
    { metric: 'busiest generator CPU', ours: r(o.genCpuPct), peer: r(p.genCpuPct), unit: '% core' },
    { metric: 'machine CPU busy (all)', ours: r(o.machinePct), peer: r(p.machinePct), unit: '% core' },
    { metric: 'machine CPU by other processes', ours: r(o.othersPct), peer: r(p.othersPct), unit: '% core' },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function warnings(x: WorkloadResult, who: string): string[] {
  const out: string[] = [];
  if (x.ackErrors > 0) out.push(`${who}: ${x.ackErrors} updates were refused (ack with error)`);
  if (x.delivered < 0.999) out.push(`${who}: only ${(100 * x.delivered).toFixed(2)}% of measured updates arrived within the drain time`);
  if (x.genCpuPct > 80) out.push(`${who}: a generator used ${x.genCpuPct.toFixed(0)}% of a core; latencies may include generator queuing`);
  if (x.othersPct > 40) {
    out.push(`${who}: processes outside this benchmark used ${x.othersPct.toFixed(0)}% of a core during the windows; absolute latencies are inflated`);
  }
  return out;
}
