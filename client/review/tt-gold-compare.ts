// <tt-gold-compare>: an annotator's own finished work on a done document, read-only, with a
// "Compare with gold" switch: on, gold's row sits above theirs and every span is tagged as a match,
// one of their extra spans, or a gold span they missed (with the reason when the cluster differs).
import { html, nothing, type TemplateResult } from 'lit';
import type { GoldComparison, ProjectDetail } from '../../shared/api.ts';
import type { FinishedSpan } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { plural } from '../app/format.ts';
import { projectPath } from '../app/routes.ts';
import { labelStyles } from '../text/colors.ts';
import { textBlocks } from './adjudication.ts';
import { labelVars, markedText, type Mark } from './marked-text.ts';

interface Classified {
  matched: Set<FinishedSpan>;
  extra: FinishedSpan[];
  missed: FinishedSpan[];
}

/** One-to-one exact matches (start, end, label); the rest of each side is extra or missed. */
export function classify(mine: readonly FinishedSpan[], gold: readonly FinishedSpan[]): Classified {
  const left = [...gold];
  const matched = new Set<FinishedSpan>();
  const extra: FinishedSpan[] = [];
  for (const s of mine) {
    const i = left.findIndex((g) => g.start === s.start && g.end === s.end && g.label === s.label);
    if (i < 0) extra.push(s);
    else {
      matched.add(s);
      matched.add(left[i]!);
      left.splice(i, 1);
    }
  }
  return { matched, extra, missed: left };
}

export class TtGoldCompare extends LightElement {
  static override properties = {
    data: { attribute: false },
    project: { attribute: false },
    docTitle: { attribute: false },
    text: { attribute: false },
    comparing: { state: true },
  };
  declare data: GoldComparison;
  declare project: ProjectDetail | null;
  declare docTitle: string;
  declare text: string;
  declare comparing: boolean;

  constructor() {
    super();
    this.comparing = true;
  }

  override render(): TemplateResult {
    const { mine, gold } = this.data;
    const p = this.project;
    return html`<section class="page compare-page" aria-labelledby="cmp-title">
      <nav class="crumbs" aria-label="Breadcrumb">${p ? html`<a href=${projectPath(p.id)}>${p.name}</a> <span aria-hidden="true">▸</span>` : nothing} <span>Your work against gold</span></nav>
      <div class="title-row">
        <h1 id="cmp-title" dir="auto">${this.docTitle}</h1>
        <label class="switch compare-switch"><input type="checkbox" .checked=${this.comparing} ?disabled=${!mine || !gold}
          @change=${(e: Event) => (this.comparing = (e.target as HTMLInputElement).checked)} /><span>Compare with gold</span></label>
      </div>
      <p class="muted">This document is reviewed. ${this.comparing ? 'Gold (the reviewed result) is above your spans.' : 'Your finished spans, read-only.'}</p>
      ${!mine ? html`<p class="empty">You have no finished set on this document, so there is nothing to compare.</p>` : !gold ? html`<p class="empty">Gold has not been submitted for this document.</p>` : this.body(mine.spans, gold.spans)}
    </section>`;
  }

  private body(mine: FinishedSpan[], gold: FinishedSpan[]): TemplateResult {
    const c = classify(mine, gold);
    const style = labelStyles(this.project?.schema.spanLabels ?? []);
    const blocks = textBlocks(this.text, [...mine, ...gold]);
    const you = (s: FinishedSpan): Mark =>
      !this.comparing
        ? { start: s.start, end: s.end, cls: 'gold', tag: s.label, title: s.label, vars: labelVars(style(s.label)) }
        : c.matched.has(s)
          ? { start: s.start, end: s.end, cls: 'cmp-match', tag: `${s.label} ✓`, title: `${s.label}: matches gold` }
          : { start: s.start, end: s.end, cls: 'cmp-extra', tag: `${s.label} · extra`, title: `${s.label}: not in gold (${this.reason(s, gold)})` };
    const goldMark = (s: FinishedSpan): Mark =>
      c.matched.has(s)
        ? { start: s.start, end: s.end, cls: 'cmp-match', tag: s.label, title: `gold ${s.label}: you have it` }
        : { start: s.start, end: s.end, cls: 'cmp-missed', tag: `${s.label} · missed`, title: `gold ${s.label}: you do not have this span` };
    return html`${this.comparing ? this.summary(c, mine.length) : nothing}
      <div class="rv-text-blocks compare-text">${blocks.map((b) => {
        const inB = (s: FinishedSpan) => s.start < b.end && s.end > b.start;
        const m = mine.filter(inB);
        const g = gold.filter(inB);
        if (m.length === 0 && g.length === 0) return html`<div class="rv-block quiet ${b.paragraphEnd ? 'para' : ''}"><span class="rv-who"></span><span class="rv-text">${this.text.slice(b.start, b.end)}</span></div>`;
        return html`<div class="rv-block ${b.paragraphEnd ? 'para' : ''}">
          ${this.comparing ? html`<div class="rv-row gold"><span class="rv-who">Gold</span><span class="rv-text">${markedText(this.text, b.start, b.end, g.map(goldMark))}</span></div>` : nothing}
          <div class="rv-row"><span class="rv-who">You</span><span class="rv-text">${markedText(this.text, b.start, b.end, m.map(you))}</span></div>
        </div>`;
      })}</div>`;
  }

  private summary(c: Classified, mine: number): TemplateResult {
    const matches = mine - c.extra.length;
    const labels = this.data.comparison?.items.filter((i) => i.target === 'docLabel') ?? [];
    return html`<ul class="compare-summary" aria-label="Your spans against gold">
      <li class="cmp-match"><strong>${matches}</strong> ${matches === 1 ? 'match' : 'matches'}</li>
      <li class="cmp-extra"><strong>${c.extra.length}</strong> extra (yours, not in gold)</li>
      <li class="cmp-missed"><strong>${c.missed.length}</strong> missed (in gold, not yours)</li>
      ${labels.map((i) => {
        if (i.target !== 'docLabel') return nothing;
        const mine = (this.data.mine && i.versions[this.data.mine.annotator]) || [];
        const gold = (this.data.gold && i.versions[this.data.gold.annotator]) || [];
        return html`<li class=${i.kind === 'unanimous' ? 'cmp-match' : 'cmp-extra'}>${i.name}: ${i.kind === 'unanimous' ? `${mine.join(', ')}, as gold` : `yours ${mine.join(', ') || 'none'}, gold ${gold.join(', ') || 'none'}`}</li>`;
      })}
    </ul>
    <p class="small muted">${plural(c.extra.length + c.missed.length, 'difference')}. A span matches when its start, end and label equal a gold span's.</p>`;
  }

  /** Why one of the annotator's spans is not in gold: the comparison cluster's kind. */
  private reason(s: FinishedSpan, gold: FinishedSpan[]): string {
    const overlapping = gold.filter((g) => g.start < s.end && g.end > s.start);
    if (overlapping.length === 0) return 'gold has no span here';
    if (overlapping.some((g) => g.start === s.start && g.end === s.end)) return `gold says ${overlapping.map((g) => g.label).join(', ')}`;
    return 'gold’s boundaries differ';
  }
}

customElements.define('tt-gold-compare', TtGoldCompare);
