// Failing loudly: writers refuse spans whose quote would not survive in the target unit, and every
// reader rejects bad input (bad JSON, offsets outside the text, start ≥ end, quote mismatch, missing
// text, unknown relation endpoint, empty or binary file) with the 1-based line of the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMATS } from '../../shared/formats/index.ts';
import { project, TextView } from '../../shared/formats/common.ts';
import { readTagteamJsonl } from '../../shared/formats/jsonl.ts';
import { readDoccanoJsonl } from '../../shared/formats/doccano.ts';
import { readSpacyJsonl } from '../../shared/formats/spacy.ts';
import { readHfJsonl } from '../../shared/formats/hf.ts';
import { readConll } from '../../shared/formats/conll.ts';
import { readLabelStudio } from '../../shared/formats/labelstudio-read.ts';
import { readW3c } from '../../shared/formats/w3c-read.ts';
import { readBrat, readBratTar } from '../../shared/formats/brat-read.ts';
import { readPlainText } from '../../shared/formats/plaintext.ts';
import { ExportError, FormatError, safeRead } from '../../shared/formats/types.ts';
import type { DocumentWriter, ExportSpan, ImportResult } from '../../shared/formats/types.ts';
import { makeDoc, makeSet, span } from '../fixtures/formats-support.ts';

const T = 'ab😀cd'; // 6 UTF-16 units, 5 code points

// ---- writers ----

function exportWith(id: string, spans: ExportSpan[], relations: Array<[string, string, string]> = []): void {
  const f = FORMATS.find((x) => x.id === id);
  const w = f?.createWriter?.({}) as DocumentWriter<string | Uint8Array>;
  w.document(makeDoc('d1', T), [makeSet('d1', 'ann', spans, relations)]);
}
const writers = FORMATS.filter((f) => f.createWriter !== undefined).map((f) => f.id);

for (const id of writers) {
  test(`the ${id} writer throws when a span's stored quote does not match the text`, () => {
    assert.throws(() => exportWith(id, [span('s1', { start: 0, end: 2 }, 'X', { quote: 'xx' })]), (e: unknown) => e instanceof ExportError && /quote mismatch/.test(e.message) && e.spanId === 's1');
  });
  test(`the ${id} writer throws when a span splits a surrogate pair`, () => {
    assert.throws(() => exportWith(id, [span('s1', { start: 3, end: 5 }, 'X')]), (e: unknown) => e instanceof ExportError && /surrogate/.test(e.message));
  });
  test(`the ${id} writer throws when a span ends beyond the text`, () => {
    assert.throws(() => exportWith(id, [span('s1', { start: 4, end: 9 }, 'X')]), ExportError);
  });
}

for (const id of ['tagteam-jsonl', 'doccano-jsonl-relations', 'w3c-annotation', 'label-studio', 'brat']) {
  test(`the ${id} writer throws on a relation to a span that is not in the set`, () => {
    assert.throws(() => exportWith(id, [span('s1', { start: 0, end: 2 }, 'X')], [['s1', 'ghost', 'rel']]), (e: unknown) => e instanceof ExportError && /ghost/.test(e.message));
  });
}

test('the code point check catches a wrong offset conversion, because it slices independently', () => {
  const view = new TextView(T);
  const good = project(view, span('s', { start: 4, end: 6 }, 'X'), 'codepoint', 'd');
  assert.deepEqual(good, { start: 3, end: 5, quote: 'cd' });
  view.map.toCodePoint = (u: number) => u; // a conversion that forgets the surrogate pair
  assert.throws(() => project(view, span('s', { start: 4, end: 6 }, 'X'), 'codepoint', 'd'), /quote mismatch in code points/);
});

// ---- readers ----

type Reader = (input: string | Uint8Array) => ImportResult;
const readers: Record<string, Reader> = {
  tagteam: (i) => readTagteamJsonl(i),
  doccano: (i) => readDoccanoJsonl(i),
  spacy: (i) => readSpacyJsonl(i),
  hf: (i) => readHfJsonl(i),
  conll: (i) => readConll(i),
  labelstudio: (i) => readLabelStudio(i),
  w3c: (i) => readW3c(i, { textOf: () => T }),
  brat: (i) => readBrat([{ name: 'a.txt', data: i }]),
  'brat-tar': (i) => readBratTar(typeof i === 'string' ? new TextEncoder().encode(i) : i),
  text: (i) => readPlainText(i),
};

function assertFails(read: () => ImportResult, line: number, reason: RegExp): void {
  const outcome = safeRead(read);
  assert.equal(outcome.ok, false, 'the reader must reject this input');
  if (!outcome.ok) {
    assert.equal(outcome.error.line, line, outcome.error.message);
    assert.match(outcome.error.message, reason);
  }
}

for (const [name, read] of Object.entries(readers)) {
  test(`the ${name} reader rejects an empty file at line 1`, () => {
    assertFails(() => read(''), 1, /empty file/);
    assertFails(() => read(new Uint8Array(0)), 1, /empty file/);
  });
  if (name === 'brat-tar') continue;
  test(`the ${name} reader rejects a binary file at the line of the first bad byte`, () => {
    assertFails(() => read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 1, /not UTF-8/);
    assertFails(() => read(new TextEncoder().encode('line one\nline two\nthree\u0000four')), 3, /binary file/);
    assertFails(() => read(new Uint8Array([0x61, 0x0a, 0x62, 0xed, 0xa0, 0x80])), 2, /not UTF-8/); // an encoded surrogate
  });
}

/** One JSON Lines record per format: text T with one span, and optional extras. */
const jsonl: Record<string, (s: unknown, e: unknown, quote?: string, text?: unknown) => Record<string, unknown>> = {
  tagteam: (s, e, quote, text = T) => ({ text, spans: [{ id: 'a', start: s, end: e, label: 'X', ...(quote === undefined ? {} : { quote }) }] }),
  doccano: (s, e, quote, text = T) => ({ text, label: [[s, e, 'X']], ...(quote === undefined ? {} : { quotes: [quote] }) }),
  spacy: (s, e, quote, text = T) => ({ text, spans: { sc: [[s, e, 'X']] }, ...(quote === undefined ? {} : { quotes: [quote] }) }),
};
const good: Record<string, [number, number]> = { tagteam: [0, 2], doccano: [0, 2], spacy: [0, 2] };
const file = (...records: unknown[]): string => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

for (const [name, rec] of Object.entries(jsonl)) {
  const read = readers[name] as Reader;
  const [s, e] = good[name] as [number, number];
  test(`the ${name} reader gives the line of a bad JSON line`, () => {
    assertFails(() => read(file(rec(s, e), '{"text": "oops",', rec(s, e))), 2, /bad JSON/);
  });
  test(`the ${name} reader gives the line of offsets outside the text`, () => {
    assertFails(() => read(file(rec(s, e), rec(3, name === 'tagteam' ? 7 : 6))), 2, /outside the text/);
    assertFails(() => read(file(rec(-1, 2))), 1, /outside the text/);
  });
  test(`the ${name} reader gives the line of a start not before the end`, () => {
    assertFails(() => read(file(rec(s, e), rec(s, e), rec(2, 2))), 3, /start 2 ≥ end 2/);
    assertFails(() => read(file(rec(4, 1))), 1, /start 4 ≥ end 1/);
  });
  test(`the ${name} reader gives the line of a quote that does not match`, () => {
    assertFails(() => read(file(rec(s, e, 'ab'), rec(s, e, 'zz'))), 2, /quote mismatch/);
  });
  test(`the ${name} reader gives the line of a record without text`, () => {
    assertFails(() => read(file(rec(s, e), rec(s, e, undefined, 42))), 2, /missing text/);
  });
}

test('the code point readers read offsets after an emoji as code points, the tagteam reader as UTF-16', () => {
  assert.deepEqual(readDoccanoJsonl(file(jsonl.doccano?.(3, 5, 'cd'))).documents[0]?.spans[0], { start: 4, end: 6, label: 'X' });
  assert.deepEqual(readSpacyJsonl(file(jsonl.spacy?.(2, 3, '😀'))).documents[0]?.spans[0], { start: 2, end: 4, label: 'X' });
  assertFails(() => readTagteamJsonl(file(jsonl.tagteam?.(3, 5))), 1, /splits a surrogate pair/);
});

test('unknown relation endpoints are errors at their line in tagteam and doccano files', () => {
  const tagteam = { text: T, spans: [{ id: 'a', start: 0, end: 2, label: 'X' }], relations: [{ from: 'a', to: 'b', type: 'r' }] };
  assertFails(() => readTagteamJsonl(file({ text: T }, tagteam)), 2, /unknown relation endpoint "b"/);
  const doccano = { text: T, entities: [{ id: 1, start_offset: 0, end_offset: 2, label: 'X' }], relations: [{ from_id: 1, to_id: 7, type: 'r' }] };
  assertFails(() => readDoccanoJsonl(file({ text: T }, doccano)), 2, /unknown relation endpoint 7/);
});

test('a text hash that does not match the text is an error at its line', () => {
  assertFails(() => readTagteamJsonl(file({ text: T, textSha256: '00' })), 1, /textSha256/);
});

/** 1-based line of the `{` that opens the object containing `marker`. */
function lineOf(json: string, marker: string): number {
  const lines = json.split('\n');
  const at = lines.findIndex((l) => l.includes(marker));
  return lines.slice(0, at).findLastIndex((l) => l.trimEnd().endsWith('{')) + 1;
}

function labelStudio(value: Record<string, unknown>, extra: unknown[] = []): string {
  const result = [{ id: 'ok', type: 'labels', from_name: 'label', to_name: 'text', value: { start: 0, end: 2, text: 'ab', labels: ['X'] } }, { id: 'bad', type: 'labels', from_name: 'label', to_name: 'text', value }, ...extra];
  return JSON.stringify([{ id: 1, data: { text: T }, annotations: [{ id: 1, result }] }], null, 2);
}

test('the Label Studio reader gives the line of the bad region', () => {
  for (const [value, reason] of [
    [{ start: 3, end: 9, labels: ['X'] }, /outside the text \(5 code points\)/],
    [{ start: 3, end: 3, labels: ['X'] }, /start 3 ≥ end 3/],
    [{ start: 2, end: 3, text: 'c', labels: ['X'] }, /quote mismatch/],
  ] as const) {
    const json = labelStudio(value);
    assertFails(() => readLabelStudio(json), lineOf(json, '"id": "bad"'), reason);
  }
  const rel = labelStudio({ start: 2, end: 3, labels: ['X'] }, [{ type: 'relation', from_id: 'ok', to_id: 'nope', direction: 'right', labels: ['r'] }]);
  assertFails(() => readLabelStudio(rel), lineOf(rel, '"type": "relation"'), /unknown relation endpoint "nope"/);
  const noText = JSON.stringify([{ id: 1, data: { text: T } }, { id: 2, data: {} }], null, 2);
  assertFails(() => readLabelStudio(noText), lineOf(noText, '"id": 2'), /missing text/);
});

test('the JSON readers give the line of a syntax error', () => {
  const lines = labelStudio({ start: 0, end: 2, labels: ['X'] }).split('\n');
  const k = lines.findIndex((l) => l.includes('"id": "bad",'));
  lines[k] = (lines[k] as string).replace('"bad",', '"bad"'); // a missing comma: the error is on the next line
  assertFails(() => readLabelStudio(lines.join('\n')), k + 2, /bad JSON: expected ',' or '}'/);
  assertFails(() => readW3c('[\n  {"type": "Annotation",\n  "body": [1,]\n}]', { textOf: () => T }), 3, /bad JSON/);
});

test('the W3C reader gives the line of a bad annotation', () => {
  const anno = (id: string, start: number, end: number, exact?: string): unknown => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld', id, type: 'Annotation', body: { type: 'TextualBody', purpose: 'tagging', value: 'X' },
    target: { source: 'urn:x', selector: [{ type: 'TextPositionSelector', start, end }, ...(exact === undefined ? [] : [{ type: 'TextQuoteSelector', exact }])] },
  });
  const cases: Array<[unknown, RegExp]> = [
    [anno('urn:bad', 3, 9), /outside the text/],
    [anno('urn:bad', 4, 4), /start 4 ≥ end 4/],
    [anno('urn:bad', 0, 2, 'zz'), /quote mismatch/],
    [{ '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:bad', type: 'Annotation', motivation: 'linking', target: ['urn:ok', 'urn:missing'] }, /unknown relation endpoint "urn:missing"/],
  ];
  for (const [bad, reason] of cases) {
    const json = JSON.stringify([anno('urn:ok', 0, 2, 'ab'), bad], null, 2);
    assertFails(() => readW3c(json, { textOf: () => T }), lineOf(json, '"id": "urn:bad"'), reason);
  }
  assertFails(() => readW3c(JSON.stringify([anno('urn:ok', 0, 2)]), { textOf: () => undefined }), 1, /no text for target source "urn:x"/);
});

test('the Hugging Face reader gives the line of an invalid IOB sequence', () => {
  const ok = { tokens: ['a', 'b'], ner_tags: ['B-X', 'I-X'] };
  assertFails(() => readHfJsonl(file(ok, { tokens: ['a', 'b'], ner_tags: ['O', 'I-X'] })), 2, /invalid IOB sequence/);
  assertFails(() => readHfJsonl(file(ok, { tokens: ['a'], ner_tags: ['O', 'O'] })), 2, /as long as tokens/);
});

test('a reader error is a FormatError whose message starts with the line', () => {
  try {
    readDoccanoJsonl('{"text": "x"}\n{bad');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof FormatError);
    assert.match(e.message, /^line 2: bad JSON/);
  }
});
