// The fast paths of the sync hub keep its guarantees: a cold join of a stored layer is answered
// from the snapshot without building the doc or writing to SQLite; clients holding edits, or
// joining a busy layer, still converge with nothing refused; a broadcast `y` is one binary frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { putSpan, readLayer, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import type { WireError } from '../../shared/protocol.ts';
import { decodeYFrame, encodeYFrame, Y_FRAME_TAG } from '../../shared/wire-parser.ts';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType } from '../../shared/protocol.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { openLayer, waitFor, type TestClient } from '../helpers/clients.ts';

const author = asUserId('u1');
const span = (i: number) => ({ start: i, end: i + 3, label: 'PER', author, at: i });
const key = (c: { doc: Y.Doc }) => JSON.stringify([...readLayer(c.doc).spans].sort());

async function seed(server: TestServer, layer: string, n: number): Promise<void> {
  const w = openLayer(server.url, layer);
  await w.provider.whenSaved();
  w.doc.transact(() => {
    for (let i = 0; i < n; i++) putSpan(w.doc, asSpanId(`s${i}`), span(i));
  });
  await w.provider.whenSaved();
  w.close();
}

async function unloaded(server: TestServer, layer: string): Promise<void> {
  await waitFor(() => server.app.registry.get(layer) === undefined, 'layer unloaded');
  await server.app.registry.closeAll(); // waits for the unload's compaction
}

const totalChanges = async (server: TestServer) => (await server.store.db.get<{ n: number }>('SELECT total_changes() AS n'))!.n;

test('a cold join is answered from the snapshot: no doc build, no write', async () => {
  const server = await startServer({ mode: 'open', config: { unloadAfterMs: 0 } });
  try {
    await seed(server, 'cold/shared', 200);
    await unloaded(server, 'cold/shared');
    const before = await totalChanges(server);
    const reader = openLayer(server.url, 'cold/shared');
    await waitFor(() => reader.provider.synced, 'reader synced');
    await reader.provider.whenSaved();
    assert.equal(spansOf(reader.doc).size, 200);
    assert.equal(server.app.registry.get('cold/shared')?.built, false, 'the server never built the doc');
    assert.equal(await totalChanges(server), before, 'joining wrote nothing');
    // The first write builds it, is validated against it, and reaches the reader.
    const writer = openLayer(server.url, 'cold/shared');
    await writer.provider.whenSaved();
    putSpan(writer.doc, asSpanId('new'), span(500));
    await writer.provider.whenSaved();
    await waitFor(() => spansOf(reader.doc).has('new'), 'reader got the write');
    assert.equal(server.app.registry.get('cold/shared')?.built, true);
    reader.close();
    writer.close();
  } finally {
    await server.stop();
  }
});

test('a client with offline edits joining a stored, unloaded layer sends exactly its edits', async () => {
  const server = await startServer({ mode: 'open', config: { unloadAfterMs: 0 } });
  try {
    await seed(server, 'off/shared', 50);
    const doc = new Y.Doc();
    const first = openLayer(server.url, 'off/shared', { doc });
    await waitFor(() => first.provider.synced, 'synced');
    first.close();
    await unloaded(server, 'off/shared');
    putSpan(doc, asSpanId('offline'), span(900)); // made while disconnected
    const back = openLayer(server.url, 'off/shared', { doc });
    const errors: WireError[] = [];
    back.provider.on('error', (e) => errors.push(e));
    await back.provider.whenSaved();
    back.close();
    await server.app.commits.drain();
    const stored = await server.store.layers.readDoc('off/shared');
    assert.equal(spansOf(stored!).size, 51);
    assert.deepEqual(errors, []);
  } finally {
    await server.stop();
  }
});

test('empty clients joining a busy layer converge with nothing refused', async () => {
  const server = await startServer({ mode: 'open' });
  const clients: TestClient[] = [];
  try {
    const writer = openLayer(server.url, 'busy/shared');
    clients.push(writer);
    await writer.provider.whenSaved();
    const errors: WireError[] = [];
    let i = 0;
    const timer = setInterval(() => putSpan(writer.doc, asSpanId(`w${i}`), span(i++)), 2);
    for (let j = 0; j < 8; j++) {
      const c = openLayer(server.url, 'busy/shared');
      c.provider.on('error', (e) => errors.push(e));
      clients.push(c);
      await new Promise((r) => setTimeout(r, 15));
    }
    clearInterval(timer);
    await Promise.all(clients.map((c) => c.provider.whenSaved()));
    await waitFor(() => clients.every((c) => key(c) === key(writer)), 'all converge');
    assert.deepEqual(errors, []);
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
});

test('a broadcast y message is one binary websocket frame', async () => {
  const server = await startServer({ mode: 'open' });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`);
  try {
    const frames: Array<{ binary: boolean; data: Buffer }> = [];
    let joinAcked = false;
    ws.on('message', (data: Buffer, binary: boolean) => {
      const s = binary ? '' : data.toString();
      if (s.startsWith('0')) ws.send('40');
      else if (s.startsWith('40')) ws.send('421["join","frames/shared"]');
      else if (s.startsWith('431')) {
        joinAcked = true;
        ws.send(encodeYFrame('frames/shared', encodeSync(SyncType.step1, new Uint8Array([0]))));
      } else frames.push({ binary, data });
    });
    await waitFor(() => joinAcked && frames.length >= 2, 'handshake');
    frames.length = 0;
    const writer = openLayer(server.url, 'frames/shared');
    await writer.provider.whenSaved();
    putSpan(writer.doc, asSpanId('x'), span(1));
    await writer.provider.whenSaved();
    await waitFor(() => frames.some((f) => f.binary && f.data[0] === Y_FRAME_TAG), 'the update');
    writer.close();
    const updates = frames.filter((f) => f.binary && decodeYFrame(f.data).payload[0] === 0);
    assert.equal(updates.length, 1);
    assert.ok(frames.every((f) => f.binary || !f.data.toString().startsWith('45')), 'no text header for a binary attachment');
    assert.equal(decodeYFrame(updates[0]!.data).layer, 'frames/shared');
  } finally {
    ws.terminate();
    await server.stop();
  }
});
