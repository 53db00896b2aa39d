// W3C Web Annotation conformance: our export is validated against every MUST assertion of the W3C
// test suite (JSON Schemas, draft-04, run with Ajv after a mechanical upgrade), and the validator
// itself is proven on the suite's correct and incorrect samples. Also the INCEpTION/Recogito import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import AjvModule from 'ajv';
import { createW3cWriter, QUOTE_CONTEXT } from '../../shared/formats/w3c.ts';
import { readW3c } from '../../shared/formats/w3c-read.ts';
import { FormatError } from '../../shared/formats/types.ts';
import { fixturePath, fixtureText, HOSTILE, hostileItem, plainItem, run, toItems } from '../fixtures/formats-support.ts';

type Json = Record<string, unknown>;
const SUITE = 'w3c-annotation-tests/';

/** draft-04 → draft-07: drop `$schema`, root `id` → `$id`, boolean exclusiveMinimum → numeric. */
function upgrade(node: unknown, root = true): unknown {
  if (Array.isArray(node)) return node.map((n) => upgrade(n, false));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === '$schema') continue;
    if (k === 'id' && root) out.$id = v;
    else out[k] = upgrade(v, false);
  }
  if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  }
  return out;
}

const Ajv = AjvModule.default;
const ajv = new Ajv({ strict: false, allErrors: false });
// The suite needs the two draft-04 formats it uses: an absolute URI, and an RFC 3339 date-time.
ajv.addFormat('uri', /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
for (const f of readdirSync(fixturePath(`${SUITE}definitions`))) {
  if (f.endsWith('.json')) ajv.addSchema(upgrade(JSON.parse(fixtureText(`${SUITE}definitions/${f}`))) as Json);
}
const musts = (JSON.parse(fixtureText(`${SUITE}annotations/annotationMusts.test`)) as { assertions: string[] }).assertions;
const validators = musts.map((path) => {
  const schema = upgrade(JSON.parse(fixtureText(`${SUITE}${path}`))) as Json;
  return { path, expectValid: schema.expectedResult !== 'invalid', validate: ajv.compile(schema) };
});

/** The MUST assertions an annotation fails (each assertion says whether valid is the pass). */
function failedMusts(annotation: unknown): string[] {
  return validators.filter((v) => v.validate(annotation) !== v.expectValid).map((v) => v.path);
}

/** Every annotation in the sample files: stand-alone ones, and the items of pages and collections (which inherit the @context). */
function samples(kind: 'correct' | 'incorrect'): Array<[string, unknown]> {
  return readdirSync(fixturePath(`${SUITE}tools/samples/${kind}`))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f): Array<[string, unknown]> => {
      const text = fixtureText(`${SUITE}tools/samples/${kind}/${f}`);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return [[f, text]]; // some incorrect samples are not JSON at all
      }
      const v = value as Json;
      const page = v.type === 'AnnotationPage' ? v : v.type === 'AnnotationCollection' ? v.first : undefined;
      if (page === undefined) return [[f, value]];
      const items = typeof page === 'object' && page !== null ? ((page as Json).items as Json[]) : [];
      return items.map((a): [string, unknown] => [`${f}#${String(a.id)}`, { '@context': v['@context'], ...a }]);
    });
}

test('the validator has every MUST assertion of the suite compiled', () => {
  assert.equal(validators.length, 54);
});

test("the validator passes the suite's 80 correct annotations and fails only the three Choice/Set targets it documents", () => {
  const correct = samples('correct');
  assert.equal(correct.length, 86, '41 files, 41 collection items, 4 page items');
  const failing = correct.filter(([, a]) => failedMusts(a).length > 0);
  assert.deepEqual(failing.map(([f]) => f).sort(), [
    'anno11.json',
    'anno12.json',
    'anno13.json',
    'collection1.json#http://example.org/anno11',
    'collection1.json#http://example.org/anno12',
    'collection1.json#http://example.org/anno13',
  ]);
  for (const [, a] of failing) assert.deepEqual(failedMusts(a), ['annotations/3.2-targetObjectsRecognized.json']);
});

test("the validator fails every one of the suite's incorrect samples", () => {
  const incorrect = samples('incorrect');
  assert.equal(incorrect.length, 39);
  const passing = incorrect.filter(([, a]) => failedMusts(a).length === 0).map(([f]) => f);
  assert.deepEqual(passing, []);
});

const exported = JSON.parse(run(createW3cWriter(), [hostileItem(), plainItem()])) as { type: string; total: number; first: { type: string; items: Json[] } };

test('every annotation of our W3C export passes every MUST assertion', () => {
  assert.ok(exported.first.items.length > 10);
  for (const item of exported.first.items) assert.deepEqual(failedMusts(item), [], String(item.id));
});

test('the export is one AnnotationCollection whose first page holds every annotation and says how many', () => {
  assert.equal(exported.type, 'AnnotationCollection');
  assert.equal(exported.first.type, 'AnnotationPage');
  assert.equal(exported.total, exported.first.items.length);
  const motivations = exported.first.items.map((a) => a.motivation);
  assert.deepEqual([...new Set(motivations)].sort(), ['classifying', 'linking', 'tagging']);
});

test('position selectors count code points and quote selectors carry 32 code points of context', () => {
  const item = exported.first.items.find((a) => JSON.stringify(a.body).includes('"GREETING"')) as { target: { selector: Json[] } };
  const [quote, position] = item.target.selector as [Json, Json];
  const cps = Array.from(HOSTILE);
  const start = cps.indexOf('م');
  assert.deepEqual([position.start, position.end], [start, start + 5]);
  assert.equal(quote.exact, 'مرحبا');
  assert.equal(quote.prefix, cps.slice(start - QUOTE_CONTEXT, start).join(''));
  assert.equal(quote.suffix, cps.slice(start + 5, start + 5 + QUOTE_CONTEXT).join(''));
  const first = exported.first.items.find((a) => JSON.stringify(a.body).includes('"FLAG"')) as { target: { selector: Json[] } };
  const q = first.target.selector[0] as Json;
  assert.equal(q.prefix, HOSTILE.slice(0, HOSTILE.indexOf('🇫🇷')), 'all of the text before the flag: fewer than 32 code points');
  assert.equal(Array.from(q.suffix as string).length, QUOTE_CONTEXT);
});

test('a relation links the two span annotations by their ids, from then to', () => {
  const ids = new Map(exported.first.items.map((a) => [a.id, a]));
  const link = exported.first.items.find((a) => a.motivation === 'linking' && JSON.stringify(a.body).includes('lives_in')) as { target: string[] };
  const [from, to] = link.target.map((id) => JSON.stringify((ids.get(id) as Json).body));
  assert.match(from ?? '', /"PER"/);
  assert.match(to ?? '', /"LOC"/);
});

const INCEPTION = 'inception/recogito-annotations.w3c.json';
const odyssey = fixtureText('inception/recogito-content.txt');
const inceptionText = fixtureText(INCEPTION);

test('the INCEpTION fixture fails the MUSTs its README names: relative ids and targets without a source', () => {
  const failed = new Set((JSON.parse(inceptionText) as Json[]).flatMap((a) => failedMusts(a)));
  assert.ok(failed.has('annotations/3.1-annotationIdValidated.json'));
  assert.ok(failed.has('annotations/3.2-targetObjectsRecognized.json'));
});

test('importing the INCEpTION fixture reports its Ithaca quote mismatch at the line of that annotation', () => {
  const lines = inceptionText.split('\n');
  const idLine = lines.findIndex((l) => l.includes('#d7197c87'));
  const line = lines.slice(0, idLine).findLastIndex((l) => l.trimEnd().endsWith('{')) + 1; // where that object starts
  assert.throws(
    () => readW3c(inceptionText, { textOf: () => odyssey }),
    (e: unknown) => e instanceof FormatError && e.line === line && /Ithaca;.*Ithaca/.test(e.reason),
  );
});

test('importing the INCEpTION fixture re-anchored on quotes keeps its tags, comments and relation', () => {
  const { documents, warnings } = readW3c(inceptionText, { textOf: () => odyssey, onMismatch: 'quote' });
  const doc = documents[0];
  assert.ok(doc !== undefined);
  const view = doc.spans.map((s) => [odyssey.slice(s.start, s.end), s.label, s.note ?? '']);
  assert.deepEqual(view, [
    ['Troy', 'A Tag', 'This is a comment'],
    ['Troy', 'Another Tag', ''],
    ['death in battle', 'untagged', 'Another comment'],
    ['Ithaca', 'untagged', 'Comment...'],
  ]);
  assert.deepEqual(doc.relations.map((r) => [doc.spans[r.fromIndex]?.label, doc.spans[r.toIndex]?.note, r.type]), [['A Tag', 'Another comment', 'isRelatedTo']]);
  assert.ok(warnings.some((w) => /re-anchored/.test(w.message)));
});

test('re-exporting the INCEpTION annotations as W3C gives the same quotes, tags, comments and link', () => {
  const doc = readW3c(inceptionText, { textOf: () => odyssey, onMismatch: 'quote' }).documents;
  const again = JSON.parse(run(createW3cWriter(), toItems(doc))) as { first: { items: Json[] } };
  const describe = (a: Json): string => {
    const bodies = (Array.isArray(a.body) ? a.body : [a.body]) as Json[];
    const sel = ((a.target as Json).selector as Json[]).find((s) => s.type === 'TextQuoteSelector') as Json;
    return `${String(sel.exact)} | ${bodies.map((b) => `${String(b.purpose ?? 'commenting')}:${String(b.value)}`).sort().join(', ')}`;
  };
  const original = (JSON.parse(inceptionText) as Json[]).filter((a) => a.motivation !== 'linking').map(describe);
  // Ours: one annotation per span, so Troy's two tags come as two annotations; `untagged` is ours.
  const ours = again.first.items.filter((a) => a.motivation === 'tagging').map(describe);
  assert.deepEqual(ours, [
    'Troy | commenting:This is a comment, tagging:A Tag',
    'Troy | tagging:Another Tag',
    'death in battle | commenting:Another comment, tagging:untagged',
    'Ithaca | commenting:Comment..., tagging:untagged',
  ]);
  assert.deepEqual(original, ['Troy | commenting:This is a comment, tagging:A Tag, tagging:Another Tag', 'death in battle | commenting:Another comment', 'Ithaca | commenting:Comment...']);
  assert.equal(again.first.items.filter((a) => a.motivation === 'linking').length, 1);
  for (const a of again.first.items) assert.deepEqual(failedMusts(a), [], 'what we write back is conformant, unlike the input');
});
