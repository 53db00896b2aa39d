// Document import over HTTP: each invalid input gives a clear, line-precise error and imports
// nothing; valid files import documents, pre-annotations or finished sets, with progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Workspace } from '../helpers/api.ts';

let server: TestServer;
let ws: Workspace;

before(async () => {
  server = await startServer({ config: { maxImportBytes: 2 * 1024 * 1024 } });
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2 });
});
after(() => server.stop());

const docCount = async () => (await call<{ documents: unknown[] }>(server.url, ws.owner, 'GET', `/api/projects/${ws.projectId}/documents`)).body.documents.length;
const importFile = (body: string | Uint8Array, query = 'format=tagteam-jsonl', headers: Record<string, string> = {}) =>
  call<{ result: { documents: number; spans: number; documentIds: string[] } }>(server.url, ws.owner, 'POST', `/api/projects/${ws.projectId}/documents/import?${query}`, body, {
    'content-type': 'application/octet-stream',
    ...headers,
  });

const good = JSON.stringify({ text: 'Ada met Charles.', title: 'ok' });
const invalid: Array<[string, string | Uint8Array, string, RegExp]> = [
  ['a line that is not JSON', `${good}\n{"text": "broken"\n${good}`, 'format=tagteam-jsonl', /line 2/],
  ['offsets outside the text', `${good}\n${JSON.stringify({ text: 'short', spans: [{ start: 0, end: 50, label: 'PERSON' }] })}`, 'format=tagteam-jsonl', /line 2/],
  ['an unknown label', `${good}\n\n${JSON.stringify({ text: 'Ada met Charles.', spans: [{ start: 0, end: 3, label: 'ALIEN' }] })}`, 'format=tagteam-jsonl', /line 3.*ALIEN/],
  ['start not before end', JSON.stringify({ text: 'Ada', label: [[2, 1, 'PERSON']] }), 'format=doccano-jsonl', /line 1/],
  ['a binary file', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]), 'format=text', /binary/],
  ['invalid UTF-8', new Uint8Array([0x41, 0xff, 0xfe, 0x42]), 'format=text', /UTF-8/],
  ['an empty file', '', 'format=tagteam-jsonl', /empty/],
  ['a file of blank lines', '\n\n  \n', 'format=tagteam-jsonl', /no documents|no records|empty/],
  ['an unknown format', 'text', 'format=docx', /not an import format/],
];

for (const [what, body, query, message] of invalid) {
  test(`refuses ${what} with a clear error and imports nothing`, async () => {
    const before = await docCount();
    const r = await importFile(body, query);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(r.body.error!.message, message);
    assert.equal(await docCount(), before);
  });
}

test('refuses a file larger than the import limit and imports nothing', async () => {
  const before = await docCount();
  const huge = JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) });
  const r = await importFile(huge);
  assert.equal(r.status, 413);
  assert.equal(r.body.error!.code, 'too_large');
  assert.equal(await docCount(), before);
});

test('a bad line late in a large file rejects the whole batch', async () => {
  const before = await docCount();
  const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ text: `Document number ${i}.` }));
  lines.push(JSON.stringify({ text: 'bad', spans: [{ start: 0, end: 3, label: 'NOPE' }] }));
  const r = await importFile(lines.join('\n'));
  assert.equal(r.status, 400);
  assert.match(r.body.error!.message, /line 501/);
  assert.equal(await docCount(), before);
});

test('streams progress lines for a large import and ends with the result', async () => {
  const lines = Array.from({ length: 350 }, (_, i) => JSON.stringify({ text: `Progress document ${i}.` }));
  const res = await fetch(`${server.url}/api/projects/${ws.projectId}/documents/import?format=tagteam-jsonl`, {
    method: 'POST',
    headers: { cookie: ws.owner.cookie, accept: 'application/x-ndjson', 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
  const out = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, { done?: number; documents?: number }>);
  const progress = out.filter((o) => o.progress).map((o) => o.progress!.done);
  assert.deepEqual(progress, [100, 200, 300, 350]);
  assert.equal(out.at(-1)!.result!.documents, 350);
});

test('pre-annotations land in the predictions layer and documents are assigned to two annotators each', async () => {
  const body = JSON.stringify({ text: 'Ada Lovelace met Charles Babbage.', spans: [{ start: 0, end: 12, label: 'PERSON' }], docLabels: { topic: ['politics'] } });
  const r = await importFile(body);
  assert.equal(r.status, 201);
  assert.equal(r.body.result.spans, 1);
  const id = r.body.result.documentIds[0]!;
  const doc = await server.store.layers.readDoc(`${id}/predictions`);
  assert.equal(doc!.getMap('spans').size, 1);
  assert.deepEqual(doc!.getMap('docLabels').get('topic'), ['politics']);
  const assigned = await server.store.db.all<{ user_id: string }>('SELECT user_id FROM assignments WHERE document_id = ?', [id]);
  assert.equal(assigned.length, 2);
  const sets = await server.store.sets.forDocument(id);
  assert.equal(sets.length, 0, 'pre-annotations are not a finished set');
});

test('annotations imported as a finished set belong to the named annotator', async () => {
  const body = JSON.stringify({ text: 'Ada Lovelace met Charles Babbage.', spans: [{ start: 17, end: 32, label: 'PERSON' }] });
  const refused = await importFile(body, 'format=tagteam-jsonl&as=finished&annotator=outsider');
  assert.equal(refused.status, 400);
  assert.match(refused.body.error!.message, /not a member/);
  const r = await importFile(body, 'format=tagteam-jsonl&as=finished&annotator=ann1');
  assert.equal(r.status, 201);
  const sets = await server.store.sets.forDocument(r.body.result.documentIds[0]!);
  assert.equal(sets.length, 1);
  assert.equal(sets[0]!.owner, ws.ann1.userId);
  const content = await server.store.sets.content(sets[0]!.id);
  assert.equal(content!.spans[0]!.label, 'PERSON');
  assert.equal(content!.annotator, 'ann1');
});

test('a plain text file becomes one document with the given title, text stored exactly', async () => {
  const text = 'Line one\r\nLine two 😀 東京 é\r\n';
  const r = await importFile(text, 'format=text&title=Plain');
  assert.equal(r.status, 201);
  const doc = await server.store.documents.get(r.body.result.documentIds[0]!);
  assert.equal(doc!.title, 'Plain');
  assert.equal(doc!.text, text);
  await assert.rejects(server.store.db.run('UPDATE documents SET text = ? WHERE id = ?', ['changed', doc!.id]), /never changes/);
});
