// The project report: hand-checked span figures, and token figures equal to the generic coefficients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FinishedSet } from '../../shared/domain.ts';
import { asDocumentId, asSpanId } from '../../shared/ids.ts';
import {
  agreementReport,
  cohenKappa,
  createTokenCache,
  fleissKappa,
  krippendorffAlpha,
  METRIC_DEFINITIONS,
  oneVsRest,
  tokenLabelMatrix,
  type Rating,
  type ReportDocument,
} from '../../shared/agreement/index.ts';

const round3 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);

function set(annotator: string, text: string, spans: [string, string][], topic?: string): FinishedSet {
  return {
    documentId: asDocumentId('d'),
    annotator,
    version: 1,
    submittedBy: annotator,
    submittedAt: 0,
    spans: spans.map(([word, label], i) => {
      const start = text.indexOf(word);
      return { id: asSpanId(`${annotator}${i}`), start, end: start + word.length, label };
    }),
    relations: [],
    docLabels: topic ? { topic: [topic] } : {},
  };
}

const T1 = 'Alice met Bob in Paris.';
const T2 = 'Acme hired Carol.';
const DOCS: ReportDocument[] = [
  {
    id: 'd1',
    text: T1,
    sets: [
      set('ben', T1, [['Alice', 'PER'], ['Bob', 'ORG'], ['Paris', 'LOC']], 'news'),
      set('ana', T1, [['Alice', 'PER'], ['Bob', 'PER'], ['Paris', 'LOC']], 'news'),
      set('cho', T1, [['Alice', 'PER'], ['Paris', 'LOC']], 'news'),
      set('gold', T1, [['Alice', 'PER'], ['Bob', 'PER'], ['Paris', 'LOC']]),
    ],
  },
  {
    id: 'd2',
    text: T2,
    sets: [set('ana', T2, [['Acme', 'ORG'], ['Carol', 'PER']], 'business'), set('ben', T2, [['Acme', 'ORG'], ['Carol', 'PER']], 'news')],
  },
];

test('counts documents, tokens, labels and spans per annotator', () => {
  const r = agreementReport(DOCS);
  assert.equal(r.documents, 2);
  assert.equal(r.comparedDocuments, 2);
  assert.deepEqual(r.annotators, ['ana', 'ben', 'cho']);
  assert.deepEqual(r.labels, ['LOC', 'ORG', 'PER']);
  assert.equal(r.tokens, 6 + 4);
  assert.deepEqual(r.spansPerAnnotator, { ana: 5, ben: 5, cho: 2, gold: 3 });
  assert.deepEqual(r.labelDistribution.ben, { LOC: 1, ORG: 2, PER: 2 });
});

test('micro-averages pairwise span F1 over the documents both annotators did', () => {
  const r = agreementReport(DOCS);
  const pair = (a: string, b: string) => r.spanF1.pairs.find((p) => p.a === a && p.b === b);
  // ana–ben: Alice, Paris, Acme, Carol match; Bob differs in label: tp 4, fp 1, fn 1.
  assert.deepEqual(pair('ana', 'ben')?.exact, { tp: 4, fp: 1, fn: 1, precision: 0.8, recall: 0.8, f1: 0.8 });
  assert.equal(pair('ana', 'ben')?.documents, 2);
  // ana–cho share d1 only: cho lacks Bob: P = 1, R = 2/3, F1 = 0.8.
  assert.equal(pair('ana', 'cho')?.documents, 1);
  assert.equal(round3(pair('ana', 'cho')?.exact.recall), 0.667);
  assert.equal(pair('ana', 'cho')?.exact.f1, 0.8);
  assert.deepEqual(r.spanF1.matrix.exact, [
    [null, 0.8, 0.8],
    [0.8, null, 0.8],
    [0.8, 0.8, null],
  ]);
});

test('scores each annotator against gold, found among the sets by its name', () => {
  const r = agreementReport(DOCS);
  const vs = Object.fromEntries(r.spanF1.vsGold.map((g) => [g.annotator, g.exact]));
  assert.equal(vs.ana?.f1, 1);
  assert.equal(round3(vs.ben?.f1), 0.667);
  assert.equal(vs.cho?.precision, 1);
  assert.equal(round3(vs.cho?.recall), 0.667);
  assert.deepEqual(
    r.perLabel.find((l) => l.label === 'ORG')?.vsGold.map((g) => [g.annotator, g.exact.tp, g.exact.fp, g.exact.fn]),
    [['ana', 0, 0, 0], ['ben', 0, 1, 0], ['cho', 0, 0, 0]],
  );
  assert.deepEqual(
    r.perDocument.map((d) => d.hasGold),
    [true, false],
  );
});

/** The token matrix of both documents with columns ana, ben, cho (null where cho did not annotate). */
function pooledTokenMatrix(): Rating[][] {
  const [d1, d2] = DOCS;
  const m1 = tokenLabelMatrix(T1, ['ana', 'ben', 'cho'].map((a) => d1?.sets.find((s) => s.annotator === a) as FinishedSet)).matrix;
  const m2 = tokenLabelMatrix(T2, ['ana', 'ben'].map((a) => d2?.sets.find((s) => s.annotator === a) as FinishedSet)).matrix;
  return [...m1, ...m2.map((row) => [...row, null])];
}

test('pools token-level kappa and alpha over documents exactly as the generic coefficients compute them', () => {
  const r = agreementReport(DOCS);
  const m = pooledTokenMatrix();
  const anaBen = r.tokenAgreement.cohen.find((p) => p.a === 'ana' && p.b === 'ben');
  assert.equal(anaBen?.kappa.items, 10);
  // By hand: 9 of 10 tokens agree; marginals PER 3/2, O 5/5, LOC 1/1, ORG 1/2: pe = 0.34, κ = 0.56 / 0.66.
  assert.equal(round3(anaBen?.kappa.value), 0.848);
  assert.equal(round3(anaBen?.kappa.value), round3(cohenKappa(m, 0, 1).value));
  assert.equal(round3(r.tokenAgreement.alpha.value), round3(krippendorffAlpha(m).value));
  // Fleiss: d1's six tokens carry three ratings, d2's four carry two; the larger group is used.
  assert.equal(r.tokenAgreement.fleiss.items, 6);
  assert.equal(r.tokenAgreement.fleiss.excludedItems, 4);
  assert.equal(round3(r.tokenAgreement.fleiss.value), round3(fleissKappa(m.slice(0, 6)).value));
});

test('reads per-label token agreement as the one-vs-rest recoding of the token matrix', () => {
  const r = agreementReport(DOCS);
  const m = pooledTokenMatrix();
  for (const label of ['PER', 'ORG', 'LOC']) {
    const binary = oneVsRest(m, label);
    const figures = r.perLabel.find((l) => l.label === label)?.tokens;
    assert.equal(round3(figures?.alpha.value), round3(krippendorffAlpha(binary).value), label);
    assert.equal(round3(figures?.cohen[0]?.kappa.value), round3(cohenKappa(binary, 0, 1).value), label);
  }
});

test('reports per-document figures and document label agreement', () => {
  const r = agreementReport(DOCS);
  const d1 = r.perDocument[0];
  assert.deepEqual(d1?.annotators, ['ana', 'ben', 'cho']);
  assert.equal(d1?.tokens, 6);
  assert.deepEqual(d1?.spans, { ana: 3, ben: 3, cho: 2 });
  assert.equal(round3(d1?.pairs.find((p) => p.a === 'ana' && p.b === 'ben')?.exact.f1), 0.667);
  const topic = r.docLabels.find((f) => f.name === 'topic');
  assert.equal(topic?.items, 2);
  assert.equal(topic?.cohen.find((p) => p.a === 'ana' && p.b === 'ben')?.kappa.observed, 0.5);
  assert.deepEqual(agreementReport(DOCS, { perDocument: false }).perDocument, []);
});

test('produces plain JSON: no NaN, no undefined, the same after a round trip', () => {
  const r = agreementReport([...DOCS, { id: 'empty', text: '', sets: [] }]);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test('gives the same report with a token cache as without', () => {
  const tokens = createTokenCache();
  assert.deepEqual(agreementReport(DOCS, { tokens }), agreementReport(DOCS));
  assert.deepEqual(agreementReport(DOCS, { tokens }), agreementReport(DOCS));
});

test('defines every metric in plain words, with the tokenisation it uses', () => {
  for (const [id, d] of Object.entries(METRIC_DEFINITIONS)) {
    assert.ok(d.name.length > 0 && d.definition.length > 40 && d.tokenisation.length > 0, id);
  }
  assert.match(METRIC_DEFINITIONS.krippendorffAlpha.tokenisation, /shortest/);
  assert.match(METRIC_DEFINITIONS.disagreements.definition, /missing.*label.*boundary/s);
});

test('matches the generic coefficients on random multi-word spans, where runs of equal tokens are long', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
  const docs: ReportDocument[] = [];
  const matrix: Rating[][] = [];
  for (let d = 0; d < 20; d++) {
    const text = Array.from({ length: 40 }, () => words[rand(words.length)]).join(' ');
    const who = ['ana', 'ben', 'cho'].filter((_, i) => i < 2 || d % 3 !== 0);
    const sets = who.map((annotator) => {
      const spans = Array.from({ length: 6 }, (_, i) => {
        const start = i * 35 + rand(10);
        return { id: asSpanId(`${annotator}${i}`), start, end: start + 5 + rand(25), label: ['A', 'B', 'C'][rand(3)] ?? 'A' };
      });
      return { ...set(annotator, text, []), spans };
    });
    docs.push({ id: `r${d}`, text, sets });
    const m = tokenLabelMatrix(text, sets).matrix;
    matrix.push(...m.map((row) => [row[0] ?? null, row[1] ?? null, row[2] ?? null]));
  }
  const r = agreementReport(docs);
  const close = (x: number | null | undefined, y: number | null): boolean => x !== null && x !== undefined && y !== null && Math.abs(x - y) < 1e-9;
  assert.ok(close(r.tokenAgreement.alpha.value, krippendorffAlpha(matrix).value));
  assert.ok(close(r.tokenAgreement.cohen.find((p) => p.b === 'cho')?.kappa.value, cohenKappa(matrix, 0, 2).value));
  assert.ok(close(r.tokenAgreement.fleiss.value, fleissKappa(matrix).value));
  assert.equal(r.tokenAgreement.fleiss.excludedItems, fleissKappa(matrix).excludedItems);
  for (const label of ['A', 'B', 'C']) {
    const per = r.perLabel.find((l) => l.label === label)?.tokens;
    assert.ok(close(per?.alpha.value, krippendorffAlpha(oneVsRest(matrix, label)).value), label);
    assert.ok(close(per?.fleiss.value, fleissKappa(oneVsRest(matrix, label)).value), label);
  }
});
