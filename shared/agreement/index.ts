// Inter-annotator agreement and disagreement maths: pure functions over finished annotation sets.
export * from './coding.ts';
export * from './cohen.ts';
export * from './fleiss.ts';
export * from './alpha.ts';
export * from './token-labels.ts';
export * from './prepared-spans.ts';
export * from './span-f1.ts';
export * from './doc-labels.ts';
export * from './disagreements.ts';
export * from './report-types.ts';
export * from './report.ts';
export * from './definitions.ts';
