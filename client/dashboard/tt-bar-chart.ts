// <tt-bar-chart>: horizontal bars in hand-written SVG, one row per category. A row is one bar, or
// several stacked segments (label distribution, progress), or grouped bars (one per series). Every
// segment has its number on hover (<title>), each row its value text at the end, and a legend names
// the colours, so colour never carries meaning alone.
import { html, nothing, svg, type TemplateResult } from 'lit';
import { LightElement } from '../app/light-element.ts';

export interface BarSegment {
  name: string;
  value: number | null;
  color: string;
  /** Hover text; default "row · name: value". */
  title?: string;
}
export interface BarRow {
  label: string;
  segments: BarSegment[];
  /** Text at the end of the row (e.g. "3 / 5", "0.81"). */
  text: string;
  /** Track length behind stacked segments (e.g. documents assigned); default the domain's max. */
  track?: number;
}

const ROW = 30;
const LEFT = 150;
const WIDTH = 640;
const RIGHT = 90;

export class TtBarChart extends LightElement {
  static override properties = {
    rows: { attribute: false },
    mode: { attribute: false },
    min: { attribute: false },
    max: { attribute: false },
    chartTitle: { attribute: false },
    legend: { attribute: false },
  };
  declare rows: BarRow[];
  /** stacked: segments end to end; grouped: one thin bar per segment, each from the axis. */
  declare mode: 'stacked' | 'grouped';
  declare min: number;
  declare max: number;
  declare chartTitle: string;
  declare legend: Array<{ name: string; color: string }>;

  constructor() {
    super();
    this.mode = 'stacked';
    this.min = 0;
    this.max = 1;
    this.legend = [];
  }

  override render(): TemplateResult {
    const plot = WIDTH - LEFT - RIGHT;
    const lo = Math.min(0, this.min);
    const span = this.max - lo || 1;
    const x = (v: number) => LEFT + ((v - lo) / span) * plot;
    const height = this.rows.length * ROW + 24;
    const id = `bar-${this.chartTitle.replace(/\W+/g, '-').toLowerCase()}`;
    return html`${this.legend.length > 1
        ? html`<ul class="chart-legend" aria-label="Legend">${this.legend.map((l) => html`<li><span class="swatch" style="background:${l.color}" aria-hidden="true"></span>${l.name}</li>`)}</ul>`
        : nothing}
      <svg class="bar-chart" viewBox="0 0 ${WIDTH} ${height}" width=${WIDTH} height=${height} role="img" aria-labelledby=${id}>
        <title id=${id}>${this.chartTitle}</title>
        ${lo < 0 ? svg`<line x1=${x(0)} x2=${x(0)} y1="0" y2=${height - 20} stroke="#8d9199"></line>` : nothing}
        ${[lo, (lo + this.max) / 2, this.max].map((t) => svg`<text class="tick" x=${x(t)} y=${height - 6} text-anchor="middle">${round(t)}</text>`)}
        ${this.rows.map((r, i) => this.row(r, i, x))}
      </svg>`;
  }

  private row(r: BarRow, i: number, x: (v: number) => number): TemplateResult {
    const y = i * ROW + 4;
    const barH = ROW - 10;
    const parts: TemplateResult[] = [];
    if (this.mode === 'stacked') {
      if (r.track !== undefined) parts.push(svg`<rect x=${x(0)} y=${y} width=${Math.max(0, x(r.track) - x(0))} height=${barH} fill="#eceef1" rx="3"></rect>`);
      let at = 0;
      for (const s of r.segments) {
        const v = s.value ?? 0;
        if (v <= 0) continue;
        parts.push(svg`<rect class="seg" x=${x(at)} y=${y} width=${Math.max(1, x(at + v) - x(at))} height=${barH} fill=${s.color} stroke="#fff" stroke-width="1" data-name=${s.name} data-value=${v}>
          <title>${s.title ?? `${r.label} · ${s.name}: ${v}`}</title></rect>`);
        at += v;
      }
    } else {
      const h = barH / Math.max(1, r.segments.length);
      r.segments.forEach((s, k) => {
        const v = s.value;
        const x0 = x(Math.min(0, v ?? 0));
        const x1 = x(Math.max(0, v ?? 0));
        parts.push(svg`<rect class="seg" x=${x0} y=${y + k * h} width=${v === null ? 0 : Math.max(1, x1 - x0)} height=${h - 1} fill=${s.color} data-name=${s.name} data-value=${v ?? 'null'}>
          <title>${s.title ?? `${r.label} · ${s.name}: ${v === null ? 'n/a' : round(v, 4)}`}</title></rect>`);
      });
    }
    return svg`<g class="bar-row" data-label=${r.label}>
      <text class="axis" x=${LEFT - 8} y=${y + barH / 2 + 4} text-anchor="end">${r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label}</text>
      ${parts}
      <text class="bar-value" x=${WIDTH - RIGHT + 8} y=${y + barH / 2 + 4}>${r.text}</text></g>`;
  }
}

const round = (v: number, digits = 2) => String(Math.round(v * 10 ** digits) / 10 ** digits);

customElements.define('tt-bar-chart', TtBarChart);
