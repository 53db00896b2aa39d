// The pieces under the formats: sha256 (against node:crypto), the line-tracking JSON parser, CSV
// quoting, the ustar writer/reader (against GNU tar), input decoding, the plain text reader, the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../shared/formats/sha256.ts';
import { parseJsonLocated } from '../../shared/formats/json-located.ts';
import { createCsvWriter, csvField, parseCsv } from '../../shared/formats/csv.ts';
import { concatBytes, readTar, tarEnd, tarEntry } from '../../shared/formats/tar.ts';
import { keepLongest } from '../../shared/formats/common.ts';
import { decodeInput } from '../../shared/formats/input.ts';
import { readPlainText } from '../../shared/formats/plaintext.ts';
import { FORMATS, formatById } from '../../shared/formats/index.ts';
import { FormatError } from '../../shared/formats/types.ts';
import { HOSTILE, hostileItem, run } from '../fixtures/formats-support.ts';

test('sha256Hex agrees with node:crypto on empty, hostile, and multi-block texts', () => {
  for (const text of ['', 'abc', HOSTILE, 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), '東京😀'.repeat(10_000)]) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), `length ${text.length}`);
  }
});

test('the located JSON parser returns what JSON.parse returns, with the line of each object', () => {
  const src = '{\n  "a": [1, -2.5e3, true, null],\n  "b": {\n    "c": "\\u00e9\\n\\"q\\" 😀"\n  },\n  "__proto__": {"x": 1}\n}';
  const { value, lineOf } = parseJsonLocated(src);
  assert.deepEqual(value, JSON.parse(src));
  const v = value as { a: unknown; b: unknown };
  assert.equal(lineOf(v), 1);
  assert.equal(lineOf(v.a), 2);
  assert.equal(lineOf(v.b), 3);
  assert.equal(Object.getPrototypeOf(value), Object.prototype, 'a "__proto__" key stays data');
  assert.deepEqual(Object.keys(value as object), ['a', 'b', '__proto__']);
});

test('the located JSON parser reports syntax errors at their line', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['{\n"a": 1,\n}', 3, /expected a property name/],
    ['[1,\n2\n3]', 3, /expected ',' or '\]'/],
    ['{"a": "line\nbreak"}', 1, /control character/],
    ['[1]\n\nx', 3, /after the JSON value/],
    ['{"a": tru}', 1, /unexpected/],
    ['[', 1, /end of input/],
    ['['.repeat(600), 1, /nested too deeply/],
  ];
  for (const [src, line, reason] of cases) {
    assert.throws(() => parseJsonLocated(src), (e: unknown) => e instanceof FormatError && e.line === line && reason.test(e.reason), src.slice(0, 20));
  }
});

test('CSV fields are quoted only when needed and parse back to the same values', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\r\nlines'), '"two\r\nlines"');
  const out = run(createCsvWriter(), [hostileItem()]);
  assert.ok(out.endsWith('\r\n'));
  const rows = parseCsv(out);
  assert.deepEqual(rows[0], ['document_id', 'text_sha256', 'annotator', 'version', 'start', 'end', 'label', 'text', 'note']);
  const emoji = rows.find((r) => r[6] === 'EMOJI');
  assert.deepEqual(emoji?.slice(4, 9), ['5', '6', 'EMOJI', '😀', 'astral, "quoted", comma']);
  const cps = Array.from(HOSTILE);
  for (const r of rows.slice(1)) assert.equal(cps.slice(Number(r[4]), Number(r[5])).join(''), r[7], 'code point offsets select the quote');
});

test('the CSV formula guard prefixes cells a spreadsheet would evaluate', () => {
  const item = hostileItem();
  const first = item.sets[0]?.spans[0];
  if (first !== undefined) first.note = '=HYPERLINK("x")';
  assert.match(run(createCsvWriter({ protectFormulas: true }), [item]), /,"'=HYPERLINK\(""x""\)"\r\n/);
  assert.match(run(createCsvWriter(), [item]), /,"=HYPERLINK\(""x""\)"\r\n/);
});

test('our tar archives extract with GNU tar to the same bytes, long and non-ASCII names included', () => {
  const long = `${'deep/'.repeat(30)}file-ü.txt`;
  const members: Array<[string, string]> = [['a.txt', HOSTILE], [long, 'x'.repeat(513)], ['empty.ann', '']];
  const tar = concatBytes([...members.map(([n, d]) => tarEntry(n, d, 1_700_000_000)), tarEnd()]);
  assert.equal(tar.length % 512, 0);
  const dir = mkdtempSync(join(tmpdir(), 'tagteam-tar-'));
  writeFileSync(join(dir, 'x.tar'), tar);
  const r = spawnSync('tar', ['-xf', 'x.tar'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const [n, d] of members) assert.equal(readFileSync(join(dir, n), 'utf8'), d, n);
  assert.deepEqual(readTar(tar).map((f) => [f.name, new TextDecoder().decode(f.data)]), members);
});

test('a path too long for ustar is refused rather than truncated', () => {
  assert.throws(() => tarEntry('x'.repeat(101), ''), RangeError);
});

test('decoding drops a byte order mark and keeps CRLF', () => {
  assert.equal(decodeInput(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a])), 'a\r\n');
  assert.equal(decodeInput('\uFEFFa\r\n'), 'a\r\n');
});

test('a plain text file is one document titled by its file name, text kept exactly', () => {
  const { documents } = readPlainText(new TextEncoder().encode(HOSTILE), { file: 'corpus/hostile.txt' });
  assert.deepEqual(documents.map((d) => [d.title, d.text]), [['hostile', HOSTILE]]);
});

test('keepLongest keeps the longest of overlapping ranges and all disjoint ones', () => {
  const ranges = [{ start: 0, end: 4 }, { start: 2, end: 10 }, { start: 10, end: 12 }, { start: 11, end: 12 }, { start: 20, end: 21 }];
  assert.deepEqual(keepLongest(ranges), [1, 2, 4]);
});

test('the registry lists each format once with its unit and what it carries', () => {
  assert.equal(new Set(FORMATS.map((f) => f.id)).size, FORMATS.length);
  assert.equal(formatById('tagteam-jsonl')?.offsetUnit, 'utf16');
  for (const id of ['doccano-jsonl', 'spacy-jsonl', 'w3c-annotation', 'label-studio', 'brat', 'csv']) assert.equal(formatById(id)?.offsetUnit, 'codepoint', id);
  assert.deepEqual(formatById('tagteam-jsonl')?.carries, { relations: true, docLabels: true, notes: true, attrs: true });
  assert.equal(formatById('doccano-jsonl')?.carries.relations, false);
  assert.ok(FORMATS.every((f) => f.createWriter !== undefined || f.read !== undefined));
});
