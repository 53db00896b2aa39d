// Turns the agreement report and the documents list into chart rows and tables: per-label
// agreement, progress per annotator and per document state, label distribution.
import type { ProjectReport } from '../../shared/agreement/report-types.ts';
import type { DocumentSummary } from '../../shared/api.ts';
import type { DocStatus, SpanLabelDef } from '../../shared/domain.ts';
import { STATUS_TEXT } from '../app/format.ts';
import { labelStyles } from '../text/colors.ts';
import { exact, fmt, type TableSpec } from './charts.ts';
import type { BarRow } from './tt-bar-chart.ts';

const mean = (xs: Array<number | null>): number | null => {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

export const SERIES = { alpha: '#1f56b3', kappa: '#8a5300' } as const;

export function perLabel(report: ProjectReport): { rows: BarRow[]; table: TableSpec } {
  const rows: BarRow[] = [];
  const table: TableSpec = { caption: 'Agreement per label', head: ['Label', 'α', 'κ (mean of pairs)', 'F1 exact (mean)', 'Spans'], rows: [] };
  for (const l of report.perLabel) {
    const alpha = l.tokens.alpha.value;
    const kappa = mean(l.tokens.cohen.map((c) => c.kappa.value));
    const f1 = mean(l.pairs.map((p) => p.exact.f1));
    const spans = Object.entries(l.spans).filter(([who]) => who !== 'gold').reduce((a, [, n]) => a + n, 0);
    rows.push({
      label: l.label,
      segments: [
        { name: 'Krippendorff α', value: alpha, color: SERIES.alpha },
        { name: "Cohen's κ", value: kappa, color: SERIES.kappa },
      ],
      text: `α ${fmt(alpha)}`,
    });
    table.rows.push([l.label, exact(alpha), exact(kappa), exact(f1), spans]);
  }
  return { rows, table };
}

/** Documents each annotator submitted (a finished set) against those assigned to them. */
export function progress(report: ProjectReport, documents: DocumentSummary[], annotators: string[]): { rows: BarRow[]; table: TableSpec } {
  const submitted = new Map<string, number>();
  for (const d of report.perDocument) for (const a of d.annotators) submitted.set(a, (submitted.get(a) ?? 0) + 1);
  const assigned = new Map<string, number>();
  for (const d of documents) for (const a of d.assignees) assigned.set(a, (assigned.get(a) ?? 0) + 1);
  const names = [...new Set([...annotators, ...assigned.keys(), ...submitted.keys()])].sort();
  const rows: BarRow[] = names.map((n) => {
    const s = submitted.get(n) ?? 0;
    const a = assigned.get(n) ?? 0;
    return { label: n, track: Math.max(a, s), segments: [{ name: 'submitted', value: s, color: '#1b6e36', title: `${n}: ${s} submitted of ${a} assigned` }], text: `${s} / ${a}` };
  });
  const table: TableSpec = { caption: 'Documents per annotator', head: ['Annotator', 'Submitted', 'Assigned', 'Share'], rows: names.map((n) => {
    const s = submitted.get(n) ?? 0;
    const a = assigned.get(n) ?? 0;
    return [n, s, a, a ? `${Math.round((s / a) * 100)}%` : '—'];
  }) };
  return { rows, table };
}

export const STATUS_COLORS: Record<DocStatus, string> = { new: '#9ea1aa', in_progress: '#d08c00', annotated: '#4f7fd1', in_review: '#1f56b3', done: '#1b6e36' };

export function documentStates(documents: DocumentSummary[]): { rows: BarRow[]; table: TableSpec } {
  const counts = new Map<DocStatus, number>();
  for (const d of documents) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const order = Object.keys(STATUS_COLORS) as DocStatus[];
  const rows: BarRow[] = [{
    label: 'Documents',
    segments: order.map((s) => ({ name: STATUS_TEXT[s], value: counts.get(s) ?? 0, color: STATUS_COLORS[s], title: `${STATUS_TEXT[s]}: ${counts.get(s) ?? 0}` })),
    text: `${counts.get('done') ?? 0} done of ${documents.length}`,
  }];
  return { rows, table: { caption: 'Documents by state', head: ['State', 'Documents'], rows: order.map((s) => [STATUS_TEXT[s], counts.get(s) ?? 0]) } };
}

export function distribution(report: ProjectReport, labels: SpanLabelDef[]): { rows: BarRow[]; table: TableSpec; legend: Array<{ name: string; color: string }> } {
  const style = labelStyles(labels);
  const names = [...new Set([...labels.map((l) => l.name), ...report.labels])];
  const who = Object.keys(report.labelDistribution).sort((a, b) => (a === 'gold' ? -1 : b === 'gold' ? 1 : a < b ? -1 : 1));
  const rows: BarRow[] = who.map((w) => {
    const per = report.labelDistribution[w] ?? {};
    const total = Object.values(per).reduce((a, b) => a + b, 0);
    return { label: w, segments: names.map((n) => ({ name: n, value: per[n] ?? 0, color: style(n).color, title: `${w} · ${n}: ${per[n] ?? 0} spans` })), text: `${total} spans` };
  });
  const table: TableSpec = { caption: 'Spans per label and annotator', head: ['Annotator', ...names, 'Total'], rows: who.map((w) => {
    const per = report.labelDistribution[w] ?? {};
    return [w, ...names.map((n) => per[n] ?? 0), Object.values(per).reduce((a, b) => a + b, 0)];
  }) };
  return { rows, table, legend: names.map((n) => ({ name: n, color: style(n).color })) };
}
