// brat standoff import: `.txt` + `.ann` pairs (or a tar of them). T → spans, R → relations,
// A/M → span attrs, AnnotatorNotes → notes; events, equivalences, normalizations are reported.
import { preview, TextView } from './common.ts';
import { decodeInput, importRange, isRecord, readDocLabels } from './input.ts';
import { readTar } from './tar.ts';
import { FormatError } from './types.ts';
import type { ImportedDocument, ImportResult, ImportWarning } from './types.ts';

export interface NamedFile {
  name: string;
  data: string | Uint8Array;
}

const stem = (name: string): string => name.replace(/\.(txt|ann)$/, '');

/** Reads pairs by name; a `.txt` without `.ann` is a document without annotations. */
export function readBrat(files: readonly NamedFile[]): ImportResult {
  const byName = new Map(files.map((f) => [f.name, f]));
  const warnings: ImportWarning[] = [];
  const manifestFile = files.find((f) => /(^|\/)manifest\.jsonl$/.test(f.name));
  const manifest = new Map<string, Record<string, unknown>>();
  if (manifestFile !== undefined) {
    decodeInput(manifestFile.data, manifestFile.name).split('\n').forEach((l, i) => {
      if (l.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch (e) {
        throw new FormatError(i + 1, `bad JSON: ${(e as Error).message}`, manifestFile.name);
      }
      if (isRecord(v) && typeof v.file === 'string') manifest.set(v.file, { ...v, line: i + 1 });
    });
  }
  for (const f of files) {
    if (f.name.endsWith('.ann') && !byName.has(`${stem(f.name)}.txt`)) throw new FormatError(1, 'no .txt file for this .ann file', f.name);
  }
  const documents = files
    .filter((f) => f.name.endsWith('.txt'))
    .map((txt): ImportedDocument => {
      const base = stem(txt.name);
      const ann = byName.get(`${base}.ann`);
      const text = decodeInput(txt.data, txt.name);
      const annText = ann === undefined || ann.data.length === 0 ? '' : decodeInput(ann.data, ann.name);
      const doc = readAnn(text, annText, ann?.name ?? `${base}.ann`, warnings);
      const short = base.slice(base.lastIndexOf('/') + 1);
      const m = manifest.get(short);
      doc.title = typeof m?.title === 'string' ? m.title : short;
      if (m !== undefined) {
        doc.docLabels = readDocLabels(m.docLabels, m.line as number, manifestFile?.name);
        doc.origin = {
          ...(typeof m.docId === 'string' ? { docId: m.docId } : {}),
          ...(typeof m.annotator === 'string' ? { annotator: m.annotator } : {}),
          ...(typeof m.version === 'number' ? { version: m.version } : {}),
          ...(typeof m.textSha256 === 'string' ? { textSha256: m.textSha256 } : {}),
        };
      }
      return doc;
    });
  if (documents.length === 0) throw new FormatError(1, 'no .txt files', files[0]?.name);
  return { documents, warnings };
}

export function readBratTar(bytes: Uint8Array, options: { file?: string } = {}): ImportResult {
  if (bytes.length === 0) throw new FormatError(1, 'empty file', options.file);
  return readBrat(readTar(bytes, options.file));
}

interface Line {
  n: number;
  id: string;
  fields: string[];
}

/** One `.ann` file against its text. Two passes: annotations may refer to ids defined later. */
export function readAnn(text: string, ann: string, file: string, warnings: ImportWarning[]): ImportedDocument {
  const view = new TextView(text);
  const doc: ImportedDocument = { title: file, text, meta: {}, spans: [], relations: [], docLabels: {} };
  const spanOf = new Map<string, number>();
  const skipped = new Set<string>();
  const warn = (n: number, message: string): void => {
    warnings.push({ line: n, file, message });
  };
  const lines: Line[] = [];
  const seen = new Set<string>();
  ann.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\r$/, '');
    if (l.trim() === '') return;
    const fields = l.split('\t');
    if (fields.length < 2) throw new FormatError(i + 1, 'expected an id, a tab and an annotation', file);
    const id = fields[0] as string;
    if (id !== '*' && seen.has(id)) throw new FormatError(i + 1, `duplicate id ${id}`, file);
    seen.add(id);
    lines.push({ n: i + 1, id, fields });
  });
  for (const { n, id, fields } of lines) {
    if (id.startsWith('T')) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(fields[1] as string);
      if (m === null) throw new FormatError(n, `bad text-bound annotation ${JSON.stringify(fields[1])}`, file);
      const ranges = (m[2] as string).split(';').map((p) => {
        const [s, e] = p.split(' ').map(Number);
        return importRange(view, s, e, 'codepoint', n, undefined, file);
      });
      const quote = fields.slice(2).join('\t');
      const actual = ranges.map((r) => text.slice(r.start, r.end)).join(' ');
      if (fields.length > 2 && quote !== actual) throw new FormatError(n, `quote mismatch: offsets select ${preview(actual)} but the text field is ${preview(quote)}`, file);
      // Fragments separated only by line breaks are one span split as brat does; others are discontinuous.
      const joined = ranges.every((r, k) => k === 0 || /^\s*[\n\r\u2028\u2029]\s*$/u.test(text.slice((ranges[k - 1] as { end: number }).end, r.start)));
      if (!joined) {
        skipped.add(id);
        warn(n, `discontinuous span ${id} is not supported; left out`);
        continue;
      }
      spanOf.set(id, doc.spans.length);
      doc.spans.push({ start: (ranges[0] as { start: number }).start, end: (ranges[ranges.length - 1] as { end: number }).end, label: m[1] as string, id });
    } else if (/^[ERAMN#*]/.test(id)) {
      if (id.startsWith('E') || id.startsWith('R')) skipped.add(id);
    } else throw new FormatError(n, `unknown annotation type ${JSON.stringify(id)}`, file);
  }
  const target = (n: number, ref: string, what: string): number | undefined => {
    const i = spanOf.get(ref);
    if (i !== undefined) return i;
    if (!skipped.has(ref)) throw new FormatError(n, `unknown ${what} ${JSON.stringify(ref)}`, file);
    warn(n, `${what} ${ref} is not a span we import; left out`);
    return undefined;
  };
  for (const { n, id, fields } of lines) {
    const body = fields[1] as string;
    if (id.startsWith('R')) {
      const m = /^(\S+) \S+:(\S+) \S+:(\S+)\s*$/.exec(body);
      if (m === null) throw new FormatError(n, `bad relation ${JSON.stringify(body)}`, file);
      const from = target(n, m[2] as string, 'relation endpoint');
      const to = target(n, m[3] as string, 'relation endpoint');
      if (from !== undefined && to !== undefined) doc.relations.push({ fromIndex: from, toIndex: to, type: m[1] as string, id });
    } else if (id.startsWith('A') || id.startsWith('M')) {
      const m = /^(\S+) (\S+)(?: (\S+))?\s*$/.exec(body);
      if (m === null) throw new FormatError(n, `bad attribute ${JSON.stringify(body)}`, file);
      const i = target(n, m[2] as string, 'attribute target');
      const span = i === undefined ? undefined : doc.spans[i];
      if (span !== undefined) span.attrs = { ...span.attrs, [m[1] as string]: m[3] ?? true };
    } else if (id.startsWith('#')) {
      const m = /^(\S+) (\S+)$/.exec(body.trim());
      if (m === null) throw new FormatError(n, `bad note ${JSON.stringify(body)}`, file);
      const i = target(n, m[2] as string, 'note target');
      const span = i === undefined ? undefined : doc.spans[i];
      if (span !== undefined) span.note = fields.slice(2).join('\t');
    } else if (id.startsWith('E')) warn(n, `event ${id} is not supported; its trigger span is kept`);
    else if (id.startsWith('N')) warn(n, `normalization ${id} is not supported; left out`);
    else if (id.startsWith('*')) warn(n, 'equivalence (*) is not supported; left out');
  }
  return doc;
}
