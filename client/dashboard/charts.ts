// Small helpers the dashboard's hand-written SVG charts share: number formats, a colour scale for
// agreement values, and the table of exact values every chart carries beneath it.
import { html, type TemplateResult } from 'lit';

/** An agreement figure for display: two decimals, or "n/a" where it is undefined. */
export const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits));

/** Exact value for tables and hover text (up to four decimals). */
export const exact = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : String(Math.round(v * 10000) / 10000));

/**
 * Cell colour of an agreement value: white → blue from 0 to 1; below 0 (worse than chance) a red
 * tint; undefined values grey. The text colour is picked to stay readable on it.
 */
export function scale(v: number | null): { fill: string; text: string } {
  if (v === null || !Number.isFinite(v)) return { fill: '#eeeef0', text: '#565a63' };
  if (v < 0) return { fill: '#fbe3e0', text: '#7d1a14' };
  const t = Math.min(1, v);
  const from = [242, 246, 252];
  const to = [23, 64, 140];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return { fill: `rgb(${c.join(' ')})`, text: t > 0.5 ? '#ffffff' : '#1c1d21' };
}

export interface TableSpec {
  caption: string;
  head: string[];
  rows: Array<Array<string | number>>;
  /** Columns (by index) holding numbers: right-aligned. */
  numeric?: number[];
}

/** The exact values of a chart, as an accessible table (collapsed under a summary, open by default). */
export function valuesTable(spec: TableSpec): TemplateResult {
  const num = new Set(spec.numeric ?? spec.head.map((_, i) => i).slice(1));
  return html`<details class="chart-table" open>
    <summary>Exact values</summary>
    <table class="doc-table">
      <caption class="visually-hidden">${spec.caption}</caption>
      <thead><tr>${spec.head.map((h, i) => html`<th scope="col" class=${num.has(i) ? 'num' : ''}>${h}</th>`)}</tr></thead>
      <tbody>${spec.rows.map((r) => html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td class=${num.has(i) ? 'num' : ''}>${c}</td>`))}</tr>`)}</tbody>
    </table>
  </details>`;
}

/** A metric's definition and tokenisation, as the server states them. */
export function definitionNote(d: { name: string; definition: string; tokenisation: string } | undefined): TemplateResult {
  if (!d) return html``;
  return html`<details class="metric-def"><summary>How ${d.name} is computed</summary><p>${d.definition}</p><p><strong>Unit:</strong> ${d.tokenisation}</p></details>`;
}
