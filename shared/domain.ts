// The domain as both sides see it: schema, annotation values, finished sets. Pure types and constants.
import type { DocumentId, ProjectId, RelationId, SpanId, UserId } from './ids.ts';

export const Role = { owner: 'owner', reviewer: 'reviewer', annotator: 'annotator' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ProjectMode = { collaborative: 'collaborative', independent: 'independent' } as const;
export type ProjectMode = (typeof ProjectMode)[keyof typeof ProjectMode];

/** new → in_progress → annotated (overlap reached) → in_review → done (gold submitted). */
export const DocStatus = {
  new: 'new',
  inProgress: 'in_progress',
  annotated: 'annotated',
  inReview: 'in_review',
  done: 'done',
} as const;
export type DocStatus = (typeof DocStatus)[keyof typeof DocStatus];

export interface SpanLabelDef {
  name: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  /** One key ('1'…'9', a letter), unique in the schema. */
  hotkey?: string;
}
export interface RelationTypeDef {
  name: string;
  color?: string;
}
export interface DocLabelSetDef {
  name: string;
  choice: 'single' | 'multiple';
  values: string[];
}
export interface TagSchema {
  spanLabels: SpanLabelDef[];
  relationTypes: RelationTypeDef[];
  docLabelSets: DocLabelSetDef[];
}

/**
 * A span as stored in a layer's Y.Map. Offsets are UTF-16 code units into the document text,
 * start inclusive, end exclusive. Replaced whole on every edit (last writer wins per span).
 */
export interface SpanValue {
  start: number;
  end: number;
  label: string;
  author: UserId;
  /** Milliseconds since the epoch. */
  at: number;
  note?: string;
  attrs?: Record<string, string | number | boolean>;
}
export interface RelationValue {
  from: SpanId;
  to: SpanId;
  type: string;
  author: UserId;
  at: number;
}
/** Label-set name → chosen values (one for single choice). */
export type DocLabels = Record<string, string[]>;

/** The content of one layer as plain data (what a submit freezes). */
export interface LayerContent {
  spans: Map<SpanId, SpanValue>;
  relations: Map<RelationId, RelationValue>;
  docLabels: DocLabels;
}

export interface DocumentRecord {
  id: DocumentId;
  projectId: ProjectId;
  title: string;
  text: string;
  meta: Record<string, unknown>;
}

/** A span of a finished annotation set, as the relational tables hold it (UTF-16 offsets). */
export interface FinishedSpan {
  id: SpanId;
  start: number;
  end: number;
  label: string;
  note?: string;
  attrs?: Record<string, string | number | boolean>;
}
export interface FinishedRelation {
  id: RelationId;
  from: SpanId;
  to: SpanId;
  type: string;
}
/** A submitted layer: the unit that export and agreement read. */
export interface FinishedSet {
  documentId: DocumentId;
  /** Username of the annotator, or 'gold' for the reviewed set. */
  annotator: string;
  version: number;
  submittedBy: string;
  submittedAt: number;
  spans: FinishedSpan[];
  relations: FinishedRelation[];
  docLabels: DocLabels;
}

/** Limits that validation enforces on every side. */
export const Limits = {
  noteChars: 2000,
  labelChars: 64,
  attrs: 16,
  documentChars: 2_000_000,
} as const;
