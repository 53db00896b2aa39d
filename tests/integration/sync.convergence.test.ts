// Several headless clients edit one layer in a seeded random order, with random disconnects and
// reconnects; every replica and the stored layer must end identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { putSpan, putRelation, readLayer, removeSpan, setDocLabel, spansOf } from '../../shared/layer-doc.ts';
import { asRelationId, asSpanId, asUserId, type SpanId } from '../../shared/ids.ts';
import { startServer } from '../helpers/server.ts';
import { openLayer, rng, waitFor, type TestClient } from '../helpers/clients.ts';

const LAYER = 'doc1/shared';
const LABELS = ['PERSON', 'ORG', 'GPE'];

function snapshot(c: { doc: import('yjs').Doc }): string {
  const l = readLayer(c.doc);
  const spans = [...l.spans].sort(([a], [b]) => a.localeCompare(b));
  const rels = [...l.relations].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ spans, rels, labels: l.docLabels });
}

function randomEdit(c: TestClient, r: () => number, i: number, who: number): void {
  const spans = [...spansOf(c.doc).keys()] as SpanId[];
  const pick = () => spans[Math.floor(r() * spans.length)]!;
  const roll = r();
  const author = asUserId(`u${who}`);
  if (roll < 0.45 || spans.length < 2) {
    const start = Math.floor(r() * 500);
    putSpan(c.doc, asSpanId(`s${who}x${i}`), { start, end: start + 1 + Math.floor(r() * 20), label: LABELS[Math.floor(r() * 3)]!, author, at: i });
  } else if (roll < 0.65) {
    const id = pick();
    const v = spansOf(c.doc).get(id)!;
    putSpan(c.doc, id, { ...v, label: LABELS[Math.floor(r() * 3)]!, author, at: i });
  } else if (roll < 0.8) {
    removeSpan(c.doc, pick());
  } else if (roll < 0.92) {
    const a = pick();
    const b = pick();
    if (a !== b) putRelation(c.doc, asRelationId(`r${who}x${i}`), { from: a, to: b, type: 'works_for', author, at: i });
  } else {
    setDocLabel(c.doc, 'topic', [['politics', 'sport', 'science'][Math.floor(r() * 3)]!]);
  }
}

for (const seed of [1, 2, 3]) {
  test(`four clients with random edits and disconnects converge to one state (seed ${seed})`, async () => {
    const server = await startServer({ mode: 'open', config: { compactAfterUpdates: 40 } });
    const r = rng(seed);
    const clients = Array.from({ length: 4 }, () => openLayer(server.url, LAYER));
    try {
      await Promise.all(clients.map((c) => c.provider.whenSaved()));
      let disconnects = 0;
      for (let i = 0; i < 240; i++) {
        const who = Math.floor(r() * clients.length);
        const c = clients[who]!;
        const roll = r();
        if (roll < 0.04 && c.socket.connected) {
          c.socket.disconnect();
          disconnects++;
        }
        else if (roll < 0.12 && !c.socket.connected) c.socket.connect();
        randomEdit(c, r, i, who);
        if (r() < 0.3) await new Promise((res) => setTimeout(res, Math.floor(r() * 4)));
      }
      for (const c of clients) if (!c.socket.connected) c.socket.connect();
      await Promise.all(clients.map((c) => c.provider.whenSaved()));
      const expected = snapshot(clients[0]!);
      await waitFor(() => clients.every((c) => snapshot(c) === expected), 'replicas to converge');
      assert.ok(readLayer(clients[0]!.doc).spans.size > 10, 'the run produced spans');
      assert.ok(disconnects >= 2, `the run disconnected clients (${disconnects})`);
      for (const c of clients) assert.equal(snapshot(c), expected);

      await server.app.commits.drain();
      const stored = await server.store.layers.readDoc(LAYER);
      assert.ok(stored);
      assert.equal(snapshot({ doc: stored }), expected, 'the stored layer equals the replicas');
    } finally {
      for (const c of clients) c.close();
      await server.stop();
    }
  });
}
