// Review and agreement over HTTP: the review queue and agreement report of a project (reviewers
// and owners), one document's adjudication data, and an annotator's own work against gold.
import { Router } from 'express';
import type { Store } from '../../db/store.ts';
import type { DocumentReview, GoldComparison, ReviewAnnotator } from '../../shared/api.ts';
import { layerName, parseLayerName } from '../../shared/layer-name.ts';
import { layerRight } from '../../shared/permissions.ts';
import type { DocumentId } from '../../shared/ids.ts';
import type { Sessions } from '../auth/sessions.ts';
import { layerFacts } from '../auth/layer-access.ts';
import type { ReviewService } from '../services/review.service.ts';
import { param, requireRole, requireUser, roleIn, userOf } from './context.ts';
import { forbidden, notFound } from './errors.ts';

export function reviewRoutes(store: Store, sessions: Sessions, review: ReviewService): { projects: Router; documents: Router } {
  const projects = Router({ mergeParams: true });
  projects.use(requireUser(sessions));
  projects.get('/:pid/review', async (req, res) => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner', 'reviewer'], 'review documents');
    res.json({ documents: await review.queue(pid) });
  });
  projects.get('/:pid/agreement', async (req, res) => {
    const pid = param(req, 'pid');
    requireRole(await roleIn(store, userOf(res), pid), ['owner', 'reviewer'], 'see agreement figures');
    res.json(await review.report(pid));
  });

  const documents = Router();
  documents.use(requireUser(sessions));
  documents.get('/:did/review', async (req, res) => {
    const user = userOf(res);
    const did = param(req, 'did') as DocumentId;
    const goldRef = parseLayerName(layerName(did, 'gold'));
    const facts = goldRef && (await layerFacts(store, user, goldRef));
    if (!goldRef || !facts || facts.role === null) throw notFound('no such document');
    if (facts.role === 'annotator') throw forbidden('only reviewers and owners adjudicate');
    const { doc, annotatorSets, gold } = await review.document(did);
    const members = new Map((await store.projects.members(facts.projectId)).map((m) => [m.userId, m]));
    const annotators: ReviewAnnotator[] = annotatorSets.map((s) => {
      const m = members.get(s.owner);
      const { setId: _s, layer: _l, owner: _o, ...set } = s;
      return { userId: s.owner, username: s.annotator, color: m?.color ?? '#666666', version: s.version, set };
    });
    const body: DocumentReview = {
      document: { id: doc.id, projectId: facts.projectId, title: doc.title, text: doc.text, status: facts.docStatus },
      annotators,
      gold: { layer: goldRef.name, writable: layerRight(goldRef, facts) === 'write', submitted: facts.submitted, version: gold?.version ?? null },
      disagreements: review.disagreements(annotatorSets),
    };
    res.json(body);
  });

  documents.get('/:did/compare', async (req, res) => {
    const user = userOf(res);
    const did = param(req, 'did') as DocumentId;
    const goldRef = parseLayerName(layerName(did, 'gold'));
    const facts = goldRef && (await layerFacts(store, user, goldRef));
    if (!goldRef || !facts || facts.role === null) throw notFound('no such document');
    if (layerRight(goldRef, facts) === 'none') throw forbidden('gold is visible once the document is done');
    const { annotatorSets, gold } = await review.document(did);
    const owner = facts.mode === 'collaborative' ? 'shared' : user.id;
    const mine = annotatorSets.find((s) => s.owner === owner);
    const strip = (s: typeof mine) => {
      if (!s) return null;
      const { setId: _s, layer: _l, owner: _o, ...set } = s;
      return set;
    };
    const body: GoldComparison = {
      annotator: user.username,
      mine: strip(mine),
      gold: strip(gold),
      comparison: mine && gold ? review.disagreements([mine, gold]) : null,
    };
    res.json(body);
  });
  return { projects, documents };
}
