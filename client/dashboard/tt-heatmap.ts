// <tt-heatmap>: pairwise agreement, annotator × annotator, as an SVG grid with the value printed in
// every cell (and on hover), switchable between span F1 (exact, overlap) and Cohen's kappa on
// tokens; the exact figures of every pair are in the table beneath.
import { html, svg, type TemplateResult } from 'lit';
import type { ProjectReport } from '../../shared/agreement/report-types.ts';
import { LightElement } from '../app/light-element.ts';
import { exact, fmt, scale, valuesTable } from './charts.ts';

export type HeatMetric = 'exact' | 'overlap' | 'kappa';
const METRICS: Array<[HeatMetric, string]> = [
  ['exact', 'Span F1 (exact)'],
  ['overlap', 'Span F1 (overlap)'],
  ['kappa', "Cohen's κ (tokens)"],
];

const CELL = 72;
const LEFT = 120;
const TOP = 34;

export class TtHeatmap extends LightElement {
  static override properties = { report: { attribute: false }, metric: { state: true } };
  declare report: ProjectReport;
  declare metric: HeatMetric;

  constructor() {
    super();
    this.metric = 'exact';
  }

  /** The value of a pair under the current metric (symmetric), or null. */
  value(a: string, b: string): number | null {
    const r = this.report;
    if (a === b) return null;
    if (this.metric === 'kappa') {
      const k = r.tokenAgreement.cohen.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
      return k?.kappa.value ?? null;
    }
    const m = r.spanF1.matrix;
    const i = m.annotators.indexOf(a);
    const j = m.annotators.indexOf(b);
    return i < 0 || j < 0 ? null : (m[this.metric][i]?.[j] ?? null);
  }

  override render(): TemplateResult {
    const names = this.report.spanF1.matrix.annotators;
    const label = METRICS.find(([m]) => m === this.metric)![1];
    const w = LEFT + names.length * CELL + 8;
    const h = TOP + names.length * CELL + 8;
    return html`<div class="metric-switch" role="radiogroup" aria-label="Heatmap metric">
        ${METRICS.map(([m, text]) => html`<label class="radio"><input type="radio" name="heat-metric" value=${m} .checked=${this.metric === m}
          @change=${() => (this.metric = m)} /> ${text}</label>`)}
      </div>
      ${names.length < 2
        ? html`<p class="empty">Pairwise agreement needs two annotators with finished sets on the same document.</p>`
        : html`<svg class="heatmap" viewBox="0 0 ${w} ${h}" width=${w} height=${h} role="img" aria-labelledby="heat-title">
            <title id="heat-title">${label} between each pair of annotators</title>
            ${names.map((n, j) => svg`<text class="axis" x=${LEFT + j * CELL + CELL / 2} y=${TOP - 10} text-anchor="middle">${short(n)}</text>`)}
            ${names.map((a, i) => svg`
              <text class="axis" x=${LEFT - 10} y=${TOP + i * CELL + CELL / 2 + 4} text-anchor="end">${short(a)}</text>
              ${names.map((b, j) => this.cell(a, b, i, j, label))}`)}
          </svg>`}
      ${valuesTable(this.table(names))}`;
  }

  private cell(a: string, b: string, i: number, j: number, label: string): TemplateResult {
    const x = LEFT + j * CELL;
    const y = TOP + i * CELL;
    if (a === b) return svg`<g class="cell diag"><rect x=${x + 1} y=${y + 1} width=${CELL - 2} height=${CELL - 2} rx="4" fill="#f6f6f3" stroke="#d8d9de"></rect>
      <text x=${x + CELL / 2} y=${y + CELL / 2 + 5} text-anchor="middle" fill="#565a63">—</text></g>`;
    const v = this.value(a, b);
    const c = scale(v);
    return svg`<g class="cell" data-a=${a} data-b=${b} data-value=${v === null ? 'null' : String(v)}>
      <title>${a} × ${b}: ${label} ${exact(v)}</title>
      <rect x=${x + 1} y=${y + 1} width=${CELL - 2} height=${CELL - 2} rx="4" fill=${c.fill} stroke="#d8d9de"></rect>
      <text x=${x + CELL / 2} y=${y + CELL / 2 + 5} text-anchor="middle" fill=${c.text} class="cell-value">${fmt(v)}</text></g>`;
  }

  private table(names: string[]) {
    const r = this.report;
    const rows: Array<Array<string | number>> = [];
    if (this.metric === 'kappa') {
      for (const p of r.tokenAgreement.cohen) rows.push([`${p.a} × ${p.b}`, exact(p.kappa.value), exact(p.kappa.observed), exact(p.kappa.expected), p.kappa.items]);
      return { caption: "Cohen's kappa per pair", head: ['Pair', 'κ', 'Observed', 'Chance', 'Tokens'], rows };
    }
    for (const p of r.spanF1.pairs) {
      if (!names.includes(p.a) || !names.includes(p.b)) continue;
      const s = p[this.metric];
      rows.push([`${p.a} × ${p.b}`, exact(s.f1), exact(s.precision), exact(s.recall), s.tp, s.fp, s.fn, p.documents]);
    }
    return { caption: `Span F1 (${this.metric}) per pair`, head: ['Pair (1st × 2nd)', 'F1', 'Precision', 'Recall', 'Matched', 'Only 2nd', 'Only 1st', 'Docs'], rows };
  }
}

/** Axis names are cut so the grid stays square; the full name is in the table and hover text. */
const short = (s: string) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);

customElements.define('tt-heatmap', TtHeatmap);
