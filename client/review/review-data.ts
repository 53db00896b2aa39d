// Loads what the document's review route shows: the adjudication data for reviewers and owners;
// for an annotator, their comparison with gold once the document is done, or why they may not be here.
import type { DocumentReview, GoldComparison, ProjectDetail } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';

export type ReviewLoad =
  | { kind: 'review'; review: DocumentReview; project: ProjectDetail }
  | { kind: 'compare'; compare: GoldComparison; project: ProjectDetail | null; documentTitle: string; text: string }
  | { kind: 'forbidden'; message: string; projectId: string | null }
  | { kind: 'error'; message: string; unauthenticated: boolean };

const enc = encodeURIComponent;

export async function loadReview(documentId: string): Promise<ReviewLoad> {
  try {
    const review = await api.get<DocumentReview>(`/api/documents/${enc(documentId)}/review`);
    const { project } = await api.get<{ project: ProjectDetail }>(`/api/projects/${enc(review.document.projectId)}`);
    return { kind: 'review', review, project };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) return failure(e);
  }
  // Not a reviewer here: an annotator may compare their work with gold once the document is done.
  try {
    const { document: doc } = await api.get<{ document: { projectId: string; title: string; text: string; status: string } }>(`/api/documents/${enc(documentId)}`);
    const project = await api.get<{ project: ProjectDetail }>(`/api/projects/${enc(doc.projectId)}`).then((r) => r.project, () => null);
    try {
      const compare = await api.get<GoldComparison>(`/api/documents/${enc(documentId)}/compare`);
      return { kind: 'compare', compare, project, documentTitle: doc.title, text: doc.text };
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 403) return failure(e);
      return {
        kind: 'forbidden',
        projectId: doc.projectId,
        message:
          doc.status === 'done'
            ? 'Only reviewers and project owners adjudicate documents.'
            : 'Only reviewers and project owners adjudicate documents. Once this document is reviewed, you can compare your work with gold here.',
      };
    }
  } catch (e) {
    return failure(e);
  }
}

function failure(e: unknown): ReviewLoad {
  if (e instanceof ApiError) {
    if (e.status === 404) return { kind: 'error', message: 'This document does not exist, or you are not a member of its project.', unauthenticated: false };
    return { kind: 'error', message: e.userMessage, unauthenticated: e.status === 401 };
  }
  return { kind: 'error', message: String(e), unauthenticated: false };
}
