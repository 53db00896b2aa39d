// A disputed document for the review, dashboard and export browser tests, built from Node: an
// independent project (overlap 2) where ann1 and ann2 submitted sets that disagree in every way the
// review view shows (document label, relation missing, span missing, label, boundary) and agree on
// three spans. Also: gold written and submitted from Node, and gold read back from the store.
import assert from 'node:assert/strict';
import type * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { putRelation, putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asRelationId, asSpanId, asUserId, type UserId } from '../../shared/ids.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';

export const TEXT = 'Ada Lovelace worked with Charles Babbage in London.\n\nThe Royal Society met in 1843 to hear Ada Lovelace speak.';
export const at = (phrase: string, nth = 0): [number, number] => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = TEXT.indexOf(phrase, i + 1);
  return [i, i + phrase.length];
};

type Edit = (doc: Y.Doc, author: UserId) => void;

export async function writeAndSubmit(server: TestServer, who: Session, documentId: string, owner: string, edit: Edit): Promise<void> {
  const c = openLayer(server.url, `${documentId}/${owner}`, { headers: { cookie: who.cookie } });
  await c.provider.whenSaved();
  edit(c.doc, asUserId(who.userId));
  await c.provider.whenSaved();
  c.close();
  const r = await call(server.url, who, 'POST', `/api/documents/${documentId}/layers/${owner}/submit`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

const span = (doc: Y.Doc, id: string, phrase: string, label: string, author: UserId, nth = 0) => {
  const [start, end] = at(phrase, nth);
  putSpan(doc, asSpanId(id), { start, end, label, author, at: 1 });
};

/** Seeds the workspace and the two annotators' disagreeing, submitted sets. */
export async function disputedWorkspace(server: TestServer, texts: string[] = [TEXT]): Promise<Workspace> {
  const ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts });
  const D = ws.docIds[0]!;
  await writeAndSubmit(server, ws.ann1, D, `user:${ws.ann1.userId}`, (doc, a) => {
    span(doc, 'ada', 'Ada Lovelace', 'PERSON', a);
    span(doc, 'cb', 'Charles Babbage', 'PERSON', a);
    span(doc, 'lon', 'London', 'GPE', a);
    span(doc, 'rs', 'Royal Society', 'ORG', a);
    span(doc, 'ada2', 'Ada Lovelace', 'PERSON', a, 1);
    putRelation(doc, asRelationId('r1'), { from: asSpanId('ada'), to: asSpanId('rs'), type: 'works_for', author: a, at: 1 });
    setDocLabel(doc, 'topic', ['politics']);
  });
  await writeAndSubmit(server, ws.ann2, D, `user:${ws.ann2.userId}`, (doc, a) => {
    span(doc, 'ada', 'Ada Lovelace', 'PERSON', a);
    span(doc, 'w', 'worked', 'ORG', a);
    span(doc, 'cb', 'Charles Babbage', 'ORG', a);
    span(doc, 'lon', 'London.', 'GPE', a);
    span(doc, 'rs', 'Royal Society', 'ORG', a);
    span(doc, 'ada2', 'Ada Lovelace', 'PERSON', a, 1);
    setDocLabel(doc, 'topic', ['sport']);
  });
  return ws;
}

export interface StoredGold {
  spans: string[];
  relations: string[];
  docLabels: Record<string, string[]>;
}

/** The current gold set of a document as the store holds it, as sorted "start-end:LABEL" keys. */
export async function storedGold(server: TestServer, documentId: string): Promise<StoredGold | null> {
  const [doc] = await server.store.review.currentSets({ documentId });
  const gold = doc?.sets.find((s) => s.owner === 'gold');
  if (!gold) return null;
  const byId = new Map(gold.spans.map((s) => [s.id, s]));
  const key = (id: string) => {
    const s = byId.get(id as never);
    return s ? `${s.start}-${s.end}:${s.label}` : '?';
  };
  return {
    spans: gold.spans.map((s) => `${s.start}-${s.end}:${s.label}`).sort(),
    relations: gold.relations.map((r) => `${key(r.from)}>${r.type}>${key(r.to)}`).sort(),
    docLabels: gold.docLabels,
  };
}

/** Gold as the page's live layer holds it: sorted "start-end:LABEL" and the document labels. */
export const pageGold = (p: Page) =>
  p.evaluate(() => {
    const doc = (window as unknown as { __tagteam: { review: { layer: { doc: { getMap(n: string): { toJSON(): Record<string, { start: number; end: number; label: string }> } } } } } }).__tagteam.review.layer.doc;
    const spans = Object.values(doc.getMap('spans').toJSON()).map((s) => `${s.start}-${s.end}:${s.label}`).sort();
    return { spans, relations: Object.keys(doc.getMap('relations').toJSON()).length, docLabels: doc.getMap('docLabels').toJSON() as unknown as Record<string, string[]> };
  });
