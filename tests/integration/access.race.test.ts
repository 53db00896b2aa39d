// Joins racing a change of rights. A join decides from the database, then loads the layer and
// adds its member; a submit or reopen commits, then re-checks the members it finds. Where the two
// interleave, the join must still end with the right the change left: no write stored in a layer
// after its submit answered, no connection left read-only on a reopened layer, and whatever the
// join was first told corrected by `layer-access`. Rounds are many and short, the timing varied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { openRaw } from '../helpers/raw-socket.ts';

let server: TestServer;
let ws: Workspace;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  // Layers unload at once when their last client leaves, so each round's join can be a first load.
  server = await startServer({ config: { unloadAfterMs: 1 } });
  ws = await seedWorkspace(server, { texts: ['Ada Lovelace met Charles Babbage in London.', 'The Royal Society met in 1843.'] });
});
after(() => server.stop());

/** A raw connection in `layer`: what its join answered, what `layer-access` told it since, a write. */
async function joiner(who: Session, layer: string) {
  const sock = await openRaw(server.url, { cookie: who.cookie });
  const told: boolean[] = [];
  sock.onEvent = (e) => {
    if (e.event === 'layer-access' && e.args[0] === layer) told.push((e.args[1] as { writable: boolean }).writable);
  };
  const [joined] = (await sock.emit('join', [layer], true)) as [Ack<{ writable: boolean }>];
  const doc = new Y.Doc();
  let n = 0;
  return {
    sock,
    /** What the connection believes now: the last thing it was told. */
    believes: () => told.at(-1) ?? ('data' in joined && joined.data.writable),
    async write(): Promise<Ack<unknown>> {
      const sv = Y.encodeStateVector(doc);
      putSpan(doc, asSpanId(`w${n++}`), { start: 0, end: 3, label: 'PERSON', author: asUserId(who.userId), at: n });
      const [a] = await sock.emit('y', [layer, encodeSync(SyncType.update, Y.encodeStateAsUpdate(doc, sv))], true);
      return a as Ack<unknown>;
    },
  };
}

test('a first join racing a submit never keeps the right to write: nothing is stored after the submit answered', async () => {
  const did = ws.docIds[0]!;
  const layer = `${did}/shared`;
  const wrong: string[] = [];
  for (let round = 0; round < 60; round++) {
    while (server.app.registry.get(layer)) await sleep(2);
    const submit = call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/submit`);
    await sleep(round % 6);
    const j = await joiner(ws.ann1, layer);
    assert.equal((await submit).status, 200);
    await sleep(30);
    const w = await j.write();
    if ('data' in w || j.believes()) wrong.push(`round ${round}: write ${JSON.stringify(w)}, believes writable ${j.believes()}`);
    j.sock.close();
    assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/reopen`)).status, 200);
  }
  assert.deepEqual(wrong, []);
});

test('a join racing a reopen ends writable, and is told so if its join said otherwise', async () => {
  const did = ws.docIds[1]!;
  const layer = `${did}/shared`;
  const keeper = await joiner(ws.owner, layer); // keeps the layer in memory
  const wrong: string[] = [];
  try {
    for (let round = 0; round < 100; round++) {
      assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/submit`)).status, 200);
      const reopen = call(server.url, ws.ann2, 'POST', `/api/documents/${did}/layers/shared/reopen`);
      await sleep(round % 4);
      const j = await joiner(ws.ann1, layer);
      assert.equal((await reopen).status, 200);
      await sleep(30);
      const w = await j.write();
      if ('error' in w || !j.believes()) wrong.push(`round ${round}: write ${JSON.stringify(w)}, believes writable ${j.believes()}`);
      j.sock.close();
    }
  } finally {
    keeper.sock.close();
  }
  assert.deepEqual(wrong, []);
});
