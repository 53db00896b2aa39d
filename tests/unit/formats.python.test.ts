// A second implementation of string indexing: Python (stdlib) slices the hostile text by code
// points and must find each quote our doccano, spaCy, W3C, Label Studio and CSV exports carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatById } from '../../shared/formats/index.ts';
import type { DocumentWriter } from '../../shared/formats/types.ts';
import { hostileItem, plainItem, run } from '../fixtures/formats-support.ts';

const script = fileURLToPath(new URL('../python/check_offsets.py', import.meta.url));
const items = [hostileItem(), plainItem()];
const dir = mkdtempSync(join(tmpdir(), 'tagteam-py-'));
const write = (id: string, name: string): string => {
  const path = join(dir, name);
  writeFileSync(path, run(formatById(id)?.createWriter?.({}) as DocumentWriter, items));
  return path;
};
const python = (args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync('python3', [script, ...args], { encoding: 'utf8' });

test('Python finds every exported quote at its code point offsets in the hostile text', () => {
  const args = [
    '--texts', write('tagteam-jsonl', 'tagteam.jsonl'),
    '--doccano', write('doccano-jsonl', 'doccano.jsonl'),
    '--spacy', write('spacy-jsonl', 'spacy.jsonl'),
    '--w3c', write('w3c-annotation', 'w3c.jsonld'),
    '--labelstudio', write('label-studio', 'labelstudio.json'),
    '--csv', write('csv', 'spans.csv'),
  ];
  const r = python(args);
  assert.equal(r.status, 0, r.stderr);
  const spans = items.reduce((n, i) => n + (i.sets[0]?.spans.length ?? 0), 0);
  assert.deepEqual(JSON.parse(r.stdout), { csv: spans, doccano: spans, labelstudio: spans, spacy: spans, 'tagteam-utf16': spans, w3c: spans });
});

test('Python also checks the relation-extraction shape of doccano', () => {
  const r = python(['--texts', write('tagteam-jsonl', 'tagteam.jsonl'), '--doccano', write('doccano-jsonl-relations', 'doccano-rel.jsonl')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { doccano: number }).doccano, 11);
});

test('the Python check fails on UTF-16 offsets, so it is not vacuous', () => {
  const bad = join(dir, 'bad-doccano.jsonl');
  const item = hostileItem();
  const s = item.sets[0]?.spans.find((x) => x.label === 'GREETING');
  assert.ok(s !== undefined);
  writeFileSync(bad, `${JSON.stringify({ text: item.doc.text, label: [[s.start, s.end, s.label]], quotes: [item.doc.text.slice(s.start, s.end)] })}\n`);
  const r = python(['--texts', write('tagteam-jsonl', 'tagteam.jsonl'), '--doccano', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /MISMATCH: doccano line 1 span 0/);
});

/** A stand-in for the few spaCy calls the docs' snippet makes (spaCy itself is not installed here). */
const FAKE_SPACY: Record<string, string> = {
  '__init__.py': 'from .lang import blank\n',
  'lang.py': 'from .tokens import Doc\nclass Lang:\n    def make_doc(self, text):\n        return Doc(text)\ndef blank(code):\n    return Lang()\n',
  'tokens.py': [
    'import json, re',
    'class Doc:',
    '    def __init__(self, text):',
    '        self.text, self.ents, self.cats = text, [], {}',
    '        self.tokens = [m.span() for m in re.finditer(r"\\w+|[^\\w\\s]", text)]',
    '    def char_span(self, a, b, label, alignment_mode="strict"):',
    '        assert alignment_mode == "contract"',
    '        inside = [t for t in self.tokens if a <= t[0] and t[1] <= b]',
    '        return (self.text[inside[0][0]:inside[-1][1]], label) if inside else None',
    '    def set_ents(self, ents):',
    '        self.ents = list(ents)',
    'class DocBin:',
    '    def __init__(self, docs=()):',
    '        self.docs = list(docs)',
    '    def to_disk(self, path):',
    '        json.dump([{"text": d.text, "ents": d.ents, "cats": d.cats} for d in self.docs], open(path, "w", encoding="utf-8"))',
    '',
  ].join('\n'),
};

test('the two-line DocBin recipe in docs/formats.md runs on our spaCy export (against a stand-in spaCy)', () => {
  const docs = readFileSync(fileURLToPath(new URL('../../docs/formats.md', import.meta.url)), 'utf8');
  const snippet = /```python\n(import json, spacy[^`]*?)```/.exec(docs)?.[1] ?? '';
  assert.equal(snippet.trim().split('\n').length, 2, 'two lines of Python');
  const work = mkdtempSync(join(tmpdir(), 'tagteam-docbin-'));
  mkdirSync(join(work, 'spacy'));
  for (const [name, body] of Object.entries(FAKE_SPACY)) writeFileSync(join(work, 'spacy', name), body);
  writeFileSync(join(work, 'export.jsonl'), run(formatById('spacy-jsonl')?.createWriter?.({}) as DocumentWriter, items));
  const r = spawnSync('python3', ['-c', snippet], { cwd: work, encoding: 'utf8', env: { ...process.env, PYTHONPATH: work } });
  assert.equal(r.status, 0, r.stderr);
  const saved = JSON.parse(readFileSync(join(work, 'train.spacy'), 'utf8')) as Array<{ text: string; ents: Array<[string, string]>; cats: Record<string, number> }>;
  assert.equal(saved.length, 2);
  assert.deepEqual(saved[1]?.ents, [['Ada Lovelace', 'PER'], ['Charles Babbage', 'PER'], ['London', 'LOC']]);
  assert.deepEqual(saved[0]?.cats, { travel: 1, family: 1, warm: 1 });
});
