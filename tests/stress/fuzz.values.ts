// Seeded generators for the frame fuzzer: invalid layer values (every field of a span, relation
// and document label wrong in every way the validator must catch) and byte mutations.
import * as Y from 'yjs';

type R = () => number;
export const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: R, n: number): number => Math.floor(r() * n);

export function randomBytes(r: R, max: number): Uint8Array {
  const b = new Uint8Array(int(r, max + 1));
  for (let i = 0; i < b.length; i++) b[i] = int(r, 256);
  return b;
}

/** Flips, overwrites, inserts, deletes or duplicates bytes; never returns the input unchanged. */
export function mutate(r: R, input: Uint8Array): Uint8Array {
  const b = [...input];
  const n = 1 + int(r, 4);
  for (let k = 0; k < n; k++) {
    const at = int(r, b.length + 1);
    const op = int(r, 6);
    if (op === 0 && b.length > 0) b[at % b.length]! ^= 1 << int(r, 8);
    else if (op === 1 && b.length > 0) b[at % b.length] = pick(r, [0, 1, 0x7f, 0x80, 0xff, int(r, 256)]);
    else if (op === 2) b.splice(at, 0, ...randomBytes(r, 8));
    else if (op === 3) b.splice(at, 1 + int(r, 8));
    else if (op === 4) b.splice(at, 0, ...b.slice(at, at + 1 + int(r, 16)));
    else b.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
  }
  const out = Uint8Array.from(b);
  if (out.length === input.length && out.every((x, i) => x === input[i])) out[0] = (out[0] ?? 0) ^ 0x40;
  return out;
}

const WEIRD: readonly unknown[] = [
  null, undefined, true, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, '', 'x'.repeat(5000), '<script>alert(1)</script>',
  [], [1, 2], {}, { nested: { deep: [1, { x: 2 }] } }, 10n, '\u0000', '\ud800',
];

export interface ValueCtx {
  author: string;
  otherAuthor: string;
  textLength: number;
}

/** A span that breaks exactly one rule (or several), each a case checkSpan must refuse. */
export function invalidSpan(r: R, c: ValueCtx): unknown {
  const good: Record<string, unknown> = { start: 0, end: 3, label: 'PERSON', author: c.author, at: 1 };
  const field = pick(r, ['start', 'end', 'label', 'author', 'at', 'note', 'attrs', 'extra', 'whole', 'order', 'range', 'proto']);
  if (field === 'whole') return pick(r, WEIRD.filter((w) => typeof w !== 'object' || w === null || Array.isArray(w)));
  if (field === 'extra') return { ...good, [pick(r, ['evil', 'hasOwnProperty', 'toString', 'x'.repeat(100)])]: 1 };
  if (field === 'order') return { ...good, start: 5, end: pick(r, [5, 4, 0]) };
  if (field === 'range') return { ...good, start: pick(r, [-1, c.textLength, c.textLength + 5]), end: c.textLength + 10 };
  if (field === 'proto') return JSON.parse(`{"__proto__": ${JSON.stringify(good)}}`) as unknown;
  if (field === 'author') return { ...good, author: pick(r, [c.otherAuthor, '', 7, null, 'x'.repeat(65)]) };
  if (field === 'label') return { ...good, label: pick(r, ['ALIEN', '', 'person', 'x'.repeat(65), 3, null, ['PERSON']]) };
  if (field === 'note') return { ...good, note: pick(r, ['x'.repeat(2001), 5, null, { a: 1 }]) };
  if (field === 'attrs') return { ...good, attrs: pick(r, [[], 'a', { k: { nested: 1 } }, Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`a${i}`, 1])), { ['k'.repeat(65)]: 1 }, { k: 'v'.repeat(2001) }]) };
  const bad = pick(r, WEIRD.filter((w) => typeof w !== 'number' || (field === 'at' ? !Number.isFinite(w) : !Number.isSafeInteger(w))));
  return { ...good, [field]: bad };
}

/** `a` and `b` are spans that exist in the layer. */
export function invalidRelation(r: R, c: ValueCtx, a: string, b: string): unknown {
  const good: Record<string, unknown> = { from: a, to: b, type: 'works_for', author: c.author, at: 1 };
  return pick(r, [
    { ...good, to: a }, // from === to
    { ...good, to: 'missing-span' },
    { ...good, type: 'loves' },
    { ...good, from: 7 },
    { ...good, extra: 1 },
    { ...good, author: c.otherAuthor },
    { ...good, at: 'yesterday' },
    [a, b],
  ]);
}

export function invalidDocLabel(r: R): [string, unknown] {
  return pick(r, [
    ['topic', ['politics', 'sport']], // single choice
    ['topic', ['weather']],
    ['nope', ['politics']],
    ['topic', 'politics'],
    ['topic', ['politics', 'politics']],
    ['topic', [1]],
    ['topic', Array.from({ length: 257 }, (_, i) => `v${i}`)],
  ] as Array<[string, unknown]>);
}

/** Writes a structure the layer shape forbids: nested types, binary, other roots, bad keys. */
export function badShape(r: R, doc: Y.Doc, author: string): void {
  const spans = doc.getMap('spans');
  const k = int(r, 8);
  if (k === 0) spans.set('nested', new Y.Map());
  else if (k === 1) spans.set('bin', new Uint8Array([1, 2, 3]));
  else if (k === 2) doc.getText('evil').insert(0, 'x');
  else if (k === 3) doc.getArray('spans2').push([1]);
  else if (k === 4) spans.set(pick(r, ['bad key', 'k'.repeat(65), 'ключ', '', '../x']), { start: 0, end: 3, label: 'PERSON', author, at: 1 });
  else if (k === 5) doc.getMap('relations').set('t', new Y.Text('x'));
  else if (k === 6) doc.getXmlFragment('xml').insert(0, [new Y.XmlText('x')]);
  else spans.set('many', new Y.Array());
}
