// W3C Web Annotation export: an AnnotationCollection (JSON-LD) of tagging annotations with
// TextQuoteSelector + TextPositionSelector (CODE POINTS, as the spec says), linking, classifying.
import type { DocumentRecord } from '../domain.ts';
import { project, relationIndexes, setsToWrite, TextView } from './common.ts';
import { sha256Hex } from './sha256.ts';
import type { DocumentWriter, ExportSet, WriteOptions } from './types.ts';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Characters (code points) of context on each side in a TextQuoteSelector. */
export const QUOTE_CONTEXT = 32;

export interface W3cOptions extends WriteOptions {
  /** Prefix of every IRI we mint (annotations, collection, default sources); default `urn:tagteam:`. */
  base?: string;
  /** IRI of a document's text, the annotations' target source; default `<base>document:<id>`. */
  sourceOf?: (doc: DocumentRecord) => string;
  label?: string;
}

const enc = encodeURIComponent;

export function createW3cWriter(options: W3cOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  const base = options.base ?? 'urn:tagteam:';
  const sourceOf = options.sourceOf ?? ((d: DocumentRecord) => `${base}document:${enc(d.id)}`);
  const collection = `${base}collection`;
  let total = 0;
  return {
    warnings: [],
    header() {
      const head = { '@context': ANNO_CONTEXT, id: collection, type: 'AnnotationCollection', label: options.label ?? 'Tagteam export' };
      const page = { id: `${collection}:page:1`, type: 'AnnotationPage', startIndex: 0 };
      return `${JSON.stringify(head).slice(0, -1)},"first":${JSON.stringify(page).slice(0, -1)},"items":[\n`;
    },
    document(doc, sets) {
      const items: string[] = [];
      const source = { id: sourceOf(doc), type: 'Text', format: 'text/plain', textSha256: hash(doc.text) };
      for (const set of setsToWrite(doc, sets)) {
        for (const a of annotationsOf(doc, set, source, base)) items.push(JSON.stringify(a));
      }
      return items.map((s) => `${total++ === 0 ? '' : ',\n'}${s}`).join('');
    },
    footer: () => `\n]},"total":${total}}\n`,
  };
}

/** The annotations of one finished set: spans (tagging), relations (linking), document labels (classifying). */
export function annotationsOf(doc: DocumentRecord, set: ExportSet, source: { id: string }, base = 'urn:tagteam:'): Array<Record<string, unknown>> {
  const view = new TextView(doc.text);
  const who = `${enc(doc.id)}:${enc(set.annotator)}:${set.version}`;
  const spanIri = (i: number): string => `${base}annotation:${who}:${enc(set.spans[i]?.id ?? String(i))}`;
  const provenance: Record<string, unknown> = {};
  if (set.annotator !== '') provenance.creator = { type: 'Person', nickname: set.annotator };
  if (set.submittedAt > 0) provenance.created = new Date(set.submittedAt).toISOString();
  const anno = (id: string, motivation: string, extra: Record<string, unknown>) => ({ '@context': ANNO_CONTEXT, id, type: 'Annotation', motivation, ...provenance, ...extra });
  const out: Array<Record<string, unknown>> = [];
  set.spans.forEach((span, i) => {
    const p = project(view, span, 'codepoint', doc.id);
    const quote: Record<string, unknown> = { type: 'TextQuoteSelector', exact: p.quote };
    const prefix = view.cpSlice(Math.max(0, p.start - QUOTE_CONTEXT), p.start);
    const suffix = view.cpSlice(p.end, p.end + QUOTE_CONTEXT);
    if (prefix !== '') quote.prefix = prefix;
    if (suffix !== '') quote.suffix = suffix;
    const body: Array<Record<string, unknown>> = [{ type: 'TextualBody', purpose: 'tagging', value: span.label }];
    if (span.note !== undefined && span.note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', value: span.note });
    const selector = [quote, { type: 'TextPositionSelector', start: p.start, end: p.end }];
    out.push(anno(spanIri(i), 'tagging', { body, target: { type: 'SpecificResource', source, selector } }));
  });
  const ends = relationIndexes(set, doc.id);
  set.relations.forEach((r, i) => {
    const e = ends[i] as { from: number; to: number };
    const body = [{ type: 'TextualBody', purpose: 'tagging', value: r.type }];
    // JSON-LD makes `target` a set; like Recogito we rely on array order: [from, to].
    out.push(anno(`${base}relation:${who}:${enc(r.id)}`, 'linking', { body, target: [spanIri(e.from), spanIri(e.to)] }));
  });
  for (const [name, values] of Object.entries(set.docLabels)) {
    if (values.length === 0) continue;
    const body = values.map((v) => ({ type: 'TextualBody', purpose: 'classifying', value: v }));
    out.push(anno(`${base}doclabels:${who}:${enc(name)}`, 'classifying', { label: name, body, target: source.id }));
  }
  return out;
}
