// brat's tutorial corpus: every .txt/.ann pair imports, unsupported kinds (events, equivalences,
// normalizations) are reported, and re-exporting as brat gives the same text-bound annotations,
// relations, attributes and notes. Also the tar archive (read by GNU tar too) and annotation.conf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bratAnn, bratAnnotationConf, createBratWriter } from '../../shared/formats/brat.ts';
import { readAnn, readBrat, readBratTar } from '../../shared/formats/brat-read.ts';
import type { NamedFile } from '../../shared/formats/brat-read.ts';
import { readTar } from '../../shared/formats/tar.ts';
import { FormatError } from '../../shared/formats/types.ts';
import type { ExportSet, ExportWarning, ImportWarning } from '../../shared/formats/types.ts';
import { fixturePath, hostileItem, makeDoc, runBytes, toItems } from '../fixtures/formats-support.ts';

const dir = fixturePath('brat/');
const files: NamedFile[] = readdirSync(dir)
  .filter((f) => /\.(txt|ann)$/.test(f))
  .sort()
  .map((name) => ({ name, data: new Uint8Array(readFileSync(join(dir, name))) }));
const annOf = (name: string): string => readFileSync(join(dir, name), 'utf8');

/** The facts of an .ann that we carry: T lines, and R/A/# lines whose targets are T lines. */
function facts(ann: string): string[] {
  const t = new Map<string, string>();
  const rows = ann.split('\n').filter((l) => l.trim() !== '').map((l) => l.split('\t'));
  for (const [id, mid, ...text] of rows) if (id?.startsWith('T')) t.set(id, `${mid} "${text.join('\t')}"`);
  const out = [...t.values()].map((v) => `T ${v}`);
  for (const [id, mid = '', ...rest] of rows) {
    const words = mid.trim().split(' ');
    if (id?.startsWith('R')) {
      const [type, a1, a2] = words;
      const a = t.get(a1?.split(':')[1] ?? '');
      const b = t.get(a2?.split(':')[1] ?? '');
      if (a !== undefined && b !== undefined) out.push(`R ${type} ${a} -> ${b}`);
    } else if (id?.startsWith('A') && t.has(words[1] ?? '')) out.push(`A ${t.get(words[1] ?? '')} ${words[0]}=${words[2] ?? 'true'}`);
    else if (id?.startsWith('#') && t.has(words[1] ?? '')) out.push(`# ${t.get(words[1] ?? '')} ${rest.join('\t')}`);
  }
  return out.sort();
}

const imported = readBrat(files);

test('every pair of the brat tutorial corpus imports, one document per .txt', () => {
  assert.equal(imported.documents.length, files.filter((f) => f.name.endsWith('.txt')).length);
  const spans = imported.documents.reduce((n, d) => n + d.spans.length, 0);
  assert.equal(spans, 119, 'every T line of the corpus');
  assert.equal(imported.documents.find((d) => d.title === '060-relation_annotation')?.relations.length, 1);
});

test('events, equivalences, normalizations and what hangs on them are reported, with file and line', () => {
  const byKind = (re: RegExp): ImportWarning[] => imported.warnings.filter((w) => re.test(w.message));
  assert.equal(byKind(/^event E\d+/).length, 23);
  assert.equal(byKind(/^equivalence/).length, 2);
  assert.equal(byKind(/^normalization/).length, 1);
  const intro = imported.warnings.filter((w) => w.file === '000-introduction.ann').map((w) => [w.line, w.message.split(' ').slice(0, 2).join(' ')]);
  assert.deepEqual(intro, [[4, 'event E1'], [16, 'attribute target'], [17, 'normalization N1']]);
});

for (const pair of files.filter((f) => f.name.endsWith('.ann'))) {
  test(`re-exporting ${pair.name} as brat gives the same spans, relations, attributes and notes`, () => {
    const doc = imported.documents.find((d) => `${d.title}.ann` === pair.name);
    assert.ok(doc !== undefined);
    const item = toItems([doc])[0];
    assert.ok(item !== undefined);
    const warnings: ExportWarning[] = [];
    const ours = bratAnn(item.doc, item.sets[0] as ExportSet, warnings);
    assert.deepEqual(facts(ours), facts(annOf(pair.name)));
    assert.deepEqual(warnings, []);
  });
}

test('the corpus exported to one tar reads back the same documents, and GNU tar lists its members', () => {
  const tar = runBytes(createBratWriter(), toItems(imported.documents));
  const back = readBratTar(tar);
  assert.deepEqual(back.documents.map((d) => [d.title, d.text, d.spans, d.relations]), imported.documents.map((d) => [d.title, d.text, d.spans.map((s, i) => ({ ...s, id: `T${i + 1}` })), d.relations.map((r, i) => ({ ...r, id: `R${i + 1}` }))]));
  const path = join(mkdtempSync(join(tmpdir(), 'tagteam-brat-')), 'export.tar');
  writeFileSync(path, tar);
  const listed = spawnSync('tar', ['-tf', path], { encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split('\n'), readTar(tar).map((f) => f.name));
  assert.ok(listed.stdout.includes('brat/annotation.conf'));
});

test('a tar written by GNU tar (ustar and pax, long names) is read', () => {
  const work = mkdtempSync(join(tmpdir(), 'tagteam-brat-'));
  const long = `${'nested-folder-name/'.repeat(8)}040-text_span_annotation`;
  spawnSync('mkdir', ['-p', join(work, long.slice(0, long.lastIndexOf('/')))]);
  writeFileSync(join(work, `${long}.txt`), readFileSync(join(dir, '040-text_span_annotation.txt')));
  writeFileSync(join(work, `${long}.ann`), readFileSync(join(dir, '040-text_span_annotation.ann')));
  for (const format of ['ustar', 'pax', 'gnu']) {
    const path = join(work, `${format}.tar`);
    const made = spawnSync('tar', [`--format=${format}`, '-cf', path, '-C', work, `${long}.txt`, `${long}.ann`], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const docs = readBratTar(new Uint8Array(readFileSync(path))).documents;
    assert.deepEqual(docs.map((d) => d.spans.length), [4], format);
  }
});

test('an archive with a corrupted header fails with a clear error', () => {
  const tar = runBytes(createBratWriter(), [hostileItem()]);
  tar[10] = 0x41;
  assert.throws(() => readBratTar(tar), (e: unknown) => e instanceof FormatError && /bad header checksum at byte 0/.test(e.reason));
});

test('annotation.conf declares the labels, relation types and attributes', () => {
  const attributes = new Map([['Mention', new Set(['Name', 'Nominal'])], ['Individual', new Set<string>()]]);
  const conf = bratAnnotationConf(['Person', 'Org Name'], ['Family'], attributes);
  assert.match(conf, /\[entities\]\nPerson\nOrg_Name\n/);
  assert.match(conf, /\[relations\]\nFamily\tArg1:<ENTITY>, Arg2:<ENTITY>\n/);
  assert.match(conf, /\[attributes\]\nMention\tArg:<ENTITY>, Value:Name\|Nominal\nIndividual\tArg:<ENTITY>\n/);
});

test('a span across a line break is written as fragments and read back as one span', () => {
  const text = 'New\r\nYork 😀 is big';
  const doc = makeDoc('d', text);
  const set = toItems([{ title: 'd', text, meta: {}, spans: [{ start: 0, end: 9, label: 'LOC' }], relations: [], docLabels: {} }])[0]?.sets[0] as ExportSet;
  const ann = bratAnn(doc, set, []);
  assert.equal(ann, 'T1\tLOC 0 3;5 9\tNew York\n');
  assert.deepEqual(readAnn(text, ann, 'd.ann', []).spans.map((s) => [s.start, s.end]), [[0, 9]]);
});

test('a truly discontinuous span is reported and a relation to it left out', () => {
  const warnings: ImportWarning[] = [];
  const doc = readAnn('one two three', 'T1\tX 0 3;8 13\tone three\nT2\tY 4 7\ttwo\nR1\tRel Arg1:T2 Arg2:T1\n', 'x.ann', warnings);
  assert.deepEqual(doc.spans.map((s) => s.label), ['Y']);
  assert.deepEqual(warnings.map((w) => w.line), [1, 3]);
});

test('brat offsets count code points: UTF-16 offsets after an emoji fail at their line', () => {
  const ok = readAnn('😀 abc', 'T1\tX 2 5\tabc\n', 'x.ann', []);
  assert.deepEqual(ok.spans.map((s) => [s.start, s.end]), [[3, 6]]);
  assert.throws(() => readAnn('😀 abc', 'T1\tX 2 5\tabc\nT2\tY 3 6\tabc\n', 'x.ann', []), (e: unknown) => e instanceof FormatError && e.line === 2 && e.file === 'x.ann');
});
