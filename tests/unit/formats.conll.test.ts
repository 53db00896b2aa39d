// CoNLL and Hugging Face token formats: misaligned and overlapping spans are reported (not moved),
// sentence splitting, BILOU, the column variants, integer tags, and strict IOB decoding on import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConllWriter, readConll } from '../../shared/formats/conll.ts';
import { createHfWriter, hfLabelNames, readHfJsonl } from '../../shared/formats/hf.ts';
import { columnTokens } from '../../shared/formats/tokens.ts';
import { ExportError, FormatError } from '../../shared/formats/types.ts';
import type { TagSchema } from '../../shared/domain.ts';
import { at, makeDoc, makeSet, run, span } from '../fixtures/formats-support.ts';
import type { Item } from '../fixtures/formats-support.ts';

const rows = (out: string): string[] => out.split('\n').filter((l) => l !== '' && !l.startsWith('-DOCSTART-'));
const item = (text: string, spans: Array<[string, string, string, number?]>): Item => ({
  doc: makeDoc('d1', text),
  sets: [makeSet('d1', 'ann', spans.map(([id, quote, label, nth]) => span(id, at(text, quote, nth ?? 0), label)))],
});

test('a span whose ends are not token boundaries is reported with doc id, span and quote, and left untagged', () => {
  const w = createConllWriter();
  const out = run(w, [item('Washington visited Seattle.', [['s1', 'ashington', 'PER'], ['s2', 'Seattle', 'LOC']])]);
  assert.deepEqual(rows(out), ['Washington -X- _ O', 'visited -X- _ O', 'Seattle -X- _ B-LOC', '. -X- _ O']);
  assert.deepEqual(w.warnings.map((x) => [x.docId, x.spanId, x.quote, x.start, x.end]), [['d1', 's1', 'ashington', 1, 10]]);
  assert.match(w.warnings[0]?.message ?? '', /token boundaries/);
});

test('overlapping spans keep the longest and report each dropped one', () => {
  const w = createConllWriter();
  const out = run(w, [item('The New York Times building', [['a', 'New York', 'LOC'], ['b', 'New York Times', 'ORG'], ['c', 'Times building', 'X']])]);
  assert.deepEqual(rows(out).map((r) => r.split(' ').pop()), ['O', 'B-ORG', 'I-ORG', 'I-ORG', 'O']);
  assert.deepEqual(w.warnings.map((x) => x.spanId).sort(), ['a', 'c']);
  assert.ok(w.warnings.every((x) => /overlaps the longer span b/.test(x.message)));
});

test('BILOU writes U- for single tokens and B-/I-/L- for longer spans', () => {
  const out = run(createConllWriter({ scheme: 'bilou', columns: 2 }), [item('Paris and New York City', [['a', 'Paris', 'LOC'], ['b', 'New York City', 'LOC']])]);
  assert.deepEqual(rows(out), ['Paris U-LOC', 'and O', 'New B-LOC', 'York I-LOC', 'City L-LOC']);
});

test('sentences end at line breaks and after . ! ? before a capital, but never inside an entity', () => {
  const text = 'It rained. Then it stopped! ok? fine\nHeadline\r\nMr. Smith came';
  const out = run(createConllWriter({ columns: 2 }), [item(text, [['a', 'Mr. Smith', 'PER']])]);
  const sentences = out.split('\n\n').slice(1).filter((s) => s.trim() !== '').map((s) => s.split('\n').map((l) => l.split(' ')[0]).join(' '));
  assert.deepEqual(sentences, ['It rained .', 'Then it stopped ! ok ? fine', 'Headline', 'Mr . Smith came'], 'no split before a lowercase token');
  const lines = run(createConllWriter({ columns: 2, sentences: 'lines' }), [item(text, [])]);
  assert.equal(lines.split('\n\n').filter((s) => s.trim() !== '' && !s.startsWith('-DOCSTART-')).length, 3);
});

test('no token written contains whitespace, even where word segmentation would give one', () => {
  const text = 'a \u0301b x\uFEFFy \u200D end';
  for (const t of columnTokens(text)) assert.doesNotMatch(t.text, /\s/u);
  const out = run(createConllWriter(), [item(text, [])]);
  for (const r of rows(out)) assert.equal(r.split(' ').length, 4, JSON.stringify(r));
});

test('labels with spaces are written with underscores and reported', () => {
  const w = createConllWriter({ columns: 2 });
  const out = run(w, [item('Big Apple', [['a', 'Big Apple', 'CITY NAME']])]);
  assert.deepEqual(rows(out), ['Big B-CITY_NAME', 'Apple I-CITY_NAME']);
  assert.equal(w.warnings.length, 1);
});

test('the comments option carries document id, annotator, version and hash through an import', () => {
  const out = run(createConllWriter({ comments: true }), [item('Ada wrote.', [['a', 'Ada', 'PER']])]);
  const doc = readConll(out).documents[0];
  assert.deepEqual(doc?.origin, { docId: 'd1', annotator: 'ann', version: 3, textSha256: doc?.origin?.textSha256 });
  assert.match(doc?.origin?.textSha256 ?? '', /^[0-9a-f]{64}$/);
  assert.equal(doc?.title, 'd1');
});

test('the reader rebuilds text with single spaces and newlines and splits documents at -DOCSTART-', () => {
  const conll = '-DOCSTART- -X- -X- O\n\nEU -X- _ B-ORG\nrejects -X- _ O\n\nPeter -X- _ B-PER\nBlackburn -X- _ I-PER\n\n-DOCSTART- -X- -X- O\n\nBonn -X- _ B-LOC\n';
  const { documents } = readConll(conll);
  assert.deepEqual(documents.map((d) => d.text), ['EU rejects\nPeter Blackburn', 'Bonn']);
  assert.deepEqual(documents[0]?.spans, [{ start: 0, end: 2, label: 'ORG' }, { start: 11, end: 26, label: 'PER' }]);
});

test('an I- tag that continues nothing is an invalid IOB sequence at its line', () => {
  assert.throws(() => readConll('A O\nB I-PER\n'), (e: unknown) => e instanceof FormatError && e.line === 2 && /invalid IOB sequence: I-PER does not continue/.test(e.reason));
  assert.throws(() => readConll('A B-LOC\nB I-PER\n'), (e: unknown) => e instanceof FormatError && e.line === 2 && /continues an entity labelled LOC/.test(e.reason));
  assert.throws(() => readConll('A B-LOC\n\nB I-LOC\n'), (e: unknown) => e instanceof FormatError && e.line === 3, 'entities do not cross sentences');
});

test('a BILOU entity left open is an invalid sequence at its line', () => {
  assert.throws(() => readConll('A B-LOC\nB O\nC U-LOC\n'), (e: unknown) => e instanceof FormatError && e.line === 2 && /not closed by L-/.test(e.reason));
  assert.deepEqual(readConll('A B-LOC\nB L-LOC\nC U-PER\n').documents[0]?.spans.map((s) => s.label), ['LOC', 'PER']);
});

test('a line with one column is an error at its line', () => {
  assert.throws(() => readConll('A O\nlonely\n'), (e: unknown) => e instanceof FormatError && e.line === 2);
});

const schema: TagSchema = { spanLabels: [{ name: 'PER', color: '#f00' }, { name: 'LOC', color: '#0f0' }], relationTypes: [], docLabelSets: [] };

test('Hugging Face records hold tokens and IOB2 strings, one record per sentence', () => {
  const out = run(createHfWriter(), [item('Ada met Bob. Then Paris.', [['a', 'Ada', 'PER'], ['b', 'Paris', 'LOC']])]);
  const records = out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; tokens: string[]; ner_tags: string[] });
  assert.deepEqual(records.map((r) => [r.id, r.tokens, r.ner_tags]), [
    ['d1/ann/3/0', ['Ada', 'met', 'Bob', '.'], ['B-PER', 'O', 'O', 'O']],
    ['d1/ann/3/1', ['Then', 'Paris', '.'], ['O', 'B-LOC', 'O']],
  ]);
});

test('Hugging Face integer tags index the label list, and read back with it', () => {
  const names = hfLabelNames(schema);
  assert.deepEqual(names, ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC']);
  const out = run(createHfWriter({ tags: 'ids', labelNames: names }), [item('Ada Lovelace in Paris', [['a', 'Ada Lovelace', 'PER'], ['b', 'Paris', 'LOC']])]);
  assert.deepEqual((JSON.parse(out) as { ner_tags: number[] }).ner_tags, [1, 2, 0, 3]);
  const doc = readHfJsonl(out, { labelNames: names }).documents[0];
  assert.deepEqual(doc?.spans.map((s) => `${doc.text.slice(s.start, s.end)}:${s.label}`), ['Ada Lovelace:PER', 'Paris:LOC']);
  assert.throws(() => readHfJsonl(out), (e: unknown) => e instanceof FormatError && e.line === 1);
});

test('a label missing from the integer label list stops the export', () => {
  const w = createHfWriter({ tags: 'ids', labelNames: hfLabelNames(schema) });
  assert.throws(() => w.document(item('Rome', [['a', 'Rome', 'CITY']]).doc, item('Rome', [['a', 'Rome', 'CITY']]).sets), ExportError);
});
