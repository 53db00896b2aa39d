// Label Studio: the labeling config generated from a schema (well-formed XML naming what the
// results use), and the import of annotations and predictions, relations, choices and notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createLabelStudioWriter, labelStudioConfig } from '../../shared/formats/labelstudio.ts';
import { readLabelStudio } from '../../shared/formats/labelstudio-read.ts';
import type { TagSchema } from '../../shared/domain.ts';
import { hostileItem, run } from '../fixtures/formats-support.ts';

const schema: TagSchema = {
  spanLabels: [{ name: 'PER', color: '#ff0000', hotkey: '1' }, { name: 'R&D "lab"', color: '#00ff00' }],
  relationTypes: [{ name: 'works_for' }],
  docLabelSets: [{ name: 'sentiment', choice: 'single', values: ['pos', 'neg'] }, { name: 'topics', choice: 'multiple', values: ['a<b'] }],
};

test('the labeling config is well-formed XML with labels, text, relations, notes and choices', () => {
  const xml = labelStudioConfig(schema);
  // A second parser (Python's) reads it and lists what it declares.
  const py = `import sys, xml.etree.ElementTree as E\nr = E.fromstring(sys.stdin.read())\nprint([(e.tag, e.get("name") or e.get("value"), e.get("choice") or e.get("toName")) for e in r.iter() if e.tag != "View"])`;
  const out = spawnSync('python3', ['-c', py], { input: xml, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(
    out.stdout.trim(),
    "[('Labels', 'label', 'text'), ('Label', 'PER', None), ('Label', 'R&D \"lab\"', None), ('Text', 'text', None), ('Relations', None, None), ('Relation', 'works_for', None), ('TextArea', 'note', 'text'), ('Header', 'sentiment', None), ('Choices', 'sentiment', 'single'), ('Choice', 'pos', None), ('Choice', 'neg', None), ('Header', 'topics', None), ('Choices', 'topics', 'multiple'), ('Choice', 'a<b', None)]",
  );
  assert.match(xml, /<Label value="PER" background="#ff0000" hotkey="1"\/>/);
});

test('exported results use the names the config declares, with code point offsets', () => {
  const [task] = JSON.parse(run(createLabelStudioWriter(), [hostileItem()])) as Array<{ data: { text: string }; annotations: Array<{ result: Array<Record<string, unknown>> }> }>;
  const result = task?.annotations[0]?.result ?? [];
  const kinds = new Set(result.map((r) => `${String(r.type)}:${String(r.from_name ?? '')}`));
  assert.deepEqual([...kinds].sort(), ['choices:tone', 'choices:topic', 'labels:label', 'relation:', 'textarea:note']);
  const cps = Array.from(task?.data.text ?? '');
  for (const r of result.filter((x) => x.type === 'labels')) {
    const v = r.value as { start: number; end: number; text: string };
    assert.equal(cps.slice(v.start, v.end).join(''), v.text);
  }
});

test('predictions import as their own documents, left relations are turned around, choices become labels', () => {
  const tasks = [
    {
      id: 7,
      data: { text: 'Ada works at IBM.', source: 'wiki' },
      annotations: [{ id: 1, created_username: 'eve', result: [
        { id: 'a', type: 'labels', from_name: 'label', to_name: 'text', value: { start: 0, end: 3, text: 'Ada', labels: ['PER'] } },
        { id: 'b', type: 'labels', from_name: 'label', to_name: 'text', value: { start: 13, end: 16, text: 'IBM', labels: ['ORG'] } },
        { id: 'a', type: 'textarea', from_name: 'note', to_name: 'text', value: { start: 0, end: 3, text: ['first', 'second'] } },
        { type: 'relation', from_id: 'b', to_id: 'a', direction: 'left', labels: ['works_for'] },
        { id: 'c', type: 'choices', from_name: 'sentiment', to_name: 'text', value: { choices: ['pos'] } },
        { id: 'r', type: 'rating', from_name: 'stars', to_name: 'text', value: { rating: 3 } },
      ] }],
      predictions: [{ model_version: 'ner-v2', result: [{ id: 'p', type: 'labels', from_name: 'label', to_name: 'text', value: { start: 13, end: 16, labels: ['ORG'] } }] }],
    },
  ];
  const { documents, warnings } = readLabelStudio(JSON.stringify(tasks, null, 1));
  assert.deepEqual(documents.map((d) => [d.origin?.annotator, d.meta.kind, d.meta.taskId, d.meta.source, d.spans.length]), [['eve', 'annotation', 7, 'wiki', 2], ['ner-v2', 'prediction', 7, 'wiki', 1]]);
  const [a] = documents;
  assert.deepEqual(a?.relations, [{ fromIndex: 0, toIndex: 1, type: 'works_for' }]);
  assert.equal(a?.spans[0]?.note, 'first\nsecond');
  assert.deepEqual(a?.docLabels, { sentiment: ['pos'] });
  assert.deepEqual(warnings.map((w) => w.message), ['result type "rating" is not imported']);
  assert.equal(readLabelStudio(JSON.stringify(tasks), { include: 'predictions' }).documents.length, 1);
});

test('a task without annotations imports as an unannotated document', () => {
  const { documents } = readLabelStudio('[{"data": {"text": "hello"}}]');
  assert.deepEqual(documents.map((d) => [d.text, d.spans.length]), [['hello', 0]]);
});
