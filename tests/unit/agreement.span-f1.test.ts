// Span precision/recall/F1 by exact and overlap match, on constructed cases computed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MatchMode, prf, spanF1, type SpanLike } from '../../shared/agreement/index.ts';

const s = (start: number, end: number, label: string): SpanLike => ({ start, end, label });
const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);

// Reference: PER 0–5, ORG 10–20, LOC 30–35, PER 40–50. Candidate: the same PER 0–5, ORG 10–18
// (shorter), ORG 30–35 (wrong label), PER 60–65 (invented).
const REFERENCE = [s(0, 5, 'PER'), s(10, 20, 'ORG'), s(30, 35, 'LOC'), s(40, 50, 'PER')];
const CANDIDATE = [s(0, 5, 'PER'), s(10, 18, 'ORG'), s(30, 35, 'ORG'), s(60, 65, 'PER')];

test('scores exact matches only when start, end and label all agree', () => {
  const { total, byLabel } = spanF1(REFERENCE, CANDIDATE, MatchMode.exact);
  assert.deepEqual(total, { tp: 1, fp: 3, fn: 3, precision: 0.25, recall: 0.25, f1: 0.25 });
  assert.deepEqual(byLabel.PER, { tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
  assert.deepEqual(byLabel.ORG, { tp: 0, fp: 2, fn: 1, precision: 0, recall: 0, f1: 0 });
  // No candidate LOC span at all: precision is undefined, not 0.
  assert.deepEqual(byLabel.LOC, { tp: 0, fp: 0, fn: 1, precision: null, recall: 0, f1: 0 });
});

test('scores overlap matches when labels agree and ranges share a character', () => {
  const { total, byLabel } = spanF1(REFERENCE, CANDIDATE, MatchMode.overlap);
  assert.deepEqual(total, { tp: 2, fp: 2, fn: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
  assert.equal(byLabel.ORG?.tp, 1);
  assert.equal(byLabel.ORG?.precision, 0.5);
  assert.equal(byLabel.ORG?.recall, 1);
  assert.equal(round3(byLabel.ORG?.f1 ?? null), 0.667);
});

test('does not count touching spans as overlapping', () => {
  assert.equal(spanF1([s(0, 5, 'X')], [s(5, 9, 'X')], MatchMode.overlap).total.tp, 0);
});

test('pairs overlap matches one-to-one, largest overlap first', () => {
  // One reference span, two candidates inside it: only one may match it.
  const one = spanF1([s(0, 10, 'X')], [s(0, 3, 'X'), s(2, 10, 'X')], MatchMode.overlap).total;
  assert.deepEqual([one.tp, one.fp, one.fn], [1, 1, 0]);
  // Greedy by size: C 5–15 overlaps R1 0–10 and R2 10–20 by 5 each and takes R1 (earlier reference span);
  // C′ 0–4 then finds R1 taken. A start-order pairing would have matched both; the rule says greedy.
  const greedy = spanF1([s(0, 10, 'X'), s(10, 20, 'X')], [s(5, 15, 'X'), s(0, 4, 'X')], MatchMode.overlap).total;
  assert.deepEqual([greedy.tp, greedy.fp, greedy.fn], [1, 1, 1]);
  // C 2–12 overlaps R1 0–10 by 8 and R2 8–20 by 4, so takes R1 and leaves R2 to C′ 14–20.
  const both = spanF1([s(0, 10, 'X'), s(8, 20, 'X')], [s(2, 12, 'X'), s(14, 20, 'X')], MatchMode.overlap).total;
  assert.deepEqual([both.tp, both.fp, both.fn], [2, 0, 0]);
});

test('matches duplicate exact spans one-to-one', () => {
  const t = spanF1([s(0, 5, 'PER'), s(0, 5, 'PER')], [s(0, 5, 'PER')], MatchMode.exact).total;
  assert.deepEqual([t.tp, t.fp, t.fn], [1, 0, 1]);
});

test('swaps precision and recall, and keeps F1, when reference and candidate swap', () => {
  for (const mode of [MatchMode.exact, MatchMode.overlap]) {
    const ab = spanF1(REFERENCE, CANDIDATE, mode).total;
    const ba = spanF1(CANDIDATE, REFERENCE, mode).total;
    assert.equal(ab.precision, ba.recall);
    assert.equal(ab.recall, ba.precision);
    assert.equal(ab.f1, ba.f1);
  }
});

test('gives null scores when neither set has spans, and 0 when only one has', () => {
  assert.deepEqual(prf({ tp: 0, fp: 0, fn: 0 }), { tp: 0, fp: 0, fn: 0, precision: null, recall: null, f1: null });
  assert.equal(spanF1([], [s(0, 1, 'X')], MatchMode.exact).total.f1, 0);
});

test('scores spans at offsets past 2^21 code units the same way (comparator sort path)', () => {
  const far = 2 ** 21 + 10;
  const t = spanF1([s(far, far + 5, 'X'), s(3, 9, 'Y')], [s(3, 9, 'Y'), s(far, far + 5, 'X')], MatchMode.exact).total;
  assert.equal(t.tp, 2);
});
