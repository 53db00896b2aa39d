// Benchmark of the streamed export: 10,000 documents × 30 gold spans (~1,200-character texts with
// some non-ASCII) in a temp SQLite store, exported to tagteam-jsonl and conll-iob2 into a counting
// sink. Reports spans/s (wall and CPU) and memory sampled every 50 ms (peak RSS over the baseline,
// peak heap, compared with the same export of 2,500 documents), per format. `--expose-gc` gives each
// measurement a clean baseline.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore, type Store } from '../../db/store.ts';
import type { Param } from '../../db/sqlite.ts';
import { exportProject, type ExportRequest } from '../../server/services/export.service.ts';
import { sha256Hex } from '../../shared/formats/index.ts';

const DOCS = 10_000;
const SPANS = 30;
const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'MISC'];
const WORDS = ['the', 'minister', 'said', 'on', 'Monday', 'that', 'Berlin', 'and', 'Paris', 'would', 'sign', 'a', 'deal', 'with', 'Acme', 'in', 'March', 'after', 'talks', 'über', '東京', 'costs', 'rose', '😀', 'Zoë'];
/** Rows per multi-row INSERT: far fewer round trips than one statement per row. */
const BATCH = 400;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A text of words and sentences, and 30 word-aligned spans spread over it. */
function makeDocument(d: number): { text: string; spans: Array<[number, number, string]> } {
  const rand = rng(d + 1);
  const words: Array<[number, number]> = [];
  let text = '';
  while (text.length < 1200) {
    const w = WORDS[Math.floor(rand() * WORDS.length)] as string;
    words.push([text.length, text.length + w.length]);
    text += w + (rand() < 0.08 ? '. ' : ' ');
  }
  const stride = Math.floor(words.length / SPANS);
  const spans = Array.from({ length: SPANS }, (_, i): [number, number, string] => {
    const first = words[i * stride] as [number, number];
    return [first[0], first[1], LABELS[Math.floor(rand() * LABELS.length)] as string];
  });
  return { text, spans };
}

async function insertRows(store: Store, sql: string, width: number, rows: Param[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await store.db.run(`${sql} VALUES ${batch.map(() => `(${Array(width).fill('?').join(',')})`).join(',')}`, batch.flat());
  }
}

/** A project of `count` documents, each with one gold set of 30 spans; set ids start after `firstSet`. */
async function build(store: Store, userId: string, name: string, count: number, firstSet: number): Promise<string> {
  const schema = { spanLabels: LABELS.map((l) => ({ name: l, color: '#000000' })), relationTypes: [], docLabelSets: [] };
  const project = await store.projects.create({ name, guidelines: '', schema, mode: 'independent', overlap: 1 }, userId);
  // Inserted 1,000 documents at a time, so building holds no more in memory than exporting does.
  await store.db.transaction(async () => {
    for (let from = 0; from < count; from += 1000) {
      const docs: Param[][] = [];
      const sets: Param[][] = [];
      const spans: Param[][] = [];
      for (let d = from; d < Math.min(count, from + 1000); d++) {
        const { text, spans: s } = makeDocument(d);
        const id = `${name}-${String(d).padStart(6, '0')}`;
        const setId = firstSet + d + 1;
        docs.push([id, project.id, d, `Document ${d}`, text, sha256Hex(text), '{}', 0]);
        sets.push([setId, id, `${id}/gold`, 'gold', 1, userId, 0]);
        s.forEach(([start, end, label], i) => spans.push([setId, `s${i}`, start, end, label, userId]));
      }
      await insertRows(store, 'INSERT INTO documents (id, project_id, position, title, text, text_hash, meta_json, created_at)', 8, docs);
      await insertRows(store, 'INSERT INTO annotation_sets (id, document_id, layer, owner, version, submitted_by, submitted_at)', 7, sets);
      await insertRows(store, 'INSERT INTO set_spans (set_id, span_id, start, end, label, author)', 6, spans);
    }
  });
  return project.id;
}

/** One export into a sink that only counts bytes, with RSS sampled every 50 ms; wall and CPU time (the machine is shared). */
async function measure(store: Store, projectId: string, req: ExportRequest): Promise<{ ms: number; cpuMs: number; spans: number; bytes: number; peakRssMB: number; rssGrowthMB: number; heapPeakMB: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let heapPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await exportProject(store, projectId, req, (chunk) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  sample();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, spans: summary.spans, bytes, peakRssMB: peak / 2 ** 20, rssGrowthMB: (peak - baseline) / 2 ** 20, heapPeakMB: heapPeak / 2 ** 20 };
}

export async function benchExport(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tagteam-export-bench-'));
  const store = await openStore(path.join(dir, 'tagteam.sqlite'), { synchronous: 'NORMAL' });
  try {
    const user = await store.users.create({ username: 'reviewer', displayName: 'Reviewer', color: '#123456', passwordHash: 'x', isAdmin: false });
    let t0 = performance.now();
    const projectId = await build(store, user.id, 'bench', DOCS, 0);
    const buildMs = performance.now() - t0;
    const warm = await build(store, user.id, 'warm', DOCS / 4, DOCS);
    const out: Record<string, number> = { docs: DOCS, spansPerDoc: SPANS, buildMs: Math.round(buildMs) };
    // A warm-up on a smaller project, so the JIT is not what the first measured format pays for.
    for (const format of ['tagteam-jsonl', 'conll-iob2']) await exportProject(store, warm, { format }, () => undefined);
    // The same export on a quarter of the documents: with flat memory it peaks about as high.
    out.quarterJsonlHeapPeakMB = Math.round((await measure(store, warm, { format: 'tagteam-jsonl' })).heapPeakMB);
    for (const [key, req] of [
      ['jsonl', { format: 'tagteam-jsonl' }],
      ['conll', { format: 'conll-iob2' }],
      ['jsonlStatusFilter', { format: 'tagteam-jsonl', status: ['done', 'annotated'] }],
    ] as Array<[string, ExportRequest]>) {
      const m = await measure(store, projectId, req);
      out[`${key}SpansPerSec`] = Math.round(m.spans / (m.ms / 1000));
      out[`${key}SpansPerCpuSec`] = Math.round(m.spans / (m.cpuMs / 1000));
      out[`${key}Ms`] = Math.round(m.ms);
      out[`${key}MB`] = Math.round(m.bytes / 2 ** 20);
      out[`${key}PeakRssMB`] = Math.round(m.peakRssMB);
      out[`${key}RssGrowthMB`] = Math.round(m.rssGrowthMB);
      out[`${key}HeapPeakMB`] = Math.round(m.heapPeakMB);
    }
    // A selection that matches nothing: what the status pass and the progress count cost alone.
    t0 = performance.now();
    await exportProject(store, projectId, { format: 'tagteam-jsonl', status: ['new'] }, () => undefined);
    out.emptySelectionMs = Math.round(performance.now() - t0);
    return out;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchExport());
}
