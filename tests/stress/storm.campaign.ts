// Reconnect storm: N light clients (10 per layer) are connected and synced when the server is
// restarted on the same port. Each client reconnects the way socket.io-client does by default
// (exponential backoff from 1 s to 5 s with ±50% jitter; see the storm test for those defaults),
// or, to measure what admission control would have to absorb, all at once with no delay. Figures:
// the time until every client has re-joined and received the hub's sync step 2, failed
// attempts, and the new server's peak memory and event-loop delay.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { ProcStats } from '../bench/ipc.ts';
import { seedWorkspace, type Session } from '../helpers/api.ts';
import { rng } from '../helpers/clients.ts';
import { RawSocket } from '../helpers/raw-socket.ts';
import { tempDir } from '../helpers/server.ts';
import { spawnStressServer, type StressServer } from '../helpers/stress-spawn.ts';
import { handshake } from './light-client.ts';

export interface StormOptions {
  seed: number;
  clients: number;
  /** 'backoff': socket.io-client's default schedule; 'none': every client retries at once, every 50 ms. */
  reconnect: 'backoff' | 'none';
  /** How the server goes down: SIGKILL, or a graceful stop (clients see their sockets closed). */
  stop: 'kill' | 'graceful';
  log?: (line: string) => void;
}

export interface StormFigures {
  clients: number;
  layers: number;
  reconnect: string;
  stop: string;
  /** From the new server being ready until the last client was resynced, ms. */
  resyncAllMs: number;
  resyncP50Ms: number;
  failedAttempts: number;
  peakRssMb: number;
  loopMaxMs: number;
  generatorRssMb: number;
}

/** socket.io-client's Backoff (engine of `reconnectionDelay`): min·2^n, ±jitter, capped. */
export function backoffDelay(attempt: number, r: () => number, min = 1000, max = 5000, jitter = 0.5): number {
  let ms = min * 2 ** attempt;
  const rand = r();
  const deviation = Math.floor(rand * jitter * ms);
  ms = (Math.floor(rand * 10) & 1) === 0 ? ms - deviation : ms + deviation;
  return Math.min(ms, max) | 0;
}

export async function runStorm(o: StormOptions): Promise<StormFigures> {
  const r = rng(o.seed);
  const dataDir = await tempDir('tagteam-storm-');
  let server: StressServer = await spawnStressServer(dataDir, { gc: true });
  const port = server.port;
  const layersCount = Math.max(1, Math.round(o.clients / 10));
  let live = true;
  let failedAttempts = 0;
  const resyncedAt: number[] = [];
  const sockets = new Set<RawSocket>();
  const synced = new Set<number>();
  try {
    const ws = await seedWorkspace(server, { texts: Array.from({ length: layersCount }, (_, i) => `Document ${i}: Ada Lovelace met Charles Babbage.`) });
    const users: Session[] = [ws.ann1, ws.ann2, ws.reviewer, ws.owner];
    let phase = 0; // 0: first connect, 1: after the restart
    const client = async (i: number) => {
      const layer = `${ws.docIds[i % layersCount]}/shared`;
      const cookie = users[i % users.length]!.cookie;
      for (let attempt = 0; live; attempt++) {
        const s = new RawSocket(`http://127.0.0.1:${port}`, { cookie });
        sockets.add(s);
        try {
          await s.ready;
          await handshake(s, layer);
          if (phase === 1) resyncedAt[i] = performance.now();
          else synced.add(i);
          attempt = -1;
          await s.closed; // stays until the server goes away
        } catch {
          if (phase === 1 || attempt > 0) failedAttempts++;
          s.close();
        }
        sockets.delete(s);
        if (!live) return;
        await new Promise((res) => setTimeout(res, o.reconnect === 'backoff' ? backoffDelay(Math.max(0, attempt), r) : 50));
      }
    };
    const all = Array.from({ length: o.clients }, (_, i) => client(i));
    for (let t = 0; synced.size < o.clients; t++) {
      if (t > 600) throw new Error(`only ${synced.size} of ${o.clients} clients synced before the restart`);
      await new Promise((res) => setTimeout(res, 100));
    }
    o.log?.(`${o.clients} clients connected and synced; restarting the server`);
    failedAttempts = 0;
    phase = 1;
    if (o.stop === 'kill') await server.kill();
    else await server.stop();
    server = await spawnStressServer(dataDir, { port, gc: true });
    const ready = performance.now();
    await server.child.request<ProcStats>('stats');
    for (let t = 0; resyncedAt.filter((x) => x !== undefined).length < o.clients; t++) {
      if (t > 1200) throw new Error(`only ${resyncedAt.filter((x) => x !== undefined).length} of ${o.clients} clients resynced within 60 s`);
      await new Promise((res) => setTimeout(res, 50));
    }
    const times = resyncedAt.map((t) => Math.max(0, t - ready)).sort((a, b) => a - b);
    const stats = await server.child.request<ProcStats>('stats');
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    live = false;
    for (const s of sockets) s.close();
    await Promise.all(all);
    return {
      clients: o.clients,
      layers: layersCount,
      reconnect: o.reconnect,
      stop: o.stop,
      resyncAllMs: Math.round(times.at(-1)!),
      resyncP50Ms: Math.round(times[Math.floor(times.length / 2)]!),
      failedAttempts,
      peakRssMb: Math.round(peak),
      loopMaxMs: Math.round(stats.loopMaxMs),
      generatorRssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
    };
  } finally {
    live = false;
    for (const s of sockets) s.close();
    await server.kill().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}
