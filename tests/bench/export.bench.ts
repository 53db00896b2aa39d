// Benchmark of the streamed export: 10,000 documents × 30 gold spans (~1,200-character texts with
// some non-ASCII: accents, CJK, an emoji) in a temp SQLite store, exported in EVERY export format
// into a sink that drops the bytes. Each format runs in a fresh process (so one format's heap, or
// the building of the store, is not in the next one's RSS): a warm-up export of a quarter of the
// documents, then the measured export of all of them, then the quarter again. Per format: spans/s
// over wall time and per CPU-second of that process (the machine is shared), RSS at the start
// (after a forced GC), its peak (sampled every 20 ms and every 100 documents) and at the end. Flat
// memory shows as a peak that does not grow with the export: the quarter peaks as high. The
// documents carry their stored token offsets, as imported ones do; a separate project of documents
// without them (imported before migration 004) measures the lazy back-fill. What other processes
// took of the machine during each measurement is printed too (% of one core).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openStore, type Store } from '../../db/store.ts';
import type { Param } from '../../db/sqlite.ts';
import { exportFormats, exportProject, type ExportRequest } from '../../server/services/export.service.ts';
import { sha256Hex } from '../../shared/formats/index.ts';
import { encodeTokenOffsets, tokenOffsets } from '../../shared/formats/tokens.ts';
import { tokenizerId } from '../../shared/tokenize.ts';
import { busyPct, markCpu } from './machine.ts';
import { rng } from '../helpers/rng.ts';

const DOCS = 10_000;
const QUARTER = DOCS / 4;
const SPANS = 30;
const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'MISC'];
const WORDS = ['the', 'minister', 'said', 'on', 'Monday', 'that', 'Berlin', 'and', 'Paris', 'would', 'sign', 'a', 'deal', 'with', 'Acme', 'in', 'March', 'after', 'talks', 'über', '東京', 'costs', 'rose', '😀', 'Zoë'];
/** Rows per multi-row INSERT: far fewer round trips than one statement per row. */
const BATCH = 400;
const MB = 2 ** 20;

/** A forced full GC, so each measurement starts from the live heap only (no flag needed on the command line). */
function gc(): void {
  if (global.gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    global.gc = vm.runInNewContext('gc') as typeof global.gc;
  }
  global.gc?.();
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

/**
 * A project of `count` documents, each with one gold set of 30 spans; set ids start after `firstSet`.
 * With `tokens`, each text's token offsets are stored as import stores them.
 */
async function build(store: Store, userId: string, name: string, count: number, firstSet: number, tokens: boolean): Promise<string> {
  const schema = { spanLabels: LABELS.map((l) => ({ name: l, color: '#000000' })), relationTypes: [], docLabelSets: [] };
  const project = await store.projects.create({ name, guidelines: '', schema, mode: 'independent', overlap: 1 }, userId);
  // Inserted 1,000 documents at a time, so building holds no more in memory than exporting does.
  await store.db.transaction(async () => {
    for (let from = 0; from < count; from += 1000) {
      const docs: Param[][] = [];
      const sets: Param[][] = [];
      const spans: Param[][] = [];
      const toks: Param[][] = [];
      for (let d = from; d < Math.min(count, from + 1000); d++) {
        const { text, spans: s } = makeDocument(d);
        const id = `${name}-${String(d).padStart(6, '0')}`;
        const setId = firstSet + d + 1;
        docs.push([id, project.id, d, `Document ${d}`, text, sha256Hex(text), '{}', 0]);
        if (tokens) toks.push([id, tokenizerId(), Buffer.from(encodeTokenOffsets(tokenOffsets(text)))]);
        sets.push([setId, id, `${id}/gold`, 'gold', 1, userId, 0]);
        s.forEach(([start, end, label], i) => spans.push([setId, `s${i}`, start, end, label, userId, text.slice(start, end)]));
      }
      await insertRows(store, 'INSERT INTO documents (id, project_id, position, title, text, text_hash, meta_json, created_at)', 8, docs);
      await insertRows(store, 'INSERT INTO annotation_sets (id, document_id, layer, owner, version, submitted_by, submitted_at)', 7, sets);
      await insertRows(store, 'INSERT INTO set_spans (set_id, span_id, start, end, label, author, quote)', 7, spans);
      await insertRows(store, 'INSERT INTO document_tokens (document_id, tokenizer, tokens)', 3, toks);
    }
  });
  return project.id;
}

interface Measured {
  ms: number;
  cpuMs: number;
  spans: number;
  bytes: number;
  rssStartMB: number;
  rssPeakMB: number;
  rssEndMB: number;
  /** What other processes took of the machine meanwhile, in % of one core. */
  othersPct: number;
}

/** One export into a sink that drops the bytes, with RSS sampled on a timer and every 100 documents. */
async function measure(store: Store, projectId: string, req: ExportRequest): Promise<Measured> {
  gc();
  const start = process.memoryUsage.rss();
  let peak = start;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 20);
  const m0 = markCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await exportProject(
    store,
    projectId,
    req,
    () => undefined,
    (p) => {
      if (p.documents % 100 === 0) sample();
    },
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const m1 = markCpu();
  clearInterval(timer);
  sample();
  const end = process.memoryUsage.rss();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    ms,
    cpuMs,
    spans: summary.spans,
    bytes: summary.bytes,
    rssStartMB: start / MB,
    rssPeakMB: peak / MB,
    rssEndMB: end / MB,
    othersPct: Math.max(0, busyPct(m0, m1) - (100 * cpuMs) / ms),
  };
}

/** What a child process measures: one format (warm-up, all, quarter), or the back-fill, or the filters. */
type Job =
  | { kind: 'format'; format: string; all: string; quarter: string }
  | { kind: 'backfill'; old: string }
  | { kind: 'filters'; all: string; quarter: string };

async function runJob(file: string, job: Job): Promise<Record<string, Measured | number>> {
  const store = await openStore(file, { synchronous: 'NORMAL' });
  try {
    if (job.kind === 'format') {
      // A warm-up on the smaller project, so the JIT is not what the measured export pays for.
      await exportProject(store, job.quarter, { format: job.format }, () => undefined);
      const all = await measure(store, job.all, { format: job.format });
      const quarter = await measure(store, job.quarter, { format: job.format });
      return { all, quarter };
    }
    if (job.kind === 'backfill') {
      // The first token export tokenizes the texts and stores their offsets; the next reads them.
      const first = await measure(store, job.old, { format: 'conll-iob2' });
      const next = await measure(store, job.old, { format: 'conll-iob2' });
      return { first, next };
    }
    await exportProject(store, job.quarter, { format: 'tagteam-jsonl', status: ['done'] }, () => undefined);
    // A status filter: the status pass adds a few columns to the page query.
    const status = await measure(store, job.all, { format: 'tagteam-jsonl', status: ['done', 'annotated'] });
    // A selection that matches nothing: what the status pass and the progress count cost alone.
    const t0 = performance.now();
    await exportProject(store, job.all, { format: 'tagteam-jsonl', status: ['new'] }, () => undefined);
    return { status, emptySelectionMs: performance.now() - t0 };
  } finally {
    await store.close();
  }
}

const SELF = fileURLToPath(import.meta.url);

/** Runs a job in a fresh Node process (tsx, as npm start runs the server) and returns its figures. */
function inChild(file: string, job: Job): Promise<Record<string, Measured | number>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SELF, '--child', file, JSON.stringify(job)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, Measured | number>);
    });
  });
}

const r = Math.round;
const perSec = (m: Measured): number => r(m.spans / (m.ms / 1000));
const perCpuSec = (m: Measured): number => r(m.spans / (m.cpuMs / 1000));

export async function benchExport(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tagteam-export-bench-'));
  const file = path.join(dir, 'tagteam.sqlite');
  const log = (line: string): boolean => process.stderr.write(`  ${line}\n`);
  try {
    const store = await openStore(file, { synchronous: 'NORMAL' });
    const user = await store.users.create({ username: 'reviewer', displayName: 'Reviewer', color: '#123456', passwordHash: 'x', isAdmin: false });
    const t0 = performance.now();
    const all = await build(store, user.id, 'bench', DOCS, 0, true);
    const buildMs = performance.now() - t0;
    const quarter = await build(store, user.id, 'quarter', QUARTER, DOCS, true);
    const old = await build(store, user.id, 'old', QUARTER, DOCS + QUARTER, false);
    await store.close();
    const out: Record<string, number> = { docs: DOCS, spansPerDoc: SPANS, buildMs: r(buildMs) };
    log(`${'format'.padEnd(24)} ${'spans/s'.padStart(8)} ${'/CPU-s'.padStart(8)} ${'ms'.padStart(6)} ${'out MB'.padStart(6)}  RSS MB start/peak/end  quarter peak  others %`);
    let others = 0;
    for (const format of exportFormats().map((f) => f.id)) {
      const res = await inChild(file, { kind: 'format', format, all, quarter });
      const m = res.all as Measured;
      const q = res.quarter as Measured;
      others = Math.max(others, m.othersPct);
      out[`${format} spansPerSec`] = perSec(m);
      out[`${format} spansPerCpuSec`] = perCpuSec(m);
      out[`${format} Ms`] = r(m.ms);
      out[`${format} outMB`] = r(m.bytes / MB);
      out[`${format} rssStartMB`] = r(m.rssStartMB);
      out[`${format} rssPeakMB`] = r(m.rssPeakMB);
      out[`${format} rssEndMB`] = r(m.rssEndMB);
      // The same export on a quarter of the documents: with flat memory it peaks about as high.
      out[`${format} quarterRssPeakMB`] = r(q.rssPeakMB);
      log(
        `${format.padEnd(24)} ${String(perSec(m)).padStart(8)} ${String(perCpuSec(m)).padStart(8)} ${String(r(m.ms)).padStart(6)} ${String(r(m.bytes / MB)).padStart(6)}  ${`${r(m.rssStartMB)}/${r(m.rssPeakMB)}/${r(m.rssEndMB)}`.padEnd(21)} ${String(r(q.rssPeakMB)).padStart(12)}  ${String(r(m.othersPct)).padStart(8)}`,
      );
    }
    // Documents without stored token offsets (imported before migration 004).
    const b = await inChild(file, { kind: 'backfill', old });
    out['backfill firstSpansPerSec'] = perSec(b.first as Measured);
    out['backfill nextSpansPerSec'] = perSec(b.next as Measured);
    log(`conll-iob2, ${QUARTER} documents without stored tokens: ${out['backfill firstSpansPerSec']} spans/s while back-filling them, then ${out['backfill nextSpansPerSec']}`);
    const f = await inChild(file, { kind: 'filters', all, quarter });
    out.jsonlStatusFilterSpansPerSec = perSec(f.status as Measured);
    out.emptySelectionMs = r(f.emptySelectionMs as number);
    out.othersMaxPct = r(others);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [file, job] = process.argv.slice(3) as [string, string];
  console.log(JSON.stringify(await runJob(file, JSON.parse(job) as Job)));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchExport());
}
