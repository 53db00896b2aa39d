// Token offsets stored per document: import stores tokenize()'s offsets with each text; a database
// from before migration 004 gets them back-filled by its first token-format export (and only by a
// token format); stale (other tokenizer) and damaged rows are recomputed; and the export's bytes are
// the same whether the offsets were stored, back-filled or recomputed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { openStore, type Store } from '../../db/store.ts';
import { exportProject, type ExportRequest } from '../../server/services/export.service.ts';
import { importDocuments } from '../../server/services/import.service.ts';
import type { SessionUser } from '../../server/auth/session-user.ts';
import { asUserId } from '../../shared/ids.ts';
import { decodeTokenOffsets, type TokenOffsets } from '../../shared/formats/tokens.ts';
import { tokenize, tokenizerId } from '../../shared/tokenize.ts';
import { CORPUS_SCHEMA, seedCorpus, type SeededCorpus } from '../fixtures/export-corpus.ts';
import { tempDir } from '../helpers/server.ts';

let dir: string;
let file: string;
let store: Store;

before(async () => {
  dir = await tempDir('tagteam-tokens-');
  file = path.join(dir, 'tagteam.sqlite');
  store = await openStore(file, { synchronous: 'NORMAL' });
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const pairs = (o: TokenOffsets): Array<[number, number]> => Array.from({ length: o.length / 2 }, (_, i) => [o[2 * i] as number, o[2 * i + 1] as number]);
const live = (text: string): Array<[number, number]> => tokenize(text).map((t) => [t.start, t.end]);

/** A document's stored offsets as pairs, checking they were made by today's tokenizer. */
async function stored(documentId: string, text: string): Promise<Array<[number, number]> | undefined> {
  const row = await store.documents.tokens(documentId);
  if (row === undefined) return undefined;
  assert.equal(row.tokenizer, tokenizerId());
  const o = decodeTokenOffsets(row.tokens, text.length);
  assert.ok(o, `the stored bytes of ${documentId} decode`);
  return pairs(o);
}

async function exportText(projectId: string, req: ExportRequest): Promise<string> {
  let out = '';
  await exportProject(store, projectId, req, (c) => {
    out += typeof c === 'string' ? c : Buffer.from(c).toString('latin1');
  });
  return out;
}

const countRows = async (): Promise<number> => (await store.db.get<{ n: number }>('SELECT count(*) AS n FROM document_tokens'))?.n ?? 0;

test('import stores each text with the offsets tokenize() gives it', async () => {
  const owner = await store.users.create({ username: 'owner', displayName: 'Owner', color: '#111111', passwordHash: 'x' });
  const project = await store.projects.create({ name: 'imported', guidelines: '', schema: CORPUS_SCHEMA, mode: 'independent', overlap: 1 }, owner.id);
  const texts = [
    'Ada met Babbage, in 1843.',
    '👨‍👩‍👧 🇫🇷🇩🇪 😀😀😀 👍🏽 1️⃣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀋',
    '我喜欢东京的天气。今天很好！日本語のテキストです。',
    'a \u0301b c\uFEFFd e\u2028F g\tH\u00a0I\r\nمرحبا שלום',
  ];
  const lines = texts.map((text, i) => JSON.stringify({ text, title: `t${i}`, spans: i === 0 ? [{ start: 0, end: 3, label: 'PER' }] : [] })).join('\n');
  const user: SessionUser = { id: asUserId(owner.id), username: 'owner', displayName: 'Owner', color: '#111111', isAdmin: false };
  const result = await importDocuments(store, project.id, user, new TextEncoder().encode(lines), { format: 'tagteam-jsonl', as: 'finished', annotator: 'gold' });
  assert.equal(result.documentIds.length, texts.length);
  for (const [i, id] of result.documentIds.entries()) {
    const text = texts[i] as string;
    assert.deepEqual(await stored(id, text), live(text), JSON.stringify(text));
  }
});

let corpus: SeededCorpus;

test('documents without stored offsets: a token-format export back-fills them, other formats do not', async () => {
  corpus = await seedCorpus(store);
  const before = await countRows();
  for (const id of corpus.docIds) assert.equal(await store.documents.tokens(id), undefined);
  await exportText(corpus.projectId, { format: 'tagteam-jsonl' });
  await exportText(corpus.projectId, { format: 'csv' });
  assert.equal(await countRows(), before, 'no offsets stored by a format without tokens');
  const first = await exportText(corpus.projectId, { format: 'conll-iob2', sets: 'all' });
  assert.equal(await countRows(), before + corpus.docIds.length);
  for (const [i, id] of corpus.docIds.entries()) {
    const text = corpus.texts[i] as string;
    assert.deepEqual(await stored(id, text), live(text), `${id}: ${JSON.stringify(text.slice(0, 30))}`);
  }
  assert.equal(await exportText(corpus.projectId, { format: 'conll-iob2', sets: 'all' }), first, 'the same bytes from the stored offsets');
});

test('offsets of another tokenizer, or damaged ones, are recomputed and replaced', async () => {
  const req: ExportRequest = { format: 'hf-token-classification', sets: 'all', allVersions: true };
  const want = await exportText(corpus.projectId, req);
  const [a, b, c, d] = corpus.docIds as [string, string, string, string];
  await store.db.run("UPDATE document_tokens SET tokenizer = 'uax29-words/0 icu/1 unicode/1', tokens = zeroblob(16) WHERE document_id = ?", [a]);
  await store.db.run('UPDATE document_tokens SET tokens = substr(tokens, 1, length(tokens) - 4) WHERE document_id = ?', [b]);
  await store.db.run("UPDATE document_tokens SET tokens = x'00000000ffffff00' WHERE document_id = ?", [c]);
  await store.db.run('DELETE FROM document_tokens WHERE document_id = ?', [d]);
  assert.equal(await exportText(corpus.projectId, req), want);
  for (const [i, id] of [a, b, c, d].entries()) assert.deepEqual(await stored(id, corpus.texts[i] as string), live(corpus.texts[i] as string), id);
});

test('a database from before migration 004 migrates, exports the same bytes and back-fills', async () => {
  const req: ExportRequest = { format: 'conll-bilou', sets: 'all', options: { comments: true } };
  const want = await exportText(corpus.projectId, req);
  // Back to schema version 3: no token table at all (nor the later migrations' tables).
  await store.db.exec('DROP TABLE review_cleared; DROP TABLE document_tokens; PRAGMA user_version = 3;');
  await store.close();
  store = await openStore(file, { synchronous: 'NORMAL' });
  assert.equal(store.schemaVersion, 5);
  assert.equal(await countRows(), 0);
  assert.equal(await exportText(corpus.projectId, req), want);
  assert.equal(await countRows(), corpus.docIds.length);
  assert.equal(await exportText(corpus.projectId, req), want);
});

test('deleting a document deletes its offsets', async () => {
  const id = corpus.docIds[0] as string;
  assert.ok(await store.documents.tokens(id));
  await store.db.run('DELETE FROM documents WHERE id = ?', [id]);
  assert.equal(await store.documents.tokens(id), undefined);
});
