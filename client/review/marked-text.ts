// One row of the review text: a slice of the article cut into pieces wherever a mark starts or ends.
// A covered piece carries the innermost mark's classes; the last piece of a mark shows its tag through
// CSS (::after, content: attr(data-tag)), so the DOM's text stays exactly the article's text.
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LabelStyle } from '../text/colors.ts';

export interface Mark {
  start: number;
  end: number;
  cls: string;
  /** Text tag shown after the mark: a label, "none", "? label"… (colour never carries meaning alone). */
  tag: string;
  title: string;
  /** Label colours (gold rows: --c underline, --tag-bg / --tag-fg tag); other marks are coloured by class. */
  vars?: Record<string, string>;
}

export function markedText(text: string, start: number, end: number, marks: readonly Mark[]): Array<TemplateResult | string> {
  const cuts = new Set([start, end]);
  const inside = marks.filter((m) => m.end > start && m.start < end && m.end > m.start);
  for (const m of inside) {
    cuts.add(Math.max(start, m.start));
    cuts.add(Math.min(end, m.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Array<TemplateResult | string> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const covering = inside.filter((m) => m.start <= a && m.end >= b);
    if (covering.length === 0) {
      out.push(text.slice(a, b));
      continue;
    }
    const innermost = covering.reduce((x, y) => (y.end - y.start < x.end - x.start ? y : x));
    const ending = covering.filter((m) => m.end === b || b === end).sort((x, y) => x.end - x.start - (y.end - y.start));
    const tag = ending.map((m) => m.tag).filter((t) => t !== '').join(' · ');
    const extra = covering.some((m) => m.cls.includes('current')) && !innermost.cls.includes('current') ? ' current' : '';
    out.push(html`<span class="rv-mark ${innermost.cls}${extra}" data-tag=${ifDefined(tag || undefined)} title=${covering.map((m) => m.title).join('\n')}
      style=${styleMap(innermost.vars ?? {})}>${text.slice(a, b)}</span>`);
  }
  return out;
}

/** The CSS variables of a label's colours, for a mark in label colours. */
export const labelVars = (st: LabelStyle): Record<string, string> => ({ '--c': st.color, '--tag-bg': st.tagBackground, '--tag-fg': st.tagText });
