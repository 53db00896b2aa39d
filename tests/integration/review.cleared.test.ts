// "Nothing here" decisions at their edges: a relation between spans with long non-ASCII labels has an
// item id of hundreds of characters and can still be decided; hostile ids get JSON 4xx, never a 5xx;
// once gold is submitted no decision is recorded or withdrawn, by reviewer, owner or admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { putRelation, putSpan } from '../../shared/layer-doc.ts';
import { asRelationId, asSpanId, asUserId } from '../../shared/ids.ts';
import type { ClearedItems, DocumentReview } from '../../shared/api.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, TEST_SCHEMA, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';

const TEXT = 'Ada Lovelace worked with Charles Babbage in London.';
// 25-character Cyrillic labels: 150 characters each once percent-encoded in a relation's item id.
const L1 = 'Персона'.padEnd(25, 'я');
const L2 = 'Организация'.padEnd(25, 'я');
let server: TestServer;
let ws: Workspace;
let D: string;
const cleared = (item: string) => `/api/documents/${D}/review/cleared/${encodeURIComponent(item)}`;

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: [TEXT] });
  D = ws.docIds[0]!;
  const schema = { ...TEST_SCHEMA, spanLabels: [...TEST_SCHEMA.spanLabels, { name: L1, color: '#123456' }, { name: L2, color: '#654321' }] };
  assert.equal((await call(server.url, ws.owner, 'PATCH', `/api/projects/${ws.projectId}`, { schema })).status, 200);
  for (const [who, withRelation] of [[ws.ann1, true], [ws.ann2, false]] as const) {
    const owner = `user:${who.userId}`;
    const c = openLayer(server.url, `${D}/${owner}`, { headers: { cookie: who.cookie } });
    await c.provider.whenSaved();
    const author = asUserId(who.userId);
    putSpan(c.doc, asSpanId('a'), { start: 0, end: 12, label: L1, author, at: 1 });
    putSpan(c.doc, asSpanId('b'), { start: 25, end: 40, label: L2, author, at: 1 });
    if (withRelation) putRelation(c.doc, asRelationId('r'), { from: asSpanId('a'), to: asSpanId('b'), type: 'works_for', author, at: 1 });
    await c.provider.whenSaved();
    c.close();
    assert.equal((await call(server.url, who, 'POST', `/api/documents/${D}/layers/${owner}/submit`)).status, 200);
  }
});
after(() => server.stop());

test('a relation dispute between spans with long non-ASCII labels can be decided "nothing here"', async () => {
  const r = await call<DocumentReview>(server.url, ws.reviewer, 'GET', `/api/documents/${D}/review`);
  const rel = r.body.disagreements.disputes.find((d) => d.target === 'relation');
  assert.ok(rel, 'ann2 has no relation: a dispute');
  assert.ok(rel.id.length > 300, `the item id is ${rel.id.length} characters`);
  const put = await call<ClearedItems>(server.url, ws.reviewer, 'PUT', cleared(rel.id));
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body.cleared, [rel.id]);
});

test('hostile item ids get a JSON 4xx (or a harmless 200 for a withdrawal), never a 5xx', async () => {
  for (const raw of ['%zz', '%', '%E0%A4%A', '%00', '..%2F..%2Fetc', 'x'.repeat(3000), '%F0%9F%98%80', '__proto__', 'constructor', encodeURIComponent('span:1-2/3')]) {
    for (const method of ['PUT', 'DELETE']) {
      const res = await fetch(`${server.url}/api/documents/${D}/review/cleared/${raw}`, { method, headers: { cookie: ws.reviewer.cookie } });
      const body = (await res.json()) as { error?: { code: string; message: string }; cleared?: string[] };
      assert.ok(res.status < 500, `${method} ${raw.slice(0, 20)} → ${res.status}`);
      if (res.status === 200) assert.equal(method, 'DELETE', `${method} ${raw.slice(0, 20)} was accepted`);
      else assert.ok(body.error?.code && body.error.message, `${method} ${raw.slice(0, 20)} → ${res.status} without a JSON error`);
    }
  }
  assert.equal((await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`)).body.cleared.length, 1, 'still just the relation');
});

test('once gold is submitted, no decision is recorded or withdrawn (409), whoever asks', async () => {
  assert.equal((await call(server.url, ws.reviewer, 'POST', `/api/documents/${D}/layers/gold/submit`)).status, 200);
  for (const [who, method] of [[ws.reviewer, 'PUT'], [ws.owner, 'DELETE'], [ws.admin, 'PUT'], [ws.admin, 'DELETE']] as const) {
    const res = await call(server.url, who, method, cleared('span:0-12'));
    assert.equal(res.status, 409, `${who.username} ${method}: ${JSON.stringify(res.body)}`);
    assert.match(JSON.stringify(res.body), /reopen it/);
  }
  assert.equal((await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`)).body.cleared.length, 1);
});
