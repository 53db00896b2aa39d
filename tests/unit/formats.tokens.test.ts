// Stored token offsets: tokenOffsets() is exactly tokenize() (emoji, astral, CJK, combining marks,
// every kind of whitespace, random text), the bytes round-trip and bad bytes are refused, and the
// token writers give the same bytes and warnings from stored offsets as from segmenting the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, tokenizerId, TOKENIZER_REVISION } from '../../shared/tokenize.ts';
import { columnTokens, decodeTokenOffsets, encodeTokenOffsets, tagSentences, tokenOffsets, type TokenOffsets } from '../../shared/formats/tokens.ts';
import { createConllWriter } from '../../shared/formats/conll.ts';
import { createHfWriter, hfLabelNames } from '../../shared/formats/hf.ts';
import { TextView } from '../../shared/formats/common.ts';
import type { DocumentWriter, ExportWarning } from '../../shared/formats/types.ts';
import { corpusDocs, CORPUS_SCHEMA } from '../fixtures/export-corpus.ts';
import { HOSTILE, at, makeDoc, makeSet, span, type Item } from '../fixtures/formats-support.ts';
import { rng } from '../helpers/rng.ts';

const pairs = (o: TokenOffsets): Array<[number, number]> => Array.from({ length: o.length / 2 }, (_, i) => [o[2 * i] as number, o[2 * i + 1] as number]);
const live = (text: string): Array<[number, number]> => tokenize(text).map((t) => [t.start, t.end]);

const TEXTS = [
  '',
  ' \n\t ',
  'Ada met Babbage, in 1843.',
  HOSTILE,
  '👨‍👩‍👧 🇫🇷🇩🇪 😀😀😀 👍🏽 1️⃣ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀋 🏳️‍🌈 🧑🏿‍🤝‍🧑🏻',
  '我喜欢东京的天气。今天很好！日本語のテキストです。中华人民共和国成立了。한국어 문장도 있습니다.',
  'a \u0301b c\uFEFFd e\u2028F g\tH\u00a0I  J\u3000K x\u200by \u200d \ufeff',
  'مرحبا بالعالم. שלום עולם!\r\n\r\nZoe\u0301 e\u0301lodie',
  '\ud83d lone high, lone low \ude00, reversed \ude00\ud83d end',
  ...corpusDocs().map((d) => d.text),
];

/** Random text from pieces that stress segmentation: scripts, emoji parts, marks, spaces, surrogate halves. */
function randomText(seed: number): string {
  const pieces = ['a', 'Z', 'é', 'e\u0301', '1', '.', ',', '!', '?', '。', '！', ' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', '\u200d', '\u0301', '東', '京', '語', 'の', 'ア', '한', 'م', 'ש', '😀', '🏽', '🇫', '🇷', '1️⃣', '\ud83d', '\ude00', "'", '-', 'Über', 'don\'t', '3.14'];
  const rand = rng(seed);
  let s = '';
  const n = Math.floor(rand() * 80);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rand() * pieces.length)];
  return s;
}

test('tokenOffsets is exactly tokenize (and columnTokens) on emoji, astral, CJK, marks and whitespace', () => {
  for (const text of TEXTS) {
    const o = tokenOffsets(text);
    assert.deepEqual(pairs(o), live(text), JSON.stringify(text));
    assert.deepEqual(pairs(o), columnTokens(text).map((t) => [t.start, t.end]), JSON.stringify(text));
  }
  assert.ok(tokenOffsets(TEXTS[4] as string).length / 2 >= 9, 'each emoji sequence is one token');
});

test('tokenOffsets is exactly tokenize on 2,000 random texts', () => {
  for (let seed = 1; seed <= 2000; seed++) {
    const text = randomText(seed);
    assert.deepEqual(pairs(tokenOffsets(text)), live(text), JSON.stringify(text));
  }
});

test('stored bytes round-trip, also from an unaligned buffer', () => {
  for (const text of TEXTS) {
    const o = tokenOffsets(text);
    const bytes = encodeTokenOffsets(o);
    assert.equal(bytes.byteLength, o.length * 4);
    assert.deepEqual(pairs(decodeTokenOffsets(bytes, text.length) as TokenOffsets), pairs(o));
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    assert.deepEqual(pairs(decodeTokenOffsets(shifted.subarray(1), text.length) as TokenOffsets), pairs(o));
  }
  // Little-endian uint32, start then end: 'Ada met' is [0, 3, 4, 7].
  assert.deepEqual([...encodeTokenOffsets(tokenOffsets('Ada met'))], [0, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0]);
});

test('bytes that cannot be a tokenization of the text are refused', () => {
  const text = 'Ada met Babbage.';
  const good = encodeTokenOffsets(tokenOffsets(text));
  const u32 = (xs: number[]): Uint8Array => encodeTokenOffsets(new Uint32Array(xs));
  assert.equal(decodeTokenOffsets(good.subarray(0, good.byteLength - 3), text.length), undefined, 'truncated');
  assert.equal(decodeTokenOffsets(good.subarray(0, good.byteLength - 4), text.length), undefined, 'half a pair');
  assert.equal(decodeTokenOffsets(good, 10), undefined, 'past the end of a shorter text');
  assert.equal(decodeTokenOffsets(u32([4, 7, 0, 3]), text.length), undefined, 'out of order');
  assert.equal(decodeTokenOffsets(u32([0, 5, 4, 7]), text.length), undefined, 'overlapping');
  assert.equal(decodeTokenOffsets(u32([3, 3]), text.length), undefined, 'empty token');
  assert.deepEqual(pairs(decodeTokenOffsets(new Uint8Array(0), 0) as TokenOffsets), [], 'a text without tokens');
});

test('the tokenizer id names the rule revision and the ICU and Unicode data', () => {
  const id = tokenizerId();
  assert.ok(id.includes(`/${TOKENIZER_REVISION} `), id);
  assert.ok(id.includes(`icu/${process.versions.icu}`), id);
  assert.ok(id.includes(`unicode/${process.versions.unicode}`), id);
});

/** Every corpus document with its gold spans (aligned, misaligned, overlapping, labels with spaces). */
function corpusItems(): Item[] {
  return corpusDocs().map((d, n) => {
    const id = `d${n}`;
    const spans = d.gold.map(([quote, label, nth], i) => span(`s${i}`, at(d.text, quote, nth ?? 0), label));
    return { doc: makeDoc(id, d.text), sets: [makeSet(id, 'gold', spans), makeSet(id, 'ann', spans.slice(1).reverse())] };
  });
}

function both(make: () => DocumentWriter, items: Item[]): { live: string; stored: string; liveWarnings: ExportWarning[]; storedWarnings: ExportWarning[] } {
  const a = make();
  const b = make();
  const live = a.header() + items.map((i) => a.document(i.doc, i.sets)).join('') + a.footer();
  const stored = b.header() + items.map((i) => b.document(i.doc, i.sets, decodeTokenOffsets(encodeTokenOffsets(tokenOffsets(i.doc.text)), i.doc.text.length))).join('') + b.footer();
  return { live, stored, liveWarnings: [...a.warnings], storedWarnings: [...b.warnings] };
}

test('CoNLL and Hugging Face write the same bytes and warnings from stored offsets as from the text', () => {
  const items = corpusItems();
  const writers: Array<[string, () => DocumentWriter]> = [
    ['conll iob2', () => createConllWriter()],
    ['conll bilou comments', () => createConllWriter({ scheme: 'bilou', comments: true })],
    ['conll 2 columns, tab, lines', () => createConllWriter({ columns: 2, separator: '\t', sentences: 'lines' })],
    ['hf strings', () => createHfWriter()],
    ['hf bilou ids', () => createHfWriter({ scheme: 'bilou', tags: 'ids', labelNames: hfLabelNames(CORPUS_SCHEMA, 'bilou') })],
  ];
  for (const [name, make] of writers) {
    const r = both(make, items);
    assert.equal(r.stored, r.live, name);
    assert.deepEqual(r.storedWarnings, r.liveWarnings, name);
    assert.ok(r.live.length > 1000, name);
  }
});

test('tagSentences gives the same sentences from stored offsets, and never splits inside an entity', () => {
  const text = 'Dr. Smith went to Washington. He met Über staff! Did it work?\nYes.';
  const set = makeSet('d', 'gold', [span('a', at(text, 'Washington. He'), 'MISC'), span('b', at(text, 'Smith'), 'PER')]);
  const view = new TextView(text);
  const fromText = tagSentences(view, 'd', set, 'iob2', 'punctuation', []);
  const fromStored = tagSentences(view, 'd', set, 'iob2', 'punctuation', [], tokenOffsets(text));
  assert.deepEqual(fromStored, fromText);
  assert.deepEqual(
    fromText.map((s) => s.map((t) => t.text).join(' ')),
    ['Dr .', 'Smith went to Washington . He met Über staff !', 'Did it work ?', 'Yes .'],
  );
  assert.deepEqual(fromText[1]?.slice(3, 6).map((t) => t.tag), ['B-MISC', 'I-MISC', 'I-MISC']);
});
