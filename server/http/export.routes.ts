// Dataset export over HTTP, mounted at /api/projects/:pid/export: the formats, a preview of what a
// selection holds, companion config files, the streamed download, and its progress for the UI.
import type { ServerResponse } from 'node:http';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Store } from '../../db/store.ts';
import { ErrorCode } from '../../shared/protocol.ts';
import { bratAnnotationConf, ExportError, hfLabelNames, labelStudioConfig } from '../../shared/formats/index.ts';
import type { Sessions } from '../auth/sessions.ts';
import { countExport, exportFormats, exportProject, prepareExport, type ExportProgress, type ExportRequest } from '../services/export.service.ts';
import { param, requireRole, requireUser, roleIn, userOf } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import type { Logger } from '../logger.ts';

const STATUSES = ['new', 'in_progress', 'annotated', 'in_review', 'done'] as const;
/** A comma-separated list, also accepted as a repeated parameter (`status=done&status=annotated`). */
const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess((v) => (v === undefined ? undefined : (Array.isArray(v) ? v.join(',') : String(v)).split(',').map((s) => s.trim()).filter((s) => s !== '')), z.array(item).max(200).optional());
const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional();

export const exportQuery = z.object({
  format: z.string().max(64),
  sets: z.enum(['gold', 'annotators', 'all']).default('gold'),
  status: list(z.enum(STATUSES)),
  labels: list(z.string().max(64)),
  versions: z.enum(['latest', 'all']).default('latest'),
  scheme: z.enum(['iob2', 'bilou']).optional(),
  tags: z.enum(['strings', 'ids']).optional(),
  comments: flag,
  protectFormulas: flag,
  /** A token the page picks, to poll GET /progress/:token while the browser downloads. */
  progress: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'progress tokens are 8–64 letters, digits, - or _').optional(),
});
export type ExportQuery = z.infer<typeof exportQuery>;
/** The preview counts what a download would hold; the format only matters for its validation. */
const previewQuery = exportQuery.extend({ format: z.string().max(64).default('tagteam-jsonl') });

export function toExportRequest(q: ExportQuery): ExportRequest {
  return {
    format: q.format,
    sets: q.sets,
    ...(q.status ? { status: q.status } : {}),
    ...(q.labels ? { labels: q.labels } : {}),
    allVersions: q.versions === 'all',
    options: { scheme: q.scheme, tags: q.tags, comments: q.comments, protectFormulas: q.protectFormulas },
  };
}

interface Tracked extends ExportProgress {
  userId: string;
  state: 'running' | 'done' | 'failed';
  error?: string;
  warningCount?: number;
  warnings?: unknown[];
}
const KEEP_FINISHED_MS = 10 * 60 * 1000;
const MAX_TRACKED = 1000;

export function exportRoutes(store: Store, sessions: Sessions, log: Logger): Router {
  const r = Router({ mergeParams: true });
  r.use(requireUser(sessions));
  /** Progress of downloads under way (and finished ones for a while), by the token the page chose. */
  const tracked = new Map<string, Tracked>();
  const mayExport = async (req: Request, res: Response): Promise<string> => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner', 'reviewer'], 'export');
    return pid;
  };

  r.get('/formats', async (req, res) => {
    await roleIn(store, userOf(res), param(req, 'pid'));
    const formats = exportFormats().map((f) => ({ id: f.id, name: f.name, extension: f.extension, mediaType: f.mediaType, offsetUnit: f.offsetUnit, carries: f.carries, options: optionsOf(f.id) }));
    res.json({ formats });
  });

  r.get('/preview', async (req, res) => {
    const pid = await mayExport(req, res);
    const q = previewQuery.parse(req.query);
    const request = toExportRequest(q);
    await prepareExport(store, pid, request);
    res.json(await countExport(store, pid, request));
  });

  /** Files a tool needs beside the data: Label Studio's labeling config, HF label names, brat's annotation.conf. */
  r.get('/config', async (req, res) => {
    const pid = await mayExport(req, res);
    const q = z.object({ format: z.string().max(64), scheme: z.enum(['iob2', 'bilou']).default('iob2') }).parse(req.query);
    const schema = (await store.projects.get(pid))!.schema;
    if (q.format === 'label-studio') res.type('application/xml').send(labelStudioConfig(schema));
    else if (q.format === 'hf-token-classification') res.json({ labelNames: hfLabelNames(schema, q.scheme) });
    else if (q.format === 'brat') res.type('text/plain').send(bratAnnotationConf(schema.spanLabels.map((l) => l.name), schema.relationTypes.map((t) => t.name), new Map()));
    else throw badRequest(`no config file for "${q.format}" (label-studio, hf-token-classification, brat)`);
  });

  r.get('/progress/:token', (req, res) => {
    const t = tracked.get(param(req, 'token'));
    if (!t || t.userId !== userOf(res).id) throw notFound('no such export');
    const { userId: _, ...out } = t;
    res.json(out);
  });

  r.get('/', async (req, res) => {
    const pid = await mayExport(req, res);
    const q = exportQuery.parse(req.query);
    const request = toExportRequest(q);
    const { format } = await prepareExport(store, pid, request);
    const project = (await store.projects.get(pid))!;
    const entry: Tracked = { userId: userOf(res).id, state: 'running', documents: 0, sets: 0, spans: 0, bytes: 0, total: { documents: 0, sets: 0, spans: 0 } };
    if (q.progress !== undefined && (tracked.size < MAX_TRACKED || tracked.has(q.progress))) tracked.set(q.progress, entry);
    const finish = (state: 'done' | 'failed', extra: Partial<Tracked>) => {
      Object.assign(entry, { state, ...extra });
      if (q.progress !== undefined) setTimeout(() => tracked.get(q.progress!) === entry && tracked.delete(q.progress!), KEEP_FINISHED_MS).unref();
    };
    let started = false;
    let gone = false;
    res.on('close', () => {
      gone = !res.writableFinished;
    });
    const start = () => {
      started = true;
      const text = format.mediaType.startsWith('application/x-tar') ? '' : '; charset=utf-8';
      res.status(200);
      res.setHeader('Content-Type', `${format.mediaType}${text}`);
      res.setHeader('Content-Disposition', attachment(`${project.name}-${q.sets}.${format.extension}`));
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Tagteam-Total-Documents', String(entry.total.documents));
      res.setHeader('X-Tagteam-Total-Sets', String(entry.total.sets));
      res.setHeader('X-Tagteam-Total-Spans', String(entry.total.spans));
    };
    try {
      const summary = await exportProject(
        store,
        pid,
        request,
        async (chunk) => {
          if (gone) throw new ExportAborted();
          if (!started) start();
          if (!res.write(chunk)) await drained(res);
        },
        (p) => Object.assign(entry, p),
      );
      if (!started) start();
      res.end();
      finish('done', { warningCount: summary.warningCount, warnings: summary.warnings });
    } catch (e) {
      const message = e instanceof ExportError ? `export failed: ${e.message}` : e instanceof ExportAborted ? 'the download was cancelled' : 'export failed on our side';
      finish('failed', { error: message });
      if (!started && !gone) {
        if (e instanceof ExportError) res.status(409).json({ error: { code: ErrorCode.conflict, message } });
        else throw e; // nothing sent yet: the error handler answers with JSON
        return;
      }
      // Bytes were sent: end the connection without the final chunk, so the client sees a failed
      // download rather than a truncated file that looks complete.
      res.destroy();
      if (e instanceof ExportError) log.warn({ projectId: pid, err: e.message }, 'export failed mid-stream');
      else if (!(e instanceof ExportAborted)) log.error({ err: e, projectId: pid }, 'export failed mid-stream');
    }
  });

  return r;
}

class ExportAborted extends Error {}

/** Waits until the response can take more, or fails when the client went away. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (ok) resolve();
      else reject(new ExportAborted());
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266 / 5987). */
function attachment(name: string): string {
  const safe = name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'export';
  return `attachment; filename="${safe}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The query options each format takes, so the export page can show only those that apply. */
function optionsOf(id: string): string[] {
  if (id.startsWith('conll-')) return ['scheme', 'comments'];
  if (id === 'hf-token-classification') return ['scheme', 'tags'];
  if (id === 'csv') return ['protectFormulas'];
  return [];
}
