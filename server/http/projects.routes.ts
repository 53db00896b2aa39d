// Projects: list, create, read, edit (schema edits that would orphan annotations are refused),
// members, documents with status, the annotator's queue, and document import.
import express, { Router } from 'express';
import type { Store } from '../../db/store.ts';
import type { DocumentSummary, ImportProgress, ProjectDetail, ProjectSummary } from '../../shared/api.ts';
import type { Sessions } from '../auth/sessions.ts';
import { importDocuments } from '../services/import.service.ts';
import { orphanedBy } from '../services/schema-guard.ts';
import type { LayerService } from '../services/layers.service.ts';
import type { Reauthorize } from '../hub/reauthorize.ts';
import { param, requireRole, requireUser, roleIn, userOf } from './context.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import { importQuery, memberBody, projectBody, projectPatch } from './schemas.ts';

export interface ProjectRouteDeps {
  store: Store;
  sessions: Sessions;
  layers: LayerService;
  reauthorize: Reauthorize;
  usernameOf: (socketId: string) => string | undefined;
  maxImportBytes: number;
}

export function projectRoutes({ store, sessions, layers, reauthorize, usernameOf, maxImportBytes }: ProjectRouteDeps): Router {
  const r = Router();
  r.use(requireUser(sessions));

  r.get('/', async (_req, res) => {
    const user = userOf(res);
    const rows = await store.projects.listFor(user.id, user.isAdmin);
    const projects: ProjectSummary[] = await Promise.all(
      rows.map(async (p) => {
        const docs = await store.documents.listWithStatus(p.id);
        return { id: p.id, name: p.name, mode: p.mode, overlap: p.overlap, role: p.role, documents: docs.length, done: docs.filter((d) => d.status === 'done').length };
      }),
    );
    res.json({ projects });
  });

  r.post('/', async (req, res) => {
    const body = projectBody.parse(req.body);
    const p = await store.projects.create(body, userOf(res).id);
    res.status(201).json({ project: p });
  });

  r.get('/:pid', async (req, res) => {
    const pid = param(req, 'pid');
    const role = await roleIn(store, userOf(res), pid);
    const p = (await store.projects.get(pid))!;
    const detail: ProjectDetail = { ...p, role, members: await store.projects.members(pid) };
    res.json({ project: detail });
  });

  r.patch('/:pid', async (req, res) => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner'], 'change project settings');
    const patch = projectPatch.parse(req.body);
    if (patch.schema) {
      const orphans = await orphanedBy(store, layers, pid, patch.schema);
      if (orphans.length > 0) {
        throw conflict(`this schema change would orphan existing annotations: ${orphans.slice(0, 5).join('; ')}. Remove or relabel them first.`);
      }
    }
    await store.projects.update(pid, patch);
    if (patch.overlap !== undefined || patch.mode !== undefined) await store.projects.balanceAssignments(pid);
    await reauthorize(() => true);
    res.json({ project: await store.projects.get(pid) });
  });

  r.put('/:pid/members/:username', async (req, res) => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner'], 'manage members');
    const { role } = memberBody.parse(req.body);
    const u = await store.users.byUsername(param(req, 'username'));
    if (!u) throw notFound('no such user');
    const members = await store.projects.members(pid);
    if (role !== 'owner' && members.filter((m) => m.role === 'owner' && m.userId !== u.id).length === 0) {
      throw conflict('a project keeps at least one owner');
    }
    await store.projects.setMember(pid, u.id, role);
    await store.projects.balanceAssignments(pid);
    await reauthorize(() => true);
    res.json({ members: await store.projects.members(pid) });
  });

  r.delete('/:pid/members/:username', async (req, res) => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner'], 'manage members');
    const u = await store.users.byUsername(param(req, 'username'));
    const members = await store.projects.members(pid);
    if (!u || !members.some((m) => m.userId === u.id)) throw notFound('not a member');
    if (members.filter((m) => m.role === 'owner' && m.userId !== u.id).length === 0) throw conflict('a project keeps at least one owner');
    await store.projects.removeMember(pid, u.id);
    await store.projects.balanceAssignments(pid);
    await reauthorize(() => true);
    res.json({ members: await store.projects.members(pid) });
  });

  r.get('/:pid/documents', async (req, res) => {
    const pid = param(req, 'pid');
    const user = userOf(res);
    const role = await roleIn(store, user, pid);
    const p = (await store.projects.get(pid))!;
    let docs = await store.documents.listWithStatus(pid);
    // In independent mode an annotator sees only the documents assigned to them.
    if (role === 'annotator' && p.mode === 'independent') docs = docs.filter((d) => d.assigneeIds.includes(user.id));
    const out: DocumentSummary[] = docs.map((d) => ({
      id: d.id,
      title: d.title,
      position: d.position,
      chars: d.chars,
      status: d.status,
      assignees: role === 'annotator' ? [] : d.assignees,
      activeUsers: layers.activeUsers(d.id, usernameOf),
      mineSubmitted: d.submittedOwners.includes(p.mode === 'collaborative' ? 'shared' : user.id),
    }));
    res.json({ documents: out });
  });

  r.get('/:pid/queue/next', async (req, res) => {
    const pid = param(req, 'pid');
    const user = userOf(res);
    await roleIn(store, user, pid);
    const p = (await store.projects.get(pid))!;
    const docs = await store.documents.listWithStatus(pid);
    const mine = p.mode === 'independent' ? docs.filter((d) => d.assigneeIds.includes(user.id)) : docs;
    const owner = p.mode === 'collaborative' ? 'shared' : user.id;
    const next = mine.find((d) => !d.submittedOwners.includes(owner) && d.status !== 'done');
    res.json({ document: next ? { id: next.id, title: next.title } : null, remaining: mine.filter((d) => !d.submittedOwners.includes(owner)).length });
  });

  r.post('/:pid/documents/import', express.raw({ type: () => true, limit: maxImportBytes }), async (req, res) => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner'], 'import documents');
    const q = importQuery.parse(req.query);
    const body: unknown = req.body;
    if (!(body instanceof Uint8Array) || body.length === 0) throw badRequest('the file is empty');
    const streaming = (req.headers.accept ?? '').includes('application/x-ndjson');
    if (!streaming) {
      const result = await importDocuments(store, pid, userOf(res), body, { ...q, file: q.title });
      res.status(201).json({ result });
      return;
    }
    // Progress for large files: one NDJSON line per step, the last one the result or the error.
    res.status(200).type('application/x-ndjson');
    const line = (x: ImportProgress) => res.write(`${JSON.stringify(x)}\n`);
    try {
      const result = await importDocuments(store, pid, userOf(res), body, { ...q, file: q.title }, (done, total) => line({ progress: { done, total } }));
      line({ result });
    } catch (e) {
      const err = e as { code?: string; message?: string; status?: number };
      line({ error: { code: err.status && err.status < 500 ? 'bad_request' : 'internal', message: err.status && err.status < 500 ? String(err.message) : 'import failed' } });
    }
    res.end();
  });

  return r;
}
