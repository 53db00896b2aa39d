// Soak: steady writers (moving between layers) plus continuous join/leave churn (new connections that join, sync, show
// presence and leave or drop; and long-lived connections joining and leaving layers), against a
// child server run with --expose-gc, layers unloading after 1 s so they load and unload all the
// time. Memory is sampled after a full GC. Nothing may be left behind: once the churn stops and
// layers unloaded, sockets, members, presence, live layers and libuv handles are back to what
// they were before it, and the heap and RSS stayed flat.
import { rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { seedWorkspace, type Session } from '../helpers/api.ts';
import { rng } from '../helpers/clients.ts';
import { RawSocket } from '../helpers/raw-socket.ts';
import { tempDir } from '../helpers/server.ts';
import { spawnStressServer } from '../helpers/stress-spawn.ts';
import type { Probe } from '../helpers/stress-server.ts';
import { cycle } from './light-client.ts';
import { TrackedWriter } from './tracked-writer.ts';

export interface SoakOptions {
  seed: number;
  durationMs: number;
  /** Load before the measured part, not measured. */
  warmupMs: number;
  /** Connections cycling join/leave concurrently. */
  churners: number;
  writers: number;
  sampleEveryMs: number;
  log?: (line: string) => void;
}

export interface SoakFigures {
  seed: number;
  durationS: number;
  cycles: number;
  writes: number;
  samples: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  heapStartMb: number;
  heapEndMb: number;
  before: Probe;
  after: Probe;
}

const TEXT = 'Ada Lovelace met Charles Babbage in London. '.repeat(10);

export async function runSoak(o: SoakOptions): Promise<SoakFigures> {
  const t0 = performance.now();
  const r = rng(o.seed);
  const dataDir = await tempDir('tagteam-soak-');
  const server = await spawnStressServer(dataDir, { gc: true, env: { TAGTEAM_UNLOAD_AFTER_MS: '1000', TAGTEAM_COMPACT_AFTER: '100' } });
  const writers: TrackedWriter[] = [];
  const hwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  try {
    const ws = await seedWorkspace(server, { texts: Array.from({ length: 16 }, () => TEXT) });
    const users: Session[] = [ws.ann1, ws.ann2, ws.reviewer, ws.owner];
    const layers = ws.docIds.map((d) => `${d}/shared`);
    // Writers write to layers 0–5 and move to another one every 20 s (a full client leaving and
    // joining; the layer it left unloads and compacts). Churn uses layers 6 and up.
    const slots: TrackedWriter[] = [];
    let made = 0;
    const open = async (slot: number) => {
      const w = new TrackedWriter(server.url, layers[(slot + 3 * made) % 6]!, users[slot % 3]!, `soak${made}`, TEXT.length, rng(o.seed + made));
      made++;
      writers.push(w);
      await w.client.provider.whenSaved();
      // Presence, as the UI sets it (a state at clock 0 is never passed on by y-protocols peers).
      w.client.provider.awareness.setLocalStateField('user', { name: w.name });
      slots[slot] = w;
    };
    for (let i = 0; i < o.writers; i++) await open(i);
    // The quiet state is compared with no client connected and no layer loaded: a loaded layer's
    // Y.Doc keeps its edit history (a deleted item per overwrite), which is the data, not a leak.
    const quiet = async (reopen: boolean) => {
      await Promise.all(slots.map((w) => w.client.provider.whenSaved()));
      for (const w of slots) w.close();
      // Layers without clients unload after 1 s. (No HTTP request is made once the load started, so
      // the seeding's keep-alive connections, closed by the server after 5 s idle, are gone too.)
      await new Promise((res) => setTimeout(res, 2500));
      const p = await server.probe();
      if (reopen) for (let i = 0; i < o.writers; i++) await open(i);
      return p;
    };
    // Writers overwrite a bounded set of keys, so a layer's content does not grow with time.
    let writing = false;
    const writeTimer = setInterval(() => {
      if (writing) for (const w of slots) if (r() < 0.5) w.stepBounded(40);
    }, 100);
    let cycles = 0;
    const churner = async (k: number, until: number) => {
      const cr = rng(o.seed * 31 + k + cycles);
      let longLived: RawSocket | null = null;
      while (performance.now() < until) {
        const user = users[k % users.length]!;
        const layer = layers[6 + Math.floor(cr() * (layers.length - 6))]!;
        const id = 1 + Math.floor(cr() * 2 ** 30);
        if (cr() < 0.5) {
          const s = new RawSocket(server.url, { cookie: user.cookie });
          await s.ready;
          await cycle(s, layer, id, cr() < 0.5 ? 'leave' : 'drop');
          s.close();
        } else {
          longLived ??= new RawSocket(server.url, { cookie: user.cookie });
          await longLived.ready;
          await cycle(longLived, layer, id, 'leave');
        }
        cycles++;
      }
      longLived?.close();
    };
    /** Writers write and move, churners cycle, for `ms`. */
    const load = async (ms: number) => {
      const until = performance.now() + ms;
      writing = true;
      const rotator = (async () => {
        for (let slot = 0; performance.now() < until; slot = (slot + 1) % o.writers) {
          await new Promise((res) => setTimeout(res, Math.min(20_000 / o.writers, Math.max(0, until - performance.now()))));
          if (performance.now() >= until) return;
          const old = slots[slot]!;
          await old.client.provider.whenSaved();
          old.close();
          await open(slot);
        }
      })();
      await Promise.all([rotator, ...Array.from({ length: o.churners }, (_, k) => churner(k, until))]);
      writing = false;
    };
    // Warm-up (code compiled, pools at their size), then the quiet state everything must return to.
    await load(o.warmupMs);
    const before = await quiet(true);
    const samples: Probe[] = [];
    const sampler = setInterval(() => void server.probe().then((p) => samples.push(p)), o.sampleEveryMs);
    const logger = setInterval(() => {
      const p = samples.at(-1);
      o.log?.(`${Math.round((performance.now() - t0) / 1000)} s: ${cycles} cycles, heap ${p?.heapUsedMb.toFixed(1)} MB, rss ${p?.rssMb.toFixed(0)} MB, sockets ${p?.sockets}`);
    }, 60_000);
    const cyclesBefore = cycles;
    await load(o.durationMs);
    clearInterval(sampler);
    clearInterval(logger);
    clearInterval(writeTimer);
    const after = await quiet(false);
    // The first quarter of the samples is warm-up (code paths compiled, pools grown).
    const steady = samples.slice(Math.floor(samples.length / 4));
    const first = steady.slice(0, 3);
    const last = steady.slice(-3);
    const avg = (xs: Probe[], f: (p: Probe) => number) => xs.reduce((a, p) => a + f(p), 0) / Math.max(1, xs.length);
    return {
      seed: o.seed,
      durationS: Math.round((performance.now() - t0) / 1000),
      cycles: cycles - cyclesBefore,
      writes: writers.reduce((n, w) => n + w.written, 0),
      samples: samples.length,
      rssStartMb: Math.round(avg(first, (p) => p.rssMb)),
      rssEndMb: Math.round(avg(last, (p) => p.rssMb)),
      rssMaxMb: Math.round(hwm()),
      heapStartMb: Math.round(avg(first, (p) => p.heapUsedMb) * 10) / 10,
      heapEndMb: Math.round(avg(last, (p) => p.heapUsedMb) * 10) / 10,
      before,
      after,
    };
  } finally {
    for (const w of writers) w.close();
    await server.kill().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}
