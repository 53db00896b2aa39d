// Authorisation is re-checked for every message, not only at join (extends auth.matrix.test.ts):
// a submit landing while a client keeps writing freezes the layer at once — every write after it
// is refused with read_only and stored nowhere, the set holds exactly the acknowledged writes —
// a join racing the submit never comes out writable, a connection whose right changes is told at
// once, and signing out ends live connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { openRaw } from '../helpers/raw-socket.ts';
import { openLayer } from '../helpers/clients.ts';

let server: TestServer;
let ws: Workspace;

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { texts: ['Ada Lovelace met Charles Babbage in London. '.repeat(20), 'The Royal Society met in 1843.', 'Third.'] });
});
after(() => server.stop());

/** A raw writer: each call writes one new span as one update and resolves with the ack. */
async function writer(who: Session, layer: string) {
  const sock = await openRaw(server.url, { cookie: who.cookie });
  const [joined] = (await sock.emit('join', [layer], true)) as [Ack<{ writable: boolean }>];
  const doc = new Y.Doc();
  let n = 0;
  return {
    sock,
    joined,
    write(): { key: string; ack: Promise<Ack<unknown>> } {
      const key = `w${n++}`;
      const sv = Y.encodeStateVector(doc);
      putSpan(doc, asSpanId(key), { start: n % 200, end: (n % 200) + 3, label: 'PERSON', author: asUserId(who.userId), at: n });
      const update = encodeSync(SyncType.update, Y.encodeStateAsUpdate(doc, sv));
      return { key, ack: sock.emit('y', [layer, update], true).then(([a]) => a as Ack<unknown>) };
    },
  };
}

async function storedKeys(layer: string): Promise<Set<string>> {
  await server.app.commits.drain();
  const live = server.app.registry.get(layer);
  const doc = live ? live.doc : await server.store.layers.readDoc(layer);
  return new Set(doc ? [...spansOf(doc).keys()] : []);
}

test('a submit landing while a client keeps writing refuses every later write with read_only, and the set holds exactly the acknowledged writes', async () => {
  const did = ws.docIds[0]!;
  const layer = `${did}/shared`;
  const w = await writer(ws.ann1, layer);
  const results: Array<{ key: string; sentAfterSubmit: boolean; res: Promise<Ack<unknown>> }> = [];
  let submitted = false;
  let submitting: Promise<unknown> | null = null;
  try {
    for (let i = 0; i < 400 && !(submitted && results.filter((r) => r.sentAfterSubmit).length >= 30); i++) {
      const { key, ack } = w.write();
      results.push({ key, sentAfterSubmit: submitted, res: ack });
      if (i === 60) submitting = call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/submit`).then((r) => {
        assert.equal(r.status, 200, JSON.stringify(r.body));
        submitted = true;
      });
      await new Promise((r) => setTimeout(r, 2));
    }
    await submitting;
    const acks = await Promise.all(results.map(async (r) => ({ ...r, ack: await r.res })));
    const ok = new Set(acks.filter((a) => 'data' in a.ack).map((a) => a.key));
    const refused = acks.filter((a) => 'error' in a.ack);
    assert.ok(ok.size >= 50 && refused.length >= 30, `writes landed on both sides of the submit (${ok.size} stored, ${refused.length} refused)`);
    for (const a of refused) assert.equal((a.ack as { error: { code: string } }).error.code, 'read_only', a.key);
    assert.ok(acks.filter((a) => a.sentAfterSubmit).every((a) => 'error' in a.ack), 'every write sent after the submit answered is refused');
    const sets = await server.store.sets.forDocument(did);
    const content = await server.store.sets.content(sets.at(-1)!.id);
    assert.deepEqual(new Set(content!.spans.map((s) => s.id)), ok, 'the set holds exactly the acknowledged writes');
    assert.deepEqual(await storedKeys(layer), ok, 'no refused write is stored in the layer');
  } finally {
    w.sock.close();
  }
});

test('a join racing a submit never comes out writable on the submitted layer', async () => {
  const did = ws.docIds[1]!;
  const layer = `${did}/shared`;
  const keeper = await writer(ws.owner, layer); // keeps the layer live in memory, as in real use
  let wrongly = 0;
  try {
    // Enough spans that the submit's transaction takes a while: joins land inside it.
    await Promise.all(Array.from({ length: 200 }, () => keeper.write().ack));
    for (let round = 0; round < Number(process.env.RACE_ROUNDS ?? 15); round++) {
      const joins: Array<Promise<Awaited<ReturnType<typeof writer>>>> = [];
      let done = false;
      const submit = call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/submit`).then((r) => {
        assert.equal(r.status, 200);
        done = true;
      });
      for (let k = 0; k < 12 && !done; k++) {
        joins.push(writer(ws.ann1, layer));
        await new Promise((r) => setTimeout(r, k % 3));
      }
      await submit;
      // After the submit answered, every connection in the layer must be read-only, however it joined.
      for (const j of await Promise.all(joins)) {
        const res = await j.write().ack;
        if ('data' in res) wrongly++;
        else assert.equal(res.error.code, 'read_only');
        j.sock.close();
      }
      assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/reopen`)).status, 200);
    }
    assert.equal(wrongly, 0, `${wrongly} connections that joined during a submit could still write after it`);
  } finally {
    keeper.sock.close();
  }
});

test('a connection whose right changes while it has the layer open is told at once (layer-access)', async () => {
  const did = ws.docIds[2]!;
  const c = openLayer(server.url, `${did}/shared`, { headers: { cookie: ws.ann1.cookie } });
  try {
    await c.provider.whenSaved();
    assert.equal(c.provider.writable, true);
    const seen: boolean[] = [];
    const next = () => new Promise<boolean>((resolve) => c.provider.once('access', resolve));
    c.provider.on('access', (w) => seen.push(w));
    let told = next();
    assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/submit`)).status, 200);
    assert.equal(await told, false, 'submitted by someone else: read-only now');
    assert.equal(c.provider.writable, false);
    // A membership change re-checks every live connection; ann1's right does not change.
    assert.equal((await call(server.url, ws.owner, 'PUT', `/api/projects/${ws.projectId}/members/outsider`, { role: 'annotator' })).status, 200);
    assert.equal((await call(server.url, ws.owner, 'DELETE', `/api/projects/${ws.projectId}/members/outsider`)).status, 200);
    told = next();
    assert.equal((await call(server.url, ws.owner, 'POST', `/api/documents/${did}/layers/shared/reopen`)).status, 200);
    assert.equal(await told, true, 'reopened: writable again');
    assert.deepEqual(seen, [false, true], 'once per change, nothing for a re-check that changed nothing');
  } finally {
    c.close();
  }
});

test('signing out ends the live connections of that session', async () => {
  const session = await login(server.url, 'ann1', 'ann1-password');
  const layer = `${ws.docIds[2]}/shared`;
  const w = await writer(session, layer);
  try {
    assert.ok('data' in (await w.write().ack));
    assert.equal((await call(server.url, session, 'POST', '/api/logout')).status, 200);
    assert.equal((await call(server.url, session, 'GET', '/api/me')).status, 401, 'the session is gone for HTTP');
    const after = await Promise.race([w.write().ack, w.sock.closed.then(() => null)]);
    assert.ok(after === null || 'error' in after, `a write after signing out was ${JSON.stringify(after)}`);
  } finally {
    w.sock.close();
  }
});
