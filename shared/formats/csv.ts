// CSV export: one row per span, RFC 4180 (CRLF, fields quoted when they hold `"`, `,`, CR or LF).
// Offsets are CODE POINTS, so the file agrees with pandas / Python slicing of the same text.
import { project, setsToWrite, TextView } from './common.ts';
import { sha256Hex } from './sha256.ts';
import type { DocumentWriter, ExportWarning, WriteOptions } from './types.ts';

export const CSV_COLUMNS = ['document_id', 'text_sha256', 'annotator', 'version', 'start', 'end', 'label', 'text', 'note'] as const;

export interface CsvOptions extends WriteOptions {
  /**
   * Prefix cells that start with = + - @ TAB or CR with an apostrophe, so a spreadsheet does not run
   * them as formulas. Off by default: it changes the data (the quote check is run before).
   */
  protectFormulas?: boolean;
}

/** One RFC 4180 field. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(fields: ReadonlyArray<string | number>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function createCsvWriter(options: CsvOptions = {}): DocumentWriter {
  const hash = options.hash ?? sha256Hex;
  const guard = (s: string): string => (options.protectFormulas === true && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
  const warnings: ExportWarning[] = [];
  return {
    warnings,
    header: () => csvRow(CSV_COLUMNS),
    document(doc, sets) {
      const view = new TextView(doc.text);
      const digest = hash(doc.text);
      let out = '';
      for (const set of setsToWrite(doc, sets)) {
        for (const span of set.spans) {
          const p = project(view, span, 'codepoint', doc.id);
          out += csvRow([doc.id, digest, set.annotator, set.version, p.start, p.end, guard(span.label), guard(p.quote), guard(span.note ?? '')]);
        }
      }
      return out;
    },
    footer: () => '',
  };
}

/** RFC 4180 parser (used to check our own output); accepts LF or CRLF row ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
