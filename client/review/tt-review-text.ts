// <tt-review-text>: the article for adjudication, sentence by sentence: gold on top, then one row
// per annotator (numbered with the key that accepts their version). Agreement is quiet grey;
// disputes are loud, coloured by kind and tagged with their label (or "none"); gold shows an open
// dispute as "? kind" until it has a decision. Sentences nobody annotated show as plain text.
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Disagreement, RelationDispute, SpanDispute } from '../../shared/agreement/disagreements.ts';
import type { SpanLabelDef } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { excerpt, initial } from '../app/format.ts';
import { labelStyles, type LabelStyle } from '../text/colors.ts';
import { blockAt, goldRelationsBetween, itemRanges, kindClass, KIND_TEXT, textBlocks, type Block, type GoldSnapshot } from './adjudication.ts';
import { labelVars, markedText, type Mark } from './marked-text.ts';
import type { ReviewPeer } from './review-presence.controller.ts';

export interface RowAnnotator {
  username: string;
  color: string;
}

export class TtReviewText extends LightElement {
  static override properties = {
    text: { attribute: false },
    annotators: { attribute: false },
    items: { attribute: false },
    gold: { attribute: false },
    resolved: { attribute: false },
    current: { attribute: false },
    peers: { attribute: false },
    labels: { attribute: false },
  };
  declare text: string;
  declare annotators: RowAnnotator[];
  /** Every compared item, unanimous included. */
  declare items: Disagreement[];
  declare gold: GoldSnapshot;
  declare resolved: ReadonlySet<string>;
  declare current: Disagreement | null;
  declare peers: ReviewPeer[];
  declare labels: SpanLabelDef[];
  private blocksKey = '';
  private blocks: Block[] = [];

  constructor() {
    super();
    this.peers = [];
    this.current = null;
  }

  /** Scrolls the current item's sentence into view and focuses it (screen readers hear its name). */
  reveal(): void {
    const el = this.querySelector<HTMLElement>('.rv-block.has-current, .rv-doclabels.has-current');
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'instant' });
    el.focus({ preventScroll: true });
  }

  private computeBlocks(): Block[] {
    const ranges = [...this.items.filter((i) => i.target === 'span'), ...this.gold.spans.map(([, v]) => v)];
    const key = `${this.text.length}|${ranges.map((r) => `${r.start}-${r.end}`).join(',')}`;
    if (key !== this.blocksKey) {
      this.blocksKey = key;
      this.blocks = textBlocks(this.text, ranges);
    }
    return this.blocks;
  }

  override render(): TemplateResult {
    const cur = this.current ? itemRanges(this.current) : [];
    const blocks = this.computeBlocks();
    // Each item and gold span lies inside one block (blocks never cut a span): group them in one pass.
    const groups = blocks.map(() => ({ items: [] as SpanDispute[], gold: [] as GoldSnapshot['spans'], rels: [] as RelationDispute[] }));
    for (const i of this.items) {
      if (i.target === 'span') groups[blockAt(blocks, i.start)]?.items.push(i);
      else if (i.target === 'relation') groups[blockAt(blocks, i.from.start)]?.rels.push(i);
    }
    for (const g of this.gold.spans) groups[blockAt(blocks, g[1].start)]?.gold.push(g);
    const goldStyle = labelStyles(this.labels);
    return html`${this.docLabelBlock()}
      <div class="rv-text-blocks">${blocks.map((b, n) => {
        const { items, gold, rels } = groups[n]!;
        const inCur = (s: number, e: number) => (cur.some((r) => r.start < e && r.end > s) ? ' current' : '');
        const here = this.peers.filter((p) => p.selection && p.selection.start < b.end && p.selection.end > b.start);
        // A sentence re-renders only when something it shows changed (a long article has hundreds).
        const deps = [
          this.labels, this.annotators.map((a) => a.username).join(), inCur(b.start, b.end), this.current && rels.includes(this.current as RelationDispute) ? this.current.id : '',
          items.map((i) => `${i.id}:${this.resolved.has(i.id) ? 1 : 0}${inCur(i.start, i.end)}`).join(),
          gold.map(([, v]) => `${v.start}-${v.end}:${v.label}${inCur(v.start, v.end)}`).join(),
          rels.map((r) => `${r.id}:${this.resolved.has(r.id) ? 1 : 0}:${goldRelationsBetween(this.gold, r.from, r.to).map(([, x]) => x.type).join('+')}`).join(),
          here.map((p) => `${p.clientId}${p.user.color}`).join(),
        ];
        return guard(deps, () => this.block(b, items, gold, rels, here, inCur, goldStyle));
      })}</div>`;
  }

  private block(b: Block, items: SpanDispute[], gold: GoldSnapshot['spans'], rels: RelationDispute[], here: ReviewPeer[],
    inCur: (s: number, e: number) => string, goldStyle: (label: string) => LabelStyle): TemplateResult {
    const isCurrent = inCur(b.start, b.end) !== '' || (this.current !== null && rels.some((r) => r.id === this.current?.id));
    if (items.length === 0 && gold.length === 0 && rels.length === 0) {
      return html`<div class="rv-block quiet ${b.paragraphEnd ? 'para' : ''}"><span class="rv-who"></span><span class="rv-text">${this.text.slice(b.start, b.end)}</span></div>`;
    }
    const goldMarks: Mark[] = gold.map(([, v]) => ({ start: v.start, end: v.end, cls: `gold${inCur(v.start, v.end)}`, tag: v.label, title: `gold: ${v.label}`, vars: labelVars(goldStyle(v.label)) }));
    for (const i of items) {
      if (i.kind === 'unanimous') continue;
      if (this.resolved.has(i.id)) {
        // Decided with nothing in gold ("no entity here"): say so, quietly.
        if (!gold.some(([, v]) => v.start < i.end && v.end > i.start)) goldMarks.push({ start: i.start, end: i.end, cls: `decided-none${inCur(i.start, i.end)}`, tag: 'none ✓', title: 'decided: no span here' });
        continue;
      }
      goldMarks.push({ start: i.start, end: i.end, cls: `open k-${kindClass(i.kind)}${inCur(i.start, i.end)}`, tag: `? ${KIND_TEXT[i.kind]}`, title: `open ${KIND_TEXT[i.kind]} dispute: no decision in gold yet` });
    }
    return html`<div class="rv-block ${isCurrent ? 'has-current' : ''} ${b.paragraphEnd ? 'para' : ''}" tabindex="-1" data-start=${b.start}
      aria-label=${isCurrent ? `Current dispute: ${this.text.slice(b.start, b.end).slice(0, 80)}` : nothing}>
      ${here.length ? html`<span class="rv-peers">${here.map((p) => html`<span class="avatar small" style=${styleMap({ '--avatar': p.user.color })} title="${p.user.name} is here">${initial(p.user.name)}</span>`)}</span>` : nothing}
      <div class="rv-row gold"><span class="rv-who">Gold</span><span class="rv-text">${markedText(this.text, b.start, b.end, goldMarks)}</span></div>
      ${this.annotators.map((a, n) => html`<div class="rv-row"><span class="rv-who"><kbd>${n + 1}</kbd> ${a.username}</span>
        <span class="rv-text">${markedText(this.text, b.start, b.end, this.annotatorMarks(a.username, items, inCur))}</span></div>`)}
      ${this.relationLines(rels)}
    </div>`;
  }

  /** Relations starting in a block, one line each: kind, endpoints, gold's types, each annotator's. */
  private relationLines(rels: RelationDispute[]): TemplateResult | typeof nothing {
    if (rels.length === 0) return nothing;
    const q = (k: { start: number; end: number }) => `“${excerpt(this.text.slice(k.start, k.end), 28)}”`;
    return html`<ul class="rv-rels" aria-label="Relations">${rels.map((r) => {
      const gold = goldRelationsBetween(this.gold, r.from, r.to).map(([, x]) => x.type);
      const k = kindClass(r.kind);
      return html`<li class=${this.current?.id === r.id ? 'current' : ''}><span class="kind-tag k-${k}">${KIND_TEXT[r.kind]}</span>
        <span dir="auto">${q(r.from)} → ${q(r.to)}</span>
        <span class="rv-rel-gold">gold: ${gold.length ? gold.join(', ') : this.resolved.has(r.id) ? 'none ✓' : k === 'agree' ? 'not yet' : '?'}</span>
        ${this.annotators.map((a, n) => html`<span class="rv-rel-who"><kbd>${n + 1}</kbd> ${(r.versions[a.username] ?? []).map((x) => x.type).join(', ') || 'none'}</span>`)}</li>`;
    })}</ul>`;
  }

  private annotatorMarks(who: string, items: SpanDispute[], inCur: (s: number, e: number) => string): Mark[] {
    const marks: Mark[] = [];
    for (const i of items) {
      const k = kindClass(i.kind);
      const spans = i.versions[who] ?? [];
      for (const s of spans) {
        const what = k === 'agree' ? 'everyone agrees' : `${KIND_TEXT[i.kind]} dispute`;
        marks.push({ start: s.start, end: s.end, cls: `k-${k}${inCur(s.start, s.end)}`, tag: s.label, title: `${who}: ${s.label} (${what})` });
      }
      if (spans.length === 0 && k !== 'agree') {
        marks.push({ start: i.start, end: i.end, cls: `none k-missing${inCur(i.start, i.end)}`, tag: 'none', title: `${who}: no span here (missing)` });
      }
    }
    return marks;
  }

  private docLabelBlock(): TemplateResult | typeof nothing {
    const items = this.items.filter((i) => i.target === 'docLabel');
    if (items.length === 0) return nothing;
    const isCurrent = this.current?.target === 'docLabel';
    const cell = (i: Disagreement, values: string[] | undefined, who: string) => {
      const k = kindClass(i.kind);
      if (values === undefined) return html`<td><span class="rv-chip open k-${k}">${k === 'agree' ? 'not in gold yet' : `? ${KIND_TEXT[i.kind]}`}</span></td>`;
      const cls = who === 'gold' ? 'gold' : `k-${k}`;
      return html`<td>${values.length ? values.map((v) => html`<span class="rv-chip ${cls}">${v}</span> `) : html`<span class="rv-chip ${cls} none">none</span>`}</td>`;
    };
    return html`<div class="rv-doclabels ${isCurrent ? 'has-current' : ''}" tabindex="-1" aria-label="Document labels">
      <table><caption>Document labels</caption>
        <thead><tr><th scope="col"><span class="visually-hidden">Who</span></th>${items.map((i) => html`<th scope="col" class=${this.current?.id === i.id ? 'current' : ''}>${i.target === 'docLabel' ? i.name : ''}</th>`)}</tr></thead>
        <tbody>
          <tr class="gold"><th scope="row">Gold</th>${items.map((i) => cell(i, i.target === 'docLabel' ? this.gold.docLabels.get(i.name) ?? (this.resolved.has(i.id) ? [] : undefined) : undefined, 'gold'))}</tr>
          ${this.annotators.map((a, n) => html`<tr><th scope="row"><kbd>${n + 1}</kbd> ${a.username}</th>${items.map((i) => cell(i, (i.versions[a.username] as string[] | undefined) ?? [], a.username))}</tr>`)}
        </tbody>
      </table>
    </div>`;
  }
}

customElements.define('tt-review-text', TtReviewText);
declare global {
  interface HTMLElementTagNameMap {
    'tt-review-text': TtReviewText;
  }
}
