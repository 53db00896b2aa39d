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
      const view = new TextView(doc.text);
      const source = { id: sourceOf(doc), type: 'Text', format: 'text/plain', textSha256: hash(doc.text) };
      let out = '';
      for (const set of setsToWrite(doc, sets)) {
        for (const a of annotationsJson(view, doc, set, source, base)) out += `${total++ === 0 ? '' : ',\n'}${a}`;
      }
      return out;
    },
    footer: () => `\n]},"total":${total}}\n`,
  };
}

/** A JSON string literal. */
const str = (s: string): string => JSON.stringify(s);
/** How every annotation starts, up to its id. */
const CONTEXT_ID = `{"@context":${str(ANNO_CONTEXT)},"id":`;

/**
 * The annotations of one finished set, each as one line of JSON: spans (tagging), relations
 * (linking), document labels (classifying). Written as text rather than built as objects and
 * stringified: an export holds millions of them and most of each is the same for a document
 * (context, provenance, the target source). The shapes, in key order:
 *   { @context, id, type: Annotation, motivation, creator?, created?, ...rest } with rest =
 *   tagging:     body: [ {TextualBody, purpose tagging, value: label}, {…commenting, value: note}? ],
 *                target: { type: SpecificResource, source, selector: [
 *                  { type: TextQuoteSelector, exact, prefix?, suffix? }, { type: TextPositionSelector, start, end } ] }
 *   linking:     body: [ {TextualBody, purpose tagging, value: type} ], target: [ from span id, to span id ]
 *   classifying: label: label set, body: [ {TextualBody, purpose classifying, value} … ], target: source id
 */
export function annotationsJson(view: TextView, doc: DocumentRecord, set: ExportSet, source: { id: string; type: string; format: string; textSha256: string }, base = 'urn:tagteam:'): string[] {
  const who = `${enc(doc.id)}:${enc(set.annotator)}:${set.version}`;
  const spanIri = (i: number): string => `${base}annotation:${who}:${enc(set.spans[i]?.id ?? String(i))}`;
  let provenance = '';
  if (set.annotator !== '') provenance += `,"creator":{"type":"Person","nickname":${str(set.annotator)}}`;
  if (set.submittedAt > 0) provenance += `,"created":${str(new Date(set.submittedAt).toISOString())}`;
  const head = (id: string, motivation: string): string => `${CONTEXT_ID}${str(id)},"type":"Annotation","motivation":${str(motivation)}${provenance}`;
  const tagging = `,"type":"Annotation","motivation":"tagging"${provenance},"body":[{"type":"TextualBody","purpose":"tagging","value":`;
  const target = `,"target":{"type":"SpecificResource","source":${JSON.stringify(source)},"selector":[`;
  const out: string[] = [];
  set.spans.forEach((span, i) => {
    const p = project(view, span, 'codepoint', doc.id);
    const prefix = view.cpSlice(Math.max(0, p.start - QUOTE_CONTEXT), p.start);
    const suffix = view.cpSlice(p.end, p.end + QUOTE_CONTEXT);
    let a = `${CONTEXT_ID}${str(spanIri(i))}${tagging}${str(span.label)}}`;
    if (span.note !== undefined && span.note !== '') a += `,{"type":"TextualBody","purpose":"commenting","value":${str(span.note)}}`;
    a += `]${target}{"type":"TextQuoteSelector","exact":${str(p.quote)}`;
    if (prefix !== '') a += `,"prefix":${str(prefix)}`;
    if (suffix !== '') a += `,"suffix":${str(suffix)}`;
    out.push(`${a}},{"type":"TextPositionSelector","start":${p.start},"end":${p.end}}]}}`);
  });
  const ends = relationIndexes(set, doc.id);
  set.relations.forEach((r, i) => {
    const e = ends[i] as { from: number; to: number };
    // JSON-LD makes `target` a set; like Recogito we rely on array order: [from, to].
    out.push(
      `${head(`${base}relation:${who}:${enc(r.id)}`, 'linking')},"body":[{"type":"TextualBody","purpose":"tagging","value":${str(r.type)}}],"target":[${str(spanIri(e.from))},${str(spanIri(e.to))}]}`,
    );
  });
  for (const [name, values] of Object.entries(set.docLabels)) {
    if (values.length === 0) continue;
    const body = values.map((v) => `{"type":"TextualBody","purpose":"classifying","value":${str(v)}}`).join(',');
    out.push(`${head(`${base}doclabels:${who}:${enc(name)}`, 'classifying')},"label":${str(name)},"body":[${body}],"target":${str(source.id)}}`);
  }
  return out;
}
