// `tagteam import <projectId> <file> [--format F] [--as predictions|finished] [--annotator U]`:
// the same atomic import as the HTTP endpoint, with progress on stderr.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importDocuments } from '../services/import.service.ts';
import { toSessionUser } from '../auth/sessions.ts';
import { HttpError } from '../http/errors.ts';
import { FORMATS } from '../../shared/formats/index.ts';
import type { Command } from './command.ts';

export const importCommand: Command = {
  name: 'import',
  usage: 'import <projectId> <file> [--format F] [--as predictions|finished] [--annotator U] [--by U]',
  summary: `import documents atomically (formats: ${FORMATS.filter((f) => f.read).map((f) => f.id).join(', ')})`,
  options: { format: { type: 'string' }, as: { type: 'string' }, annotator: { type: 'string' }, by: { type: 'string' } },
  async run({ store, args, options, out, err }) {
    const [projectId, file] = args;
    if (!projectId || !file) {
      err(`usage: tagteam ${importCommand.usage}`);
      return 2;
    }
    const format = typeof options.format === 'string' ? options.format : file.endsWith('.txt') ? 'text' : 'tagteam-jsonl';
    const by = await store.users.byUsername(typeof options.by === 'string' ? options.by : 'admin');
    if (!by) {
      err('no importing user (use --by)');
      return 1;
    }
    const bytes = new Uint8Array(await readFile(file));
    try {
      const r = await importDocuments(
        store,
        projectId,
        toSessionUser(by),
        bytes,
        { format, as: options.as === 'finished' ? 'finished' : 'predictions', annotator: typeof options.annotator === 'string' ? options.annotator : undefined, file: path.basename(file), title: path.basename(file, path.extname(file)) },
        (done, total) => process.stderr.write(`\r${done}/${total} documents`),
      );
      process.stderr.write('\n');
      out(`imported ${r.documents} documents, ${r.spans} spans, ${r.relations} relations into ${projectId}`);
      for (const w of r.warnings) out(`warning: ${w}`);
      return 0;
    } catch (e) {
      if (e instanceof HttpError) {
        err(`import refused, nothing was imported: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
