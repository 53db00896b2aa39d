// Export over HTTP on a hostile text (emoji, flag, ZWJ family, CJK, combining mark, Arabic, CRLF):
// sets annotated through real sockets and submitted, every format downloaded and re-imported
// through the registry's readers, selection (gold / annotators / all, versions), status and label
// filters, the preview counts, and who may export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { formatById, readW3c, type ImportedDocument } from '../../shared/formats/index.ts';
import { newId, putRelation, putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asDocumentId, asRelationId, asSpanId, asUserId, type SpanId } from '../../shared/ids.ts';
import { layerName } from '../../shared/layer-name.ts';
import { ExportStore } from '../../db/export.store.ts';
import { Sessions } from '../../server/auth/sessions.ts';
import { exportRoutes } from '../../server/http/export.routes.ts';
import { errorHandler } from '../../server/http/errors.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';

const A = 'Ada Lovelace 😀 met Zoe\u0301 in 東京 🇫🇷.\r\nمرحبا from 👨‍👩‍👧 and ACME Corp.\r\nBob works for ACME.';
const B = 'Charles Babbage visited Paris 🇫🇷 with Ada.\r\nThe end.';
const TEXTS = [A, B, 'Nothing here yet.', 'Untouched document.'];

let server: TestServer;
let ws: Workspace;
let base: string; // where the export routes answer (the app itself once the lead mounts them)
let closeSide = async () => undefined as unknown;

/** The export router inside the real app when mounted there, else beside it on the same store. */
async function exportBase(s: TestServer, who: Session): Promise<string> {
  const probe = await call(s.url, who, 'GET', `/api/projects/none/export/formats`);
  if (probe.body.error?.message !== 'no such API route') return s.url;
  const app = express();
  const api = express.Router();
  api.use('/projects/:pid/export', exportRoutes(s.store, new Sessions(s.store.users, false), s.app.log));
  api.use(errorHandler(s.app.log));
  app.use('/api', api);
  const side = app.listen(0, '127.0.0.1');
  await new Promise((r) => side.once('listening', r));
  closeSide = () => new Promise((r) => side.close(r));
  return `http://127.0.0.1:${(side.address() as AddressInfo).port}`;
}

type SpanSpec = [quote: string, label: string, nth?: number, note?: string];
/** Offsets of the nth occurrence of a quote. */
function find(text: string, quote: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  assert.ok(at >= 0, `${quote} in the text`);
  return { start: at, end: at + quote.length };
}

/** Writes spans into a layer through a real socket, waits for the durable ack, then submits it. */
async function annotate(who: Session, doc: number, owner: 'gold' | 'mine', spans: SpanSpec[], more: { rel?: [number, number, string]; topic?: string; submit?: boolean } = {}) {
  const did = asDocumentId(ws.docIds[doc]!);
  const layer = layerName(did, owner === 'gold' ? 'gold' : { user: asUserId(who.userId) });
  const c = openLayer(server.url, layer, { headers: { cookie: who.cookie } });
  const refused = new Promise<never>((_, reject) => c.provider.on('error', (e) => reject(new Error(JSON.stringify(e)))));
  await Promise.race([c.provider.whenSaved(), refused]);
  const author = asUserId(who.userId);
  const ids: SpanId[] = spans.map(() => asSpanId(newId('s')));
  c.doc.transact(() => {
    spans.forEach(([q, label, nth, note], i) => putSpan(c.doc, ids[i]!, { ...find(TEXTS[doc]!, q, nth), label, author, at: 1, ...(note ? { note } : {}) }));
    if (more.rel) putRelation(c.doc, asRelationId(newId('r')), { from: ids[more.rel[0]]!, to: ids[more.rel[1]]!, type: more.rel[2], author, at: 1 });
    if (more.topic) setDocLabel(c.doc, 'topic', [more.topic]);
  });
  await Promise.race([c.provider.whenSaved(), refused]);
  c.close();
  if (more.submit === false) return;
  const r = await call(server.url, who, 'POST', `/api/documents/${did}/layers/${owner === 'gold' ? 'gold' : `user:${who.userId}`}/submit`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

const GOLD_A: SpanSpec[] = [['Ada Lovelace', 'PERSON', 0, 'first mention'], ['Zoe\u0301', 'PERSON'], ['東京', 'GPE'], ['مرحبا', 'ORG'], ['👨‍👩‍👧', 'ORG'], ['ACME Corp', 'ORG'], ['Bob', 'PERSON'], ['ACME', 'ORG', 1]];

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: TEXTS });
  base = await exportBase(server, ws.owner);
  await annotate(ws.ann1, 0, 'mine', [['Ada Lovelace', 'PERSON'], ['東京', 'GPE'], ['Bob', 'PERSON']]);
  await annotate(ws.ann2, 0, 'mine', [['Ada', 'PERSON'], ['ACME Corp', 'ORG']]);
  await annotate(ws.reviewer, 0, 'gold', GOLD_A, { rel: [6, 7, 'works_for'], topic: 'politics' });
  await annotate(ws.ann1, 1, 'mine', [['Charles Babbage', 'PERSON'], ['Paris', 'GPE']]);
  await annotate(ws.ann2, 1, 'mine', [['Charles Babbage', 'PERSON']]);
  // ann1 reopens document B and submits a version 2 with one more span.
  assert.equal((await call(server.url, ws.ann1, 'POST', `/api/documents/${ws.docIds[1]}/layers/user:${ws.ann1.userId}/reopen`)).status, 200);
  await annotate(ws.ann1, 1, 'mine', [['Ada', 'PERSON']]);
  await annotate(ws.ann1, 2, 'mine', [['Nothing', 'ORG']], { submit: false }); // in progress
});
after(async () => {
  await closeSide();
  await server.stop();
});

const url = (q: string) => `${base}/api/projects/${ws.projectId}/export${q}`;
async function download(q: string, who: Session = ws.owner): Promise<{ res: Response; bytes: Uint8Array; text: string }> {
  const res = await fetch(url(q), { headers: { cookie: who.cookie } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder().decode(bytes) };
}
const tagteam = async (q: string) => (await download(`?format=tagteam-jsonl${q}`)).text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { docId: string; annotator: string; version: number; spans: Array<{ label: string; quote: string }>; relations: unknown[] });
const norm = (s: string) => s.replace(/\s+/gu, ' ').trim();
/** What a re-imported document holds, comparable across formats: text, `quote|label` per span, relations by quotes. */
function shape(d: ImportedDocument, exactText = true) {
  const q = (i: number) => norm(d.text.slice(d.spans[i]!.start, d.spans[i]!.end));
  return {
    ...(exactText ? { text: d.text, offsets: d.spans.map((s) => `${s.start}-${s.end}:${s.label}`).sort() } : {}),
    spans: d.spans.map((s, i) => `${q(i)}|${s.label}`).sort(),
  };
}
const expectedGold = () => {
  const spans = GOLD_A.map(([q, label, nth]) => ({ ...find(A, q, nth), label }));
  return { text: A, offsets: spans.map((s) => `${s.start}-${s.end}:${s.label}`).sort(), spans: GOLD_A.map(([q, l]) => `${norm(q)}|${l}`).sort() };
};

test('GET /formats lists every export format with its offset unit and what it carries', async () => {
  const r = await call<{ formats: Array<{ id: string; offsetUnit: string; carries: { relations: boolean } }> }>(base, ws.reviewer, 'GET', `/api/projects/${ws.projectId}/export/formats`);
  assert.equal(r.status, 200);
  const ids = r.body.formats.map((f) => f.id);
  for (const id of ['tagteam-jsonl', 'doccano-jsonl', 'doccano-jsonl-relations', 'spacy-jsonl', 'conll-iob2', 'conll-bilou', 'hf-token-classification', 'w3c-annotation', 'label-studio', 'brat', 'csv']) assert.ok(ids.includes(id), id);
  assert.ok(!ids.includes('text'), 'plain text is import only');
  assert.equal(r.body.formats.find((f) => f.id === 'doccano-jsonl')!.offsetUnit, 'codepoint');
});

const CHAR_FORMATS = ['tagteam-jsonl', 'doccano-jsonl', 'doccano-jsonl-relations', 'spacy-jsonl', 'label-studio', 'brat', 'w3c-annotation'];
const TOKEN_FORMATS = ['conll-iob2', 'conll-bilou', 'hf-token-classification'];
for (const id of [...CHAR_FORMATS, ...TOKEN_FORMATS, 'csv']) {
  test(`${id}: the gold download re-imports to the same spans`, async () => {
    const f = formatById(id)!;
    const { res, bytes, text } = await download(`?format=${id}`);
    assert.equal(res.status, 200, text.slice(0, 300));
    assert.equal(res.headers.get('content-type')!.split(';')[0], f.mediaType.split(';')[0]);
    assert.match(res.headers.get('content-disposition')!, new RegExp(`^attachment; filename="Test_project-gold\\.${f.extension}"`));
    assert.equal(res.headers.get('x-tagteam-total-documents'), '1', 'only document A has a gold set');
    if (id === 'csv') {
      const rows = parseCsv(text);
      assert.deepEqual(rows[0], ['document_id', 'text_sha256', 'annotator', 'version', 'start', 'end', 'label', 'text', 'note']);
      const cps = Array.from(A);
      for (const r of rows.slice(1)) assert.equal(cps.slice(Number(r[4]), Number(r[5])).join(''), r[7], 'code point offsets select the quote');
      assert.deepEqual(rows.slice(1).map((r) => `${norm(r[7]!)}|${r[6]}`).sort(), expectedGold().spans);
      return;
    }
    const docs = id === 'w3c-annotation' ? readW3c(text, { textOf: () => A }).documents : f.read!(id === 'brat' ? bytes : text, {}).documents;
    assert.equal(docs.length, 1);
    const doc = docs[0]!;
    if (TOKEN_FORMATS.includes(id)) assert.deepEqual(shape(doc, false).spans, expectedGold().spans, 'tokens carry every (token-aligned) span');
    else assert.deepEqual(shape(doc), expectedGold());
    const quote = (i: number) => doc.text.slice(doc.spans[i]!.start, doc.spans[i]!.end);
    if (f.carries.relations) assert.deepEqual(doc.relations.map((r) => `${quote(r.fromIndex)}→${quote(r.toIndex)}:${r.type}`), ['Bob→ACME:works_for']);
    if (id === 'tagteam-jsonl') {
      assert.deepEqual(doc.docLabels, { topic: ['politics'] });
      assert.equal(doc.origin?.annotator, 'gold');
      assert.equal(doc.spans.find((s) => s.label === 'PERSON' && s.start === 0)?.note, 'first mention');
    }
  });
}

test('selection: gold by default, every annotator (latest or every version), or all', async () => {
  const who = (recs: Awaited<ReturnType<typeof tagteam>>) => recs.map((r) => `${ws.docIds.indexOf(r.docId)}:${r.annotator}:v${r.version}`);
  assert.deepEqual(who(await tagteam('')), ['0:gold:v1']);
  assert.deepEqual(who(await tagteam('&sets=annotators')), ['0:ann1:v1', '0:ann2:v1', '1:ann1:v2', '1:ann2:v1']);
  assert.deepEqual(who(await tagteam('&sets=annotators&versions=all')), ['0:ann1:v1', '0:ann2:v1', '1:ann1:v1', '1:ann1:v2', '1:ann2:v1']);
  assert.deepEqual(who(await tagteam('&sets=all')), ['0:gold:v1', '0:ann1:v1', '0:ann2:v1', '1:ann1:v2', '1:ann2:v1']);
  const v2 = (await tagteam('&sets=annotators')).find((r) => r.annotator === 'ann1' && r.version === 2)!;
  assert.deepEqual(v2.spans.map((s) => s.quote), ['Charles Babbage', 'Paris', 'Ada']);
});

test('status filter uses the derived document status, as the documents list shows it', async () => {
  const docs = await call<{ documents: Array<{ id: string; status: string }> }>(server.url, ws.owner, 'GET', `/api/projects/${ws.projectId}/documents`);
  assert.deepEqual(docs.body.documents.map((d) => d.status), ['done', 'annotated', 'in_progress', 'new']);
  const ids = (recs: Awaited<ReturnType<typeof tagteam>>) => [...new Set(recs.map((r) => ws.docIds.indexOf(r.docId)))];
  assert.deepEqual(ids(await tagteam('&sets=all&status=annotated')), [1]);
  assert.deepEqual(ids(await tagteam('&sets=all&status=done,annotated')), [0, 1]);
  assert.deepEqual(ids(await tagteam('&sets=all&status=done&status=annotated')), [0, 1], 'a repeated parameter works too');
  const empty = await download('?format=label-studio&sets=all&status=new');
  assert.equal(empty.res.status, 200);
  assert.deepEqual(JSON.parse(empty.text), [], 'an empty selection is a valid, empty file');
  // The store's own status computation agrees with the document store's for every status.
  const store = new ExportStore(server.store.db);
  for (const d of docs.body.documents) {
    const got: string[] = [];
    for await (const x of store.documents(ws.projectId, { sets: 'all', status: [d.status as 'new'] })) got.push(x.doc.id);
    const hasSets = ws.docIds.indexOf(d.id) < 2;
    assert.deepEqual(got, hasSets ? [d.id] : [], d.status);
  }
});

test('label filter keeps only those spans, and relations only when both ends stay', async () => {
  const [person] = await tagteam('&labels=PERSON');
  assert.deepEqual(person!.spans.map((s) => s.label), ['PERSON', 'PERSON', 'PERSON']);
  assert.deepEqual(person!.relations, [], 'works_for lost its ORG end');
  const [both] = await tagteam('&labels=PERSON,ORG');
  assert.equal(both!.spans.length, 7);
  assert.equal(both!.relations.length, 1);
  const bad = await call(base, ws.owner, 'GET', `/api/projects/${ws.projectId}/export?format=csv&labels=PERSN`);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error!.message, /unknown label "PERSN"/);
});

test('preview counts what the download holds', async () => {
  for (const q of ['', '&sets=annotators', '&sets=all&labels=PERSON', '&sets=annotators&versions=all&status=annotated']) {
    const p = await call<{ documents: number; sets: number; spans: number }>(base, ws.reviewer, 'GET', `/api/projects/${ws.projectId}/export/preview?x=1${q}`);
    const recs = await tagteam(q);
    assert.deepEqual(p.body, { documents: new Set(recs.map((r) => r.docId)).size, sets: recs.length, spans: recs.reduce((n, r) => n + r.spans.length, 0) }, q);
  }
});

test('owners and reviewers export; annotators get 403, non-members 404, anonymous 401', async () => {
  const cases: Array<[Session | null, number]> = [[ws.owner, 200], [ws.reviewer, 200], [ws.ann1, 403], [ws.outsider, 404], [null, 401]];
  for (const path of ['?format=csv', '/preview?format=csv', '/config?format=label-studio']) {
    for (const [who, status] of cases) {
      const r = await call(base, who, 'GET', `/api/projects/${ws.projectId}/export${path}`);
      assert.equal(r.status, status, `${path} as ${who?.username ?? 'anon'}`);
      if (status !== 200) assert.ok(r.body.error?.message);
    }
  }
  assert.equal((await call(base, ws.owner, 'GET', `/api/projects/${ws.projectId}/export?format=text`)).status, 400, 'an import-only format');
  assert.equal((await call(base, ws.owner, 'GET', `/api/projects/${ws.projectId}/export?format=csv&status=finished`)).status, 400);
});

test('config files come from the project schema', async () => {
  const ls = await fetch(url('/config?format=label-studio'), { headers: { cookie: ws.owner.cookie } });
  assert.match(await ls.text(), /<Label value="PERSON"[\s\S]*<Choices name="topic"/);
  const hf = await call<{ labelNames: string[] }>(base, ws.owner, 'GET', `/api/projects/${ws.projectId}/export/config?format=hf-token-classification`);
  assert.deepEqual(hf.body.labelNames.slice(0, 3), ['O', 'B-PERSON', 'I-PERSON']);
  const ids = await download('?format=hf-token-classification&tags=ids');
  assert.ok(ids.text.split('\n').filter(Boolean).every((l) => (JSON.parse(l) as { ner_tags: unknown[] }).ner_tags.every((t) => typeof t === 'number')));
});

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const re = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n|$)/gy;
  let row: string[] = [];
  for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
    row.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!);
    if (m[2] !== ',') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}
