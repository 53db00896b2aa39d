// `tagteam export <projectId> --format F [--sets …] [--status …] [--labels …] [--out file]`: the
// same streamed export as the HTTP endpoint, to a file or stdout, with progress on stderr.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ExportError } from '../../shared/formats/index.ts';
import { exportFormats, exportProject } from '../services/export.service.ts';
import { exportQuery, toExportRequest } from '../http/export.routes.ts';
import { HttpError } from '../http/errors.ts';
import type { Command } from './command.ts';

const PROGRESS_EVERY_MS = 200;

export const exportCommand: Command = {
  name: 'export',
  usage:
    'export <projectId> --format F [--sets gold|annotators|all] [--status done,annotated] [--labels L1,L2] [--versions latest|all] [--scheme iob2|bilou] [--tags strings|ids] [--comments] [--protect-formulas] [--out file]',
  summary: `export finished sets, streamed to a file or stdout (formats: ${exportFormats().map((f) => f.id).join(', ')})`,
  options: {
    format: { type: 'string' },
    sets: { type: 'string' },
    status: { type: 'string' },
    labels: { type: 'string' },
    versions: { type: 'string' },
    scheme: { type: 'string' },
    tags: { type: 'string' },
    comments: { type: 'boolean' },
    'protect-formulas': { type: 'boolean' },
    out: { type: 'string' },
  },
  async run({ store, args, options, err }) {
    const [projectId] = args;
    const { out, comments, 'protect-formulas': protect, ...rest } = options;
    const parsed = exportQuery.safeParse({ ...rest, ...(comments ? { comments: 'true' } : {}), ...(protect ? { protectFormulas: 'true' } : {}) });
    if (!projectId || !parsed.success) {
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      if (issue) err(`${issue.path.join('.') || 'options'}: ${issue.message}`);
      err(`usage: tagteam ${exportCommand.usage}`);
      return 2;
    }
    // A file is written under a temporary name and renamed only when complete, so a failed export
    // never leaves a truncated file that looks like a whole one.
    const file = typeof out === 'string' && out !== '-' ? path.resolve(out) : undefined;
    const partial = file && `${file}.partial-${process.pid}`;
    const stream: Writable = partial ? createWriteStream(partial) : process.stdout;
    // A closed pipe (`| head`) or a full disk stops the export instead of crashing the process.
    let broken: Error | undefined;
    const onError = (e: Error) => (broken ??= e);
    stream.on('error', onError);
    let shown = 0;
    const progress = (done: number, total: number, force = false) => {
      const now = Date.now();
      if (!force && now - shown < PROGRESS_EVERY_MS) return;
      shown = now;
      process.stderr.write(`\r${done}/${total} documents`);
    };
    try {
      let last = { documents: 0, total: 0 };
      const summary = await exportProject(
        store,
        projectId,
        toExportRequest(parsed.data),
        async (chunk) => {
          if (broken) throw broken;
          if (!stream.write(chunk)) await once(stream, 'drain');
        },
        (p) => {
          last = { documents: p.documents, total: p.total.documents };
          progress(p.documents, p.total.documents);
        },
      );
      progress(last.documents, last.total, true);
      process.stderr.write('\n');
      if (partial && file) {
        await close(stream as WriteStream);
        await rename(partial, file);
      }
      err(`exported ${summary.documents} documents, ${summary.sets} sets, ${summary.spans} spans (${summary.bytes} bytes)${file ? ` to ${file}` : ''}`);
      for (const w of summary.warnings.slice(0, 20)) err(`warning: document ${w.docId}${w.annotator ? ` (${w.annotator})` : ''}${w.spanId ? `, span ${w.spanId}` : ''}: ${w.message}`);
      if (summary.warningCount > 20) err(`… and ${summary.warningCount - 20} more warnings`);
      return 0;
    } catch (e) {
      process.stderr.write('\n');
      if (partial) {
        await close(stream as WriteStream).catch(() => undefined);
        await rm(partial, { force: true });
      }
      if (e instanceof ExportError || e instanceof HttpError || e === broken) {
        err(`export failed: ${(e as Error).message}${file ? `; ${file} was not written` : '; the output above is incomplete'}`);
        return 1;
      }
      throw e;
    }
  },
};

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
