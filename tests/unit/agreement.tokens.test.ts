// Token-level labelling for agreement: UTF-16 offsets over emoji, CJK and combining marks; nesting and tie rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asSpanId } from '../../shared/ids.ts';
import { tokenize } from '../../shared/tokenize.ts';
import {
  createTokenCache,
  labelTokens,
  OUTSIDE,
  tokenLabelMatrix,
  tokenOffsets,
  type SpanLike,
} from '../../shared/agreement/index.ts';

/** The span over the first occurrence of `needle` (UTF-16 offsets, like the editor's). */
function over(text: string, needle: string, label: string): SpanLike {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${needle} in text`);
  return { start, end: start + needle.length, label };
}
const set = (annotator: string, spans: SpanLike[]) => ({
  annotator,
  spans: spans.map((s, i) => ({ id: asSpanId(`${annotator}${i}`), ...s })),
});

const TEXT = 'Cafe\u0301 👩‍👩‍👧 met 東京大学 in 🇯🇵, naïve!';

test('labels tokens by UTF-16 offsets across combining marks, emoji sequences, flags and CJK', () => {
  const { tokens, annotators, matrix } = tokenLabelMatrix(TEXT, [
    set('ana', [over(TEXT, 'Cafe\u0301', 'PER'), over(TEXT, '👩‍👩‍👧', 'MISC'), over(TEXT, '東京大学', 'ORG')]),
    set('ben', [over(TEXT, '🇯🇵', 'LOC'), over(TEXT, '東京', 'LOC')]),
  ]);
  assert.deepEqual(annotators, ['ana', 'ben']);
  const byText = new Map(tokens.map((t, i) => [t.text, matrix[i]]));
  assert.deepEqual(byText.get('Cafe\u0301'), ['PER', OUTSIDE]); // e + U+0301 is one token, 5 code units
  assert.deepEqual(byText.get('👩‍👩‍👧'), ['MISC', OUTSIDE]); // a ZWJ sequence is one token, 8 code units
  assert.deepEqual(byText.get('🇯🇵'), [OUTSIDE, 'LOC']);
  assert.deepEqual(byText.get('met'), [OUTSIDE, OUTSIDE]);
  assert.deepEqual(byText.get(','), [OUTSIDE, OUTSIDE]);
  // However ICU splits the CJK run, every token in it is ORG for ana; ben's LOC covers 東京's tokens only.
  const cjk = tokens.map((t, i) => ({ t, row: matrix[i] })).filter(({ t }) => t.start >= TEXT.indexOf('東京大学') && t.end <= TEXT.indexOf(' in'));
  assert.ok(cjk.length >= 1);
  for (const { t, row } of cjk) {
    assert.equal(row?.[0], 'ORG');
    assert.equal(row?.[1], t.end <= TEXT.indexOf('大学') ? 'LOC' : OUTSIDE);
  }
  assert.equal(matrix.length, tokenize(TEXT).length);
});

test('gives a token the label of a span that covers only part of it', () => {
  const { tokens, matrix } = tokenLabelMatrix(TEXT, [set('ana', [{ start: TEXT.indexOf('naïve') + 2, end: TEXT.indexOf('naïve') + 3, label: 'X' }])]);
  const i = tokens.findIndex((t) => t.text === 'naïve');
  assert.deepEqual(matrix[i], ['X']);
  assert.deepEqual(matrix[i + 1], [OUTSIDE]); // '!' is not touched
});

test('gives nested tokens the innermost (shortest) span label', () => {
  const text = 'She studied at New York University today.';
  const { tokens, matrix } = tokenLabelMatrix(text, [
    set('ana', [over(text, 'New York University', 'ORG'), over(text, 'New York', 'LOC')]),
  ]);
  const label = (w: string): string | null | undefined => matrix[tokens.findIndex((t) => t.text === w)]?.[0];
  assert.equal(label('New'), 'LOC');
  assert.equal(label('York'), 'LOC');
  assert.equal(label('University'), 'ORG');
  assert.equal(label('today'), OUTSIDE);
});

test('breaks ties between equally short spans by earlier start, then by label order', () => {
  const text = 'aa bb cc';
  const { matrix } = tokenLabelMatrix(text, [
    set('ana', [over(text, 'bb cc', 'Y'), over(text, 'aa bb', 'X')]),
    set('ben', [over(text, 'bb', 'Z'), over(text, 'bb', 'A')]),
  ]);
  assert.deepEqual(matrix, [
    ['X', OUTSIDE],
    ['X', 'A'],
    ['Y', OUTSIDE],
  ]);
});

test('labels the same whatever order the spans come in, and ignores empty spans', () => {
  const text = 'New York University is in New York.';
  const spans = [over(text, 'New York University', 'ORG'), over(text, 'New York', 'LOC'), { start: 4, end: 4, label: 'BAD' }, { start: 26, end: 34, label: 'LOC' }];
  const tokens = tokenOffsets(text);
  const codes = new Map([['ORG', 1], ['LOC', 2], ['BAD', 3]]);
  const codeOf = (l: string): number => codes.get(l) ?? 9;
  const forward = labelTokens(tokens, spans, codeOf);
  const backward = labelTokens(tokens, [...spans].reverse(), codeOf);
  assert.deepEqual([...forward], [...backward]);
  assert.deepEqual([...forward], [2, 2, 1, 0, 0, 2, 2, 0]);
});

test('caches token offsets by text and evicts the least recently used beyond its size', () => {
  const tokensOf = createTokenCache(2);
  const a = tokensOf('one two');
  assert.equal(tokensOf('one two'), a);
  assert.equal(a.count, 2);
  tokensOf('three');
  tokensOf('one two'); // refresh: 'three' is now the oldest
  tokensOf('four five');
  assert.equal(tokensOf('one two'), a);
  assert.deepEqual([...a.starts], [0, 4]);
  assert.deepEqual([...a.ends], [3, 7]);
});
