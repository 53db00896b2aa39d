// The export endpoints as the page uses them (/api/projects/:pid/export…). Their reply shapes are
// not in shared/api.ts yet, so they are written down here from server/http/export.routes.ts.
export interface ExportFormat {
  id: string;
  name: string;
  extension: string;
  mediaType: string;
  offsetUnit: 'utf16' | 'codepoint' | 'token' | 'none';
  carries: { relations: boolean; docLabels: boolean; notes: boolean; attrs: boolean };
  /** Query options the format takes: scheme, comments, tags, protectFormulas. */
  options: string[];
}

export interface ExportCounts {
  documents: number;
  sets: number;
  spans: number;
}

export interface ExportWarningInfo {
  docId: string;
  annotator: string;
  message: string;
}

export interface ExportProgressState extends ExportCounts {
  state: 'running' | 'done' | 'failed';
  bytes: number;
  total: ExportCounts;
  error?: string;
  warningCount?: number;
  warnings?: ExportWarningInfo[];
}

export type SetsChoice = 'gold' | 'annotators' | 'all';

export interface ExportChoice {
  format: string;
  sets: SetsChoice;
  status: string[];
  labels: string[];
  versions: 'latest' | 'all';
  scheme: 'iob2' | 'bilou';
  tags: 'strings' | 'ids';
  comments: boolean;
  protectFormulas: boolean;
}

/** Short names of offset units, for the format cards. */
export const OFFSET_SHORT: Record<ExportFormat['offsetUnit'], string> = { utf16: 'UTF-16 offsets', codepoint: 'code point offsets', token: 'tokens', none: 'no offsets' };

export const OFFSET_TEXT: Record<ExportFormat['offsetUnit'], string> = {
  utf16: 'UTF-16 code units (JavaScript string indices)',
  codepoint: 'code points (Python str indices)',
  token: 'tokens (no character offsets)',
  none: 'no offsets',
};

/** The query string of a selection; only the options the format takes are sent. */
export function exportQuery(c: ExportChoice, format: ExportFormat | undefined, progress?: string): string {
  const q = new URLSearchParams({ format: c.format, sets: c.sets });
  if (c.status.length) q.set('status', c.status.join(','));
  if (c.labels.length) q.set('labels', c.labels.join(','));
  if (c.versions === 'all') q.set('versions', 'all');
  const opts = new Set(format?.options ?? []);
  if (opts.has('scheme') && !c.format.startsWith('conll-')) q.set('scheme', c.scheme);
  if (opts.has('tags') && c.tags === 'ids') q.set('tags', 'ids');
  if (opts.has('comments') && c.comments) q.set('comments', '1');
  if (opts.has('protectFormulas') && c.protectFormulas) q.set('protectFormulas', '1');
  if (progress) q.set('progress', progress);
  return q.toString();
}

/** A random token the page polls the download's progress by. */
export function progressToken(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
