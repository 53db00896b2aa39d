// Agreement on document labels, one figure set per label set.
// Single choice: one item per document; the category is the chosen value, or NONE when the annotator left the
// set empty (a submitted set with no choice is an answer). Multiple choice: one yes/no item per (document,
// value): did the annotator tick that value? Annotators with no submitted set for a document are missing.
import type { DocLabelSetDef, FinishedSet } from '../domain.ts';
import { NO, YES, type Rating } from './coding.ts';
import { krippendorffAlpha, type AlphaResult } from './alpha.ts';
import { pairwiseCohen, type PairKappa } from './cohen.ts';
import { fleissKappa, type FleissResult } from './fleiss.ts';

/** Category of a single-choice set left empty. */
export const NONE = '(none)';

/** The annotators' sets of one document (gold excluded by the caller). */
export type DocLabelRaters = readonly Pick<FinishedSet, 'annotator' | 'docLabels'>[];

export interface DocLabelOptions {
  /** Column order; default: every annotator seen, sorted. */
  annotators?: readonly string[];
  /**
   * The schema's label sets. Without it the sets are those seen in the data; a set counts as multiple
   * choice when any annotator ever chose more than one value in it, and its values are those ever chosen.
   */
  sets?: readonly DocLabelSetDef[];
}

export interface DocLabelMatrix {
  name: string;
  choice: DocLabelSetDef['choice'];
  /** Rows: documents (single) or document × value (multiple, value order inner); columns: annotators. */
  matrix: Rating[][];
}

export interface DocLabelFigures {
  name: string;
  choice: DocLabelSetDef['choice'];
  items: number;
  cohen: PairKappa[];
  fleiss: FleissResult;
  alpha: AlphaResult;
}

/** Builds the rating matrix of every label set from the documents' sets. */
export function docLabelMatrices(
  docs: Iterable<DocLabelRaters>,
  options: DocLabelOptions = {},
): { annotators: string[]; sets: DocLabelMatrix[] } {
  const all = [...docs];
  const seen = new Set<string>();
  const inferred = new Map<string, { multiple: boolean; values: Set<string> }>();
  for (const doc of all) {
    for (const set of doc) {
      seen.add(set.annotator);
      for (const [name, values] of Object.entries(set.docLabels)) {
        let info = inferred.get(name);
        if (!info) inferred.set(name, (info = { multiple: false, values: new Set() }));
        if (values.length > 1) info.multiple = true;
        for (const v of values) info.values.add(v);
      }
    }
  }
  const annotators = options.annotators ? [...options.annotators] : [...seen].sort();
  const column = new Map(annotators.map((a, i) => [a, i]));
  const defs: DocLabelSetDef[] =
    options.sets?.map((d) => ({ ...d })) ??
    [...inferred.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, info]) => ({ name, choice: info.multiple ? 'multiple' : 'single', values: [...info.values].sort() }));

  const sets = defs.map((def): DocLabelMatrix => {
    const matrix: Rating[][] = [];
    for (const doc of all) {
      if (def.choice === 'single') {
        const row: Rating[] = annotators.map(() => null);
        for (const set of doc) {
          const c = column.get(set.annotator);
          const chosen = set.docLabels[def.name] ?? [];
          if (c !== undefined) row[c] = chosen.length === 0 ? NONE : [...chosen].sort().join('|');
        }
        matrix.push(row);
      } else {
        for (const value of def.values) {
          const row: Rating[] = annotators.map(() => null);
          for (const set of doc) {
            const c = column.get(set.annotator);
            if (c !== undefined) row[c] = (set.docLabels[def.name] ?? []).includes(value) ? YES : NO;
          }
          matrix.push(row);
        }
      }
    }
    return { name: def.name, choice: def.choice, matrix };
  });
  return { annotators, sets };
}

/** Cohen's kappa per annotator pair, Fleiss' kappa and Krippendorff's alpha for every document label set. */
export function docLabelAgreement(docs: Iterable<DocLabelRaters>, options: DocLabelOptions = {}): DocLabelFigures[] {
  const { annotators, sets } = docLabelMatrices(docs, options);
  return sets.map(({ name, choice, matrix }) => ({
    name,
    choice,
    items: matrix.length,
    cohen: pairwiseCohen(matrix, annotators),
    fleiss: fleissKappa(matrix),
    alpha: krippendorffAlpha(matrix),
  }));
}
