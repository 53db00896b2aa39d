// Updates are validated against the project schema and the document text before they touch a
// layer: each invalid kind is refused and the stored layer is unchanged; valid concurrent edits
// from two clients both land. A refused update never reaches the layer's other clients (the hub
// relays an exact update before applying it, so this is what keeps peers clean); one holding
// copies of stored changes reaches them as Yjs integrated it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { decodeMessage, encodeSync } from '../../shared/messages.ts';
import { MessageKind, SyncType, toUint8Array, type Ack } from '../../shared/protocol.ts';
import { putSpan, readLayer, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId, type SpanId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { seedWorkspace, type Workspace } from '../helpers/api.ts';
import { connect, emitAck, openLayer, waitFor } from '../helpers/clients.ts';
import { SyncProvider, type ClientSocket } from '../../client/sync/provider.ts';
import type { LayerDeps } from '../../server/hub/live-layer.ts';

const TEXT = 'Ada Lovelace 😀 met Charles Babbage in London.';
let server: TestServer;
let ws: Workspace;
let layer: string;
let sock: ClientSocket;
/** Another user in the layer, and the updates the hub relayed to it. */
let bystander: ClientSocket;
const relayed: Uint8Array[] = [];

const ok = () => ({ start: 0, end: 3, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 1 });

async function stored(): Promise<string> {
  await server.app.commits.drain();
  const doc = await server.store.layers.readDoc(layer);
  const l = readLayer(doc ?? new Y.Doc());
  return JSON.stringify([[...l.spans], [...l.relations], l.docLabels]);
}

function update(mutate: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.app.registry.get(layer)!.doc));
  const sv = Y.encodeStateVector(doc);
  mutate(doc);
  return encodeSync(SyncType.update, Y.encodeStateAsUpdate(doc, sv));
}

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { texts: [TEXT] });
  layer = `${ws.docIds[0]}/shared`;
  sock = connect(server.url, { headers: { cookie: ws.ann1.cookie } });
  const j = await emitAck<Ack<unknown>>(sock, 'join', layer);
  assert.ok('data' in j);
  const res = await emitAck<Ack<unknown>>(sock, 'y', layer, update((d) => putSpan(d, asSpanId('s1'), ok())));
  assert.ok('data' in res, 'a valid span is accepted');
  bystander = connect(server.url, { headers: { cookie: ws.ann2.cookie } });
  bystander.on('y', (_layer, payload) => {
    const m = decodeMessage(toUint8Array(payload as Uint8Array));
    if (m.kind === MessageKind.sync && m.type === SyncType.update) relayed.push(m.update);
  });
  assert.ok('data' in (await emitAck<Ack<unknown>>(bystander, 'join', layer)));
});
after(async () => {
  bystander.disconnect();
  sock.disconnect();
  await server.stop();
});

const invalid: Array<[string, (d: Y.Doc) => void, RegExp]> = [
  ['an unknown span label', (d) => putSpan(d, asSpanId('x'), { ...ok(), label: 'ALIEN' }), /unknown span label/],
  ['offsets past the end of the text', (d) => putSpan(d, asSpanId('x'), { ...ok(), start: 40, end: 400 }), /past the end/],
  ['start equal to end', (d) => putSpan(d, asSpanId('x'), { ...ok(), start: 5, end: 5 }), /start < end/],
  ['a negative start', (d) => putSpan(d, asSpanId('x'), { ...ok(), start: -1 }), /start < end/],
  ['an offset inside a surrogate pair', (d) => putSpan(d, asSpanId('x'), { ...ok(), start: 14, end: 16 }), /split a character/],
  ['a string where an offset belongs', (d) => spansOf(d).set('x', { ...ok(), start: '0' as unknown as number }), /integers/],
  ['an unknown field', (d) => spansOf(d).set('x', { ...ok(), evil: 1 } as never), /unknown span field/],
  ['an oversized note', (d) => putSpan(d, asSpanId('x'), { ...ok(), note: 'n'.repeat(5000) }), /note/],
  ['another user as author', (d) => putSpan(d, asSpanId('x'), { ...ok(), author: asUserId(ws.ann2.userId) }), /author/],
  ['an unknown relation type', (d) => d.getMap('relations').set('r', { from: 's1', to: 's1b', type: 'likes', author: ws.ann1.userId, at: 1 }), /unknown relation type|does not exist/],
  ['a relation to a missing span', (d) => d.getMap('relations').set('r', { from: 's1', to: 'ghost', type: 'works_for', author: ws.ann1.userId, at: 1 }), /does not exist/],
  ['an unknown document label set', (d) => d.getMap('docLabels').set('mood', ['happy']), /unknown document label set/],
  ['two values for a single-choice set', (d) => d.getMap('docLabels').set('topic', ['politics', 'sport']), /single choice/],
  ['a value outside the set', (d) => d.getMap('docLabels').set('topic', ['weather']), /not a value/],
];

for (const [what, mutate, message] of invalid) {
  test(`refuses ${what} and leaves the stored layer unchanged`, async () => {
    const before = await stored();
    const from = relayed.length;
    const res = await emitAck<Ack<unknown>>(sock, 'y', layer, update(mutate));
    assert.ok('error' in res, `expected a refusal, got ${JSON.stringify(res)}`);
    assert.equal(res.error.code, 'invalid_update');
    assert.match(res.error.message, message);
    assert.equal(await stored(), before);
    // Nothing reached the bystander: a valid update sent after it is the next thing it gets (one
    // socket's messages arrive in order, so a relayed refusal would have come first).
    const control = update((d) => putSpan(d, asSpanId(`ok-${from}`), ok()));
    assert.ok('data' in (await emitAck<Ack<unknown>>(sock, 'y', layer, control)));
    await waitFor(() => relayed.length > from, 'the valid update to reach the bystander');
    const doc = new Y.Doc();
    for (const u of relayed.slice(from)) Y.applyUpdate(doc, u);
    const got = ['spans', 'relations', 'docLabels'].map((m) => [...doc.getMap(m).keys()]);
    assert.deepEqual(got, [[`ok-${from}`], [], []], 'only the valid update was relayed');
  });
}

test('an exact update goes to peers as sent, before the apply; one repeating stored changes goes as integrated', async () => {
  const live = server.app.registry.get(layer)!;
  const { broadcaster } = (live as unknown as { deps: LayerDeps }).deps;
  const original = broadcaster.broadcast;
  /** For each broadcast: which of the watched spans the layer held when it went out. */
  const seen: string[][] = [];
  broadcaster.broadcast = function (...args) {
    seen.push(['early', 'late', 'turnA', 'turnB'].filter((k) => spansOf(live.doc).has(k)));
    return original.apply(this, args);
  };
  try {
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(live.doc));
    const sv = Y.encodeStateVector(client);
    putSpan(client, asSpanId('early'), ok());
    const exact = Y.encodeStateAsUpdate(client, sv);
    let from = relayed.length;
    assert.ok('data' in (await emitAck<Ack<unknown>>(sock, 'y', layer, encodeSync(SyncType.update, exact))));
    await waitFor(() => relayed.length > from, 'the update to reach the bystander');
    assert.deepEqual(relayed[from], exact, 'the bytes the client sent');
    assert.deepEqual(seen.shift(), [], 'relayed before the layer applied it');

    // The whole client state: every stored change again, then one new span.
    putSpan(client, asSpanId('late'), ok());
    const withCopies = Y.encodeStateAsUpdate(client);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live.doc));
    from = relayed.length;
    assert.ok('data' in (await emitAck<Ack<unknown>>(sock, 'y', layer, encodeSync(SyncType.update, withCopies))));
    await waitFor(() => relayed.length > from, 'the update to reach the bystander');
    assert.deepEqual(seen.shift(), ['early', 'late'], 'relayed after the apply');
    const got = relayed[from]!;
    assert.equal(Y.decodeUpdate(got).structs.length, 1, 'only the new span, none of the copies');
    Y.applyUpdate(peer, got);
    assert.ok(spansOf(peer).has('late'));
    assert.deepEqual(Y.encodeStateVector(peer), Y.encodeStateVector(live.doc));

    // Two exact updates in one loop turn: the first goes out before its apply, the second waits
    // for the turn's end and goes out as integrated (relaying it early could overtake what the
    // turn already queued).
    const member = live.members.get(sock.id!)!;
    const sv2 = Y.encodeStateVector(client);
    putSpan(client, asSpanId('turnA'), ok());
    const a = Y.encodeStateAsUpdate(client, sv2);
    const sv3 = Y.encodeStateVector(client);
    putSpan(client, asSpanId('turnB'), ok());
    const b = Y.encodeStateAsUpdate(client, sv3);
    seen.length = 0;
    from = relayed.length;
    const results = [live.applyClientUpdate(a, member), live.applyClientUpdate(b, member)];
    assert.ok(results.every((r) => r instanceof Promise), 'both accepted');
    await waitFor(() => relayed.length >= from + 2, 'both updates to reach the bystander');
    assert.deepEqual(relayed[from], a, 'the first as sent');
    assert.deepEqual(seen.map((s) => s.filter((k) => k.startsWith('turn'))), [[], ['turnA', 'turnB']]);
  } finally {
    broadcaster.broadcast = original;
  }
});

// Inspection rules both out (tests/unit/update-inspect.test.ts); this is the last guard. Yjs is
// made to report the update pending, or to throw, as if it had not integrated it whole.
const failures: Array<[string, string, (doc: Y.Doc) => void]> = [
  ['left pending', 'pending', (doc) => (doc.store.pendingStructs = { missing: new Map(), update: new Uint8Array() })],
  ['threw', 'threw', () => {
    throw new Error('simulated');
  }],
];
for (const [how, key, fail] of failures) {
  test(`if an update relayed before the apply ${how}, its sender is refused and the other clients reload`, async () => {
    const live = server.app.registry.get(layer)!;
    const other = openLayer(server.url, layer, { headers: { cookie: ws.ann2.cookie } });
    try {
      await waitFor(() => other.provider.synced, 'the other client to sync');
      const first = other.doc;
      const errors: unknown[] = [];
      other.provider.on('error', (e) => errors.push(e));
      live.doc.once('afterTransaction', () => fail(live.doc));
      const res = await emitAck<Ack<unknown>>(sock, 'y', layer, update((d) => putSpan(d, asSpanId(`withdrawn-${key}`), ok())));
      assert.ok('error' in res && res.error.code === 'invalid_update', JSON.stringify(res));
      const caughtUp = () => Buffer.from(Y.encodeStateVector(other.doc)).equals(Y.encodeStateVector(live.doc));
      await waitFor(() => other.doc !== first && caughtUp(), 'the other client to start afresh and catch up');
      assert.deepEqual(errors, [], 'quietly');
    } finally {
      other.close();
    }
  });
}

test('a second reload before the first has synced keeps the client\'s unsaved edit', async () => {
  // Two withdrawals reach a client while it is joining with an edit made offline.
  const socket = connect(server.url, { autoConnect: false, headers: { cookie: ws.ann2.cookie } });
  const provider = new SyncProvider(socket, layer, new Y.Doc());
  putSpan(provider.doc, asSpanId('offline'), { start: 4, end: 12, label: 'PERSON', author: asUserId(ws.ann2.userId), at: 4 });
  const errors: unknown[] = [];
  provider.on('error', (e) => errors.push(e));
  const adapter = server.app.io.of('/').adapter;
  let sent = false;
  const withdrawTwice = (room: string, id: string) => {
    if (room !== layer || sent) return;
    sent = true;
    for (let i = 0; i < 2; i++) server.app.io.to(id).emit('layer-error', layer, { code: 'foreign_write', message: 'withdrawn' });
  };
  adapter.on('join-room', withdrawTwice);
  socket.connect();
  try {
    await waitFor(() => sent && provider.synced && provider.status === 'saved', 'the client to end saved');
    assert.ok(spansOf(provider.doc).has('offline'), 'kept locally');
    assert.ok(spansOf(server.app.registry.get(layer)!.doc).has('offline'), 'saved on the server');
    assert.deepEqual(errors, []);
  } finally {
    adapter.off('join-room', withdrawTwice);
    provider.destroy();
    socket.disconnect();
  }
});

test('valid concurrent edits from two clients both land', async () => {
  const a = openLayer(server.url, layer, { headers: { cookie: ws.ann1.cookie } });
  const b = openLayer(server.url, layer, { headers: { cookie: ws.ann2.cookie } });
  await Promise.all([a.provider.whenSaved(), b.provider.whenSaved()]);
  // Same tick, no waiting: a new span each, and both relabel s1 (last writer wins, both accepted).
  putSpan(a.doc, asSpanId('fromA'), { start: 17, end: 24, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 2 });
  putSpan(b.doc, asSpanId('fromB'), { start: 39, end: 45, label: 'GPE', author: asUserId(ws.ann2.userId), at: 2 });
  putSpan(a.doc, asSpanId('s1'), { ...ok(), label: 'ORG' });
  putSpan(b.doc, asSpanId('s1'), { ...ok(), author: asUserId(ws.ann2.userId), label: 'GPE' });
  const errors: unknown[] = [];
  a.provider.on('error', (e) => errors.push(e));
  b.provider.on('error', (e) => errors.push(e));
  await Promise.all([a.provider.whenSaved(), b.provider.whenSaved()]);
  await waitFor(() => spansOf(a.doc).has('fromB') && spansOf(b.doc).has('fromA'), 'both spans on both clients');
  assert.deepEqual(errors, [], 'nothing was refused');
  const final = readLayer(a.doc);
  assert.equal(JSON.stringify([...final.spans].sort()), JSON.stringify([...readLayer(b.doc).spans].sort()));
  assert.ok(['ORG', 'GPE'].includes(final.spans.get('s1' as SpanId)!.label));
  a.close();
  b.close();
});

test('a client whose update is refused keeps its other unsaved edits and ends saved', async () => {
  const c = openLayer(server.url, layer, { headers: { cookie: ws.ann1.cookie } });
  await c.provider.whenSaved();
  const replaced = new Promise<Y.Doc>((resolve) => c.provider.once('doc', (d) => resolve(d)));
  c.doc.transact(() => {
    putSpan(c.doc, asSpanId('keep'), { start: 4, end: 12, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 3 });
    putSpan(c.doc, asSpanId('bad'), { start: 4, end: 12, label: 'ALIEN', author: asUserId(ws.ann1.userId), at: 3 });
  });
  const fresh = await replaced;
  await waitFor(() => c.provider.status === 'saved' && spansOf(fresh).has('keep'), 'the valid edit to be saved');
  assert.equal(spansOf(fresh).has('bad'), false);
  assert.ok((await stored()).includes('"keep"'));
  assert.ok(!(await stored()).includes('ALIEN'));
  c.close();
});
