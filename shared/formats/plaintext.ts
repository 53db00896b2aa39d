// Plain text import: one file is one document, its text kept exactly (CRLF, BOM dropped), titled
// by the file name without its extension.
import { decodeInput } from './input.ts';
import type { ImportResult } from './types.ts';

export function readPlainText(input: string | Uint8Array, options: { file?: string } = {}): ImportResult {
  const text = decodeInput(input, options.file);
  const name = options.file ?? 'document';
  const title = name.slice(name.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '') || name;
  return { documents: [{ title, text, meta: {}, spans: [], relations: [], docLabels: {} }], warnings: [] };
}
