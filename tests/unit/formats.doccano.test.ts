// doccano's own fixtures: they import (JSONL in both shapes, pretty-printed JSON, CoNLL), invalid
// ones fail at the right line, and re-exporting in doccano's format gives the same annotations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDoccanoWriter, readDoccanoConll, readDoccanoJsonl } from '../../shared/formats/doccano.ts';
import { createConllWriter } from '../../shared/formats/conll.ts';
import { FormatError } from '../../shared/formats/types.ts';
import { fixtureText, run, toItems } from '../fixtures/formats-support.ts';

const lines = (s: string): Array<Record<string, unknown>> => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const quotes = (text: string, spans: Array<{ start: number; end: number; label: string }>): string[] => spans.map((s) => `${text.slice(s.start, s.end)}:${s.label}`);

test("doccano's sequence-labelling export example imports as three documents with their labels", () => {
  const { documents } = readDoccanoJsonl(fixtureText('doccano/export__sequence_labeling__example.jsonl'));
  assert.deepEqual(
    documents.map((d) => quotes(d.text, d.spans)),
    [['EU:ORG', 'German:MISC'], ['Peter Blackburn:PERSON'], ['Obama:PERSON']],
  );
});

test("re-exporting doccano's sequence-labelling example gives the same text and label triples", () => {
  const fixture = fixtureText('doccano/export__sequence_labeling__example.jsonl');
  const out = run(createDoccanoWriter(), toItems(readDoccanoJsonl(fixture).documents));
  assert.deepEqual(
    lines(out).map((r) => ({ text: r.text, label: r.label })),
    lines(fixture),
  );
});

test("doccano's relation-extraction example, pretty-printed JSON, imports its entities and relations", () => {
  const { documents } = readDoccanoJsonl(fixtureText('doccano/export__relation_extraction__example.jsonl'));
  const d = documents[0];
  assert.ok(d !== undefined && documents.length === 1);
  assert.deepEqual(quotes(d.text, d.spans), ['Google:ORG', 'September 4, 1998:DATE', 'Larry Page:PERSON', 'Sergey Brin:PERSON']);
  assert.deepEqual(d.relations.map((r) => [r.fromIndex, r.toIndex, r.type]), [[0, 1, 'foundedAt'], [0, 2, 'foundedBy'], [0, 3, 'foundedBy']]);
});

test("re-exporting doccano's relation-extraction example gives the same entities and relations", () => {
  const fixture = JSON.parse(fixtureText('doccano/export__relation_extraction__example.jsonl')) as Record<string, unknown>;
  const docs = readDoccanoJsonl(fixtureText('doccano/export__relation_extraction__example.jsonl')).documents;
  const [record] = lines(run(createDoccanoWriter({ shape: 'relations' }), toItems(docs)));
  const sortKeys = (xs: unknown): unknown => (xs as Array<Record<string, unknown>>).map((x) => Object.fromEntries(Object.entries(x).sort()));
  assert.deepEqual(sortKeys(record?.entities), sortKeys(fixture.entities));
  assert.deepEqual(sortKeys(record?.relations), sortKeys(fixture.relations));
  assert.equal(record?.text, fixture.text);
});

test("doccano's relation import example (relations without ids) reads the same as its export example", () => {
  const a = readDoccanoJsonl(fixtureText('doccano/import__relation_extraction__example.jsonl')).documents;
  const b = readDoccanoJsonl(fixtureText('doccano/export__relation_extraction__example.jsonl')).documents;
  assert.deepEqual(a.map((d) => [d.spans, d.relations]), b.map((d) => [d.spans, d.relations]));
});

test("doccano's import example fails at line 3, the record without text", () => {
  assert.throws(
    () => readDoccanoJsonl(fixtureText('doccano/import__sequence_labeling__example.jsonl')),
    (e: unknown) => e instanceof FormatError && e.line === 3 && e.reason === 'missing text',
  );
});

test('the first two records of that example import with their meta', () => {
  const ok = fixtureText('doccano/import__sequence_labeling__example.jsonl').split('\n').slice(0, 2).join('\n');
  const { documents } = readDoccanoJsonl(ok);
  assert.deepEqual(documents.map((d) => [d.text, d.spans.length, d.meta.wikiPageID]), [['exampleA', 1, 1], ['exampleB', 0, 2]]);
});

test("doccano's overlapping example keeps both identical spans and writes both back", () => {
  const fixture = fixtureText('doccano/import__sequence_labeling__example_overlapping.jsonl');
  const docs = readDoccanoJsonl(fixture).documents;
  assert.equal(docs[0]?.spans.length, 2);
  assert.deepEqual(lines(run(createDoccanoWriter(), toItems(docs)))[0]?.label, [[0, 1, 'LOC'], [0, 1, 'LOC']]);
});

test("doccano's CoNLL example imports one document per sentence, with its entities", () => {
  const { documents } = readDoccanoConll(fixtureText('doccano/import__sequence_labeling__example.conll'));
  assert.deepEqual(documents.map((d) => [d.text, quotes(d.text, d.spans)]), [['JAPAN GET', ['JAPAN:LOC']], ['Nadim Ladki', ['Nadim Ladki:PER']]]);
});

test("re-exporting doccano's CoNLL example as two-column CoNLL gives its token and tag lines back", () => {
  const fixture = fixtureText('doccano/import__sequence_labeling__example.conll');
  const out = run(createConllWriter({ columns: 2, separator: '\t' }), toItems(readDoccanoConll(fixture).documents));
  const body = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('-DOCSTART-'));
  assert.deepEqual(body(out), body(fixture));
});

test("doccano's invalid CoNLL file fails at line 1, whose tag is not a tag", () => {
  assert.throws(
    () => readDoccanoConll(fixtureText('doccano/import__sequence_labeling__labeling.invalid.conll')),
    (e: unknown) => e instanceof FormatError && e.line === 1 && /"SOCCERO" is not a tag/.test(e.reason),
  );
});

test("doccano's CoNLL file with trailing blank lines imports as one document, no empty one", () => {
  const { documents } = readDoccanoConll(fixtureText('doccano/import__sequence_labeling__labeling.trailing.conll'));
  assert.deepEqual(
    documents.map((d) => [d.text, quotes(d.text, d.spans)]),
    [['SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .', ['JAPAN:LOC', 'CHINA:PER']]],
  );
});
