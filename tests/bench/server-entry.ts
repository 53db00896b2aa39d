// The server under test, in its own process: the real app (createApp) with open access over a
// real SQLite file, configured from the environment the runner passes (port 0, silent log,
// synchronous FULL by default). Announces its port over IPC.
import path from 'node:path';
import { openStore } from '../../db/store.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { openAccess } from '../../server/hub/open-access.ts';
import { emitEvent, serve } from './ipc.ts';
import { summarize } from './stats.ts';

const config = { ...loadConfig(process.env), port: 0, host: '127.0.0.1' };
const store = await openStore(path.join(config.dataDir, 'tagteam.sqlite'), { synchronous: config.synchronous });

// Times each group commit from the outside (the store object the commit queue calls), to tell
// time spent in SQLite from time an ack waits for the event loop. No server code changes.
const commitMs: number[] = [];
let commitRows = 0;
const appendBatch = store.layers.appendBatch.bind(store.layers);
store.layers.appendBatch = async (entries) => {
  const t = performance.now();
  try {
    return await appendBatch(entries);
  } finally {
    commitMs.push(performance.now() - t);
    commitRows += entries.length;
  }
};

// Compactions hold the write queue (commits wait behind them): count them and time the longest.
let compactions = 0;
let compactMaxMs = 0;
const compact = store.layers.compact.bind(store.layers);
store.layers.compact = async (layerId, snapshot) => {
  const t = performance.now();
  try {
    return await compact(layerId, snapshot);
  } finally {
    compactions++;
    compactMaxMs = Math.max(compactMaxMs, performance.now() - t);
  }
};

// Open access and session-less sockets: the hub is what is measured, not sign-in.
const app = createApp({ store, config, access: openAccess, anonymousSockets: true, log: createLogger(config.logLevel) });
const addr = await app.listen(0, '127.0.0.1');

serve(
  {
    // cold-load waits on this to know a layer really left memory before the next join.
    layers: () => app.registry.names(),
    /** Group commits since the previous call: count, rows per commit, duration percentiles; compactions. */
    commits: () => {
      const s = summarize(commitMs);
      const out = { commits: s.n, rowsPerCommit: s.n === 0 ? 0 : commitRows / s.n, p50Ms: s.p50, p99Ms: s.p99, compactions, compactMaxMs };
      commitMs.length = 0;
      commitRows = 0;
      compactions = 0;
      compactMaxMs = 0;
      return out;
    },
  },
  async () => {
    await app.close();
    await store.close();
  },
);
emitEvent('ready', { port: addr.port });
