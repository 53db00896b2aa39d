// Review over HTTP: the queue counts disagreements by kind, the adjudication data carries each
// annotator's set, "nothing here" decisions are kept on the server, agreement figures are served as
// JSON, annotators are kept out, and after the document is done each annotator can compare their
// work with gold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type * as Y from 'yjs';
import { putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import type { ClearedItems, DocumentReview, GoldComparison, ReviewQueueItem } from '../../shared/api.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';
import { ReviewService } from '../../server/services/review.service.ts';
import { decodeTokenOffsets, encodeTokenOffsets } from '../../shared/formats/tokens.ts';
import { tokenizerId } from '../../shared/tokenize.ts';

const TEXT = 'Ada Lovelace worked with Charles Babbage in London.';
let server: TestServer;
let ws: Workspace;
let D: string;

async function annotateAndSubmit(who: Session, layer: string, owner: string, edit: (doc: Y.Doc, author: ReturnType<typeof asUserId>) => void) {
  const c = openLayer(server.url, layer, { headers: { cookie: who.cookie } });
  await c.provider.whenSaved();
  edit(c.doc, asUserId(who.userId));
  await c.provider.whenSaved();
  c.close();
  const r = await call(server.url, who, 'POST', `/api/documents/${D}/layers/${owner}/submit`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: [TEXT] });
  D = ws.docIds[0]!;
  // ann1 and ann2 agree on "Ada Lovelace", differ in label on "Charles Babbage", in boundary on
  // "London", and only ann1 tagged "worked"… no: only ann2 has a span there (missing for ann1).
  await annotateAndSubmit(ws.ann1, `${D}/user:${ws.ann1.userId}`, `user:${ws.ann1.userId}`, (doc, author) => {
    putSpan(doc, asSpanId('a'), { start: 0, end: 12, label: 'PERSON', author, at: 1 });
    putSpan(doc, asSpanId('b'), { start: 25, end: 40, label: 'PERSON', author, at: 1 });
    putSpan(doc, asSpanId('c'), { start: 44, end: 50, label: 'GPE', author, at: 1 });
    setDocLabel(doc, 'topic', ['politics']);
  });
  await annotateAndSubmit(ws.ann2, `${D}/user:${ws.ann2.userId}`, `user:${ws.ann2.userId}`, (doc, author) => {
    putSpan(doc, asSpanId('a'), { start: 0, end: 12, label: 'PERSON', author, at: 1 });
    putSpan(doc, asSpanId('b'), { start: 25, end: 40, label: 'ORG', author, at: 1 });
    putSpan(doc, asSpanId('c'), { start: 44, end: 51, label: 'GPE', author, at: 1 });
    putSpan(doc, asSpanId('d'), { start: 13, end: 19, label: 'ORG', author, at: 1 });
    setDocLabel(doc, 'topic', ['sport']);
  });
});
after(() => server.stop());

test('the review queue lists the annotated document with its disagreements by kind', async () => {
  const r = await call<{ documents: ReviewQueueItem[] }>(server.url, ws.reviewer, 'GET', `/api/projects/${ws.projectId}/review`);
  assert.equal(r.status, 200);
  const item = r.body.documents.find((d) => d.id === D)!;
  assert.equal(item.status, 'annotated');
  assert.deepEqual(item.annotators.sort(), ['ann1', 'ann2']);
  assert.equal(item.byKind.span.label, 1);
  assert.equal(item.byKind.span.boundary, 1);
  assert.equal(item.byKind.span.missing, 1);
  assert.equal(item.byKind.docLabel.differs, 1);
  assert.equal(item.disputes, 4);
});

test('the adjudication data carries each annotator\'s set and the disputes in text order', async () => {
  const r = await call<DocumentReview>(server.url, ws.reviewer, 'GET', `/api/documents/${D}/review`);
  assert.equal(r.status, 200);
  assert.equal(r.body.document.text, TEXT);
  assert.equal(r.body.annotators.length, 2);
  assert.ok(r.body.gold.writable);
  assert.equal(r.body.gold.layer, `${D}/gold`);
  const kinds = r.body.disagreements.disputes.map((d) => `${d.target}:${d.kind}`);
  assert.deepEqual(kinds, ['docLabel:differs', 'span:missing', 'span:label', 'span:boundary']);
});

test('annotators cannot open the adjudication data or the agreement figures', async () => {
  for (const path of [`/api/documents/${D}/review`, `/api/projects/${ws.projectId}/review`, `/api/projects/${ws.projectId}/agreement`]) {
    assert.equal((await call(server.url, ws.ann1, 'GET', path)).status, 403, path);
    assert.equal((await call(server.url, ws.outsider, 'GET', path)).status, 404, path);
  }
});

test('agreement figures are served as JSON with their definitions', async () => {
  const r = await call<{ report: { spanF1: { pairs: Array<{ exact: { f1: number | null }; overlap: { f1: number | null } }> }; tokenAgreement: { cohen: Array<{ kappa: { value: number | null } }> } }; definitions: Record<string, { definition: string }> }>(
    server.url,
    ws.owner,
    'GET',
    `/api/projects/${ws.projectId}/agreement`,
  );
  assert.equal(r.status, 200);
  const pair = r.body.report.spanF1.pairs[0]!;
  // ann1: 3 spans, ann2: 4; exact matches: "Ada Lovelace" only → P=1/3, R=1/4 (or swapped) → F1 = 2/7.
  assert.ok(Math.abs(pair.exact.f1! - 2 / 7) < 1e-9, `exact F1 ${pair.exact.f1}`);
  // Overlap with the same label: Ada Lovelace and London → F1 = 2·2/(3+4) = 4/7.
  assert.ok(Math.abs(pair.overlap.f1! - 4 / 7) < 1e-9, `overlap F1 ${pair.overlap.f1}`);
  // Tokens: Ada Lovelace worked with Charles Babbage in London . — ann1 P P O O P P O G O, ann2
  // P P ORG O ORG ORG O G G: observed 5/9, chance (4·2 + 4·2 + 1·2)/81 = 2/9, so κ = 3/7.
  assert.ok(Math.abs(r.body.report.tokenAgreement.cohen[0]!.kappa.value! - 3 / 7) < 1e-9, `token kappa ${r.body.report.tokenAgreement.cohen[0]!.kappa.value}`);
  assert.ok(Object.keys(r.body.definitions).length >= 4);
});

test('the agreement report reads the token boundaries stored at import, and segments a text whose offsets are stale', async () => {
  const report = async () => (await new ReviewService(server.store).report(ws.projectId)).report.tokens;
  const live = await report();
  assert.equal(live, 9, 'Ada Lovelace worked with Charles Babbage in London .');
  const row = await server.store.documents.tokens(D);
  assert.equal(row?.tokenizer, tokenizerId(), 'the import stored the offsets');
  // The stored row, with "Ada Lovelace" as one token: a report that reads it counts one token less.
  const pairs = decodeTokenOffsets(row.tokens, TEXT.length)!;
  assert.deepEqual([...pairs.slice(0, 4)], [0, 3, 4, 12]);
  const merged = encodeTokenOffsets(Uint32Array.from([0, 12, ...pairs.slice(4)]));
  await server.store.db.run('UPDATE document_tokens SET tokens = ? WHERE document_id = ?', [Buffer.from(merged), D]);
  try {
    assert.equal(await report(), live - 1);
    await server.store.db.run("UPDATE document_tokens SET tokenizer = 'an-older-rule' WHERE document_id = ?", [D]);
    assert.equal(await report(), live, 'offsets of another tokenizer are not used');
  } finally {
    await server.store.db.run('UPDATE document_tokens SET tokenizer = ?, tokens = ? WHERE document_id = ?', [row.tokenizer, Buffer.from(row.tokens), D]);
  }
});

test('a "nothing here" decision is kept on the server, checked, and lapses when the dispute changes', async () => {
  const path = (item: string) => `/api/documents/${D}/review/cleared/${encodeURIComponent(item)}`;
  const cleared = async () => (await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`)).body.cleared;
  assert.deepEqual(await cleared(), []);
  // "worked" (13-19): only ann2 tagged it, so ann1's version is empty and may be accepted as "nothing here".
  const put = await call<ClearedItems>(server.url, ws.reviewer, 'PUT', path('span:13-19'));
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body.cleared, ['span:13-19']);
  assert.deepEqual(await cleared(), ['span:13-19'], 'another reviewer reads it');
  // Both annotators have something at Charles Babbage: "nothing here" is nobody's version.
  const full = await call(server.url, ws.reviewer, 'PUT', path('span:25-40'));
  assert.equal(full.status, 409);
  assert.match(JSON.stringify(full.body), /accept one of their versions/);
  assert.equal((await call(server.url, ws.reviewer, 'PUT', path('span:1-2'))).status, 404, 'no such item');
  assert.equal((await call(server.url, ws.reviewer, 'PUT', path('x'.repeat(2049)))).status, 400);
  assert.equal((await call(server.url, ws.ann1, 'PUT', path('span:13-19'))).status, 403, 'annotators do not adjudicate');
  assert.equal((await call(server.url, ws.outsider, 'DELETE', path('span:13-19'))).status, 404);
  assert.equal((await call(server.url, null, 'PUT', path('span:13-19'))).status, 401);
  assert.deepEqual(await cleared(), ['span:13-19'], 'refused requests changed nothing');

  // It survives a restart of the server (the SQLite file), and can be withdrawn.
  await server.stop({ wipe: false });
  server = await startServer({ dataDir: server.dataDir });
  assert.deepEqual(await cleared(), ['span:13-19']);
  const del = await call<ClearedItems>(server.url, ws.owner, 'DELETE', path('span:13-19'));
  assert.equal(del.status, 200);
  assert.deepEqual(del.body.cleared, []);
  assert.deepEqual((await call<ClearedItems>(server.url, ws.owner, 'DELETE', path('span:13-19'))).body.cleared, [], 'withdrawing twice is harmless');

  // Decided again, then ann2 reopens and changes what is there: the decision was about the old
  // versions, so it no longer counts (the item id, a place, is the same).
  assert.equal((await call(server.url, ws.reviewer, 'PUT', path('span:13-19'))).status, 200);
  const layer = `user:${ws.ann2.userId}`;
  assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${D}/layers/${layer}/reopen`)).status, 200);
  await annotateAndSubmit(ws.ann2, `${D}/${layer}`, layer, (doc, author) => {
    putSpan(doc, asSpanId('d'), { start: 13, end: 19, label: 'PERSON', author, at: 2 });
  });
  const after = await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`);
  assert.ok(after.body.disagreements.items.some((i) => i.id === 'span:13-19'), 'the item is still there');
  assert.deepEqual(after.body.cleared, []);
});

test('after gold is submitted, each annotator sees their spans compared with gold', async () => {
  const before = await call(server.url, ws.ann1, 'GET', `/api/documents/${D}/compare`);
  assert.equal(before.status, 403, 'gold stays hidden until the document is done');
  const g = openLayer(server.url, `${D}/gold`, { headers: { cookie: ws.reviewer.cookie } });
  await g.provider.whenSaved();
  const author = asUserId(ws.reviewer.userId);
  putSpan(g.doc, asSpanId('a'), { start: 0, end: 12, label: 'PERSON', author, at: 2 });
  putSpan(g.doc, asSpanId('b'), { start: 25, end: 40, label: 'PERSON', author, at: 2 });
  await g.provider.whenSaved();
  g.close();
  assert.equal((await call(server.url, ws.reviewer, 'POST', `/api/documents/${D}/layers/gold/submit`)).status, 200);
  const r = await call<GoldComparison>(server.url, ws.ann2, 'GET', `/api/documents/${D}/compare`);
  assert.equal(r.status, 200);
  assert.equal(r.body.gold!.spans.length, 2);
  assert.equal(r.body.mine!.spans.length, 4);
  assert.ok(r.body.comparison!.count >= 2, 'ann2 differs from gold on the label of Babbage and on extra spans');
  const q = await call<{ documents: ReviewQueueItem[] }>(server.url, ws.reviewer, 'GET', `/api/projects/${ws.projectId}/review`);
  assert.equal(q.body.documents.find((d) => d.id === D)!.status, 'done');
});
