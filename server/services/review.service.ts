// Review: which documents are ready for adjudication and how much their annotators disagree, the
// data of one adjudication and its "nothing here" decisions, and the project's agreement report
// (cached until a set is submitted or reopened; token boundaries read as stored at import).
import { createHash } from 'node:crypto';
import type { Store } from '../../db/store.ts';
import type { CurrentSet, DocumentSets } from '../../db/review.store.ts';
import { agreementReport, createTokenCache, findDisagreements, METRIC_DEFINITIONS, offsetsFromPairs, type TokenOffsets } from '../../shared/agreement/index.ts';
import type { Disagreement, DocumentDisagreements } from '../../shared/agreement/disagreements.ts';
import type { ProjectReport } from '../../shared/agreement/report-types.ts';
import type { FinishedSet } from '../../shared/domain.ts';
import type { ReviewQueueItem } from '../../shared/api.ts';
import { decodeTokenOffsets } from '../../shared/formats/tokens.ts';
import { tokenizerId } from '../../shared/tokenize.ts';

const isAnnotatorSet = (s: CurrentSet) => s.owner !== 'gold';
const asFinished = ({ setId: _s, layer: _l, owner: _o, ...rest }: CurrentSet): FinishedSet => rest;

/**
 * What the annotators said at a disagreement item, as a digest: a "nothing here" decision holds
 * while this stays the same (item ids name a place; a set reopened and resubmitted may change what
 * is there). Content only: span and relation ids, notes and attributes do not count.
 */
function versionsDigest(item: Disagreement): string {
  const said = Object.entries(item.versions)
    .map(([who, vs]) => [who, (vs as Array<string | { type: string } | { start: number; end: number; label: string }>).map((v) => (typeof v === 'string' ? v : 'type' in v ? v.type : `${v.start}-${v.end}:${v.label}`)).sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify([item.id, said])).digest('base64url');
}

/** Why a "nothing here" decision was refused. */
export type ClearRefusal = 'unknown_item' | 'not_empty';

export class ReviewService {
  private readonly tokens = createTokenCache();
  private readonly reports = new Map<string, { fingerprint: string; report: ProjectReport }>();

  constructor(private readonly store: Store) {}

  async queue(projectId: string): Promise<ReviewQueueItem[]> {
    const statuses = new Map((await this.store.documents.listWithStatus(projectId)).map((d) => [d.id, d.status]));
    const docs = await this.store.review.currentSets({ projectId });
    const out: ReviewQueueItem[] = [];
    for (const d of docs) {
      const status = statuses.get(d.id);
      if (status !== 'annotated' && status !== 'in_review' && status !== 'done') continue;
      const sets = d.sets.filter(isAnnotatorSet).map(asFinished);
      const dis = findDisagreements(sets);
      out.push({ id: d.id, title: d.title, status, annotators: dis.annotators, disputes: dis.count, byKind: dis.byKind });
    }
    return out;
  }

  async document(documentId: string): Promise<{ doc: DocumentSets; annotatorSets: CurrentSet[]; gold: CurrentSet | undefined }> {
    const [doc] = await this.store.review.currentSets({ documentId });
    if (!doc) throw new Error(`no document ${documentId}`);
    return { doc, annotatorSets: doc.sets.filter(isAnnotatorSet), gold: doc.sets.find((s) => s.owner === 'gold') };
  }

  disagreements(sets: CurrentSet[]) {
    return findDisagreements(sets.map(asFinished));
  }

  /** Ids of the items of `dis` a reviewer decided hold nothing, where the versions are still those decided on. */
  async cleared(documentId: string, dis: DocumentDisagreements): Promise<string[]> {
    const stored = await this.store.review.cleared(documentId);
    if (stored.size === 0) return [];
    return dis.items.filter((i) => stored.get(i.id) === versionsDigest(i)).map((i) => i.id);
  }

  /**
   * Records (`on`) or withdraws a "nothing here" decision on one item of a document's current
   * disagreements. Recording needs an annotator whose version of the item is empty: that is the
   * version the reviewer accepted.
   */
  async setCleared(documentId: string, itemId: string, userId: string, on: boolean): Promise<{ refused: ClearRefusal } | { cleared: string[] }> {
    const { annotatorSets } = await this.document(documentId);
    const dis = this.disagreements(annotatorSets);
    const item = dis.items.find((i) => i.id === itemId);
    if (!on) await this.store.review.unsetCleared(documentId, itemId);
    else if (!item) return { refused: 'unknown_item' };
    else if (!Object.values(item.versions).some((v) => v.length === 0)) return { refused: 'not_empty' };
    else await this.store.review.setCleared(documentId, itemId, versionsDigest(item), userId);
    return { cleared: await this.cleared(documentId, dis) };
  }

  async report(projectId: string): Promise<{ report: ProjectReport; definitions: typeof METRIC_DEFINITIONS }> {
    const fingerprint = await this.store.review.fingerprint(projectId);
    const cached = this.reports.get(projectId);
    if (cached && cached.fingerprint === fingerprint) return { report: cached.report, definitions: METRIC_DEFINITIONS };
    const project = await this.store.projects.get(projectId);
    const docs = await this.store.review.currentSets({ projectId });
    // Token boundaries as stored at import; texts without (older imports, another tokenizer) are
    // segmented here and kept in the cache for the next report.
    const stored = await this.store.documents.projectTokens(projectId, tokenizerId());
    const byText = new Map<string, TokenOffsets>();
    for (const d of docs) {
      const bytes = stored.get(d.id);
      const pairs = bytes && decodeTokenOffsets(bytes, d.text.length);
      if (pairs) byText.set(d.text, offsetsFromPairs(pairs));
    }
    const report = agreementReport(
      docs.map((d) => ({ id: d.id, text: d.text, sets: d.sets.filter(isAnnotatorSet).map(asFinished), gold: d.sets.find((s) => s.owner === 'gold') ?? null })),
      { tokens: (text) => byText.get(text) ?? this.tokens(text), ...(project ? { docLabelSets: project.schema.docLabelSets } : {}) },
    );
    this.reports.set(projectId, { fingerprint, report });
    return { report, definitions: METRIC_DEFINITIONS };
  }
}
