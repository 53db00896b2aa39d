// The one tokenizer: Unicode word segments without whitespace, offsets in UTF-16.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../shared/tokenize.ts';

test('splits words, numbers and punctuation into tokens with exact UTF-16 offsets', () => {
  const text = 'Ada met Babbage, in 1843.';
  const toks = tokenize(text);
  assert.deepEqual(toks.map((t) => t.text), ['Ada', 'met', 'Babbage', ',', 'in', '1843', '.']);
  for (const t of toks) assert.equal(text.slice(t.start, t.end), t.text);
});

test('keeps an emoji ZWJ sequence and a flag as one token each', () => {
  const toks = tokenize('go 👨‍👩‍👧 🇫🇷 now');
  assert.deepEqual(toks.map((t) => t.text), ['go', '👨‍👩‍👧', '🇫🇷', 'now']);
});

test('never returns a token that contains whitespace, even a combining mark after a space', () => {
  for (const text of ['a \u0301b', 'a\uFEFFb', 'x\r\ny', 'e\u0301t\u00e9 \u05e9\u05dc\u05d5\u05dd', '東京 مرحبا']) {
    const toks = tokenize(text);
    assert.ok(toks.length > 0);
    for (const t of toks) {
      assert.doesNotMatch(t.text, /[\s\uFEFF]/u, JSON.stringify(t));
      assert.equal(text.slice(t.start, t.end), t.text);
    }
  }
});
