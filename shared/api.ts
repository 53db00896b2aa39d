// The HTTP API's shapes, shared by the server routes and the browser client. JSON under /api;
// errors are `{ error: { code, message } }` with a matching status.
import type { DocStatus, DocLabels, ProjectMode, Role, TagSchema } from './domain.ts';
import type { WireError } from './protocol.ts';

export interface ApiErrorBody {
  error: WireError;
}

export interface UserInfo {
  id: string;
  username: string;
  displayName: string;
  color: string;
  isAdmin: boolean;
}

export interface ProjectSummary {
  id: string;
  name: string;
  mode: ProjectMode;
  overlap: number;
  role: Role;
  documents: number;
  done: number;
}

export interface MemberInfo {
  userId: string;
  username: string;
  displayName: string;
  color: string;
  role: Role;
}

export interface ProjectDetail {
  id: string;
  name: string;
  guidelines: string;
  schema: TagSchema;
  mode: ProjectMode;
  overlap: number;
  role: Role;
  members: MemberInfo[];
}

export interface LayerInfo {
  /** Full layer name to join over the socket. */
  name: string;
  kind: 'shared' | 'gold' | 'predictions' | 'user';
  /** For user layers: whose. */
  userId?: string;
  writable: boolean;
  /** Latest finished version, if any, and whether it is submitted (not reopened). */
  version: number | null;
  submitted: boolean;
}

export interface DocumentSummary {
  id: string;
  title: string;
  position: number;
  chars: number;
  status: DocStatus;
  assignees: string[];
  /** Usernames connected to one of the document's layers right now. */
  activeUsers: string[];
  /** Whether the caller's own working layer is submitted. */
  mineSubmitted: boolean;
}

export interface DocumentDetail {
  id: string;
  projectId: string;
  title: string;
  text: string;
  textHash: string;
  meta: Record<string, unknown>;
  status: DocStatus;
  /** Layers the caller may open; `working` is the one to annotate in (null if none). */
  layers: LayerInfo[];
  working: string | null;
}

export interface SetSummary {
  id: number;
  layer: string;
  owner: string;
  ownerName: string;
  version: number;
  submittedBy: string;
  submittedAt: number;
  reopenedAt: number | null;
  spans: number;
}

export interface ImportSummary {
  documents: number;
  spans: number;
  relations: number;
  warnings: string[];
  documentIds: string[];
}

/** Progress lines streamed by the import endpoint (NDJSON), the last one `result` or `error`. */
export type ImportProgress = { progress: { done: number; total: number } } | { result: ImportSummary } | ApiErrorBody;

export interface SubmitResult {
  setId: number;
  version: number;
  spans: number;
  relations: number;
  docLabels: DocLabels;
}

/** A document waiting for (or done with) review, with how much the annotators disagree. */
export interface ReviewQueueItem {
  id: string;
  title: string;
  status: DocStatus;
  /** Usernames of the annotators whose finished sets are compared. */
  annotators: string[];
  disputes: number;
  byKind: { span: Record<string, number>; relation: Record<string, number>; docLabel: Record<string, number> };
}

export interface ReviewAnnotator {
  userId: string;
  username: string;
  color: string;
  version: number;
  set: import('./domain.ts').FinishedSet;
}

/** Everything the adjudication view needs for one document. */
export interface DocumentReview {
  document: { id: string; projectId: string; title: string; text: string; status: DocStatus };
  annotators: ReviewAnnotator[];
  /** The gold layer to join (live), and whether the caller may write it. */
  gold: { layer: string; writable: boolean; submitted: boolean; version: number | null };
  disagreements: import('./agreement/disagreements.ts').DocumentDisagreements;
  /**
   * Items a reviewer decided hold nothing (they accepted a version that is empty there), which gold
   * cannot show; set with `PUT`, withdrawn with `DELETE /api/documents/:did/review/cleared/:itemId`.
   */
  cleared: string[];
}

/** The answer to setting or withdrawing a "nothing here" decision: the document's decisions now. */
export interface ClearedItems {
  cleared: string[];
}

/** An annotator's finished set against gold, once the document is done. */
export interface GoldComparison {
  annotator: string;
  mine: import('./domain.ts').FinishedSet | null;
  gold: import('./domain.ts').FinishedSet | null;
  comparison: import('./agreement/disagreements.ts').DocumentDisagreements | null;
}
