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

test('exact: an edit as a client sends it is; one repeating what the layer has, or with bytes after it, is not', () => {
  // Exact means Yjs integrates the bytes as they are, so the hub may relay them before applying.
  const client = new Y.Doc();
  const server = new Y.Doc();
  const [u1, u2, u3] = edits(client, 3);
  Y.applyUpdate(server, u1!);
  const exact = (u: Uint8Array) => {
    const r = inspectUpdate(server, u);
    assert.ok(r.ok, JSON.stringify(r));
    return r.exact;
  };
  assert.equal(exact(u2!), true);
  assert.equal(exact(Y.mergeUpdates([u2!, u3!])), true);
  assert.equal(exact(Y.encodeStateAsUpdate(client)), false, 'u1 again, then u2 and u3');
  const trailing = new Uint8Array([...u2!, 0, 7]);
  assert.equal(exact(trailing), false);
  Y.applyUpdate(server, trailing); // why it is still accepted: Yjs reads it and ignores the rest
  assert.equal(spansOf(server).get('k1')?.start, 1);
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
  value?: unknown;
  /** ContentAny's values, when not the one `value`. */
  values?: unknown[];
  /** A GC struct of this length instead of an item. */
  gc?: number;
}
function craft(blocks: Array<{ client: number; clock: number; items: Crafted[] }>, deletes: Array<[number, number, number]> = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, blocks.length);
  for (const b of blocks) {
    encoding.writeVarUint(e, b.items.length);
    encoding.writeVarUint(e, b.client);
    encoding.writeVarUint(e, b.clock);
    for (const it of b.items) {
      if (it.gc !== undefined) {
        encoding.writeUint8(e, 0); // 0: GC
        encoding.writeVarUint(e, it.gc);
        continue;
      }
      const explicit = !it.origin && !it.right;
      encoding.writeUint8(e, 8 | (it.origin ? 0x80 : 0) | (it.right ? 0x40 : 0) | (explicit ? 0x20 : 0)); // 8: ContentAny
      for (const r of [it.origin, it.right]) if (r) (encoding.writeVarUint(e, r[0]), encoding.writeVarUint(e, r[1]));
      if (explicit) {
        encoding.writeVarUint(e, 1); // parent is a root, by name
        encoding.writeVarString(e, it.at![0]);
        encoding.writeVarString(e, it.at![1]);
      }
      const values = it.values ?? [it.value];
      encoding.writeVarUint(e, values.length);
      for (const v of values) encoding.writeAny(e, v as never);
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

test('a client in two blocks is refused, adjacent or with an empty block (Yjs keeps only the last)', () => {
  const adjacent = craft([
    { client: 7, clock: 0, items: [{ at: ['spans', 'a'], value: SPAN }] },
    { client: 7, clock: 1, items: [{ origin: [7, 0], value: SPAN }] },
  ]);
  const emptied = craft([
    { client: 7, clock: 0, items: [{ at: ['spans', 'a'], value: SPAN }] },
    { client: 7, clock: 1, items: [] },
  ]);
  for (const u of [adjacent, emptied]) assert.deepEqual(inspectUpdate(new Y.Doc(), u), { ok: false, reason: 'malformed', message: 'update lists one client twice' });
  const lone = inspectUpdate(new Y.Doc(), craft([{ client: 7, clock: 0, items: [] }]));
  assert.equal(lone.ok, false);
  // Why: Yjs reads 7:1 alone (pending, its origin dropped), and in the other nothing of client 7.
  const a = new Y.Doc();
  Y.applyUpdate(a, adjacent);
  assert.notEqual(a.store.pendingStructs, null);
  const b = new Y.Doc();
  Y.applyUpdate(b, emptied);
  assert.equal(spansOf(b).has('a'), false);
});

test('a struct or a delete range of no length is refused', () => {
  // The layer holds relation r1; an item of no values after it would hide it (has, but no value).
  const server = new Y.Doc();
  Y.applyUpdate(server, craft([{ client: 1, clock: 0, items: [{ at: ['relations', 'r1'], value: { from: 'a', to: 'b', type: 't', author: 'u', at: 1 } }] }]));
  const hide = craft([{ client: 9, clock: 0, items: [{ origin: [1, 0], values: [] }] }]);
  const emptyGc = craft([{ client: 9, clock: 0, items: [{ gc: 0 }] }]);
  const noRange = craft([{ client: 9, clock: 0, items: [{ at: ['spans', 'a'], value: SPAN }] }], [[9, 1, 0]]);
  for (const u of [hide, emptyGc, noRange]) {
    const r = inspectUpdate(server, u);
    assert.equal(r.ok ? 'ok' : r.reason, 'malformed', JSON.stringify(r));
  }
  // Why: Yjs integrates the empty item as the key's live entry, and keeps the empty range pending,
  // then throws encoding it for its update event.
  const hidden = new Y.Doc();
  Y.applyUpdate(hidden, Y.encodeStateAsUpdate(server));
  Y.applyUpdate(hidden, hide);
  assert.equal(hidden.getMap('relations').has('r1') && hidden.getMap('relations').get('r1'), undefined);
  const listened = new Y.Doc();
  listened.on('update', () => undefined);
  assert.throws(() => Y.applyUpdate(listened, noRange));
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
  // references to stored, repeated, own and missing clocks, roots valid and not, GC structs, items
  // and delete ranges of no length, a client's block repeated or empty, delete sets. For every update
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
  let exactCount = 0;
  for (let n = 0; n < 3000; n++) {
    const blocks = [1, 2, 3]
      .filter(() => next() < 0.6)
      .map((client) => {
        const clock = client === 3 ? 0 : Math.floor(next() * 3);
        const items: Crafted[] = Array.from({ length: next() < 0.05 ? 0 : 1 + Math.floor(next() * 3) }, () => {
          const ref = (): Ref => [pick([1, 2, 3]), Math.floor(next() * 4)];
          const r = next();
          const value = next() < 0.5 ? SPAN : ['x'];
          const odd = next();
          if (odd < 0.04) return { gc: Math.floor(next() * 2) };
          const values = odd < 0.08 ? [] : [value];
          if (r < 0.3) return { at: [pick(['spans', 'docLabels', 'other']), pick(['a', 'd', 'b'])], values };
          if (r < 0.7) return { origin: ref(), values };
          if (r < 0.85) return { right: ref(), values };
          return { origin: ref(), right: ref(), values };
        });
        return { client, clock, items };
      });
    // Now and then a client's block again: right after it, or at the end.
    if (blocks.length > 0 && next() < 0.05) {
      const again = { ...pick(blocks), items: next() < 0.5 ? [] : [{ at: ['spans', 'b'] as [string, string], value: SPAN }] };
      if (next() < 0.5) blocks.splice(blocks.indexOf(blocks.find((b) => b.client === again.client)!) + 1, 0, { ...again, clock: again.clock + again.items.length });
      else blocks.push(again);
    }
    const deletes: Array<[number, number, number]> = next() < 0.2 ? [[pick([1, 2, 3]), Math.floor(next() * 4), Math.floor(next() * 3)]] : [];
    if (blocks.length === 0) continue;
    const u = craft(blocks, deletes);
    const server = new Y.Doc();
    server.on('update', () => undefined); // as the hub listens: Yjs then encodes what it applied
    Y.applyUpdate(server, stored);
    const r = inspectUpdate(server, u);
    if (!r.ok) continue;
    acceptedCount++;
    const before = snapshot(server);
    // When inspection calls the bytes exact the hub relays them as they came, before the apply: a
    // peer must end exactly where the server does, even one that gets them before it has caught up
    // with the layer (checked that way, a copy claiming other content than the stored item makes
    // the peer differ, which is why an update holding a copy is never exact).
    const peer = r.exact ? new Y.Doc() : null;
    if (peer) (Y.applyUpdate(peer, u), Y.applyUpdate(peer, stored), exactCount++);
    assert.doesNotThrow(() => Y.applyUpdate(server, u), `update ${n}`);
    if (peer) assert.deepEqual(Y.encodeStateAsUpdate(peer), Y.encodeStateAsUpdate(server), `update ${n}: the peer differs`);
    assert.equal(server.store.pendingStructs, null, `update ${n} left structs pending`);
    assert.equal(server.store.pendingDs, null, `update ${n} left deletes pending`);
    const reported = new Set(r.writes.map((w) => `${w.map}.${w.key}=${JSON.stringify(w.value)}`));
    for (const [k, v] of snapshot(server)) {
      if (before.get(k) !== v) assert.ok(reported.has(`${k}=${v}`), `update ${n} put ${v} at ${k}, not reported by inspection`);
    }
  }
  assert.ok(acceptedCount > 100, `only ${acceptedCount} updates were accepted: the generator tests too little`);
  assert.ok(exactCount > 50 && exactCount < acceptedCount, `${exactCount} of ${acceptedCount} accepted were exact: the generator tests too little`);
});
