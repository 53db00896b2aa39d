// Layer lifecycle: unloaded after the grace period once its last client left, restored from disk
// on the next join; the update log compacted into a snapshot without losing concurrent updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { putSpan, readLayer } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer } from '../helpers/server.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';

const span = (i: number) => ({ start: i, end: i + 2, label: 'ORG', author: asUserId('u'), at: i });

test('a layer leaves memory after its last client left and the grace period passed, and comes back from disk', async () => {
  const server = await startServer({ mode: 'open', config: { unloadAfterMs: 80 } });
  try {
    const a = openLayer(server.url, 'life/shared');
    await a.provider.whenSaved();
    for (let i = 0; i < 5; i++) putSpan(a.doc, asSpanId(`s${i}`), span(i));
    await a.provider.whenSaved();
    assert.ok(server.app.registry.get('life/shared'), 'loaded while a client is in it');
    a.close();
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(server.app.registry.get('life/shared'), 'still loaded during the grace period');
    await waitFor(() => server.app.registry.get('life/shared') === undefined, 'the layer to unload');
    assert.deepEqual(server.app.registry.names(), []);

    const b = openLayer(server.url, 'life/shared');
    await waitFor(() => b.provider.synced, 'sync');
    assert.equal(readLayer(b.doc).spans.size, 5, 'the new client gets every span from disk');
    b.close();
  } finally {
    await server.stop();
  }
});

test('a client returning within the grace period keeps the layer loaded', async () => {
  const server = await startServer({ mode: 'open', config: { unloadAfterMs: 300 } });
  try {
    const a = openLayer(server.url, 'grace/shared');
    await a.provider.whenSaved();
    const first = server.app.registry.get('grace/shared');
    a.close();
    await new Promise((r) => setTimeout(r, 50));
    const b = openLayer(server.url, 'grace/shared');
    await b.provider.whenSaved();
    assert.equal(server.app.registry.get('grace/shared'), first, 'the same live layer is reused');
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(server.app.registry.get('grace/shared'), 'not unloaded while a client is in it');
    b.close();
  } finally {
    await server.stop();
  }
});

test('the update log is compacted into a snapshot and updates arriving meanwhile are kept', async () => {
  const server = await startServer({ mode: 'open', config: { compactAfterUpdates: 10 } });
  try {
    const a = openLayer(server.url, 'compact/shared');
    const b = openLayer(server.url, 'compact/shared');
    await Promise.all([a.provider.whenSaved(), b.provider.whenSaved()]);
    for (let i = 0; i < 60; i++) {
      putSpan((i % 2 ? a : b).doc, asSpanId(`s${i}`), span(i));
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all([a.provider.whenSaved(), b.provider.whenSaved()]);
    await server.app.commits.drain();
    await new Promise((r) => setTimeout(r, 50));
    const rows = await server.store.db.get<{ n: number }>('SELECT count(*) AS n FROM layer_updates');
    const snap = await server.store.db.get<{ s: number }>('SELECT length(snapshot) AS s FROM layers WHERE name = ?', ['compact/shared']);
    assert.ok((snap?.s ?? 0) > 0, 'a snapshot was written');
    assert.ok((rows?.n ?? 99) < 60, `the log was folded (${rows?.n} rows left of 60+)`);
    const stored = await server.store.layers.readDoc('compact/shared');
    assert.equal(readLayer(stored!).spans.size, 60, 'snapshot + remaining log hold every span');
    a.close();
    b.close();
  } finally {
    await server.stop();
  }
});

test('a layer that stays loaded forgets the presence of clients that left (no growth with each tab that came and went)', async () => {
  const server = await startServer({ mode: 'open' });
  const keeper = openLayer(server.url, 'doc1/shared');
  try {
    await keeper.provider.whenSaved();
    for (let i = 0; i < 30; i++) {
      const c = openLayer(server.url, 'doc1/shared');
      await c.provider.whenSaved();
      c.provider.awareness.setLocalStateField('user', { name: `tab ${i}` });
      await waitFor(() => keeper.provider.awareness.getStates().size === 2, 'the tab to be seen');
      c.close();
      await waitFor(() => keeper.provider.awareness.getStates().size === 1, 'the tab to be gone');
    }
    const layer = server.app.registry.get('doc1/shared')!;
    await new Promise((r) => setImmediate(r));
    assert.ok(layer.awareness.meta.size <= 2, `${layer.awareness.meta.size} presence clocks kept for 1 connected client`);
  } finally {
    keeper.close();
    await server.stop();
  }
});
