// Document label agreement: single-choice sets as one item per document, multiple-choice as yes/no per value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocLabels } from '../../shared/domain.ts';
import { docLabelAgreement, docLabelMatrices, NONE } from '../../shared/agreement/index.ts';

const round3 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);
const doc = (ana: DocLabels | null, ben: DocLabels | null) =>
  [ana && { annotator: 'ana', docLabels: ana }, ben && { annotator: 'ben', docLabels: ben }].filter((x) => x !== null);

const DOCS = [
  doc({ topic: ['politics'], tags: ['a', 'b'] }, { topic: ['politics'], tags: ['a'] }),
  doc({ topic: ['sport'], tags: ['b'] }, { topic: ['politics'], tags: ['b'] }),
  doc({ topic: ['economy'], tags: [] }, { topic: ['economy'] }),
  doc({ tags: ['a'] }, { topic: ['sport'], tags: ['b', 'a'] }),
  doc({ topic: ['sport'] }, null), // ben never annotated this one
];

test("computes Cohen's kappa of 0.333 on a single-choice set, counting an empty choice as '(none)'", () => {
  // Agreement on d1 and d3 of four shared documents: po = 0.5; pe = 2/16 + 1/16 + 1/16 + 0 = 0.25.
  const topic = docLabelAgreement(DOCS).find((f) => f.name === 'topic');
  assert.equal(topic?.choice, 'single');
  assert.equal(topic?.items, 5);
  assert.equal(topic?.cohen[0]?.kappa.items, 4);
  assert.equal(round3(topic?.cohen[0]?.kappa.value), 0.333);
  const { sets } = docLabelMatrices(DOCS);
  assert.deepEqual(sets.find((s) => s.name === 'topic')?.matrix[3], [NONE, 'sport']);
});

test("computes Cohen's kappa of 0.500 on a multiple-choice set as one yes/no item per document and value", () => {
  // 8 shared items (4 documents × values a, b); 6 agree: po = 0.75; both tick half the items: pe = 0.5.
  const tags = docLabelAgreement(DOCS).find((f) => f.name === 'tags');
  assert.equal(tags?.choice, 'multiple');
  assert.equal(tags?.items, 10);
  assert.equal(tags?.cohen[0]?.kappa.items, 8);
  assert.equal(round3(tags?.cohen[0]?.kappa.value), 0.5);
});

test('leaves documents with one annotator out of Fleiss and alpha, and says so', () => {
  const topic = docLabelAgreement(DOCS).find((f) => f.name === 'topic');
  assert.equal(topic?.fleiss.items, 4);
  assert.equal(topic?.fleiss.excludedItems, 1);
  assert.equal(topic?.alpha.units, 4);
  assert.notEqual(topic?.alpha.value, null);
});

test('uses the schema for choice kind and values when given', () => {
  const figures = docLabelAgreement(DOCS, {
    sets: [{ name: 'tags', choice: 'multiple', values: ['a', 'b', 'c'] }],
  });
  assert.deepEqual(
    figures.map((f) => [f.name, f.items]),
    [['tags', 15]],
  );
  // Nobody ever ticks c: those items agree, and kappa rises above the schema-less 0.5.
  assert.ok((figures[0]?.cohen[0]?.kappa.value ?? 0) > 0.5);
});
