// Import fuzzing: valid files of every importable format (written by the format's own writer from
// the hostile-text fixtures, plus other tools' fixtures) are mutated — bytes, lines, numbers and
// strings inside the JSON — and imported. Each import is atomic: a refusal (4xx, never 5xx)
// changes no table; a success adds exactly the documents it reports. Afterwards every imported
// layer loads and validates against its text and the project schema.
import { readFileSync } from 'node:fs';
import { FORMATS } from '../../shared/formats/index.ts';
import type { DocumentWriter } from '../../shared/formats/types.ts';
import { startServer } from '../helpers/server.ts';
import { call, seedWorkspace } from '../helpers/api.ts';
import { rng } from '../helpers/clients.ts';
import { auditStore } from '../helpers/layer-audit.ts';
import { fixturePath, hostileItem, plainItem, run, runBytes } from '../fixtures/formats-support.ts';
import type { Store } from '../../db/store.ts';
import { int, mutate, pick } from './fuzz.values.ts';

export interface ImportFuzzFigures {
  imports: number;
  accepted: number;
  refused: number;
  byFormat: Record<string, number>;
  documentsImported: number;
  findings: string[];
}

const SCHEMA = {
  spanLabels: ['EMOJI', 'LOC', 'FLAG', 'FAMILY', 'PER', 'GREETING', 'WORD', 'ORG', 'PERSON', 'DATE'].map((name, i) => ({ name, color: `#0000${(10 + i).toString(16).padStart(2, '0')}` })),
  relationTypes: [{ name: 'lives_in' }, { name: 'includes' }, { name: 'met' }, { name: 'founded_by' }],
  docLabelSets: [
    { name: 'topic', choice: 'multiple', values: ['travel', 'family', 'history'] },
    { name: 'tone', choice: 'single', values: ['warm', 'cold'] },
  ],
};

/** One valid file per importable format, and other tools' fixtures as they are. */
function seeds(): Array<{ format: string; bytes: Uint8Array }> {
  const items = [hostileItem(), plainItem()];
  const out: Array<{ format: string; bytes: Uint8Array }> = [];
  for (const f of FORMATS) {
    if (!f.read || !f.createWriter) continue;
    const w = f.createWriter({});
    out.push({ format: f.id, bytes: f.id === 'brat' ? runBytes(w as DocumentWriter<Uint8Array>, items) : new TextEncoder().encode(run(w as DocumentWriter, items)) });
  }
  out.push({ format: 'text', bytes: new TextEncoder().encode(items[0]!.doc.text) });
  for (const [format, file] of [['doccano-jsonl', 'doccano/import__sequence_labeling__example.jsonl'], ['doccano-jsonl-relations', 'doccano/import__relation_extraction__example.jsonl'], ['conll-iob2', 'doccano/import__sequence_labeling__example.conll']] as const) {
    out.push({ format, bytes: readFileSync(fixturePath(file)) });
  }
  return out;
}

type R = () => number;
function mutateJson(r: R, v: unknown): unknown {
  if (typeof v === 'number') return r() < 0.3 ? pick(r, [v + 1, v - 1, -1, 1e9, 0.5, Number.MAX_SAFE_INTEGER]) : v;
  if (typeof v === 'string') return r() < 0.1 ? pick(r, ['', 'ALIEN', 'x'.repeat(3000), v + v]) : v;
  if (Array.isArray(v)) return r() < 0.05 ? [] : v.map((x) => mutateJson(r, x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(() => r() > 0.03).map(([k, x]) => [k, mutateJson(r, x)]));
  return v;
}

function mutateFile(r: R, bytes: Uint8Array): { bytes: Uint8Array; how: string } {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\n');
  const k = int(r, 4);
  if (k === 0) return { bytes: mutate(r, bytes), how: 'bytes' };
  if (k === 1) {
    const i = int(r, lines.length);
    const op = int(r, 4);
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[i] ?? '');
    else if (op === 2) lines.splice(i, 0, pick(r, ['{', 'garbage', '{"text": 5}', '\u0000', '[]', '{"text": ""}']));
    else lines[i] = (lines[i] ?? '').slice(0, int(r, (lines[i] ?? '').length + 1));
    return { bytes: new TextEncoder().encode(lines.join('\n')), how: 'lines' };
  }
  if (k === 2) return { bytes: bytes.subarray(0, int(r, bytes.length)), how: 'truncated' };
  try {
    const whole = JSON.parse(text) as unknown;
    return { bytes: new TextEncoder().encode(JSON.stringify(mutateJson(r, whole))), how: 'json' };
  } catch {
    const out = lines.map((l) => {
      try {
        return JSON.stringify(mutateJson(r, JSON.parse(l)));
      } catch {
        return l;
      }
    });
    return { bytes: new TextEncoder().encode(out.join('\n')), how: 'json lines' };
  }
}

async function tableCounts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['documents', 'assignments', 'layers', 'layer_updates', 'annotation_sets', 'set_spans', 'set_relations', 'set_doc_labels']) {
    out[t] = (await store.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0;
  }
  return out;
}

export async function runImportFuzz(o: { seed: number; imports: number; log?: (l: string) => void }): Promise<ImportFuzzFigures> {
  const r = rng(o.seed);
  const server = await startServer({ config: { maxImportBytes: 256 * 1024 } });
  const f: ImportFuzzFigures = { imports: 0, accepted: 0, refused: 0, byFormat: {}, documentsImported: 0, findings: [] };
  const found = new Map<string, string>();
  try {
    const ws = await seedWorkspace(server);
    const created = await call<{ project: { id: string } }>(server.url, ws.owner, 'POST', '/api/projects', { name: 'Import fuzz', schema: SCHEMA, mode: 'independent', overlap: 1 });
    const pid = created.body.project.id;
    await call(server.url, ws.owner, 'PUT', `/api/projects/${pid}/members/ann1`, { role: 'annotator' });
    const files = seeds();
    for (let i = 0; i < o.imports; i++) {
      const seed = pick(r, files);
      const m = r() < 0.1 ? { bytes: seed.bytes, how: 'unchanged' } : mutateFile(r, seed.bytes);
      const as = pick(r, ['', '&as=finished&annotator=gold', '&as=finished&annotator=ann1', '&as=finished&annotator=nobody']);
      const streaming = r() < 0.2;
      const before = await tableCounts(server.store);
      const res = await fetch(`${server.url}/api/projects/${pid}/documents/import?format=${seed.format}${as}`, {
        method: 'POST',
        body: m.bytes as BodyInit,
        headers: { cookie: ws.owner.cookie, 'content-type': 'application/octet-stream', ...(streaming ? { accept: 'application/x-ndjson' } : {}) },
      });
      const text = await res.text();
      const last = streaming ? (JSON.parse(text.trim().split('\n').at(-1) ?? '{}') as { result?: { documents: number }; error?: unknown }) : null;
      const result = streaming ? last?.result : res.status === 201 ? (JSON.parse(text) as { result: { documents: number } }).result : undefined;
      const after = await tableCounts(server.store);
      const where = `${seed.format} (${m.how}${as}${streaming ? ', streamed' : ''}): ${res.status} ${text.slice(0, 160)}`;
      const note = (rule: string) => found.has(rule) || found.set(rule, where);
      f.imports++;
      f.byFormat[seed.format] = (f.byFormat[seed.format] ?? 0) + 1;
      if (res.status >= 500) note(`an import answered ${res.status}`);
      if (result) {
        f.accepted++;
        f.documentsImported += result.documents;
        if (after.documents! - before.documents! !== result.documents) note('an import added a different number of documents than it reported');
      } else {
        f.refused++;
        if (JSON.stringify(after) !== JSON.stringify(before)) note('a refused import changed data (not atomic)');
      }
      if (i % 200 === 199) o.log?.(`${i + 1} imports`);
    }
    const audit = await auditStore(server.store);
    for (const p of audit.problems.slice(0, 3)) found.set(`an imported layer is invalid: ${p}`, p);
    f.findings = [...found].map(([rule, where]) => `${rule}; first: ${where}`);
    return f;
  } finally {
    await server.stop();
  }
}
