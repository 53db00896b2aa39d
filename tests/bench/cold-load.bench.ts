// A new client opening a stored layer of 5,000 spans that is not in memory: the server loads it
// from SQLite, and the client (the real SyncProvider) receives it all in the handshake. The server
// unloads the layer as soon as the client leaves (TAGTEAM_UNLOAD_AFTER_MS=0); each join waits
// until the layer has really left memory. Ours only: the peer keeps no stored layers.
import * as Y from 'yjs';
import { SyncProvider } from '../../client/sync/provider.ts';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import type { SpanId, UserId } from '../../shared/ids.ts';
import { connect, waitFor } from '../helpers/clients.ts';
import { round, summarize } from './stats.ts';
import type { BenchResult, Scenario } from './types.ts';
import { startServer, type ServerProc } from './server-proc.ts';

const SPANS = 5000;
const JOINS = 30;
const WARMUP_JOINS = 3;
const LAYER = 'cold1/shared';

async function seed(url: string): Promise<void> {
  const socket = connect(url);
  const provider = new SyncProvider(socket, LAYER, new Y.Doc());
  await waitFor(() => provider.synced, 'seed client synced');
  // 50 edits of 100 spans: a log that the first unload folds into one snapshot, as in real use.
  for (let b = 0; b < SPANS / 100; b++) {
    provider.doc.transact(() => {
      for (let i = b * 100; i < (b + 1) * 100; i++) {
        putSpan(provider.doc, `s${i}` as SpanId, { start: i * 10, end: i * 10 + 5, label: 'PER', author: 'seed' as UserId, at: Date.now() });
      }
    });
  }
  await provider.whenSaved();
  provider.destroy();
  socket.disconnect();
}

async function unloaded(server: ServerProc): Promise<void> {
  for (;;) {
    const names = await server.child.request<string[]>('layers');
    // Gone from the live map; give its unload (commit barrier + compaction) time to finish too,
    // so the next join measures a load, not a wait behind the unload.
    if (!names.includes(LAYER)) return new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * One cold join; returns [connect → synced, join → synced, client apply] in ms. The last is the
 * time this process takes to apply the same state to an empty doc: the client's share of a join.
 */
async function join(url: string): Promise<[number, number, number]> {
  const t0 = performance.now();
  const socket = connect(url);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const t1 = performance.now();
  const provider = new SyncProvider(socket, LAYER, new Y.Doc());
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  const t2 = performance.now();
  const n = spansOf(provider.doc).size;
  provider.destroy();
  socket.disconnect();
  if (n !== SPANS) throw new Error(`cold join got ${n} spans, expected ${SPANS}`);
  const state = Y.encodeStateAsUpdate(provider.doc);
  const t3 = performance.now();
  Y.applyUpdate(new Y.Doc(), state);
  return [t2 - t0, t2 - t1, performance.now() - t3];
}

export const coldLoad: Scenario = {
  name: 'cold-load',
  description: `join + sync of a stored, unloaded layer of ${SPANS} spans (p50/p99 over ${JOINS} joins)`,
  async run(): Promise<BenchResult> {
    const server = await startServer('ours', { TAGTEAM_UNLOAD_AFTER_MS: '0' });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      await seed(url);
      const total: number[] = [];
      const joinOnly: number[] = [];
      const clientApply: number[] = [];
      for (let i = 0; i < WARMUP_JOINS + JOINS; i++) {
        await unloaded(server);
        const [a, b, c] = await join(url);
        if (i < WARMUP_JOINS) continue;
        total.push(a);
        joinOnly.push(b);
        clientApply.push(c);
      }
      const j = summarize(joinOnly);
      const t = summarize(total);
      const stats = await server.child.request<{ rssMb: number }>('stats');
      return {
        rows: [
          { metric: 'join → synced p50', ours: round(j.p50), peer: 'n/a', unit: 'ms' },
          { metric: 'join → synced p99', ours: round(j.p99), peer: 'n/a', unit: 'ms', target: { max: 50 } },
          { metric: 'connect + join → synced p50', ours: round(t.p50), peer: 'n/a', unit: 'ms' },
          { metric: 'connect + join → synced p99', ours: round(t.p99), peer: 'n/a', unit: 'ms' },
          { metric: 'client-side apply alone p50', ours: round(summarize(clientApply).p50), peer: 'n/a', unit: 'ms' },
          { metric: 'joins', ours: j.n, unit: 'n' },
          { metric: 'server RSS', ours: round(stats.rssMb), unit: 'MB' },
        ],
        notes: ['peer: @y/websocket-server keeps no stored layers (in-memory only), so cold-load is ours only'],
      };
    } finally {
      await server.close();
    }
  },
};
