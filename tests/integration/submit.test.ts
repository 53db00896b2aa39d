// Submitting freezes a layer into a finished set (version, spans, relations, document labels,
// who, when) in one transaction; reopening makes the next submit a new version, old ones stay;
// the document status follows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { putRelation, putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asRelationId, asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';

const TEXT = 'Ada Lovelace worked with Charles Babbage in London.';
let server: TestServer;
let ws: Workspace;

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: [TEXT] });
});
after(() => server.stop());

const status = async () =>
  (await call<{ documents: Array<{ status: string }> }>(server.url, ws.owner, 'GET', `/api/projects/${ws.projectId}/documents`)).body.documents[0]!.status;

async function annotate(who: Session, layer: string, edit: (doc: import('yjs').Doc, author: ReturnType<typeof asUserId>) => void) {
  const c = openLayer(server.url, layer, { headers: { cookie: who.cookie } });
  await c.provider.whenSaved();
  edit(c.doc, asUserId(who.userId));
  await c.provider.whenSaved();
  c.close();
}

test('a document moves new → in progress → annotated → in review → done, with versioned sets', async () => {
  const D = ws.docIds[0]!;
  const mine = (s: Session) => `${D}/user:${s.userId}`;
  assert.equal(await status(), 'new');

  await annotate(ws.ann1, mine(ws.ann1), (doc, author) => {
    putSpan(doc, asSpanId('a'), { start: 0, end: 12, label: 'PERSON', author, at: 1, note: 'the Countess' });
    putSpan(doc, asSpanId('b'), { start: 25, end: 40, label: 'PERSON', author, at: 1 });
    putRelation(doc, asRelationId('r'), { from: asSpanId('a'), to: asSpanId('b'), type: 'works_for', author, at: 1 });
    setDocLabel(doc, 'topic', ['politics']);
  });
  assert.equal(await status(), 'in_progress');

  const s1 = await call<{ set: { version: number; spans: number; relations: number } }>(server.url, ws.ann1, 'POST', `/api/documents/${D}/layers/user:${ws.ann1.userId}/submit`);
  assert.equal(s1.status, 200);
  assert.deepEqual([s1.body.set.version, s1.body.set.spans, s1.body.set.relations], [1, 2, 1]);
  const again = await call(server.url, ws.ann1, 'POST', `/api/documents/${D}/layers/user:${ws.ann1.userId}/submit`);
  assert.equal(again.status, 409, 'a submitted layer cannot be submitted twice');
  assert.equal(await status(), 'in_progress', 'one of two annotators is not annotated');

  await annotate(ws.ann2, mine(ws.ann2), (doc, author) => putSpan(doc, asSpanId('c'), { start: 44, end: 50, label: 'GPE', author, at: 1 }));
  assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${D}/layers/user:${ws.ann2.userId}/submit`)).status, 200);
  assert.equal(await status(), 'annotated');

  // Reopen, change, submit again: version 2; version 1 stays as it was.
  assert.equal((await call(server.url, ws.ann1, 'POST', `/api/documents/${D}/layers/user:${ws.ann1.userId}/reopen`)).status, 200);
  assert.equal(await status(), 'in_progress', 'reopening takes the document back below the overlap');
  await annotate(ws.ann1, mine(ws.ann1), (doc, author) => putSpan(doc, asSpanId('d'), { start: 44, end: 50, label: 'GPE', author, at: 2 }));
  const s2 = await call<{ set: { version: number; spans: number } }>(server.url, ws.ann1, 'POST', `/api/documents/${D}/layers/user:${ws.ann1.userId}/submit`);
  assert.deepEqual([s2.body.set.version, s2.body.set.spans], [2, 3]);

  const rows = await server.store.db.all<{ version: number; reopened_at: number | null; submitted_by: string; n: number }>(
    `SELECT s.version, s.reopened_at, s.submitted_by, (SELECT count(*) FROM set_spans x WHERE x.set_id = s.id) AS n
     FROM annotation_sets s WHERE s.layer = ? ORDER BY s.version`,
    [mine(ws.ann1)],
  );
  assert.equal(rows.length, 2);
  assert.ok(rows[0]!.reopened_at !== null && rows[1]!.reopened_at === null);
  assert.deepEqual(rows.map((r) => r.n), [2, 3]);
  assert.ok(rows.every((r) => r.submitted_by === ws.ann1.userId));
  const v1 = await server.store.db.get<{ note: string }>(
    "SELECT note FROM set_spans WHERE span_id = 'a' AND set_id = (SELECT id FROM annotation_sets WHERE layer = ? AND version = 1)",
    [mine(ws.ann1)],
  );
  assert.equal(v1!.note, 'the Countess');
  const labels = await server.store.db.all<{ label_set: string; value: string }>('SELECT label_set, value FROM set_doc_labels');
  assert.ok(labels.some((l) => l.label_set === 'topic' && l.value === 'politics'));

  // Review: gold started → in review; gold submitted → done.
  await annotate(ws.reviewer, `${D}/gold`, (doc, author) => putSpan(doc, asSpanId('g'), { start: 0, end: 12, label: 'PERSON', author, at: 3 }));
  assert.equal(await status(), 'in_review');
  assert.equal((await call(server.url, ws.reviewer, 'POST', `/api/documents/${D}/layers/gold/submit`)).status, 200);
  assert.equal(await status(), 'done');
  const gold = await call<{ document: { layers: Array<{ kind: string; writable: boolean }> } }>(server.url, ws.ann1, 'GET', `/api/documents/${D}`);
  assert.ok(gold.body.document.layers.some((l) => l.kind === 'gold' && !l.writable), 'annotators may read gold once the document is done');
  const queue = await call<{ document: unknown; remaining: number }>(server.url, ws.ann1, 'GET', `/api/projects/${ws.projectId}/queue/next`);
  assert.equal(queue.body.document, null, 'nothing left in the queue');
});

test('an annotator cannot reopen or submit someone else\'s layer', async () => {
  const D = ws.docIds[0]!;
  const r = await call(server.url, ws.ann2, 'POST', `/api/documents/${D}/layers/user:${ws.ann1.userId}/reopen`);
  assert.equal(r.status, 404);
  const before = await server.store.sets.latest(`${D}/user:${ws.ann1.userId}`);
  assert.equal(before!.reopenedAt, null, 'still submitted');
});
