// The project agreement report: span F1, token-level kappa/alpha, per label and per document, in one pass.
// Each document is tokenised once; per-token work runs on Int32Array label rows and pooled per-category sums.
import type { FinishedSet } from '../domain.ts';
import { AlphaAccumulator } from './alpha.ts';
import { Codebook, Tally } from './coding.ts';
import { CohenAccumulator, type KappaResult, type PairKappa } from './cohen.ts';
import { docLabelAgreement, type DocLabelRaters } from './doc-labels.ts';
import { FleissAccumulator } from './fleiss.ts';
import { MatchSums } from './match-sums.ts';
import { PreparedSpans } from './prepared-spans.ts';
import { MatchMode } from './span-f1.ts';
import { DocumentTokenSums } from './token-sums.ts';
import { labelTokens, tokenOffsets } from './token-labels.ts';
import type {
  DocumentFigures,
  GoldSpanScores,
  LabelFigures,
  PairSpanScores,
  ProjectReport,
  ReportDocument,
  ReportOptions,
} from './report-types.ts';

interface PairState {
  a: string;
  b: string;
  spans: MatchSums;
  tokens: CohenAccumulator;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Computes the project report from documents with their finished sets (see report-types.ts for the shape). */
export function agreementReport(documents: Iterable<ReportDocument>, options: ReportOptions = {}): ProjectReport {
  const goldName = options.goldName ?? 'gold';
  const tokensOf = options.tokens ?? tokenOffsets;
  const keepDocs = options.perDocument ?? true;
  // Code 0 is 'no span' (labelTokens' OUTSIDE_CODE), under a name no schema label can take, so a label named 'O' stays distinct.
  const labels = new Codebook(['\u0000outside']);
  const codeOf = (label: string): number => labels.code(label);
  const pairs = new Map<string, PairState>();
  const vsGold = new Map<string, MatchSums>();
  const distribution = new Map<string, Tally>();
  const fleiss = new FleissAccumulator();
  const alpha = new AlphaAccumulator();
  const docTokens = new DocumentTokenSums();
  const docLabelData: DocLabelRaters[] = [];
  const perDocument: DocumentFigures[] = [];
  let matrix = new Int32Array(1024);
  let docCount = 0;
  let compared = 0;
  let tokenCount = 0;

  const countSpans = (name: string, p: PreparedSpans): void => {
    let t = distribution.get(name);
    if (!t) distribution.set(name, (t = new Tally()));
    p.countLabels(t);
  };

  for (const doc of documents) {
    docCount++;
    const raters = doc.sets.filter((s) => s.annotator !== goldName).sort((x, y) => byName(x.annotator, y.annotator));
    const gold: FinishedSet | undefined = doc.gold ?? doc.sets.find((s) => s.annotator === goldName);
    const names = raters.map((s) => s.annotator);
    if (new Set(names).size !== names.length) throw new RangeError(`document ${doc.id}: two sets by one annotator`);
    const k = raters.length;
    if (k >= 2) compared++;
    const tokens = tokensOf(doc.text);
    const T = tokens.count;
    tokenCount += T;
    if (matrix.length < k * T) matrix = new Int32Array(Math.max(k * T, matrix.length * 2));

    const prepared = raters.map((set, r) => {
      labelTokens(tokens, set.spans, codeOf, matrix.subarray(r * T, (r + 1) * T));
      const p = PreparedSpans.from(set.spans, labels);
      countSpans(set.annotator, p);
      return p;
    });
    const goldPrepared = gold ? PreparedSpans.from(gold.spans, labels) : null;
    if (goldPrepared) countSpans(goldName, goldPrepared);
    docLabelData.push(raters.map((s) => ({ annotator: s.annotator, docLabels: s.docLabels })));

    // Token agreement of this document, then pooled into the project sums.
    docTokens.fill(matrix, k, T);
    fleiss.merge(docTokens.fleiss);
    alpha.merge(docTokens.alpha);

    const docPairs: PairSpanScores[] = [];
    const docCohenPairs: PairKappa[] = [];
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++, p++) {
        const a = names[i] ?? '';
        const b = names[j] ?? '';
        const key = `${a}\u0000${b}`;
        let state = pairs.get(key);
        if (!state) pairs.set(key, (state = { a, b, spans: new MatchSums(), tokens: new CohenAccumulator() }));
        const cohen = docTokens.cohen[p] ?? new CohenAccumulator();
        state.tokens.merge(cohen);
        const scores = state.spans.add(prepared[i] ?? PreparedSpans.from([], labels), prepared[j] ?? PreparedSpans.from([], labels));
        if (keepDocs) {
          docPairs.push({ a, b, documents: 1, ...scores });
          docCohenPairs.push({ a, b, kappa: cohen.result() });
        }
      }
    }
    const docGold: GoldSpanScores[] = [];
    if (goldPrepared) {
      prepared.forEach((cand, r) => {
        const annotator = names[r] ?? '';
        let sums = vsGold.get(annotator);
        if (!sums) vsGold.set(annotator, (sums = new MatchSums()));
        const scores = sums.add(goldPrepared, cand);
        if (keepDocs) docGold.push({ annotator, documents: 1, ...scores });
      });
    }
    if (keepDocs) {
      perDocument.push({
        id: doc.id,
        annotators: names,
        hasGold: goldPrepared !== null,
        tokens: T,
        spans: Object.fromEntries(names.map((n, r) => [n, prepared[r]?.count ?? 0])),
        pairs: docPairs,
        vsGold: docGold,
        agreement: { cohen: docCohenPairs, fleiss: docTokens.fleiss.result(), alpha: docTokens.alpha.result() },
      });
    }
  }

  const annotators = [...distribution.keys()].filter((n) => n !== goldName).sort(byName);
  const pairList = [...pairs.values()].sort((x, y) => byName(x.a, y.a) || byName(x.b, y.b));
  const goldList = [...vsGold.entries()].sort(([x], [y]) => byName(x, y));
  const labelNames = labels.names.filter((_, c) => c !== 0).sort(byName);
  const spanCounts = (label: number | null): Record<string, number> =>
    Object.fromEntries(
      [...distribution.entries()].sort(([x], [y]) => byName(x, y)).map(([n, t]) => [n, label === null ? t.sum() : t.get(label)]),
    );
  const pairScores = (label: number | null): PairSpanScores[] =>
    pairList.map(({ a, b, spans }) => ({
      a,
      b,
      documents: spans.documents,
      exact: spans.score(MatchMode.exact, label),
      overlap: spans.score(MatchMode.overlap, label),
    }));
  const goldScores = (label: number | null): GoldSpanScores[] =>
    goldList.map(([annotator, sums]) => ({
      annotator,
      documents: sums.documents,
      exact: sums.score(MatchMode.exact, label),
      overlap: sums.score(MatchMode.overlap, label),
    }));
  const cohenPairs = (read: (acc: CohenAccumulator) => KappaResult): PairKappa[] =>
    pairList.map(({ a, b, tokens }) => ({ a, b, kappa: read(tokens) }));

  const allPairs = pairScores(null);
  const f1Matrix = (mode: MatchMode): (number | null)[][] =>
    annotators.map((x) =>
      annotators.map((y) => {
        const hit = allPairs.find((s) => (s.a === x && s.b === y) || (s.a === y && s.b === x));
        return x === y || !hit ? null : hit[mode].f1;
      }),
    );
  const perLabel: LabelFigures[] = labelNames.map((label) => {
    const c = labels.find(label);
    return {
      label,
      spans: spanCounts(c),
      pairs: pairScores(c),
      vsGold: goldScores(c),
      tokens: { cohen: cohenPairs((t) => t.resultFor(c)), fleiss: fleiss.resultFor(c), alpha: alpha.resultFor(c) },
    };
  });

  return {
    documents: docCount,
    comparedDocuments: compared,
    annotators,
    labels: labelNames,
    tokens: tokenCount,
    spansPerAnnotator: spanCounts(null),
    labelDistribution: Object.fromEntries(
      [...distribution.entries()]
        .sort(([x], [y]) => byName(x, y))
        .map(([n, t]) => [n, Object.fromEntries(labelNames.map((l) => [l, t.get(labels.find(l))]))]),
    ),
    spanF1: {
      pairs: allPairs,
      vsGold: goldScores(null),
      matrix: { annotators, exact: f1Matrix(MatchMode.exact), overlap: f1Matrix(MatchMode.overlap) },
    },
    tokenAgreement: { cohen: cohenPairs((t) => t.result()), fleiss: fleiss.result(), alpha: alpha.result() },
    perLabel,
    docLabels: docLabelAgreement(docLabelData, { annotators, sets: options.docLabelSets }),
    perDocument,
  };
}
