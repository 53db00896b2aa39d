// Benchmark of the project agreement report: 10,000 documents × 3 annotators × 30 spans on ~1,500-char texts.
// Tokenisation (Intl.Segmenter) is timed apart: the report runs on token boundaries stored at import
// (document_tokens), and `storedTokensMs` is what reading those back costs instead (decode + convert).
import { pathToFileURL } from 'node:url';
import type { FinishedRelation, FinishedSet, FinishedSpan } from '../../shared/domain.ts';
import { asDocumentId, asRelationId, asSpanId } from '../../shared/ids.ts';
import { agreementReport, createTokenCache, offsetsFromPairs, type ReportDocument } from '../../shared/agreement/index.ts';
import { decodeTokenOffsets, encodeTokenOffsets, tokenOffsets } from '../../shared/formats/tokens.ts';
import { rng } from '../helpers/rng.ts';

const DOCS = 10_000;
const ANNOTATORS = ['ana', 'ben', 'cho'];
const SPANS = 30;
const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'MISC'];
const WORDS = ['the', 'minister', 'said', 'on', 'Monday', 'that', 'Berlin', 'and', 'Paris', 'would', 'sign', 'a', 'deal', 'with', 'Acme', 'Corp.', 'in', 'March', '2024,', 'after', 'talks', 'über', '東京', 'costs', 'rose', '3.5%'];

function makeDocument(d: number): ReportDocument {
  const rand = rng(d + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const words: { start: number; end: number }[] = [];
  let text = '';
  while (text.length < 1500) {
    const w = pick(WORDS);
    words.push({ start: text.length, end: text.length + w.length });
    text += w + (rand() < 0.1 ? '. ' : ' ');
  }
  // A shared base of 30 spans, each 1–3 words, spread over the text.
  const stride = Math.floor(words.length / SPANS);
  const base = Array.from({ length: SPANS }, (_, i) => {
    const first = i * stride;
    const last = Math.min(first + Math.floor(rand() * 3), words.length - 1);
    return { start: words[first]?.start ?? 0, end: words[last]?.end ?? 1, label: pick(LABELS) };
  });
  const sets: FinishedSet[] = ANNOTATORS.map((annotator, a) => {
    const spans: FinishedSpan[] = base.map((s, i) => {
      const roll = rand();
      const label = roll < 0.08 ? pick(LABELS) : s.label;
      const end = roll > 0.92 ? s.end + 2 : s.end;
      return { id: asSpanId(`d${d}-${a}-s${i}`), start: s.start, end: Math.min(end, text.length), label };
    });
    const relations: FinishedRelation[] = [0, 5, 10].map((i) => ({
      id: asRelationId(`d${d}-${a}-r${i}`),
      from: asSpanId(`d${d}-${a}-s${i}`),
      to: asSpanId(`d${d}-${a}-s${i + 1}`),
      type: rand() < 0.9 ? 'related' : 'part_of',
    }));
    return {
      documentId: asDocumentId(`doc-${d}`),
      annotator,
      version: 1,
      submittedBy: annotator,
      submittedAt: 0,
      spans,
      relations,
      docLabels: { topic: [rand() < 0.8 ? 'politics' : pick(['economy', 'sport'])] },
    };
  });
  return { id: `doc-${d}`, text, sets };
}

export async function benchAgreement(): Promise<Record<string, number | string>> {
  const docs = Array.from({ length: DOCS }, (_, d) => makeDocument(d));
  const tokens = createTokenCache(DOCS);
  let t0 = performance.now();
  for (const doc of docs) tokens(doc.text);
  const tokenizeMs = performance.now() - t0;
  // What the server does with the stored rows (server/services/review.service.ts): bytes → pairs → boundaries.
  const rows = docs.map((doc) => Uint8Array.from(encodeTokenOffsets(tokenOffsets(doc.text))));
  t0 = performance.now();
  let storedTokens = 0;
  for (const [i, doc] of docs.entries()) storedTokens += offsetsFromPairs(decodeTokenOffsets(rows[i]!, doc.text.length)!).count;
  const storedTokensMs = performance.now() - t0;
  agreementReport(docs.slice(0, 200), { tokens }); // warm the JIT on a slice, as a long-running server would be
  // The median of three runs, wall clock and CPU time: shared machines are noisy.
  const times: number[] = [];
  const cpu: number[] = [];
  let report = agreementReport([], { tokens });
  for (let run = 0; run < 3; run++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    report = agreementReport(docs, { tokens });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const ms = times[1] ?? 0;
  const mem = process.memoryUsage();
  return {
    docs: DOCS,
    annotators: ANNOTATORS.length,
    spansPerSet: SPANS,
    ms: Math.round(ms),
    bestMs: Math.round(times[0] ?? 0),
    cpuMs: Math.round(cpu[1] ?? 0),
    tokenizeMs: Math.round(tokenizeMs),
    storedTokensMs: Math.round(storedTokensMs),
    storedTokens,
    tokens: report.tokens,
    alpha: report.tokenAgreement.alpha.value?.toFixed(3) ?? 'null',
    heapUsedMB: Math.round(mem.heapUsed / 2 ** 20),
    rssMB: Math.round(mem.rss / 2 ** 20),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchAgreement());
}
