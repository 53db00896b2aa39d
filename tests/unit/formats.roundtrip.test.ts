// Round trips on the hostile text: export → import keeps what each format can carry, at the same
// UTF-16 offsets; import → export → import is the identity for every importable format, on the
// hostile text and on other tools' fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMATS, formatById } from '../../shared/formats/index.ts';
import type { FormatInfo } from '../../shared/formats/index.ts';
import { readW3c } from '../../shared/formats/w3c-read.ts';
import { createW3cWriter } from '../../shared/formats/w3c.ts';
import { columnTokens } from '../../shared/formats/tokens.ts';
import type { DocumentWriter, ImportedDocument, ImportResult } from '../../shared/formats/types.ts';
import { readdirSync } from 'node:fs';
import { createDoccanoWriter, readDoccanoConll, readDoccanoJsonl } from '../../shared/formats/doccano.ts';
import { createConllWriter, readConll } from '../../shared/formats/conll.ts';
import { createBratWriter } from '../../shared/formats/brat.ts';
import { readBrat, readBratTar } from '../../shared/formats/brat-read.ts';
import { fixtureBytes, fixturePath, fixtureText, hostileItem, plainItem, run, runBytes, summaryOfImported, summaryOfItem, toItems } from '../fixtures/formats-support.ts';
import type { Item } from '../fixtures/formats-support.ts';

const items = [hostileItem(), plainItem()];
const textBySource = new Map(items.map((i) => [`urn:tagteam:document:${encodeURIComponent(i.doc.id)}`, i.doc.text]));

/** Exports with a format and reads the result back with the same format's reader. */
function roundTrip(f: FormatInfo, input: readonly Item[]): { result: ImportResult; warnings: readonly unknown[] } {
  if (f.id === 'w3c-annotation') {
    const sources = new Map(input.map((i) => [`urn:tagteam:document:${encodeURIComponent(i.doc.id)}`, i.doc.text]));
    const w = createW3cWriter();
    return { result: readW3c(run(w, input), { textOf: (s) => (s === undefined ? undefined : sources.get(s)) }), warnings: w.warnings };
  }
  const writer = f.createWriter?.({});
  assert.ok(writer !== undefined && f.read !== undefined);
  const out = f.id === 'brat' ? runBytes(writer as DocumentWriter<Uint8Array>, input) : run(writer as DocumentWriter, input);
  return { result: f.read(out, {}), warnings: writer.warnings };
}

const withoutIds = (docs: readonly ImportedDocument[]): unknown =>
  docs.map((d) => ({ ...d, spans: d.spans.map(({ id: _id, ...s }) => s), relations: d.relations.map(({ id: _id, ...r }) => r) }));

const offsetFormats = FORMATS.filter((f) => (f.read !== undefined || f.id === 'w3c-annotation') && f.offsetUnit !== 'token' && f.offsetUnit !== 'none');
const tokenFormats = FORMATS.filter((f) => f.offsetUnit === 'token');

for (const f of offsetFormats) {
  test(`${f.name} export then import keeps every span of the hostile text at the same UTF-16 offsets`, () => {
    const { result, warnings } = roundTrip(f, items);
    assert.equal(result.documents.length, 2);
    items.forEach((item, i) => {
      const doc = result.documents[i] as ImportedDocument;
      assert.equal(doc.text, item.doc.text, 'text is kept exactly, CRLF included');
      assert.deepEqual(summaryOfImported(doc, f.carries), summaryOfItem(item, f.carries));
    });
    if (f.carries.notes && f.carries.attrs) assert.deepEqual(warnings, []);
  });

  test(`${f.name} import, export, import is the identity`, () => {
    const first = roundTrip(f, items).result.documents;
    const second = roundTrip(f, toItems(first)).result.documents;
    assert.deepEqual(withoutIds(second), withoutIds(first));
  });
}

for (const f of tokenFormats) {
  test(`${f.name} export then import keeps every aligned span's tokens and label`, () => {
    const { result, warnings } = roundTrip(f, items);
    assert.deepEqual(warnings, [], 'every hostile span is token-aligned and none overlap');
    items.forEach((item, i) => {
      const doc = result.documents[i] as ImportedDocument;
      const expected = (item.sets[0]?.spans ?? [])
        .map((s) => ({ start: s.start, quote: columnTokens(item.doc.text.slice(s.start, s.end)).map((t) => t.text).join(' '), label: s.label }))
        .sort((a, b) => a.start - b.start)
        .map(({ quote, label }) => `${quote}:${label}`);
      assert.deepEqual(doc.spans.map((s) => `${doc.text.slice(s.start, s.end)}:${s.label}`), expected);
    });
  });

  test(`${f.name} import, export, import is the identity`, () => {
    const first = roundTrip(f, items).result.documents;
    const second = roundTrip(f, toItems(first)).result.documents;
    assert.deepEqual(withoutIds(second), withoutIds(first));
  });
}

test('Tagteam JSONL re-exports an imported file byte for byte', () => {
  const f = formatById('tagteam-jsonl') as FormatInfo;
  const out = run(f.createWriter?.({}) as DocumentWriter, items);
  const again = run(f.createWriter?.({}) as DocumentWriter, toItems(roundTrip(f, items).result.documents));
  assert.equal(again, out);
});

test('Label Studio keeps two finished sets of one document as two annotations of one task', () => {
  const item = hostileItem();
  const gold = { ...(item.sets[0] as Item['sets'][number]), annotator: 'gold', spans: item.sets[0]?.spans.slice(0, 3) ?? [] , relations: [] };
  const out = run(formatById('label-studio')?.createWriter?.({}) as DocumentWriter, [{ doc: item.doc, sets: [...item.sets, gold] }]);
  const tasks = JSON.parse(out) as Array<{ annotations: Array<{ ground_truth: boolean }> }>;
  assert.equal(tasks.length, 1);
  assert.deepEqual(tasks[0]?.annotations.map((a) => a.ground_truth), [false, true]);
  const docs = formatById('label-studio')?.read?.(out, {}).documents ?? [];
  assert.deepEqual(docs.map((d) => [d.origin?.annotator, d.spans.length]), [['alice', 8], ['gold', 3]]);
});

test('W3C import finds each document by its target source', () => {
  const out = run(createW3cWriter(), items);
  const docs = readW3c(out, { textOf: (s) => (s === undefined ? undefined : textBySource.get(s)) }).documents;
  assert.deepEqual(docs.map((d) => d.meta.source), [...textBySource.keys()]);
});

// The same identity on other tools' files: read the fixture, write it in its own format, read again.
const fixtures: Array<[string, () => ImportedDocument[], (docs: ImportedDocument[]) => ImportedDocument[]]> = [
  ['doccano sequence labelling', () => readDoccanoJsonl(fixtureText('doccano/export__sequence_labeling__example.jsonl')).documents, (d) => readDoccanoJsonl(run(createDoccanoWriter(), toItems(d))).documents],
  ['doccano relation extraction', () => readDoccanoJsonl(fixtureText('doccano/export__relation_extraction__example.jsonl')).documents, (d) => readDoccanoJsonl(run(createDoccanoWriter({ shape: 'relations' }), toItems(d))).documents],
  ['doccano CoNLL', () => readDoccanoConll(fixtureText('doccano/import__sequence_labeling__example.conll')).documents, (d) => readConll(run(createConllWriter({ columns: 2, separator: '\t' }), toItems(d))).documents],
  ['brat tutorial corpus', () => readBrat(bratFiles()).documents, (d) => readBratTar(runBytes(createBratWriter(), toItems(d))).documents],
  ['INCEpTION/Recogito W3C', () => readW3c(fixtureText('inception/recogito-annotations.w3c.json'), recogito).documents, (d) => readW3c(run(createW3cWriter(), toItems(d)), { textOf: () => d[0]?.text }).documents],
];

function bratFiles(): Array<{ name: string; data: Uint8Array }> {
  return readdirSync(fixturePath('brat/')).filter((f) => /\.(txt|ann)$/.test(f)).sort().map((name) => ({ name, data: fixtureBytes(`brat/${name}`) }));
}
const recogito = { textOf: () => fixtureText('inception/recogito-content.txt'), onMismatch: 'quote' as const };
const content = (docs: readonly ImportedDocument[]): unknown => docs.map((d) => ({ text: d.text, spans: d.spans.map(({ id: _id, ...s }) => s), relations: d.relations.map(({ id: _id, ...r }) => r), docLabels: d.docLabels }));

for (const [name, first, again] of fixtures) {
  test(`the ${name} fixture reads the same after being written in its own format`, () => {
    const docs = first();
    assert.ok(docs.some((d) => d.spans.length > 0));
    assert.deepEqual(content(again(docs)), content(docs));
  });
}
