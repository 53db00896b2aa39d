// One document: its text and the layers the caller may open, its finished sets, and the
// submit / reopen actions on a layer.
import { Router } from 'express';
import type { Store } from '../../db/store.ts';
import { SetConflict } from '../../db/set.store.ts';
import type { DocumentDetail, LayerInfo, SetSummary, SubmitResult } from '../../shared/api.ts';
import { layerName, parseLayerName, type LayerRef } from '../../shared/layer-name.ts';
import { layerRight, mayReopen, maySubmit } from '../../shared/permissions.ts';
import type { DocumentId, UserId } from '../../shared/ids.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { layerFacts } from '../auth/layer-access.ts';
import type { LayerService } from '../services/layers.service.ts';
import { param, requireUser, userOf } from './context.ts';
import { conflict, forbidden, notFound } from './errors.ts';

export function documentRoutes(store: Store, sessions: Sessions, layers: LayerService): Router {
  const r = Router();
  r.use(requireUser(sessions));

  /** The caller's facts about a document; 404 when it is absent or the caller is not a member. */
  const memberFacts = async (user: SessionUser, did: string) => {
    const probe = parseLayerName(`${did}/shared`);
    const base = probe && (await layerFacts(store, user, probe));
    if (!base || base.role === null) throw notFound('no such document');
    return base;
  };

  r.get('/:did', async (req, res) => {
    const user = userOf(res);
    const did = param(req, 'did') as DocumentId;
    const base = await memberFacts(user, did);
    const doc = (await store.documents.get(did))!;
    const members = await store.projects.members(base.projectId);
    const refs: LayerRef[] = [
      parseLayerName(layerName(did, 'shared'))!,
      parseLayerName(layerName(did, 'gold'))!,
      parseLayerName(layerName(did, 'predictions'))!,
      ...members.map((m) => parseLayerName(layerName(did, { user: m.userId as UserId }))!),
    ];
    const infos: LayerInfo[] = [];
    for (const ref of refs) {
      const facts = (await layerFacts(store, user, ref))!;
      const right = layerRight(ref, facts);
      if (right === 'none') continue;
      const latest = await store.sets.latest(ref.name);
      infos.push({
        name: ref.name,
        kind: ref.kind,
        ...(ref.kind === 'user' ? { userId: ref.userId } : {}),
        writable: right === 'write',
        version: latest?.version ?? null,
        submitted: latest !== undefined && latest.reopenedAt === null,
      });
    }
    const own = base.mode === 'collaborative' ? layerName(did, 'shared') : layerName(did, { user: user.id });
    const working = infos.find((l) => l.name === own)?.name ?? (base.role !== 'annotator' ? (infos.find((l) => l.kind === 'gold')?.name ?? null) : null);
    const detail: DocumentDetail = {
      id: doc.id,
      projectId: doc.projectId,
      title: doc.title,
      text: doc.text,
      textHash: doc.textHash,
      meta: doc.meta,
      status: base.docStatus,
      layers: infos,
      working,
    };
    res.json({ document: detail });
  });

  r.get('/:did/sets', async (req, res) => {
    const user = userOf(res);
    const did = param(req, 'did');
    await memberFacts(user, did);
    const sets = await store.sets.forDocument(did);
    const visible: SetSummary[] = [];
    for (const s of sets) {
      const ref = parseLayerName(s.layer);
      const facts = ref && (await layerFacts(store, user, ref));
      if (!ref || !facts || layerRight(ref, facts) === 'none') continue;
      const ownerName = s.owner === 'gold' || s.owner === 'shared' ? s.owner : ((await store.users.byId(s.owner))?.username ?? s.owner);
      visible.push({ ...s, ownerName });
    }
    res.json({ sets: visible });
  });

  const layerAction = (action: 'submit' | 'reopen') =>
    async (req: import('express').Request, res: import('express').Response) => {
      const user = userOf(res);
      const ref = parseLayerName(`${param(req, 'did')}/${param(req, 'owner')}`);
      const facts = ref && (await layerFacts(store, user, ref));
      if (!ref || !facts || layerRight(ref, facts) === 'none') throw notFound('no such layer');
      const allowed = action === 'submit' ? maySubmit(ref, facts) : mayReopen(ref, facts);
      if (!allowed) throw forbidden(`you may not ${action} this layer`);
      try {
        const set = action === 'submit' ? await layers.submit(ref, user.id) : await layers.reopen(ref, user.id);
        const content = action === 'submit' ? await store.sets.content(set.id) : undefined;
        const result: SubmitResult = {
          setId: set.id,
          version: set.version,
          spans: content?.spans.length ?? set.spans,
          relations: content?.relations.length ?? 0,
          docLabels: content?.docLabels ?? {},
        };
        res.json({ set: result });
      } catch (e) {
        if (e instanceof SetConflict) throw conflict(e.message);
        throw e;
      }
    };
  r.post('/:did/layers/:owner/submit', layerAction('submit'));
  r.post('/:did/layers/:owner/reopen', layerAction('reopen'));

  return r;
}
