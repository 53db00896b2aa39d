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

// Hand-written V1 updates, for what no honest client sends (found in review with crafted updates).
// Format as Yjs' UpdateEncoderV1 writes it: client blocks (structs), then the delete set.
import * as encoding from 'lib0/encoding';
import { checkWrites } from '../../shared/validation.ts';

type Ref = [client: number, clock: number];
interface Crafted {
  origin?: Ref;
  right?: Ref;
  /** Root map and key, written only when the item has neither origin nor right origin. */
  at?: [string, string];
  value: unknown;
}
function craft(blocks: Array<{ client: number; clock: number; items: Crafted[] }>, deletes: Array<[number, number, number]> = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, blocks.length);
  for (const b of blocks) {
    encoding.writeVarUint(e, b.items.length);
    encoding.writeVarUint(e, b.client);
    encoding.writeVarUint(e, b.clock);
    for (const it of b.items) {
      const explicit = !it.origin && !it.right;
      encoding.writeUint8(e, 8 | (it.origin ? 0x80 : 0) | (it.right ? 0x40 : 0) | (explicit ? 0x20 : 0)); // 8: ContentAny
      for (const r of [it.origin, it.right]) if (r) (encoding.writeVarUint(e, r[0]), encoding.writeVarUint(e, r[1]));
      if (explicit) {
        encoding.writeVarUint(e, 1); // parent is a root, by name
        encoding.writeVarString(e, it.at![0]);
        encoding.writeVarString(e, it.at![1]);
      }
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, it.value as never);
    }
  }
  encoding.writeVarUint(e, deletes.length);
  for (const [client, clock, len] of deletes) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clock);
    encoding.writeVarUint(e, len);
  }
  return encoding.toUint8Array(e);
}
const SPAN = { start: 0, end: 2, label: 'ORG', author: 'u', at: 1 };
const ctx = { text: null, schema: null };
/** Passes inspection and validation: what the hub would apply. */
const accepted = (server: Y.Doc, u: Uint8Array): boolean => {
  const r = inspectUpdate(server, u);
  return r.ok && checkWrites(r.writes, ctx, () => true) === null;
};

test('a hand-written update passes and applies whole (the encoder below is what Yjs reads)', () => {
  const server = new Y.Doc();
  const u = craft([{ client: 7, clock: 0, items: [{ at: ['spans', 'a'], value: SPAN }, { origin: [7, 0], value: { ...SPAN, start: 1 } }] }]);
  const r = inspectUpdate(server, u);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.writes.map((w) => `${w.map}.${w.key}`), ['spans.a', 'spans.a']);
  Y.applyUpdate(server, u);
  assert.equal(server.store.pendingStructs, null);
  assert.equal(spansOf(server).get('a')?.start, 1);
});

test('a reference ahead within one client is refused (Yjs would throw mid-apply)', () => {
  const server = new Y.Doc();
  const u = craft([{ client: 7, clock: 0, items: [{ origin: [7, 1], value: SPAN }, { at: ['spans', 'a'], value: SPAN }] }]);
  assert.equal(accepted(server, u), false);
  assert.throws(() => Y.applyUpdate(new Y.Doc(), u)); // why it must be
});

test('a reference cycle across clients is refused (Yjs would leave it pending)', () => {
  const rightCycle = craft([
    { client: 8, clock: 0, items: [{ right: [9, 0], value: SPAN }] },
    { client: 9, clock: 0, items: [{ right: [8, 0], value: SPAN }] },
  ]);
  // Through a client's own order: 9:0 needs 8:0, which needs 9:1, which comes after 9:0.
  const orderCycle = craft([
    { client: 9, clock: 0, items: [{ origin: [8, 0], value: SPAN }, { at: ['spans', 'b'], value: SPAN }] },
    { client: 8, clock: 0, items: [{ origin: [9, 1], value: SPAN }] },
  ]);
  for (const u of [rightCycle, orderCycle]) {
    assert.equal(accepted(new Y.Doc(), u), false);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, u);
    assert.notEqual(doc.store.pendingStructs, null); // why it must be
  }
});

test('an item placed by a copy of a stored item lands where the stored one is, and is checked there', () => {
  // The layer holds 1:0 in docLabels.d. An update repeats 1:0 claiming spans.d, then adds 7:0
  // after it: Yjs skips the copy and puts 7:0 into docLabels.d, so that is what must be checked.
  const server = new Y.Doc();
  Y.applyUpdate(server, craft([{ client: 1, clock: 0, items: [{ at: ['docLabels', 'd'], value: ['x'] }] }]));
  const u = craft([
    { client: 7, clock: 0, items: [{ origin: [1, 0], value: SPAN }] },
    { client: 1, clock: 0, items: [{ at: ['spans', 'd'], value: SPAN }] },
  ]);
  const r = inspectUpdate(server, u);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.writes.map((w) => `${w.map}.${w.key}`), ['docLabels.d'], 'the copy counts for nothing');
  assert.equal(accepted(server, u), false, 'a span is not a document label value');
});

test('a client listed twice is refused (Yjs reads only its last block)', () => {
  const u = craft([
    { client: 7, clock: 0, items: [{ at: ['spans', 'a'], value: SPAN }] },
    { client: 8, clock: 0, items: [{ at: ['spans', 'b'], value: SPAN }] },
    { client: 7, clock: 1, items: [{ at: ['spans', 'c'], value: SPAN }] },
  ]);
  assert.equal(accepted(new Y.Doc(), u), false);
});

test('a self-reference and a long chain are answered, not a stack overflow', () => {
  assert.equal(accepted(new Y.Doc(), craft([{ client: 7, clock: 0, items: [{ origin: [7, 0], value: SPAN }] }])), false);
  const items: Crafted[] = [{ at: ['spans', 'a'], value: SPAN }];
  for (let i = 1; i < 40_000; i++) items.push({ origin: [7, i - 1], value: SPAN });
  const r = inspectUpdate(new Y.Doc(), craft([{ client: 7, clock: 0, items }]));
  assert.ok(r.ok && r.writes.length === 40_000);
});

import { rng } from '../helpers/rng.ts';

test('random hand-written updates: whatever inspection accepts, Yjs integrates whole and where inspection said', () => {
  // A layer holding a few items of clients 1 and 2, then 3,000 random updates over clients 1-3:
  // references to stored, repeated, own and missing clocks, roots valid and not. For every update
  // inspection accepts, applying it must not throw, leave nothing pending, and change only the
  // map keys inspection reported, to values it reported.
  const next = rng(20261203);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const base = new Y.Doc();
  Y.applyUpdate(base, craft([{ client: 1, clock: 0, items: [{ at: ['spans', 'a'], value: SPAN }, { at: ['docLabels', 'd'], value: ['x'] }] }]));
  Y.applyUpdate(base, craft([{ client: 2, clock: 0, items: [{ origin: [1, 0], value: SPAN }] }]));
  const stored = Y.encodeStateAsUpdate(base);
  const snapshot = (d: Y.Doc) => new Map(['spans', 'docLabels'].flatMap((m) => [...d.getMap(m).entries()].map(([k, v]) => [`${m}.${k}`, JSON.stringify(v)] as const)));
  let acceptedCount = 0;
  for (let n = 0; n < 3000; n++) {
    const blocks = [1, 2, 3]
      .filter(() => next() < 0.6)
      .map((client) => {
        const clock = client === 3 ? 0 : Math.floor(next() * 3);
        const items: Crafted[] = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
          const ref = (): Ref => [pick([1, 2, 3]), Math.floor(next() * 4)];
          const r = next();
          const value = next() < 0.5 ? SPAN : ['x'];
          if (r < 0.3) return { at: [pick(['spans', 'docLabels', 'other']), pick(['a', 'd', 'b'])], value };
          if (r < 0.7) return { origin: ref(), value };
          if (r < 0.85) return { right: ref(), value };
          return { origin: ref(), right: ref(), value };
        });
        return { client, clock, items };
      });
    if (blocks.length === 0) continue;
    const u = craft(blocks);
    const server = new Y.Doc();
    Y.applyUpdate(server, stored);
    const r = inspectUpdate(server, u);
    if (!r.ok) continue;
    acceptedCount++;
    const before = snapshot(server);
    assert.doesNotThrow(() => Y.applyUpdate(server, u), `update ${n}`);
    assert.equal(server.store.pendingStructs, null, `update ${n} left structs pending`);
    assert.equal(server.store.pendingDs, null, `update ${n} left deletes pending`);
    const reported = new Set(r.writes.map((w) => `${w.map}.${w.key}=${JSON.stringify(w.value)}`));
    for (const [k, v] of snapshot(server)) {
      if (before.get(k) !== v) assert.ok(reported.has(`${k}=${v}`), `update ${n} put ${v} at ${k}, not reported by inspection`);
    }
  }
  assert.ok(acceptedCount > 100, `only ${acceptedCount} updates were accepted: the generator tests too little`);
});
