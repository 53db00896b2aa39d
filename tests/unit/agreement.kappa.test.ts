// Cohen's and Fleiss' kappa against published worked examples, plus the pooling and per-category rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CohenAccumulator,
  Codebook,
  cohenKappa,
  FleissAccumulator,
  fleissKappa,
  oneVsRest,
  pairwiseCohen,
  type Rating,
} from '../../shared/agreement/index.ts';

const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
const repeat = (n: number, row: Rating[]): Rating[][] => Array.from({ length: n }, () => [...row]);

/** A two-rater yes/no table as an item × rater matrix. */
function twoByTwo(yy: number, yn: number, ny: number, nn: number): Rating[][] {
  return [...repeat(yy, ['yes', 'yes']), ...repeat(yn, ['yes', 'no']), ...repeat(ny, ['no', 'yes']), ...repeat(nn, ['no', 'no'])];
}

// Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, A and B both yes 20, A yes B no 5,
// A no B yes 10, both no 15; po = 0.7, pe = 0.5, κ = 0.4.
test("computes Cohen's kappa of 0.400 on Wikipedia's 50-proposal example", () => {
  const k = cohenKappa(twoByTwo(20, 5, 10, 15));
  assert.equal(round3(k.value), 0.4);
  assert.equal(round3(k.observed), 0.7);
  assert.equal(round3(k.expected), 0.5);
  assert.equal(k.items, 50);
});

// Wikipedia, "Cohen's kappa", "Same percentages but different numbers": both tables agree on 60 % of
// 100 items, yet κ = 0.1304 for (45, 15, 25, 15) and κ = 0.2593 for (25, 35, 5, 35).
test("computes Cohen's kappa of 0.130 and 0.259 on Wikipedia's equal-agreement tables", () => {
  assert.equal(round3(cohenKappa(twoByTwo(45, 15, 25, 15)).value), 0.13);
  assert.equal(round3(cohenKappa(twoByTwo(25, 35, 5, 35)).value), 0.259);
});

test("skips items either rater left unrated in Cohen's kappa", () => {
  const k = cohenKappa([...twoByTwo(20, 5, 10, 15), ['yes', null], [null, 'no']]);
  assert.equal(k.items, 50);
  assert.equal(round3(k.value), 0.4);
});

test("gives null for Cohen's kappa when both raters only ever use one category", () => {
  const k = cohenKappa(repeat(5, ['a', 'a']));
  assert.equal(k.value, null);
  assert.equal(k.observed, 1);
});

// Wikipedia, "Fleiss' kappa", worked example (after Fleiss 1971): 10 subjects, 14 raters, 5 categories,
// given as counts n_ij; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
const FLEISS_COUNTS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];
/** The rating table behind the counts: rater columns filled category by category. */
const fleissTable = (): Rating[][] =>
  FLEISS_COUNTS.map((row) => row.flatMap((n, j) => Array.from({ length: n }, () => `c${j + 1}`)));

test("computes Fleiss' kappa of 0.210 on Fleiss' 1971 example", () => {
  const table = fleissTable();
  assert.ok(table.every((row) => row.length === 14));
  const k = fleissKappa(table);
  assert.equal(round3(k.value), 0.21);
  assert.equal(round3(k.observed), 0.378);
  assert.equal(round3(k.expected), 0.213);
  assert.equal(k.items, 10);
  assert.equal(k.raters, 14);
  assert.equal(k.excludedItems, 0);
});

test("gives the same Fleiss' kappa whichever rater column holds which rating", () => {
  const shuffled = fleissTable().map((row, i) => [...row.slice(i), ...row.slice(0, i)]);
  assert.equal(round3(fleissKappa(shuffled).value), 0.21);
});

test("leaves out of Fleiss' kappa the items with a different number of ratings, and counts them", () => {
  const table: Rating[][] = [...fleissTable(), ['c1', 'c2', ...Array<Rating>(12).fill(null)], ['c1', ...Array<Rating>(13).fill(null)]];
  const k = fleissKappa(table);
  assert.equal(k.items, 10);
  assert.equal(k.excludedItems, 2);
  assert.equal(round3(k.value), 0.21);
});

test("reduces Fleiss' kappa to Scott's pi when every item has two raters", () => {
  // Scott's pi for (20, 5, 10, 15): pooled p(yes) = 55/100, pe = 0.55² + 0.45² = 0.505, π = (0.7 − 0.505)/0.495.
  assert.equal(round3(fleissKappa(twoByTwo(20, 5, 10, 15)).value), round3((0.7 - 0.505) / 0.495));
});

test('pools documents by merging accumulators to the same figures as one pass', () => {
  const table = twoByTwo(20, 5, 10, 15);
  const book = new Codebook();
  const whole = new CohenAccumulator();
  const parts = [new CohenAccumulator(), new CohenAccumulator()];
  table.forEach(([a, b], i) => {
    const x = book.code(a ?? '');
    const y = book.code(b ?? '');
    whole.add(x, y);
    parts[i % 2]?.add(x, y);
  });
  const merged = new CohenAccumulator();
  for (const p of parts) merged.merge(p);
  assert.deepEqual(merged.result(), whole.result());
});

test("reads per-category kappa off the pooled sums exactly as a one-vs-rest recoding would", () => {
  const table: Rating[][] = [
    ['PER', 'PER', 'PER'],
    ['PER', 'ORG', 'PER'],
    ['O', 'O', 'ORG'],
    ['LOC', 'LOC', 'LOC'],
    ['O', 'LOC', 'O'],
    ['ORG', 'ORG', 'ORG'],
    ['O', 'O', 'O'],
  ];
  const book = new Codebook();
  const cohen = new CohenAccumulator();
  const fleiss = new FleissAccumulator();
  for (const row of table) {
    const codes = row.map((r) => book.code(r ?? ''));
    cohen.add(codes[0] ?? 0, codes[1] ?? 0);
    fleiss.addUnit(codes);
  }
  for (const label of ['PER', 'ORG', 'LOC']) {
    const binary = oneVsRest(table, label);
    assert.equal(round3(cohen.resultFor(book.find(label)).value), round3(cohenKappa(binary).value), label);
    assert.equal(round3(fleiss.resultFor(book.find(label)).value), round3(fleissKappa(binary).value), label);
  }
});

test("lists Cohen's kappa for every rater pair that shares an item", () => {
  const pairs = pairwiseCohen(
    [
      ['a', 'a', null],
      ['b', 'a', null],
      ['a', 'a', null],
    ],
    ['x', 'y', 'z'],
  );
  assert.deepEqual(
    pairs.map((p) => `${p.a}-${p.b}`),
    ['x-y'],
  );
  assert.equal(pairs[0]?.kappa.items, 3);
});
