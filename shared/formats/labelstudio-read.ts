// Label Studio JSON import: each task's annotations (and predictions) become one document each;
// `labels` regions → spans (CODE POINTS), `relation` → relations, `choices` → document labels.
import { TextView } from './common.ts';
import { decodeInput, importRange, isRecord } from './input.ts';
import { parseJsonLocated } from './json-located.ts';
import { LS_NAMES } from './labelstudio.ts';
import { FormatError } from './types.ts';
import type { ImportedDocument, ImportResult, ImportWarning } from './types.ts';

export interface LabelStudioReadOptions {
  /** Which result lists to import; default both. */
  include?: 'annotations' | 'predictions' | 'both';
  file?: string;
}

type Obj = Record<string, unknown>;

export function readLabelStudio(input: string | Uint8Array, options: LabelStudioReadOptions = {}): ImportResult {
  const file = options.file;
  const parsed = parseJsonLocated(decodeInput(input, file), file);
  const fail = (node: unknown, why: string): never => {
    throw new FormatError(parsed.lineOf(node), why, file);
  };
  const warnings: ImportWarning[] = [];
  const warn = (node: unknown, message: string): void => {
    warnings.push({ line: parsed.lineOf(node), message, ...(file === undefined ? {} : { file }) });
  };
  const tasks = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  const include = options.include ?? 'both';
  const documents: ImportedDocument[] = [];
  for (const task of tasks) {
    if (!isRecord(task)) return fail(task, 'each task must be an object');
    const data = task.data;
    if (!isRecord(data) || typeof data.text !== 'string') return fail(task, 'missing text (data.text)');
    const text = data.text;
    const view = new TextView(text);
    const { text: _t, title, doc_id: docId, text_sha256: sha, ...rest } = data;
    const meta: Obj = { ...rest, ...(task.id === undefined ? {} : { taskId: task.id }) };
    const lists: Array<[unknown, string]> = [];
    if (include !== 'predictions') lists.push([task.annotations ?? task.completions, 'annotation']);
    if (include !== 'annotations') lists.push([task.predictions, 'prediction']);
    const sets = lists.flatMap(([v, kind]) => (Array.isArray(v) ? v.map((a): [unknown, string] => [a, kind]) : []));
    const base = (): ImportedDocument => ({
      title: typeof title === 'string' ? title : `task ${String(task.id ?? documents.length + 1)}`,
      text,
      meta: { ...meta },
      spans: [],
      relations: [],
      docLabels: {},
      origin: { ...(typeof docId === 'string' ? { docId } : {}), ...(typeof sha === 'string' ? { textSha256: sha } : {}) },
    });
    if (sets.length === 0) documents.push(base());
    for (const [a, kind] of sets) {
      if (!isRecord(a) || !Array.isArray(a.result)) return fail(a ?? task, `each ${kind} must be an object with a result array`);
      const doc = base();
      doc.meta.kind = kind;
      const who = isRecord(a.tagteam) ? a.tagteam : {};
      const annotator = who.annotator ?? a.created_username ?? (kind === 'prediction' ? a.model_version : undefined);
      if (typeof annotator === 'string') doc.origin = { ...doc.origin, annotator };
      if (typeof who.version === 'number') doc.origin = { ...doc.origin, version: who.version };
      readResults(a.result as unknown[], doc, view, fail, warn, parsed.lineOf, file);
      documents.push(doc);
    }
  }
  if (documents.length === 0) throw new FormatError(1, 'no tasks', file);
  return { documents, warnings };
}

function readResults(
  results: unknown[],
  doc: ImportedDocument,
  view: TextView,
  fail: (node: unknown, why: string) => never,
  warn: (node: unknown, message: string) => void,
  lineOf: (node: unknown) => number,
  file: string | undefined,
): void {
  const regions = new Map<string, number>();
  const later: Obj[] = [];
  for (const r of results) {
    if (!isRecord(r)) return fail(results, 'each result must be an object');
    const v = isRecord(r.value) ? r.value : {};
    if (r.type === 'labels') {
      const labels = Array.isArray(v.labels) ? v.labels : [];
      if (labels.length === 0 || !labels.every((l) => typeof l === 'string' && l !== '')) fail(r, 'value.labels must be a non-empty array of labels');
      const range = importRange(view, v.start, v.end, 'codepoint', lineOf(r), v.text, file);
      if (typeof r.id === 'string' || typeof r.id === 'number') {
        if (regions.has(String(r.id))) fail(r, `duplicate region id ${String(r.id)}`);
        regions.set(String(r.id), doc.spans.length);
      }
      for (const label of labels as string[]) doc.spans.push({ ...range, label, ...(typeof r.id === 'string' ? { id: r.id } : {}) });
    } else if (r.type === 'choices') {
      const choices = Array.isArray(v.choices) ? v.choices : fail(r, 'value.choices must be an array');
      if (!choices.every((c) => typeof c === 'string')) fail(r, 'choices must be strings');
      (doc.docLabels[String(r.from_name ?? 'choices')] ??= []).push(...(choices as string[]));
    } else if (r.type === 'relation' || r.type === 'textarea') later.push(r);
    else warn(r, `result type ${JSON.stringify(r.type)} is not imported`);
  }
  for (const r of later) {
    if (r.type === 'textarea') {
      const index = regions.get(String(r.id));
      const v = isRecord(r.value) ? r.value : {};
      const note = Array.isArray(v.text) ? v.text.filter((t) => typeof t === 'string').join('\n') : undefined;
      const span = index === undefined ? undefined : doc.spans[index];
      if (span === undefined || note === undefined || r.from_name !== LS_NAMES.notes) warn(r, 'text area not attached to a labelled region; not imported');
      else span.note = note;
      continue;
    }
    const from = regions.get(String(r.from_id));
    const to = regions.get(String(r.to_id));
    if (from === undefined || to === undefined) return fail(r, `unknown relation endpoint ${JSON.stringify(from === undefined ? r.from_id : r.to_id)}`);
    const labels = Array.isArray(r.labels) ? r.labels.filter((l) => typeof l === 'string') : [];
    if (r.direction === 'bi') warn(r, 'bidirectional relation imported as from → to');
    if (labels.length === 0) warn(r, 'relation without a label; type "related"');
    const [a, b] = r.direction === 'left' ? [to, from] : [from, to];
    for (const type of labels.length > 0 ? (labels as string[]) : ['related']) doc.relations.push({ fromIndex: a, toIndex: b, type });
  }
}
