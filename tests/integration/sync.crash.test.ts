// Durability: the server process is killed with SIGKILL at a random moment while a client writes.
// Every update it acknowledged must be on disk; after the client reconnects, all of them are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { openStore } from '../../db/store.ts';
import { spawnServer } from '../helpers/child-server.ts';
import { connect, emitAck, openLayer, rng } from '../helpers/clients.ts';
import { ADMIN_PASSWORD, tempDir } from '../helpers/server.ts';
import { seedWorkspace } from '../helpers/api.ts';

const N = 300;
const TEXT = 'Ada Lovelace met Charles Babbage in London. '.repeat(30);

async function storedSpanIds(dataDir: string, LAYER: string): Promise<Set<string>> {
  const store = await openStore(path.join(dataDir, 'tagteam.sqlite'));
  try {
    const doc = await store.layers.readDoc(LAYER);
    return new Set(doc ? [...spansOf(doc).keys()] : []);
  } finally {
    await store.close();
  }
}

for (const seed of [11, 22, 33, 44]) {
  test(`every acknowledged span survives a SIGKILL at a random moment (seed ${seed})`, async () => {
    const r = rng(seed);
    const dataDir = await tempDir();
    const env = {
      TAGTEAM_COMPACT_AFTER: String(20 + Math.floor(r() * 80)),
      TAGTEAM_SQLITE_SYNCHRONOUS: 'FULL',
      TAGTEAM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    };
    try {
      let server = await spawnServer(dataDir, env);
      const ws = await seedWorkspace(server, { texts: [TEXT] });
      const LAYER = `${ws.docIds[0]}/shared`;
      const author = asUserId(ws.ann1.userId);
      const headers = { cookie: ws.ann1.cookie };
      const sock = connect(server.url, { headers });
      const joined = await emitAck<Ack<unknown>>(sock, 'join', LAYER);
      assert.ok('data' in joined);
      const doc = new Y.Doc();
      const acked = new Set<string>();
      const killAfterAcks = 5 + Math.floor(r() * (N / 3));
      let sent = 0;
      // Each span is one update with its own ack; the kill lands while many are in flight.
      await new Promise<void>((resolve) => {
        const tick = () => {
          for (let k = 0; k < 2 && sent < N; k++, sent++) {
            const id = `s${sent}`;
            const sv = Y.encodeStateVector(doc);
            putSpan(doc, asSpanId(id), { start: sent, end: sent + 3, label: 'PERSON', author, at: sent });
            const update = Y.encodeStateAsUpdate(doc, sv);
            sock.emit('y', LAYER, encodeSync(SyncType.update, update), (res: Ack<unknown>) => {
              if ('data' in res) acked.add(id);
            });
          }
          if (acked.size >= killAfterAcks) {
            server.proc.kill('SIGKILL');
            resolve();
          } else setTimeout(tick, 1);
        };
        tick();
      });
      await server.exited;
      sock.disconnect();
      const ackedAtKill = new Set(acked);
      console.log(`seed ${seed}: sent ${sent}, acknowledged ${ackedAtKill.size} before the kill`);
      assert.ok(ackedAtKill.size > 0, 'some updates were acknowledged before the kill');

      const stored = await storedSpanIds(dataDir, LAYER);
      const lost = [...ackedAtKill].filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `acknowledged spans lost: ${lost.length} of ${ackedAtKill.size}`);

      // Restart; the client reconnects with its doc and the handshake sends what was not stored.
      server = await spawnServer(dataDir, env);
      for (let i = sent; i < N; i++) putSpan(doc, asSpanId(`s${i}`), { start: i, end: i + 3, label: 'ORG', author, at: i });
      const client = openLayer(server.url, LAYER, { doc, headers });
      await client.provider.whenSaved();
      client.close();
      server.proc.kill('SIGTERM');
      assert.equal(await server.exited, 0, 'graceful shutdown exits 0');
      const after = await storedSpanIds(dataDir, LAYER);
      assert.equal(after.size, N, `all ${N} spans stored after reconnect (acked before kill: ${ackedAtKill.size})`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}
