// Krippendorff's alpha (nominal) against the worked examples of Krippendorff (2011), plus its pooling rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlphaAccumulator, Codebook, krippendorffAlpha, oneVsRest, type Rating } from '../../shared/agreement/index.ts';

const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
/** Coder rows as in the paper ('.' = missing), turned into our item × rater matrix. */
function fromCoderRows(...rows: string[]): Rating[][] {
  const coders = rows.map((r) => r.split(' ').map((v) => (v === '.' ? null : v)));
  return (coders[0] ?? []).map((_, unit) => coders.map((c) => c[unit] ?? null));
}

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
// University of Pennsylvania, https://repository.upenn.edu/asc_papers/43 — example C: 4 observers,
// 12 units, missing values; nominal α = 0.743. (The same matrix is the doctest of the `krippendorff`
// Python package, which also prints 0.743.)
test("computes Krippendorff's alpha of 0.743 on Krippendorff's (2011) four-coder example with missing data", () => {
  const data = fromCoderRows(
    '1 2 3 3 2 1 4 1 2 . . .',
    '1 2 3 3 2 2 4 1 2 5 . 3',
    '. 3 3 3 2 3 4 2 2 5 1 .',
    '1 2 3 3 2 4 4 1 2 5 1 .',
  );
  const a = krippendorffAlpha(data);
  assert.equal(round3(a.value), 0.743);
  // Unit 12 has a single value, so it is not pairable: 11 units and n = 40 values remain.
  assert.equal(a.units, 11);
  assert.equal(a.pairable, 40);
});

// Krippendorff (2011), example A: binary data, two observers, ten units, no missing data; α = 0.095.
test("computes Krippendorff's alpha of 0.095 on Krippendorff's (2011) two-coder binary example", () => {
  const data = fromCoderRows('0 1 0 0 0 0 0 0 1 0', '1 1 1 0 0 1 0 0 0 0');
  const a = krippendorffAlpha(data);
  assert.equal(round3(a.value), 0.095);
  assert.equal(a.pairable, 20);
});

// Krippendorff (2011), example B: nominal data, two observers, twelve units, no missing data; α = 0.692.
test("computes Krippendorff's alpha of 0.692 on Krippendorff's (2011) two-coder nominal example", () => {
  const data = fromCoderRows('a a b b d c c c e d d a', 'b a b b b c c c e d d d');
  assert.equal(round3(krippendorffAlpha(data).value), 0.692);
});

test('gives alpha 1 for perfect agreement and null when only one category is ever used', () => {
  assert.equal(krippendorffAlpha([['a', 'a'], ['b', 'b'], ['a', null]]).value, 1);
  assert.equal(krippendorffAlpha([['a', 'a'], ['a', 'a']]).value, null);
  assert.equal(krippendorffAlpha([]).value, null);
});

test('ignores units rated by fewer than two coders', () => {
  const base = fromCoderRows('0 1 0 0 0 0 0 0 1 0', '1 1 1 0 0 1 0 0 0 0');
  const withSingles: Rating[][] = [...base, ['1', null], [null, '0'], [null, null]];
  assert.deepEqual(krippendorffAlpha(withSingles), krippendorffAlpha(base));
});

test("reads per-category alpha off the pooled sums exactly as a one-vs-rest recoding would", () => {
  const data = fromCoderRows(
    '1 2 3 3 2 1 4 1 2 . . .',
    '1 2 3 3 2 2 4 1 2 5 . 3',
    '. 3 3 3 2 3 4 2 2 5 1 .',
    '1 2 3 3 2 4 4 1 2 5 1 .',
  );
  const book = new Codebook();
  const acc = new AlphaAccumulator();
  for (const row of data) acc.addUnit(row.map((r) => (r === null ? -1 : book.code(r))));
  assert.equal(round3(acc.result().value), 0.743);
  for (const cat of ['1', '2', '3', '4', '5']) {
    const expected = krippendorffAlpha(oneVsRest(data, cat)).value;
    const got = acc.resultFor(book.find(cat)).value;
    assert.ok(expected !== null && got !== null && Math.abs(expected - got) < 1e-12, `category ${cat}`);
  }
});

test('pools units added in two accumulators to the same alpha as one', () => {
  const data = fromCoderRows('0 1 0 0 0 0 0 0 1 0', '1 1 1 0 0 1 0 0 0 0');
  const book = new Codebook();
  const whole = new AlphaAccumulator();
  const left = new AlphaAccumulator();
  const right = new AlphaAccumulator();
  data.forEach((row, i) => {
    const codes = row.map((r) => book.code(r ?? ''));
    whole.addUnit(codes);
    (i < 4 ? left : right).addUnit(codes);
  });
  left.merge(right);
  assert.deepEqual(left.result(), whole.result());
});
