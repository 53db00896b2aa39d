// A load generator process. Holds three kinds of connections to the layers it is given:
//   full    — a Y.Doc that applies everything it receives; writes spans and measures propagation
//             of spans written by the other full clients of this process (same clock);
//   light   — writes spans from a Y.Doc holding only its own writes; drops what it receives;
//   passive — joins, answers the handshake, drops what it receives;
//   idle    — (capacity.bench.ts) joins, answers the handshake, sets a presence state and renews
//             it as y-protocols' Awareness does; reads only the awareness it receives.
// Every write's span carries `at` = send time; acks (ours) are timed per write.
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import type { SpanValue } from '../../shared/domain.ts';
import type { SpanId, UserId } from '../../shared/ids.ts';
import { emitEvent, serve } from './ipc.ts';
import { clock, openPeer, type Conn, type ConnHooks, type Opener } from './wire.ts';
import { openOursFull, openOursRaw } from './wire-ours.ts';

export interface OpenSpec {
  target: 'ours' | 'peer';
  port: number;
  layers: string[];
  full: number;
  light: number;
  passive: number;
  /** Distinguishes this process's span keys from another generator's. */
  tag: string;
  /**
   * Ours only: what the measuring (full) clients speak. `raw`: the protocol over `ws`, as lean as
   * the peer's measuring clients (a server-to-server comparison); `socket.io`: the real
   * socket.io-client the browser runs (what a user's latency includes).
   */
  fullClient?: 'raw' | 'socket.io';
}
export interface RunSpec {
  /** Updates per second written by this process, spread evenly over its writers. */
  rate: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  /** Emit `window-start`/`window-end` so the runner can sample the server around the window. */
  emitWindow: boolean;
}
export interface RunResult {
  prop: number[];
  ack: number[];
  ackErrors: number;
  writes: number;
  expected: number;
  received: number;
}

const REMOTE = Symbol('remote');
const KEYS_PER_WRITER = 16; // writers overwrite their own keys: the layer stays small, as in real use
let win = { start: Infinity, end: -Infinity };
const inWin = (at: number) => at >= win.start && at < win.end;
let res: RunResult = { prop: [], ack: [], ackErrors: 0, writes: 0, expected: 0, received: 0 };
const conns: Conn[] = [];
const writers: Array<() => void> = [];

function writer(doc: Y.Doc, key: string, fullPeers: number): { write: () => void; onUpdate: (u: Uint8Array, origin: unknown) => void; bind: (c: Conn) => void } {
  let conn: Conn | null = null;
  let at = 0;
  let n = 0;
  return {
    bind: (c) => (conn = c),
    onUpdate: (u, origin) => {
      if (origin === REMOTE || !conn) return;
      const sentAt = at;
      conn.send(u, (ms, ok) => {
        if (!inWin(sentAt)) return;
        if (ok) res.ack.push(ms);
        else res.ackErrors++;
      });
    },
    write: () => {
      at = clock();
      if (inWin(at)) {
        res.writes++;
        res.expected += fullPeers;
      }
      const v: SpanValue = { start: n % 1000, end: (n % 1000) + 5, label: 'PER', author: 'bench' as UserId, at };
      putSpan(doc, `${key}k${n++ % KEYS_PER_WRITER}` as SpanId, v);
    },
  };
}

async function openOne(spec: OpenSpec, layer: string, kind: 'full' | 'light' | 'passive', key: string): Promise<void> {
  const open: Opener = spec.target === 'peer' ? openPeer : kind === 'full' && spec.fullClient === 'socket.io' ? openOursFull : openOursRaw;
  if (kind === 'passive') {
    conns.push(await open(spec.port, layer, {}));
    return;
  }
  const doc = new Y.Doc();
  // Light writers do not measure, so the full clients of this process do not count them.
  const w = writer(doc, key, kind === 'full' ? spec.full - 1 : 0);
  doc.on('update', w.onUpdate);
  const hooks: ConnHooks = { diff: (sv) => Y.encodeStateAsUpdate(doc, sv), stateVector: () => Y.encodeStateVector(doc) };
  if (kind === 'full') {
    hooks.onUpdate = (u) => Y.applyUpdate(doc, u, REMOTE);
    const spans = spansOf(doc);
    spans.observe((ev) => {
      if (ev.transaction.origin !== REMOTE) return;
      const t = clock();
      for (const k of ev.keysChanged) {
        if (!k.startsWith(`F${spec.tag}`)) continue; // written by another process: not our clock
        const v = spans.get(k);
        if (v && inWin(v.at)) {
          res.prop.push(t - v.at);
          res.received++;
        }
      }
    });
  }
  const conn = await open(spec.port, layer, hooks);
  w.bind(conn);
  conns.push(conn);
  writers.push(w.write);
}

async function openAll(spec: OpenSpec): Promise<number> {
  const tasks: Array<() => Promise<void>> = [];
  spec.layers.forEach((layer, li) => {
    for (let i = 0; i < spec.full; i++) tasks.push(() => openOne(spec, layer, 'full', `F${spec.tag}${li}x${i}`));
    for (let i = 0; i < spec.light; i++) tasks.push(() => openOne(spec, layer, 'light', `L${spec.tag}${li}x${i}`));
    for (let i = 0; i < spec.passive; i++) tasks.push(() => openOne(spec, layer, 'passive', ''));
  });
  // A bounded number of handshakes at a time: a connection storm is not what is measured.
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  // Interleave writers of different layers so consecutive writes rarely hit the same layer.
  for (let i = writers.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [writers[i], writers[j]] = [writers[j]!, writers[i]!];
  }
  return conns.length;
}

function run(spec: RunSpec): Promise<RunResult> {
  res = { prop: [], ack: [], ackErrors: 0, writes: 0, expected: 0, received: 0 };
  const t0 = clock();
  const stopAt = t0 + spec.warmupMs + spec.measureMs;
  win = { start: t0 + spec.warmupMs, end: stopAt };
  if (spec.emitWindow) {
    setTimeout(() => emitEvent('window-start'), spec.warmupMs);
    setTimeout(() => emitEvent('window-end'), spec.warmupMs + spec.measureMs);
  }
  // Write j is due at t0 + j/rate: an even stream, caught up after any late timer.
  const interval = 1000 / spec.rate;
  let j = 0;
  const tick = () => {
    const t = clock();
    if (t >= stopAt || writers.length === 0) return;
    while (t0 + j * interval <= t) writers[j++ % writers.length]!();
    setTimeout(tick, Math.max(0, t0 + j * interval - clock()));
  };
  if (spec.rate > 0) tick();
  return new Promise((resolve) => setTimeout(() => resolve(res), spec.warmupMs + spec.measureMs + spec.drainMs));
}

// Idle connections for capacity.bench.ts. Each one is what an open, untouched tab costs the
// server: a joined layer, a finished handshake, a presence state (the size the annotate view
// publishes) renewed like y-protocols' Awareness does (it renews a local state 15 s old on its
// 3 s check ticks: every 15-18 s, in a phase of its own), and nothing else. What it receives is
// read only for the awareness entries, to check the relay: every connection should hold a live
// state (renewed within y-protocols' 30 s timeout) of each of its layer-mates.
export interface IdleOpenSpec {
  target: 'ours' | 'peer';
  port: number;
  layers: string[];
  perLayer: number;
  /** Connection indexes [from, from + count) are opened at once; index i joins layer i / perLayer. */
  from: number;
  count: number;
  heartbeatMs: number;
  /** A handshake not finished by then counts as failed. */
  timeoutMs: number;
}
export interface IdleOpenResult {
  opened: number;
  failed: number;
  errors: string[];
}
export interface IdleStats {
  /** Opened (handshake done, presence set) and not closed since. */
  open: number;
  closed: number;
  /** Open connections holding a live state of every layer-mate. */
  fullView: number;
  /** Since the previous call: presence renewals sent, awareness messages received. */
  renewals: number;
  awarenessIn: number;
}

const OUTDATED_MS = 30_000; // y-protocols' outdatedTimeout
interface Idle {
  conn: Conn;
  layer: number;
  closed: boolean;
  /** Other clients' ids → when their state last arrived. */
  seen: Map<number, number>;
  timer: NodeJS.Timeout | null;
}
const idle: Idle[] = [];
let idleRenewals = 0;
let idleAwarenessIn = 0;

/** y-protocols' encodeAwarenessUpdate for one client: count, then id, clock, JSON state. */
function awarenessUpdate(clientId: number, clk: number, json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clk);
  encoding.writeVarString(e, json);
  return encoding.toUint8Array(e);
}

/** Records the client ids of an awareness update (a null state removes one), without parsing JSON. */
function noteAwareness(c: Idle, own: number, update: Uint8Array): void {
  idleAwarenessIn++;
  const d = decoding.createDecoder(update);
  const t = clock();
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const id = decoding.readVarUint(d);
    decoding.readVarUint(d); // clock
    const json = decoding.readVarUint8Array(d); // the UTF-8 bytes of the JSON state
    if (id === own) continue;
    if (json.length === 4 && json[0] === 0x6e) c.seen.delete(id); // "null": the client left
    else c.seen.set(id, t);
  }
}

async function openIdle(spec: IdleOpenSpec, i: number): Promise<void> {
  const layer = Math.floor(i / spec.perLayer);
  const clientId = Math.floor(Math.random() * 2 ** 32);
  const json = JSON.stringify({ user: { id: `u${i}`, name: `Bench user ${i}`, color: '#30bced' }, selection: null, editing: null });
  let clk = 1; // y-protocols drops a state whose clock is not above the last one seen (0 for a new client)
  const c: Idle = { conn: null as unknown as Conn, layer, closed: false, seen: new Map(), timer: null };
  const hooks: ConnHooks = {
    onAwareness: (u) => noteAwareness(c, clientId, u),
    onClose: () => {
      c.closed = true;
      if (c.timer) clearTimeout(c.timer);
    },
  };
  const open: Opener = spec.target === 'peer' ? openPeer : openOursRaw;
  const opening = open(spec.port, spec.layers[layer]!, hooks);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handshake not done in ${spec.timeoutMs} ms`)), spec.timeoutMs);
  });
  try {
    c.conn = await Promise.race([opening, timeout]);
  } catch (err) {
    opening.then((late) => late.close(), () => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  // The first renewal comes at a random point of the period: long-lived tabs renew in phases
  // spread evenly, and the hold should see that steady rate (5,000 connections opened within a few
  // seconds would otherwise all renew in the same few seconds).
  const renew = (first: boolean) => {
    if (c.closed) return;
    c.conn.sendAwareness(awarenessUpdate(clientId, clk++, json));
    const next = first ? Math.random() * spec.heartbeatMs : spec.heartbeatMs + Math.random() * 3000;
    c.timer = setTimeout(() => {
      idleRenewals++;
      renew(false);
    }, next);
  };
  renew(true);
  idle.push(c);
}

async function openIdleBatch(spec: IdleOpenSpec): Promise<IdleOpenResult> {
  const out = await Promise.allSettled(Array.from({ length: spec.count }, (_, k) => openIdle(spec, spec.from + k)));
  const errors = [...new Set(out.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message ?? r.reason)] : [])))];
  const opened = out.filter((r) => r.status === 'fulfilled').length;
  return { opened, failed: spec.count - opened, errors: errors.slice(0, 5) };
}

function idleStats(perLayer: number): IdleStats {
  const t = clock();
  let open = 0;
  let closed = 0;
  let fullView = 0;
  for (const c of idle) {
    if (c.closed) {
      closed++;
      continue;
    }
    open++;
    let live = 0;
    for (const at of c.seen.values()) if (t - at < OUTDATED_MS) live++;
    if (live >= perLayer - 1) fullView++;
  }
  const out = { open, closed, fullView, renewals: idleRenewals, awarenessIn: idleAwarenessIn };
  idleRenewals = 0;
  idleAwarenessIn = 0;
  return out;
}

function closeIdle(): void {
  for (const c of idle.splice(0)) {
    c.closed = true;
    if (c.timer) clearTimeout(c.timer);
    c.conn.close();
  }
}

serve(
  {
    open: (arg) => openAll(arg as OpenSpec),
    run: (arg) => run(arg as RunSpec),
    close: () => {
      for (const c of conns.splice(0)) c.close();
      return null;
    },
    'idle-open': (arg) => openIdleBatch(arg as IdleOpenSpec),
    'idle-stats': (arg) => idleStats(arg as number),
  },
  async () => {
    for (const c of conns.splice(0)) c.close();
    closeIdle();
  },
);
emitEvent('ready');
