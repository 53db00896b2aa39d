// Review: which documents are ready for adjudication and how much their annotators disagree, the
// data of one adjudication, an annotator's work against gold, and the project's agreement report
// (cached until a set is submitted or reopened; token boundaries cached across reports).
import type { Store } from '../../db/store.ts';
import type { CurrentSet, DocumentSets } from '../../db/review.store.ts';
import { agreementReport, createTokenCache, findDisagreements, METRIC_DEFINITIONS } from '../../shared/agreement/index.ts';
import type { ProjectReport } from '../../shared/agreement/report-types.ts';
import type { FinishedSet } from '../../shared/domain.ts';
import type { ReviewQueueItem } from '../../shared/api.ts';

const isAnnotatorSet = (s: CurrentSet) => s.owner !== 'gold';
const asFinished = ({ setId: _s, layer: _l, owner: _o, ...rest }: CurrentSet): FinishedSet => rest;

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

  async report(projectId: string): Promise<{ report: ProjectReport; definitions: typeof METRIC_DEFINITIONS }> {
    const fingerprint = await this.store.review.fingerprint(projectId);
    const cached = this.reports.get(projectId);
    if (cached && cached.fingerprint === fingerprint) return { report: cached.report, definitions: METRIC_DEFINITIONS };
    const project = await this.store.projects.get(projectId);
    const docs = await this.store.review.currentSets({ projectId });
    const report = agreementReport(
      docs.map((d) => ({ id: d.id, text: d.text, sets: d.sets.filter(isAnnotatorSet).map(asFinished), gold: d.sets.find((s) => s.owner === 'gold') ?? null })),
      { tokens: this.tokens, ...(project ? { docLabelSets: project.schema.docLabelSets } : {}) },
    );
    this.reports.set(projectId, { fingerprint, report });
    return { report, definitions: METRIC_DEFINITIONS };
  }
}
