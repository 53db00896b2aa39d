// W3C Web Annotation import (ours, and other tools' such as Recogito/INCEpTION): annotations with
// text selectors become spans, `linking` ones relations, `classifying` ones document labels.
import { preview, TextView } from './common.ts';
import { decodeInput, importRange, isRecord } from './input.ts';
import { parseJsonLocated } from './json-located.ts';
import { FormatError } from './types.ts';
import type { ImportedDocument, ImportResult, ImportWarning } from './types.ts';

export interface W3cReadOptions {
  /** The text an annotation's target source denotes (`undefined`: a target without a source). */
  textOf: (source: string | undefined) => string | undefined;
  /** When the position and the quote disagree: 'error' (default) or 'quote': re-anchor on the quote nearest the position, with a warning. */
  onMismatch?: 'error' | 'quote';
  /** Label of an annotation without a tagging body (a comment only); default 'untagged'. */
  untaggedLabel?: string;
  /** Document id of a target source; default: the id in our own `urn:tagteam:document:<id>` IRIs. */
  docIdOf?: (source: string) => string | undefined;
  file?: string;
}

function ourDocId(source: string): string | undefined {
  const m = /^urn:tagteam:document:(.+)$/.exec(source);
  return m === null ? undefined : decodeURIComponent(m[1] as string);
}

type Obj = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const has = (v: unknown, x: string): boolean => list(v).includes(x);
const iriOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : isRecord(v) && typeof v.id === 'string' ? v.id : undefined);

/** The annotations in a collection (embedded pages), a page, an array, or one annotation. */
function annotations(v: unknown, fail: (node: unknown, why: string) => never): Obj[] {
  if (Array.isArray(v)) return v.flatMap((x) => annotations(x, fail));
  if (!isRecord(v)) return fail(v, 'expected an annotation, page or collection object');
  if (has(v.type, 'AnnotationCollection')) {
    const out: Obj[] = [];
    for (let page: unknown = v.first; page !== undefined; page = isRecord(page) ? page.next : undefined) {
      if (!isRecord(page)) return fail(v, 'collection pages must be embedded, not referenced');
      out.push(...annotations(page.items ?? [], fail));
    }
    return out;
  }
  if (has(v.type, 'AnnotationPage')) return annotations(v.items ?? [], fail);
  if (!has(v.type, 'Annotation')) return fail(v, `type must include "Annotation", got ${JSON.stringify(v.type)}`);
  return [v];
}

/** The occurrence of `exact` that matches prefix/suffix (when given) nearest to `hint`, or -1. */
function anchor(text: string, exact: string, prefix: string, suffix: string, hint: number): number {
  let best = -1;
  let bestScore = Infinity;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    const fits = (i >= prefix.length && text.startsWith(prefix, i - prefix.length) ? 0 : 1) + (text.startsWith(suffix, i + exact.length) ? 0 : 1);
    const score = fits * text.length * 2 + Math.abs(i - hint);
    if (score < bestScore) [best, bestScore] = [i, score];
  }
  return best;
}

export function readW3c(input: string | Uint8Array, options: W3cReadOptions): ImportResult {
  const file = options.file;
  const parsed = parseJsonLocated(decodeInput(input, file), file);
  const fail = (node: unknown, why: string): never => {
    throw new FormatError(parsed.lineOf(node), why, file);
  };
  const warnings: ImportWarning[] = [];
  const warn = (node: unknown, message: string): void => {
    warnings.push({ line: parsed.lineOf(node), message, ...(file === undefined ? {} : { file }) });
  };
  const docs = new Map<string, { doc: ImportedDocument; view: TextView }>();
  const docOf = (a: Obj, source: string | undefined): { doc: ImportedDocument; view: TextView } => {
    const key = source ?? '';
    const known = docs.get(key);
    if (known !== undefined) return known;
    const text = options.textOf(source);
    if (text === undefined) return fail(a, `no text for target source ${source === undefined ? '(none)' : JSON.stringify(source)}`);
    const docId = source === undefined ? undefined : (options.docIdOf ?? ourDocId)(source);
    const doc: ImportedDocument = { title: docId ?? source ?? 'untitled', text, meta: source === undefined ? {} : { source }, spans: [], relations: [], docLabels: {}, origin: {} };
    if (docId !== undefined) doc.origin = { docId };
    const creator = list(a.creator)[0];
    const annotator = isRecord(creator) ? (creator.nickname ?? creator.name) : undefined;
    if (typeof annotator === 'string') doc.origin = { ...doc.origin, annotator };
    if (isRecord(a.target) && isRecord(a.target.source) && typeof a.target.source.textSha256 === 'string') {
      doc.origin = { ...doc.origin, textSha256: a.target.source.textSha256 };
    }
    const entry = { doc, view: new TextView(text) };
    docs.set(key, entry);
    return entry;
  };
  const spanIds = new Map<string, { key: string; index: number }>();
  const links: Obj[] = [];
  for (const a of annotations(parsed.value, fail)) {
    const bodies = list(a.body).filter(isRecord);
    const texts = (purpose: (p: unknown[]) => boolean): string[] =>
      bodies.filter((b) => typeof b.value === 'string' && purpose(list(b.purpose))).map((b) => b.value as string);
    if (has(a.motivation, 'linking')) {
      links.push(a);
      continue;
    }
    if (has(a.motivation, 'classifying')) {
      const { doc } = docOf(a, iriOf(list(a.target)[0]));
      const name = typeof a.label === 'string' ? a.label : 'labels';
      (doc.docLabels[name] ??= []).push(...texts(() => true));
      continue;
    }
    const target = list(a.target).find((t) => isRecord(t) && t.selector !== undefined);
    if (!isRecord(target)) return fail(a, 'target has no selector');
    const source = iriOf(target.source);
    const { doc, view } = docOf(a, source);
    const selectors = list(target.selector).filter(isRecord);
    const pos = selectors.find((s) => has(s.type, 'TextPositionSelector'));
    const quote = selectors.find((s) => has(s.type, 'TextQuoteSelector'));
    const exact = quote === undefined ? undefined : typeof quote.exact === 'string' ? quote.exact : fail(a, 'TextQuoteSelector.exact must be a string');
    let range: { start: number; end: number } | undefined;
    if (pos !== undefined) range = importRange(view, pos.start, pos.end, 'codepoint', parsed.lineOf(a), undefined, file);
    if (exact !== undefined && (range === undefined || view.text.slice(range.start, range.end) !== exact)) {
      const actual = range === undefined ? '' : view.text.slice(range.start, range.end);
      if (range !== undefined && options.onMismatch !== 'quote') {
        fail(a, `quote mismatch: TextPositionSelector selects ${preview(actual)} but TextQuoteSelector.exact is ${preview(exact)}`);
      }
      const at = exact === '' ? -1 : anchor(view.text, exact, String(quote?.prefix ?? ''), String(quote?.suffix ?? ''), range?.start ?? 0);
      if (at < 0) fail(a, `quote ${preview(exact)} not found in the text`);
      if (range !== undefined) warn(a, `position selected ${preview(actual)}; re-anchored on the quote ${preview(exact)} at UTF-16 ${at}`);
      range = { start: at, end: at + exact.length };
    }
    if (range === undefined) return fail(a, 'target has neither a TextPositionSelector nor a TextQuoteSelector');
    let labels = texts((p) => p.includes('tagging'));
    const notes = texts((p) => p.length === 0 || p.includes('commenting'));
    if (typeof a.bodyValue === 'string') notes.push(a.bodyValue);
    if (labels.length === 0) {
      labels = [options.untaggedLabel ?? 'untagged'];
      warn(a, `annotation has no tagging body; labelled ${labels[0]}`);
    }
    if (typeof a.id === 'string') {
      if (spanIds.has(a.id)) fail(a, `duplicate annotation id ${a.id}`);
      spanIds.set(a.id, { key: source ?? '', index: doc.spans.length });
    }
    labels.forEach((label, i) => {
      doc.spans.push({ ...range, label, ...(i === 0 && notes.length > 0 ? { note: notes.join('\n') } : {}), ...(i === 0 && typeof a.id === 'string' ? { id: a.id } : {}) });
    });
  }
  for (const a of links) {
    const ends = list(a.target).map(iriOf);
    if (ends.length !== 2) fail(a, `a linking annotation needs exactly two targets, has ${ends.length}`);
    const [from, to] = ends.map((id) => (id === undefined ? undefined : spanIds.get(id)));
    if (from === undefined || to === undefined) return fail(a, `unknown relation endpoint ${JSON.stringify(from === undefined ? ends[0] : ends[1])}`);
    if (from.key !== to.key) return fail(a, 'relation endpoints are in different documents');
    const type = list(a.body).filter(isRecord).map((b) => b.value).find((v) => typeof v === 'string');
    if (typeof type !== 'string') warn(a, 'linking annotation without a body value; type "related"');
    docs.get(from.key)?.doc.relations.push({ fromIndex: from.index, toIndex: to.index, type: typeof type === 'string' ? type : 'related' });
  }
  if (docs.size === 0) throw new FormatError(1, 'no annotations', file);
  return { documents: [...docs.values()].map((d) => d.doc), warnings };
}
