// shared/update-inspect.ts decides whether an update may reach a layer. Beyond shape, it must
// refuse any update Yjs would not integrate whole (it would keep the rest pending, and the hub
// applies only what integrates whole): a gap inside one client's structs, or an item whose left or
// right neighbour the layer does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { inspectUpdate } from '../../shared/update-inspect.ts';
import { spansOf } from '../../shared/layer-doc.ts';
import { asUserId } from '../../shared/ids.ts';

const span = (start: number) => ({ start, end: start + 2, label: 'ORG', author: asUserId('u'), at: 1 });

/** The updates a client produces, one per edit. */
function edits(doc: Y.Doc, n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const on = (u: Uint8Array) => out.push(u);
  doc.on('update', on);
  for (let i = 0; i < n; i++) spansOf(doc).set(`k${i}`, span(i));
  doc.off('update', on);
  return out;
}

test('a contiguous update, and several merged, pass', () => {
  const server = new Y.Doc();
  const [u1, u2, u3] = edits(new Y.Doc(), 3);
  const r = inspectUpdate(server, Y.mergeUpdates([u1!, u2!, u3!]));
  assert.equal(r.ok, true);
  assert.equal(r.ok && r.writes.length, 3);
  assert.equal(inspectUpdate(server, u1!).ok, true);
});

test('a gap inside one client\'s structs is refused as missing, not half-applied', () => {
  const server = new Y.Doc();
  const [u1, , u3] = edits(new Y.Doc(), 3);
  const merged = Y.mergeUpdates([u1!, u3!]); // u2 missing: a Skip between them
  const r = inspectUpdate(server, merged);
  assert.deepEqual(r.ok ? 'ok' : r.reason, 'missing');
  // What Yjs itself would do with it: keep u3 pending, which the hub must never reach.
  Y.applyUpdate(server, merged);
  assert.notEqual(server.store.pendingStructs, null);
});

test('an item whose right neighbour the layer lacks is refused as missing', () => {
  const client = new Y.Doc();
  const server = new Y.Doc();
  spansOf(client).set('k', span(0));
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
  const sv = Y.encodeStateVector(client);
  spansOf(client).set('k', span(1)); // a new item whose origin is the first, which the server has
  const item = [...client.store.clients.get(client.clientID)!].at(-1) as Y.Item;
  item.rightOrigin = Y.createID(424242, 7); // a neighbour nobody sent
  const crafted = Y.encodeStateAsUpdate(client, sv);
  const r = inspectUpdate(server, crafted);
  assert.deepEqual(r.ok ? 'ok' : r.reason, 'missing');
});

test('an update repeating what the layer has, then continuing it, passes', () => {
  const client = new Y.Doc();
  const server = new Y.Doc();
  const [u1, u2] = edits(client, 2);
  Y.applyUpdate(server, u1!);
  const r = inspectUpdate(server, Y.encodeStateAsUpdate(client)); // u1 again, then u2
  assert.equal(r.ok, true);
  assert.equal(inspectUpdate(server, u2!).ok, true);
});

test('an edit of a stored span passes before and after the layer map is first read', () => {
  // A layer built from its stored log: Yjs holds "spans" as a placeholder until something reads it
  // as a map, which replaces the placeholder. Inspection must find the parent either way.
  const client = new Y.Doc();
  const [stored] = edits(client, 1);
  const server = new Y.Doc();
  Y.applyUpdate(server, stored!);
  const sv = Y.encodeStateVector(client);
  spansOf(client).set('k0', span(5)); // replaces the stored value: its origin is the stored item
  const edit = Y.encodeStateAsUpdate(client, sv);
  const before = inspectUpdate(server, edit);
  assert.equal(before.ok && before.writes[0]?.key, 'k0');
  assert.equal(spansOf(server).get('k0')?.start, 0); // the first read as a map
  const after = inspectUpdate(server, edit);
  assert.equal(after.ok && after.writes[0]?.key, 'k0', JSON.stringify(after));
});
