// The registry of dataset formats: id, name, file extension, offset unit, what each can carry,
// and its writer factory / reader. Start here; docs/formats.md describes each format.
import { createBratWriter } from './brat.ts';
import { readBratTar } from './brat-read.ts';
import { createConllWriter, readConll } from './conll.ts';
import { createCsvWriter } from './csv.ts';
import { createDoccanoWriter, readDoccanoJsonl } from './doccano.ts';
import { createHfWriter, readHfJsonl } from './hf.ts';
import { createTagteamWriter, readTagteamJsonl } from './jsonl.ts';
import { createLabelStudioWriter } from './labelstudio.ts';
import { readLabelStudio } from './labelstudio-read.ts';
import { readPlainText } from './plaintext.ts';
import { createSpacyWriter, readSpacyJsonl } from './spacy.ts';
import type { DocumentWriter, ImportResult, OffsetUnit, WriteOptions } from './types.ts';
import { createW3cWriter } from './w3c.ts';

export interface FormatInfo {
  id: string;
  name: string;
  /** File name ending, without the dot. */
  extension: string;
  mediaType: string;
  offsetUnit: OffsetUnit;
  carries: { relations: boolean; docLabels: boolean; notes: boolean; attrs: boolean };
  /** Absent when the format cannot be exported (plain text) or needs its own options. */
  createWriter?: (options: WriteOptions) => DocumentWriter<string> | DocumentWriter<Uint8Array>;
  /** Absent when not importable without more input (W3C needs the texts: see readW3c). */
  read?: (input: string | Uint8Array, options: { file?: string }) => ImportResult;
}

const all = (relations: boolean, docLabels: boolean, notes: boolean, attrs: boolean): FormatInfo['carries'] => ({ relations, docLabels, notes, attrs });

export const FORMATS: readonly FormatInfo[] = [
  { id: 'tagteam-jsonl', name: 'Tagteam JSON Lines', extension: 'jsonl', mediaType: 'application/x-ndjson', offsetUnit: 'utf16', carries: all(true, true, true, true), createWriter: createTagteamWriter, read: readTagteamJsonl },
  { id: 'doccano-jsonl', name: 'doccano JSONL (sequence labelling)', extension: 'jsonl', mediaType: 'application/x-ndjson', offsetUnit: 'codepoint', carries: all(false, false, false, false), createWriter: createDoccanoWriter, read: readDoccanoJsonl },
  { id: 'doccano-jsonl-relations', name: 'doccano JSONL (relation extraction)', extension: 'jsonl', mediaType: 'application/x-ndjson', offsetUnit: 'codepoint', carries: all(true, false, false, false), createWriter: (o) => createDoccanoWriter({ ...o, shape: 'relations' }), read: readDoccanoJsonl },
  { id: 'spacy-jsonl', name: 'spaCy training JSONL', extension: 'jsonl', mediaType: 'application/x-ndjson', offsetUnit: 'codepoint', carries: all(false, true, false, false), createWriter: createSpacyWriter, read: readSpacyJsonl },
  { id: 'conll-iob2', name: 'CoNLL-2003 (IOB2)', extension: 'conll', mediaType: 'text/plain', offsetUnit: 'token', carries: all(false, false, false, false), createWriter: createConllWriter, read: readConll },
  { id: 'conll-bilou', name: 'CoNLL-2003 (BILOU)', extension: 'conll', mediaType: 'text/plain', offsetUnit: 'token', carries: all(false, false, false, false), createWriter: (o) => createConllWriter({ ...o, scheme: 'bilou' }), read: readConll },
  { id: 'hf-token-classification', name: 'Hugging Face token classification JSONL', extension: 'jsonl', mediaType: 'application/x-ndjson', offsetUnit: 'token', carries: all(false, false, false, false), createWriter: createHfWriter, read: readHfJsonl },
  { id: 'w3c-annotation', name: 'W3C Web Annotation (JSON-LD)', extension: 'jsonld', mediaType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', offsetUnit: 'codepoint', carries: all(true, true, true, false), createWriter: createW3cWriter },
  { id: 'label-studio', name: 'Label Studio JSON', extension: 'json', mediaType: 'application/json', offsetUnit: 'codepoint', carries: all(true, true, true, false), createWriter: createLabelStudioWriter, read: readLabelStudio },
  { id: 'brat', name: 'brat standoff (tar)', extension: 'tar', mediaType: 'application/x-tar', offsetUnit: 'codepoint', carries: all(true, true, true, true), createWriter: createBratWriter, read: (input, o) => readBratTar(typeof input === 'string' ? new TextEncoder().encode(input) : input, o) },
  { id: 'csv', name: 'CSV (one row per span)', extension: 'csv', mediaType: 'text/csv', offsetUnit: 'codepoint', carries: all(false, false, true, false), createWriter: createCsvWriter },
  { id: 'text', name: 'Plain text (import only)', extension: 'txt', mediaType: 'text/plain', offsetUnit: 'none', carries: all(false, false, false, false), read: readPlainText },
];

export function formatById(id: string): FormatInfo | undefined {
  return FORMATS.find((f) => f.id === id);
}

export type { DocumentWriter, ImportResult, ImportedDocument, ExportWarning, ImportWarning, ExportSet, ExportSpan, WriteOptions } from './types.ts';
export { ExportError, FormatError, safeRead } from './types.ts';
export { readW3c } from './w3c-read.ts';
export { readBrat } from './brat-read.ts';
export { readDoccanoConll } from './doccano.ts';
export { labelStudioConfig } from './labelstudio.ts';
export { bratAnnotationConf } from './brat.ts';
export { hfLabelNames } from './hf.ts';
export { sha256Hex } from './sha256.ts';
