// Plain-English definitions of every agreement figure, shown verbatim by the UI and the README.
// Keep each one short and true to the code: the tests pin the rules these sentences state.

export interface MetricDefinition {
  name: string;
  definition: string;
  /** The unit the metric counts, and how the text is cut into it. */
  tokenisation: string;
}

const TOKENS =
  "Tokens from Tagteam's tokenizer (Unicode word segmentation; every non-whitespace segment is a token). A token takes the label of a span that shares at least one character with it; where spans nest, the shortest wins; tokens under no span are 'O'.";

export const METRIC_DEFINITIONS = {
  spanF1Exact: {
    name: 'Span F1 (exact)',
    definition:
      'Two spans match when they have the same start, end and label. Precision is the share of one annotator’s spans matched in the reference set, recall the share of reference spans matched, F1 their harmonic mean. Summed over documents before dividing (micro-average).',
    tokenisation: 'None: whole spans, compared by character offsets.',
  },
  spanF1Overlap: {
    name: 'Span F1 (overlap)',
    definition:
      'Two spans match when they have the same label and share at least one character. Each span matches at most one other, pairing the largest overlaps first. Precision, recall and F1 as for exact match, micro-averaged over documents.',
    tokenisation: 'None: whole spans, compared by character offsets.',
  },
  cohenKappa: {
    name: "Cohen's kappa",
    definition:
      'Agreement between two annotators beyond what chance would give: (observed agreement − chance agreement) / (1 − chance agreement), chance taken from each annotator’s own label frequencies. 1 is perfect, 0 is chance level, below 0 is worse than chance.',
    tokenisation: TOKENS,
  },
  fleissKappa: {
    name: "Fleiss' kappa",
    definition:
      'Agreement among three or more annotators beyond chance, with chance taken from the pooled label frequencies. It needs the same number of annotators on every item: items with a different number are left out and counted as excluded.',
    tokenisation: TOKENS,
  },
  krippendorffAlpha: {
    name: "Krippendorff's alpha (nominal)",
    definition:
      'Agreement among any number of annotators, 1 − observed disagreement / expected disagreement. Items annotated by fewer annotators still count, so it suits projects where not everyone annotated every document. 1 is perfect, 0 is chance level.',
    tokenisation: TOKENS,
  },
  perLabel: {
    name: 'Per-label agreement',
    definition:
      'Kappa and alpha of the yes/no question “is this token this label?”, so a label everyone agrees on stands out from one that is often confused.',
    tokenisation: TOKENS,
  },
  docLabels: {
    name: 'Document label agreement',
    definition:
      'Kappa and alpha on document labels. A single-choice set is one item per document (no choice counts as the answer “(none)”); a multiple-choice set is one yes/no item per document and value.',
    tokenisation: 'None: one item per document, or per document and value.',
  },
  disagreements: {
    name: 'Disagreements',
    definition:
      'Overlapping spans form a cluster. A cluster is missing when some annotator has no span in it, label when labels differ, boundary when the ranges differ (shown by the most severe, in that order), unanimous otherwise. Relations between the same spans differ by type or are missing; document labels are unanimous or differ.',
    tokenisation: 'None: spans compared by character offsets and label.',
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricId = keyof typeof METRIC_DEFINITIONS;
