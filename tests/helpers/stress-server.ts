// The server under stress, in its own process: the real app (real sessions and layer policy) over
// a real SQLite file, configured like server/main.ts from the environment. Adds, for tests only:
//  - `probe` over IPC: memory (after a GC when run with --expose-gc), live layers, sockets, members,
//    awareness states and the process's active handles, to prove nothing leaks;
//  - a kill point (STRESS_KILL_AT=<point>:<n>): the process SIGKILLs itself right after the n-th
//    statement of that kind completed, to crash at an exact moment inside a transaction, or right
//    after the n-th fan-out of an update (`fanout`: sent to the other clients, commit still running).
import path from 'node:path';
import { openStore } from '../../db/store.ts';
import type { Param } from '../../db/sqlite.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { emitEvent, serve } from '../bench/ipc.ts';

export type KillPoint = 'fanout' | 'append' | 'compact-update' | 'compact-delete' | 'compact-commit' | 'set-row' | 'set-commit';

export interface Probe {
  rssMb: number;
  heapUsedMb: number;
  liveLayers: number;
  members: number;
  awarenessStates: number;
  sockets: number;
  engineClients: number;
  commitQueue: number;
  /** Active libuv resources by kind (TCPSocketWrap, Timeout, …). */
  resources: Record<string, number>;
  compactions: number;
  appendedRows: number;
}

const config = { ...loadConfig(process.env), host: '127.0.0.1' };
const log = createLogger(config.logLevel);
const store = await openStore(path.join(config.dataDir, 'tagteam.sqlite'), { synchronous: config.synchronous });

let compactions = 0;
let appendedRows = 0;
const [killPoint, killAtRaw] = (process.env.STRESS_KILL_AT ?? '').split(':') as [KillPoint | '', string | undefined];
const killAt = Number(killAtRaw ?? 0);
let seen = 0;
let inCompaction = false;
let inSubmit = false;
const die = () => process.kill(process.pid, 'SIGKILL');

const run = store.db.run.bind(store.db);
store.db.run = (sql: string, params?: Param[]) => {
  const p = run(sql, params);
  const kind = classify(sql);
  if (kind === 'append') appendedRows += (sql.match(/\(\?, \?\)/g) ?? []).length;
  if (kind === 'compact-update') {
    inCompaction = true;
    compactions++;
  }
  if (kind === 'submit') inSubmit = true;
  if (sql === 'ROLLBACK') inCompaction = inSubmit = false;
  let point: KillPoint | null = kind === 'submit' || kind === null || kind === 'commit' ? null : kind;
  if (kind === 'commit') {
    point = inCompaction ? 'compact-commit' : inSubmit ? 'set-commit' : null;
    inCompaction = false;
    inSubmit = false;
  }
  if (point !== null && point === killPoint && ++seen === killAt) void p.then(die, die);
  return p;
};

function classify(sql: string): KillPoint | 'submit' | 'commit' | null {
  if (sql.startsWith('INSERT INTO layer_updates')) return 'append';
  if (sql.startsWith('UPDATE layers SET snapshot')) return 'compact-update';
  if (sql.startsWith('DELETE FROM layer_updates')) return 'compact-delete';
  if (sql.startsWith('INSERT INTO annotation_sets')) return 'submit';
  if (sql.startsWith('INSERT INTO set_spans')) return 'set-row';
  if (sql === 'COMMIT') return 'commit';
  return null;
}

await bootstrap(store, config, log, () => undefined);
const app = createApp({ store, config, log });
const addr = await app.listen(config.port, config.host);
if (killPoint === 'fanout') {
  // The registry hands this one broadcaster to every live layer (test-only access to a private).
  const b = (app.registry['deps'] as { broadcaster: { broadcast: (...a: never[]) => void } }).broadcaster;
  const broadcast = b.broadcast.bind(b);
  b.broadcast = (...a: never[]) => {
    broadcast(...a);
    if (++seen === killAt) die();
  };
}

function probe(): Probe {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  let members = 0;
  let awarenessStates = 0;
  for (const name of app.registry.names()) {
    const layer = app.registry.get(name);
    members += layer?.members.size ?? 0;
    awarenessStates += layer?.awareness.getStates().size ?? 0;
  }
  return {
    rssMb: process.memoryUsage.rss() / 2 ** 20,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
    liveLayers: app.registry.names().length,
    members,
    awarenessStates,
    sockets: app.io.sockets.sockets.size,
    engineClients: app.io.engine.clientsCount,
    commitQueue: app.commits.size,
    resources,
    compactions,
    appendedRows,
  };
}

serve({ probe }, async () => {
  await app.close();
  await store.close();
});
emitEvent('ready', { port: addr.port });
