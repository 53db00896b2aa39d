// Disagreement classification of one document: span clusters, relations and document labels of every kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocLabels, FinishedRelation, FinishedSet, FinishedSpan } from '../../shared/domain.ts';
import { asDocumentId, asRelationId, asSpanId } from '../../shared/ids.ts';
import { findDisagreements, type Disagreement } from '../../shared/agreement/index.ts';

type SpanSpec = [start: number, end: number, label: string];
type RelSpec = [fromIndex: number, toIndex: number, type: string];

function finished(annotator: string, spans: SpanSpec[], relations: RelSpec[] = [], docLabels: DocLabels = {}): FinishedSet {
  const sp: FinishedSpan[] = spans.map(([start, end, label], i) => ({ id: asSpanId(`${annotator}-s${i}`), start, end, label }));
  const rel: FinishedRelation[] = relations.map(([f, t, type], i) => ({
    id: asRelationId(`${annotator}-r${i}`),
    from: asSpanId(`${annotator}-s${f}`),
    to: asSpanId(`${annotator}-s${t}`),
    type,
  }));
  return { documentId: asDocumentId('d1'), annotator, version: 1, submittedBy: annotator, submittedAt: 0, spans: sp, relations: rel, docLabels };
}

// Spans by index: 0 PER 0–5 (all), 1 at 10–15 (label differs), 2 at 20–30 (boundaries differ),
// 3 ORG 70–90 and 4 LOC 70–78 nested (all alike); ana alone has 40–45; 50–60 is ana ORG vs ben PER 50–55.
const SETS = [
  finished(
    'ana',
    [[0, 5, 'PER'], [10, 15, 'PER'], [20, 30, 'LOC'], [70, 90, 'ORG'], [70, 78, 'LOC'], [40, 45, 'PER'], [50, 60, 'ORG']],
    [[0, 1, 'knows'], [4, 3, 'part_of'], [0, 3, 'works_for']],
    { topic: ['politics'], tags: ['a', 'b'], extra: ['x'] },
  ),
  finished(
    'ben',
    [[0, 5, 'PER'], [10, 15, 'ORG'], [20, 28, 'LOC'], [70, 90, 'ORG'], [70, 78, 'LOC'], [50, 55, 'PER']],
    [[0, 1, 'works_for'], [4, 3, 'part_of'], [0, 3, 'works_for']],
    { topic: ['politics'], tags: ['b', 'a'] },
  ),
  finished(
    'cho',
    [[0, 5, 'PER'], [10, 15, 'PER'], [22, 30, 'LOC'], [70, 90, 'ORG'], [70, 78, 'LOC']],
    [[0, 1, 'knows'], [4, 3, 'located_in'], [0, 3, 'works_for']],
    { topic: ['politics'], tags: ['a'] },
  ),
];

const find = (items: Disagreement[], id: string): Disagreement => {
  const hit = items.find((d) => d.id === id);
  assert.ok(hit, `item ${id}`);
  return hit;
};

test('classifies span clusters as unanimous, label, boundary and missing', () => {
  const { items } = findDisagreements(SETS);
  assert.deepEqual(find(items, 'span:0-5').kinds, ['unanimous']);
  assert.deepEqual(find(items, 'span:10-15').kinds, ['label']);
  assert.deepEqual(find(items, 'span:20-30').kinds, ['boundary']);
  assert.deepEqual(find(items, 'span:40-45').kinds, ['missing']);
  // Nested spans that every annotator drew alike make one unanimous cluster.
  assert.deepEqual(find(items, 'span:70-90').kinds, ['unanimous']);
});

test('gives a cluster every kind that applies, headed by the most severe (missing > label > boundary)', () => {
  const cluster = find(findDisagreements(SETS).items, 'span:50-60');
  assert.deepEqual(cluster.kinds, ['missing', 'label', 'boundary']);
  assert.equal(cluster.kind, 'missing');
});

test("carries each annotator's own version of a cluster, empty where they have none", () => {
  const cluster = find(findDisagreements(SETS).items, 'span:50-60');
  assert.equal(cluster.target, 'span');
  if (cluster.target !== 'span') return;
  assert.deepEqual(cluster.versions.ana?.map((s) => [s.id, s.label]), [['ana-s6', 'ORG']]);
  assert.deepEqual(cluster.versions.ben?.map((s) => [s.start, s.end, s.label]), [[50, 55, 'PER']]);
  assert.deepEqual(cluster.versions.cho, []);
});

test("classifies relations by their endpoints' offsets and labels as unanimous, type or missing", () => {
  const { items } = findDisagreements(SETS);
  const rel = (from: string, to: string): Disagreement | undefined =>
    items.find((d) => d.target === 'relation' && `${d.from.start}-${d.from.end}:${d.from.label}` === from && `${d.to.start}-${d.to.end}:${d.to.label}` === to);
  assert.deepEqual(rel('0-5:PER', '70-90:ORG')?.kinds, ['unanimous']);
  assert.deepEqual(rel('70-78:LOC', '70-90:ORG')?.kinds, ['type']);
  // ben's 10–15 span is ORG, so his relation has other endpoints: both groups miss someone.
  assert.deepEqual(rel('0-5:PER', '10-15:PER')?.kinds, ['missing']);
  assert.deepEqual(rel('0-5:PER', '10-15:ORG')?.kinds, ['missing']);
  const typed = rel('70-78:LOC', '70-90:ORG');
  assert.ok(typed?.target === 'relation');
  assert.deepEqual(typed.versions.cho?.map((r) => [r.id, r.type]), [['cho-r1', 'located_in']]);
});

test('classifies document label sets as unanimous or differs, ignoring value order', () => {
  const { items } = findDisagreements(SETS);
  assert.equal(find(items, 'doc:topic').kind, 'unanimous');
  assert.equal(find(items, 'doc:tags').kind, 'differs');
  const extra = find(items, 'doc:extra');
  assert.equal(extra.kind, 'differs');
  assert.ok(extra.target === 'docLabel');
  assert.deepEqual(extra.versions, { ana: ['x'], ben: [], cho: [] });
});

test('orders items: document labels, then by text position, spans before relations at a tie', () => {
  const { items, disputes, count, byKind } = findDisagreements(SETS);
  assert.deepEqual(
    items.map((d) => d.id),
    [
      'doc:extra',
      'doc:tags',
      'doc:topic',
      'span:0-5',
      'rel:0-5:PER>10-15:ORG',
      'rel:0-5:PER>10-15:PER',
      'rel:0-5:PER>70-90:ORG',
      'span:10-15',
      'span:20-30',
      'span:40-45',
      'span:50-60',
      'span:70-90',
      'rel:70-78:LOC>70-90:ORG',
    ],
  );
  assert.deepEqual(
    disputes.map((d) => d.id),
    ['doc:extra', 'doc:tags', 'rel:0-5:PER>10-15:ORG', 'rel:0-5:PER>10-15:PER', 'span:10-15', 'span:20-30', 'span:40-45', 'span:50-60', 'rel:70-78:LOC>70-90:ORG'],
  );
  assert.equal(count, 9);
  assert.deepEqual(byKind.span, { unanimous: 2, label: 1, boundary: 1, missing: 2 });
  assert.deepEqual(byKind.relation, { unanimous: 1, type: 1, missing: 2 });
  assert.deepEqual(byKind.docLabel, { unanimous: 1, differs: 2 });
});

test('gives the same ids in the same order whatever order the sets come in', () => {
  const forward = findDisagreements(SETS).items.map((d) => `${d.id}:${d.kind}`);
  const backward = findDisagreements([...SETS].reverse()).items.map((d) => `${d.id}:${d.kind}`);
  assert.deepEqual(backward, forward);
});

test('skips relations whose endpoint span is not in the set, and refuses two sets by one annotator', () => {
  const broken = finished('ana', [[0, 5, 'PER']], []);
  broken.relations.push({ id: asRelationId('r'), from: asSpanId('ana-s0'), to: asSpanId('gone'), type: 'x' });
  const result = findDisagreements([broken, finished('ben', [[0, 5, 'PER']])]);
  assert.equal(result.items.filter((d) => d.target === 'relation').length, 0);
  assert.equal(result.count, 0);
  assert.throws(() => findDisagreements([broken, broken]), RangeError);
});
