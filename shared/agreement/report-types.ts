// The shape of the project agreement report: plain JSON (numbers, strings, arrays, records; null for undefined).
import type { DocLabelSetDef, FinishedSet } from '../domain.ts';
import type { AlphaResult } from './alpha.ts';
import type { PairKappa } from './cohen.ts';
import type { DocLabelFigures } from './doc-labels.ts';
import type { FleissResult } from './fleiss.ts';
import type { SpanScore } from './span-f1.ts';
import type { TokenOffsets } from './token-labels.ts';

export interface ReportDocument {
  id: string;
  text: string;
  /**
   * The finished sets of the document, one per annotator. A set whose annotator is the gold name is
   * taken as gold (unless `gold` is given) and never compared as an annotator.
   */
  sets: readonly FinishedSet[];
  gold?: FinishedSet | null;
}

export interface ReportOptions {
  /** Include per-document figures (default true). */
  perDocument?: boolean;
  /** The schema's document label sets; inferred from the data when absent (see doc-labels.ts). */
  docLabelSets?: readonly DocLabelSetDef[];
  /** Token boundaries of a text; default tokenises every time. Pass createTokenCache() to reuse across runs. */
  tokens?: (text: string) => TokenOffsets;
  /** Annotator name of gold sets inside `sets` (default 'gold'). */
  goldName?: string;
}

/** Span scores of annotator `b` against `a` as reference (F1 is symmetric; precision and recall swap). */
export interface PairSpanScores {
  a: string;
  b: string;
  /** Documents both annotated. */
  documents: number;
  exact: SpanScore;
  overlap: SpanScore;
}

/** Span scores of one annotator against gold as reference. */
export interface GoldSpanScores {
  annotator: string;
  documents: number;
  exact: SpanScore;
  overlap: SpanScore;
}

/** Token-level agreement: every token is an item, each annotator's label of it (or 'O') a rating. */
export interface TokenAgreement {
  cohen: PairKappa[];
  fleiss: FleissResult;
  alpha: AlphaResult;
}

export interface LabelFigures {
  label: string;
  /** Spans with this label, per annotator (gold included). */
  spans: Record<string, number>;
  pairs: PairSpanScores[];
  vsGold: GoldSpanScores[];
  /** Agreement on the yes/no question "is this token `label`?". */
  tokens: TokenAgreement;
}

export interface DocumentFigures {
  id: string;
  /** Annotators with a set, sorted (gold excluded). */
  annotators: string[];
  hasGold: boolean;
  tokens: number;
  spans: Record<string, number>;
  pairs: PairSpanScores[];
  vsGold: GoldSpanScores[];
  agreement: TokenAgreement;
}

export interface ProjectReport {
  documents: number;
  /** Documents with at least two annotators: the ones inter-annotator figures come from. */
  comparedDocuments: number;
  annotators: string[];
  labels: string[];
  tokens: number;
  /** Spans per annotator over the project (gold included under its name). */
  spansPerAnnotator: Record<string, number>;
  /** Annotator → label → spans. */
  labelDistribution: Record<string, Record<string, number>>;
  spanF1: {
    pairs: PairSpanScores[];
    vsGold: GoldSpanScores[];
    /** F1 between annotators[i] and annotators[j] (symmetric); null on the diagonal and for pairs never compared. */
    matrix: { annotators: string[]; exact: (number | null)[][]; overlap: (number | null)[][] };
  };
  /** Pooled over all tokens of all documents (not averaged per document). */
  tokenAgreement: TokenAgreement;
  perLabel: LabelFigures[];
  docLabels: DocLabelFigures[];
  perDocument: DocumentFigures[];
}
