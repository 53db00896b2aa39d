// Malformed, hostile and oversized frames: the sender gets an error, the server stays up and the
// layer is unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { encodeSync, encodeAwareness } from '../../shared/messages.ts';
import { SyncType, type Ack, type WireError } from '../../shared/protocol.ts';
import { putSpan, readLayer, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connect, emitAck, openLayer, waitFor } from '../helpers/clients.ts';
import { openRaw } from '../helpers/raw-socket.ts';
import type { ClientSocket } from '../../client/sync/provider.ts';

const LAYER = 'docm/shared';
let server: TestServer;
let sock: ClientSocket;
let baseline: string;

const span = { start: 0, end: 4, label: 'PERSON', author: asUserId('u1'), at: 1 };

async function storedState(): Promise<string> {
  await server.app.commits.drain();
  const doc = await server.store.layers.readDoc(LAYER);
  return JSON.stringify([...readLayer(doc!).spans]);
}

/** An update made on a doc that shares the server's history, so only its content is wrong. */
function updateFrom(mutate: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.app.registry.get(LAYER)!.doc));
  const sv = Y.encodeStateVector(doc);
  mutate(doc);
  return Y.encodeStateAsUpdate(doc, sv);
}

async function sendRaw(payload: unknown): Promise<Ack<unknown>> {
  return emitAck<Ack<unknown>>(sock, 'y', LAYER, payload);
}

async function expectRefused(payload: unknown, code: WireError['code']): Promise<void> {
  const res = await sendRaw(payload);
  assert.ok('error' in res, `expected an error, got ${JSON.stringify(res)}`);
  assert.equal(res.error.code, code, res.error.message);
  assert.equal(await storedState(), baseline, 'the stored layer is unchanged');
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200, 'the server is still up');
}

before(async () => {
  server = await startServer({ mode: 'open' });
  const writer = openLayer(server.url, LAYER);
  await writer.provider.whenSaved();
  putSpan(writer.doc, asSpanId('s1'), span);
  await writer.provider.whenSaved();
  writer.close();
  sock = connect(server.url);
  const joined = await emitAck<Ack<unknown>>(sock, 'join', LAYER);
  assert.ok('data' in joined);
  baseline = await storedState();
  assert.match(baseline, /PERSON/);
});

after(async () => {
  sock.disconnect();
  await server.stop();
});

test('refuses a payload that is not binary', () => expectRefused('hello', 'bad_message'));
test('refuses an unknown message kind', () => expectRefused(new Uint8Array([7, 1, 2]), 'bad_message'));
test('refuses an unknown sync message type', () => expectRefused(new Uint8Array([0, 9, 0]), 'bad_message'));
test('refuses a truncated varint', () => expectRefused(new Uint8Array([0, 2, 0xff, 0xff]), 'bad_message'));
test('refuses a length prefix longer than the message', () => expectRefused(new Uint8Array([0, 2, 50, 1, 2, 3]), 'bad_message'));
test('refuses garbage bytes inside a well-framed update', () =>
  expectRefused(encodeSync(SyncType.update, new Uint8Array([3, 200, 1, 7, 7, 7, 7, 9, 9, 9])), 'invalid_update'));
test('refuses a garbage state vector in sync step 1', () => expectRefused(encodeSync(SyncType.step1, new Uint8Array([5, 255, 255])), 'bad_message'));

test('refuses a span whose start is not before its end', () =>
  expectRefused(encodeSync(SyncType.update, updateFrom((d) => putSpan(d, asSpanId('bad'), { ...span, start: 5, end: 5 }))), 'invalid_update'));
test('refuses a value that is not an object in the spans map', () =>
  expectRefused(encodeSync(SyncType.update, updateFrom((d) => d.getMap('spans').set('x', 42))), 'invalid_update'));
test('refuses a nested Yjs type in a layer map', () =>
  expectRefused(encodeSync(SyncType.update, updateFrom((d) => d.getMap('spans').set('x', new Y.Map()))), 'invalid_update'));
test('refuses writes to a root type outside the layer shape', () =>
  expectRefused(encodeSync(SyncType.update, updateFrom((d) => d.getText('evil').insert(0, 'x'))), 'invalid_update'));
test('refuses a relation to a span that does not exist', () =>
  expectRefused(
    encodeSync(SyncType.update, updateFrom((d) => d.getMap('relations').set('r1', { from: 's1', to: 'nope', type: 't', author: 'u', at: 1 }))),
    'invalid_update',
  ));
test('refuses an update that depends on changes the server never saw', () => {
  const doc = new Y.Doc();
  spansOf(doc).set('a', span);
  const sv = Y.encodeStateVector(doc);
  spansOf(doc).set('b', { ...span, start: 1 });
  return expectRefused(encodeSync(SyncType.update, Y.encodeStateAsUpdate(doc, sv)), 'missing_dependencies');
});
test('refuses a message larger than the configured limit', async () => {
  const big = new Uint8Array(server.config.maxMessageBytes + 10);
  await expectRefused(big, 'too_large');
});
test('refuses a malformed awareness update', () => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 42);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, '{not json');
  return expectRefused(encodeAwareness(encoding.toUint8Array(e)), 'bad_message');
});
test('refuses to join a malformed layer name', async () => {
  for (const name of ['', 'x', '../etc/passwd', 'a/b/c', 'doc/user:', 42, null, 'd'.repeat(300) + '/shared']) {
    const res = await emitAck<Ack<unknown>>(sock, 'join', name);
    assert.ok('error' in res && res.error.code === 'bad_layer', `join ${String(name).slice(0, 20)} → ${JSON.stringify(res)}`);
  }
});
test('refuses messages for a layer the socket has not joined', async () => {
  const res = await emitAck<Ack<unknown>>(sock, 'y', 'other/shared', encodeSync(SyncType.step1, new Uint8Array([0])));
  assert.ok('error' in res && res.error.code === 'not_joined');
});
test('reports an error without an ack through the layer-error event', async () => {
  const got = new Promise<WireError>((resolve) => sock.once('layer-error', (_l, e) => resolve(e)));
  sock.emit('y', LAYER, new Uint8Array([7]));
  assert.equal((await got).code, 'bad_message');
});
test('a valid update from the same socket is still accepted after all that', async () => {
  const res = await sendRaw(encodeSync(SyncType.update, updateFrom((d) => putSpan(d, asSpanId('s2'), { ...span, start: 10, end: 12 }))));
  assert.ok('data' in res);
  await waitFor(() => server.app.registry.get(LAYER)!.doc.getMap('spans').has('s2'), 'the update to apply');
});
test('a y frame for the namespace the connection left closes the connection, as socket.io does for any packet', async () => {
  const raw = await openRaw(server.url);
  try {
    const joined = (await raw.emit('join', [LAYER], true))[0] as Ack<unknown>;
    assert.ok('data' in joined, JSON.stringify(joined));
    // Still in the namespace: a frame is answered, the connection stays.
    const [res] = (await raw.emit('y', [LAYER, encodeSync(SyncType.step1, new Uint8Array([0]))], true)) as [Ack<unknown>];
    assert.ok('data' in res, JSON.stringify(res));
    assert.ok(raw.open);
    const members = server.app.registry.get(LAYER)!.members.size;
    raw.send('41'); // socket.io DISCONNECT of "/": the engine.io connection stays open
    await waitFor(() => server.app.registry.get(LAYER)!.members.size === members - 1, 'the namespace to let the socket go');
    assert.ok(raw.open, 'leaving the namespace alone does not close the connection');
    void raw.emit('y', [LAYER, encodeSync(SyncType.step1, new Uint8Array([0]))]);
    await Promise.race([raw.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 2000))]);
  } finally {
    raw.close();
  }
});
