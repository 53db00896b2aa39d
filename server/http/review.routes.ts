// Review and agreement over HTTP: the review queue and agreement report of a project (reviewers
// and owners), one document's adjudication data and its "nothing here" decisions, and an
// annotator's own work against gold.
import { Router, type Request, type Response } from 'express';
import type { Store } from '../../db/store.ts';
import type { ClearedItems, DocumentReview, GoldComparison, ReviewAnnotator } from '../../shared/api.ts';
import { layerName, parseLayerName } from '../../shared/layer-name.ts';
import { layerRight } from '../../shared/permissions.ts';
import { MAX_ITEM_ID } from '../../shared/agreement/disagreements.ts';
import type { DocumentId } from '../../shared/ids.ts';
import type { Sessions } from '../auth/sessions.ts';
import { layerFacts } from '../auth/layer-access.ts';
import type { ReviewService } from '../services/review.service.ts';
import { param, requireRole, requireUser, roleIn, userOf } from './context.ts';
import { badRequest, conflict, forbidden, notFound } from './errors.ts';

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
  /** The gold layer of a document and the caller's facts there: reviewers and owners only. */
  const adjudicator = async (req: Request, res: Response) => {
    const user = userOf(res);
    const did = param(req, 'did') as DocumentId;
    const goldRef = parseLayerName(layerName(did, 'gold'));
    const facts = goldRef && (await layerFacts(store, user, goldRef));
    if (!goldRef || !facts || facts.role === null) throw notFound('no such document');
    if (facts.role === 'annotator') throw forbidden('only reviewers and owners adjudicate');
    return { user, did, goldRef, facts };
  };

  documents.get('/:did/review', async (req, res) => {
    const { did, goldRef, facts } = await adjudicator(req, res);
    const { doc, annotatorSets, gold } = await review.document(did);
    const members = new Map((await store.projects.members(facts.projectId)).map((m) => [m.userId, m]));
    const annotators: ReviewAnnotator[] = annotatorSets.map((s) => {
      const m = members.get(s.owner);
      const { setId: _s, layer: _l, owner: _o, ...set } = s;
      return { userId: s.owner, username: s.annotator, color: m?.color ?? '#666666', version: s.version, set };
    });
    const disagreements = review.disagreements(annotatorSets);
    const body: DocumentReview = {
      document: { id: doc.id, projectId: facts.projectId, title: doc.title, text: doc.text, status: facts.docStatus },
      annotators,
      gold: { layer: goldRef.name, writable: layerRight(goldRef, facts) === 'write', submitted: facts.submitted, version: gold?.version ?? null },
      disagreements,
      cleared: await review.cleared(did, disagreements),
    };
    res.json(body);
  });

  // "Nothing here" decisions (a version with nothing in it accepted): gold cannot hold an absence,
  // so they are kept beside it, under the same right as writing gold.
  const setCleared = (on: boolean) => async (req: Request, res: Response) => {
    const { user, did, goldRef, facts } = await adjudicator(req, res);
    const item = param(req, 'item');
    if (item.length === 0 || item.length > MAX_ITEM_ID) throw badRequest('not a disagreement item id');
    if (facts.submitted) throw conflict('gold is submitted; reopen it to change decisions');
    if (layerRight(goldRef, facts) !== 'write') throw forbidden('you may not change gold');
    const r = await review.setCleared(did, item, user.id, on);
    if ('refused' in r) {
      if (r.refused === 'unknown_item') throw notFound('no such disagreement item in this document');
      throw conflict("every annotator has something there: accept one of their versions instead");
    }
    const body: ClearedItems = r;
    res.json(body);
  };
  documents.put('/:did/review/cleared/:item', setCleared(true));
  documents.delete('/:did/review/cleared/:item', setCleared(false));

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
