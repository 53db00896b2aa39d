// Every export format (and the option variants) over the hard corpus must stay byte-identical to the
// output recorded in tests/fixtures/export-golden.json, which was written by the export as it was
// before token offsets were stored and the writers were made faster. Each variant runs twice: the
// first export back-fills the documents' token offsets, the second reads them, and both must match.
// To record new outputs after an intended format change: TAGTEAM_UPDATE_GOLDEN=1 on this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../db/store.ts';
import { countExport, exportFormats, exportProject, type ExportRequest } from '../../server/services/export.service.ts';
import { seedCorpus, type SeededCorpus } from '../fixtures/export-corpus.ts';
import { tempDir } from '../helpers/server.ts';

const GOLDEN = fileURLToPath(new URL('../fixtures/export-golden.json', import.meta.url));
const UPDATE = process.env.TAGTEAM_UPDATE_GOLDEN === '1';

interface Recorded {
  bytes: number;
  sha256: string;
  documents: number;
  sets: number;
  spans: number;
  warningCount: number;
  /** sha256 of the summary's warnings as JSON. */
  warnings: string;
}

/** Every format with the default selection and with every set of every version, plus each option. */
function variants(): Array<[string, ExportRequest]> {
  const out: Array<[string, ExportRequest]> = [];
  for (const f of exportFormats()) {
    out.push([`${f.id} gold`, { format: f.id }]);
    out.push([`${f.id} all versions`, { format: f.id, sets: 'all', allVersions: true }]);
  }
  out.push(['conll-iob2 comments', { format: 'conll-iob2', sets: 'all', options: { comments: true } }]);
  out.push(['conll-bilou comments', { format: 'conll-bilou', sets: 'all', allVersions: true, options: { comments: true } }]);
  out.push(['conll-iob2 as bilou', { format: 'conll-iob2', options: { scheme: 'bilou' } }]);
  out.push(['hf ids', { format: 'hf-token-classification', sets: 'all', options: { tags: 'ids' } }]);
  out.push(['hf bilou ids', { format: 'hf-token-classification', options: { scheme: 'bilou', tags: 'ids' } }]);
  out.push(['hf bilou strings', { format: 'hf-token-classification', sets: 'annotators', options: { scheme: 'bilou' } }]);
  out.push(['csv protect formulas', { format: 'csv', options: { protectFormulas: true } }]);
  out.push(['tagteam-jsonl labels', { format: 'tagteam-jsonl', sets: 'all', labels: ['PER', 'LOC'] }]);
  out.push(['conll-iob2 labels', { format: 'conll-iob2', labels: ['LOC', 'EMOJI'] }]);
  return out;
}

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

async function record(store: Store, projectId: string, req: ExportRequest): Promise<{ rec: Recorded; bytes: Buffer }> {
  const chunks: Buffer[] = [];
  const summary = await exportProject(store, projectId, req, (c) => {
    chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
  });
  const bytes = Buffer.concat(chunks);
  return {
    bytes,
    rec: { bytes: bytes.length, sha256: sha(bytes), documents: summary.documents, sets: summary.sets, spans: summary.spans, warningCount: summary.warningCount, warnings: sha(JSON.stringify(summary.warnings)) },
  };
}

let dir: string;
let store: Store;
let corpus: SeededCorpus;

before(async () => {
  dir = await tempDir('tagteam-golden-');
  store = await openStore(path.join(dir, 'tagteam.sqlite'), { synchronous: 'NORMAL' });
  corpus = await seedCorpus(store);
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

test('every format and option gives the recorded bytes and warnings, on the first export (back-fill) and the next', async () => {
  const golden = UPDATE ? {} : (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Recorded>);
  const fresh: Record<string, Recorded> = {};
  for (const [name, req] of variants()) {
    const first = await record(store, corpus.projectId, req);
    const second = await record(store, corpus.projectId, req);
    assert.ok(first.bytes.equals(second.bytes), `${name}: the second export differs from the first`);
    assert.deepEqual(second.rec, first.rec, name);
    fresh[name] = first.rec;
    // The progress total and the preview count what the export writes.
    assert.deepEqual(await countExport(store, corpus.projectId, req), { documents: first.rec.documents, sets: first.rec.sets, spans: first.rec.spans }, `${name}: count`);
    if (UPDATE) continue;
    const want = golden[name];
    assert.ok(want, `${name}: nothing recorded (run with TAGTEAM_UPDATE_GOLDEN=1 after an intended change)`);
    if (first.rec.sha256 !== want.sha256) {
      const where = path.join(dir, `${name.replace(/\W+/g, '_')}.out`);
      writeFileSync(where, first.bytes);
    }
    assert.deepEqual(first.rec, want, `${name}: the export changed`);
  }
  if (UPDATE) writeFileSync(GOLDEN, `${JSON.stringify(fresh, null, 2)}\n`);
  else assert.deepEqual(Object.keys(fresh).sort(), Object.keys(golden).sort(), 'the recorded variants are the ones run');
});

test('a status filter selects by derived status, and its count agrees', async () => {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Recorded>;
  // Every corpus document has a submitted gold set: all are done, none is new.
  const done = await record(store, corpus.projectId, { format: 'tagteam-jsonl', status: ['done', 'annotated'] });
  assert.equal(done.rec.sha256, golden['tagteam-jsonl gold']?.sha256);
  assert.deepEqual(await countExport(store, corpus.projectId, { status: ['done', 'annotated'], labels: ['PER'] }), {
    documents: done.rec.documents,
    sets: done.rec.sets,
    spans: (await record(store, corpus.projectId, { format: 'csv', labels: ['PER'] })).rec.spans,
  });
  const none = await record(store, corpus.projectId, { format: 'tagteam-jsonl', status: ['new'] });
  assert.equal(none.rec.bytes, 0);
  assert.deepEqual(await countExport(store, corpus.projectId, { status: ['new'] }), { documents: 0, sets: 0, spans: 0 });
});
